// The write-side dependencies, in a module of their own so the adapter can import it lazily:
// queries (feature-state, list-ready) never load proper-lockfile, graceful-fs or write-file-atomic.
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';

export { lockfile, writeFileAtomic };
