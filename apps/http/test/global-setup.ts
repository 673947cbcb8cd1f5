// The parity tests run the BUILT CLI next to the server: make sure it exists.
import { existsSync } from 'node:fs';
import { CLI } from './paths.js';

export default function setup(): void {
  if (!existsSync(CLI)) {
    throw new Error(
      `The CLI bundle ${CLI} is missing: build it first (npx -y pnpm@10.34.8 turbo run build --filter=@kittyhost/cli)`,
    );
  }
}
