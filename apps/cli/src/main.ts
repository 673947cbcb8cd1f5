// `spec-kitty`: the orchestrator-api contract (one JSON envelope per call), and the human
// commands beside it (`agent tasks mark-status`, `board`), which print text.
import { installGuards } from './answer.js';
import { runApi, subcommandOf } from './api.js';

const argv = process.argv.slice(2);
const first = argv.find((token) => !token.startsWith('-'));

installGuards(() => subcommandOf(process.argv.slice(2)));

async function main(): Promise<void> {
  if (first === 'agent') {
    const { runAgent } = await import('./agent.js');
    return runAgent(argv.slice(argv.indexOf('agent') + 1));
  }
  return runApi(argv);
}

main().catch((cause: unknown) => {
  throw cause;
});
