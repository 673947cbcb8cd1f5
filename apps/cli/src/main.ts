// `spec-kitty`: the orchestrator-api contract (one JSON envelope per call), and the human
// commands beside it (`agent tasks mark-status`, `board`), which print text. `board` is
// dispatched before the contract's modules load (it needs neither commander nor the envelope
// guards), so it starts about as fast as Node itself.
const argv = process.argv.slice(2);
const first = argv.find((token) => !token.startsWith('-'));

async function main(): Promise<void> {
  if (first === 'board') {
    const { runBoard } = await import('./board/run-board.js');
    return runBoard(argv.slice(argv.indexOf('board') + 1));
  }
  const [{ installGuards }, { runApi, subcommandOf }] = await Promise.all([
    import('./answer.js'),
    import('./api.js'),
  ]);
  installGuards(() => subcommandOf(process.argv.slice(2)));
  if (first === 'agent') {
    const { runAgent } = await import('./agent.js');
    return runAgent(argv.slice(argv.indexOf('agent') + 1));
  }
  return runApi(argv);
}

main().catch((cause: unknown) => {
  throw cause;
});
