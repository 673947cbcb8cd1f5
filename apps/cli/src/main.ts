import { writeSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import {
  createIdSource,
  internalError,
  mathRandomFill,
  systemClock,
  usageError,
  type HostError,
} from '@kittyhost/core';
import {
  SUBCOMMANDS,
  SUBCOMMAND_SUMMARIES,
  execute,
  isSubcommand,
  outcomeOf,
  type OperationContext,
  type Outcome,
  type Project,
} from '@kittyhost/orchestrator-api';
import { ResultAsync } from 'neverthrow';
import { SUBCOMMAND_SPECS } from './options.js';

const VERSION = process.env['KITTYHOST_CLI_VERSION'] ?? '0.1.0';

let answered = false;

/** Print exactly one envelope, then exit with its code once stdout has flushed. */
function answer(outcome: Outcome): void {
  if (answered) return;
  answered = true;
  process.exitCode = outcome.exitCode;
  process.stdout.write(`${JSON.stringify(outcome.envelope)}\n`, () =>
    process.exit(outcome.exitCode),
  );
}

function makeContext(repo: () => string | undefined): OperationContext {
  const clock = systemClock;
  return {
    clock,
    // Math.random: ids need uniqueness, not secrecy, and a query must not wake the crypto stack.
    ids: createIdSource(clock, mathRandomFill),
    project: (): ResultAsync<Project, HostError> =>
      ResultAsync.fromPromise(import('./project.js'), (cause) =>
        internalError('Could not load the project adapters', cause),
      ).andThen((module) => module.openProject(repo())),
  };
}

const FLAGS_WITHOUT_VALUE = new Set([
  '--json',
  '--force',
  '--push',
  '--help',
  '-h',
  '--version',
  '-V',
]);

/** Find the subcommand named on the command line (for envelopes of parse errors). */
function subcommandOf(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('orchestrator-api');
  if (index < 0) return undefined;
  for (let position = index + 1; position < argv.length; position++) {
    const token = argv[position] as string;
    if (!token.startsWith('-')) return token;
    // An option that takes a value (`--repo X`, or one misplaced before the subcommand) skips it.
    if (!token.includes('=') && !FLAGS_WITHOUT_VALUE.has(token)) position++;
  }
  return undefined;
}

function fail(context: OperationContext, subcommand: string | undefined, error: HostError): void {
  answer(outcomeOf(context, subcommand, { ok: false, error }));
}

/** Turn commander's messages (`error: unknown option '--x'`) into a sentence. */
function sentence(message: string): string {
  const text = message.replace(/^error:\s*/i, '').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function main(argv: readonly string[]): Promise<void> {
  let repo: string | undefined;
  const context = makeContext(() => repo);
  const inApi = argv.includes('orchestrator-api');
  const named = subcommandOf(argv);
  const known = named !== undefined && isSubcommand(named) ? named : undefined;
  let helpText = '';
  let pending: Promise<void> | undefined;

  const program = new Command('spec-kitty')
    .description('Kitty Host: the host side of the spec-kitty orchestrator-api contract')
    .version(VERSION, '-V, --version')
    .option('--json', 'accepted and ignored (output is always JSON)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        helpText += text;
      },
      writeErr: (text) => {
        helpText += text;
      },
      outputError: () => undefined,
    });

  const api = program
    .command('orchestrator-api')
    .description('The orchestrator-api contract 1.0.0: every call prints exactly one JSON envelope')
    .option('--json', 'accepted and ignored')
    .option(
      '--repo <dir>',
      'project root (default: $SPECIFY_REPO_ROOT, else found from the current directory)',
    )
    .exitOverride();

  // A provider's call names one subcommand: define only that one (the others only matter for
  // the group's help and for the error that names them).
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const defined = known !== undefined && !wantsHelp ? [known] : SUBCOMMANDS;
  for (const name of defined) {
    const spec = SUBCOMMAND_SPECS[name];
    const command = api
      .command(name)
      .description(SUBCOMMAND_SUMMARIES[name])
      .exitOverride()
      // `Unknown option '--x'` and nothing more, word for word what the HTTP API answers (its
      // candidates for a "did you mean" would differ: --repo, --json and --help are CLI-only).
      .showSuggestionAfterError(false);
    for (const option of spec.options) command.option(option.flags, option.description);
    command
      .option(
        '--repo <dir>',
        'project root (default: $SPECIFY_REPO_ROOT, else found from the current directory)',
      )
      .option('--json', 'accepted and ignored (output is always JSON)')
      .action((options: Record<string, unknown>) => {
        const groupRepo = api.opts()['repo'];
        repo =
          typeof options['repo'] === 'string'
            ? options['repo']
            : typeof groupRepo === 'string'
              ? groupRepo
              : undefined;
        const input: Record<string, unknown> = {};
        for (const option of spec.options) {
          const attribute = option.flags
            .split(' ')[0]!
            .slice(2)
            .replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
          const value = options[attribute];
          if (value !== undefined) input[option.key] = value;
        }
        pending = execute(context, name, input).then(answer);
      });
  }
  api.action(() => {
    fail(
      context,
      undefined,
      usageError(`Missing subcommand. Choose one of: ${SUBCOMMANDS.join(', ')}`),
    );
  });

  if (inApi && named !== undefined && known === undefined) {
    fail(
      context,
      undefined,
      usageError(`Unknown subcommand: ${named}. Choose one of: ${SUBCOMMANDS.join(', ')}`, named),
    );
    return;
  }
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    await pending;
    if (!answered && !inApi) {
      // `spec-kitty` alone: help for humans on stderr, and still one envelope on stdout.
      const help = program.helpInformation();
      process.stderr.write(help);
      answer(outcomeOf(context, undefined, { ok: true, data: { help } }));
    }
    if (!answered)
      fail(context, known, usageError('Nothing to do: name a subcommand and its options', known));
  } catch (error) {
    if (error instanceof CommanderError) {
      const isHelp =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version';
      if (isHelp) {
        // Every call answers with one envelope on stdout: help and version go in it, and to
        // stderr for humans.
        process.stderr.write(helpText);
        const data =
          error.code === 'commander.version' ? { version: helpText.trim() } : { help: helpText };
        answer(outcomeOf(context, known, { ok: true, data }));
        return;
      }
      fail(context, known, usageError(sentence(error.message), known));
      return;
    }
    throw error;
  }
}

function crash(cause: unknown): void {
  const context = makeContext(() => undefined);
  const message = cause instanceof Error ? cause.message : String(cause);
  if (!answered)
    fail(
      context,
      subcommandOf(process.argv.slice(2)),
      internalError(`Unexpected error: ${message}`, cause),
    );
  else process.exit(1);
}

// The last guard of "exactly one envelope": whatever path ends the process without answering.
process.on('exit', (code) => {
  if (answered) return;
  answered = true;
  const context = makeContext(() => undefined);
  const outcome = outcomeOf(context, undefined, {
    ok: false,
    error: internalError(`Exited without an answer (code ${code})`),
  });
  writeSync(1, `${JSON.stringify(outcome.envelope)}\n`);
  process.exitCode = outcome.exitCode;
});
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
main(process.argv.slice(2)).catch(crash);
