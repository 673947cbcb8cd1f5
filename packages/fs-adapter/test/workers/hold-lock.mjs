// Takes a feature's lock, says "locked" on stdout, then waits forever (until killed).
// Usage: node hold-lock.mjs <root> <slug> <staleLockMs>
import { createFsSpecStore } from '@kittyhost/fs-adapter';
import { ResultAsync } from 'neverthrow';

const [root, slug, staleText] = process.argv.slice(2);
const store = createFsSpecStore({ root, staleLockMs: Number(staleText) });
const result = await store.withFeatureLock(slug, () => {
  process.stdout.write('locked\n');
  setInterval(() => undefined, 60_000); // keep the event loop (and the heartbeat) alive
  return ResultAsync.fromSafePromise(new Promise(() => undefined));
});
process.stderr.write(`unexpected end: ${JSON.stringify(result)}\n`);
process.exit(1);
