// The write-side dependencies, each in a module of its own so the adapter can import it lazily:
// queries (feature-state, list-ready) load neither; a lane change or a heartbeat (an append under
// the lock) loads proper-lockfile (with graceful-fs) but not write-file-atomic, which only the
// rewrites of whole files (meta.json, a WP file) need.
import lockfile from 'proper-lockfile';

export { lockfile };
