import { fileURLToPath } from 'node:url';

/** The built CLI, run as a subprocess next to the server. */
export const CLI = fileURLToPath(new URL('../../cli/dist/spec-kitty.mjs', import.meta.url));
/** The built server bin. */
export const SERVER_BIN = fileURLToPath(new URL('../dist/spec-kitty-http.mjs', import.meta.url));
