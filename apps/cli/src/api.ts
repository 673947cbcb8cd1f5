import { Command, CommanderError } from 'commander';
import { usageError } from '@kittyhost/core';
import {
  GENERATION_1_0,
  GENERATION_1_3,
  NEWEST_GENERATION,
  SUBCOMMAND_NAMES,
  execute,
  isSubcommandName,
  optionKey,
  outcomeOf,
  resolveCall,
  type Generation,
  type OptionSpec,
} from '@kittyhost/orchestrator-api';
import { answer, fail, hasAnswered, makeContext } from './answer.js';

const VERSION = process.env['KITTYHOST_CLI_VERSION'] ?? '0.1.0';

const FLAGS_WITHOUT_VALUE = new Set(['--json', '--help', '-h', '--version', '-V']);

/** Options without a value, of either generation (`--force`, `--push`, `--[no-]subtasks-complete`…). */
function isFlag(token: string): boolean {
  if (FLAGS_WITHOUT_VALUE.has(token)) return true;
  const name = token.replace(/^--(no-)?/, '');
  return [GENERATION_1_0, GENERATION_1_3].some((generation) =>
    Object.values(generation.subcommands).some((spec) =>
      spec.options.some(
        (option) =>
          option.name === name && (option.kind === 'flag' || option.kind === 'negatable-flag'),
      ),
    ),
  );
}

/** Find the subcommand named on the command line (for envelopes of parse errors). */
export function subcommandOf(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('orchestrator-api');
  if (index < 0) return undefined;
  for (let position = index + 1; position < argv.length; position++) {
    const token = argv[position] as string;
    if (!token.startsWith('-')) return token;
    // An option that takes a value (`--repo X`, or one misplaced before the subcommand) skips it.
    if (!token.includes('=') && !isFlag(token)) position++;
  }
  return undefined;
}

/**
 * The generation a command line belongs to, before its options are parsed (for the envelope of
 * a parse error): what `resolveCall` decides from the name and which selector options appear.
 */
function generationOf(name: string | undefined, argv: readonly string[]): Generation {
  if (name === undefined) return NEWEST_GENERATION;
  const has = (option: string) =>
    argv.some((token) => token === `--${option}` || token.startsWith(`--${option}=`));
  const resolved = resolveCall(name, {
    ...(has('feature') ? { feature: '' } : {}),
    ...(has('mission') ? { mission: '' } : {}),
  });
  return resolved.isOk() ? resolved.value.generation : resolved.error.generation;
}

/** The options of a subcommand name in either generation, each once (1.3's first). */
function optionsOf(name: string): OptionSpec[] {
  const seen = new Map<string, OptionSpec>();
  for (const generation of [GENERATION_1_3, GENERATION_1_0]) {
    for (const option of generation.subcommands[name]?.options ?? []) {
      if (!seen.has(option.name)) seen.set(option.name, option);
    }
  }
  return [...seen.values()];
}

/** The help line of a subcommand name: its summary, and 1.0's when it differs. */
function summaryOf(name: string): string {
  const newest = GENERATION_1_3.subcommands[name]?.summary;
  const oldest = GENERATION_1_0.subcommands[name]?.summary;
  if (newest === undefined) return `${oldest ?? ''} (contract 1.0.0)`;
  if (oldest === undefined || oldest === newest || name === 'contract-version') return newest;
  return `${newest} (with --feature, contract 1.0.0: ${oldest.charAt(0).toLowerCase()}${oldest.slice(1)})`;
}

/** Commander's spelling of an option. */
function flagsOf(option: OptionSpec): string[] {
  switch (option.kind) {
    case 'flag':
      return [`--${option.name}`];
    case 'negatable-flag':
      return [`--${option.name}`, `--no-${option.name}`];
    case 'json':
    case 'required-text':
    case 'text':
      return [`--${option.name} ${option.placeholder ?? '<value>'}`];
  }
}

/** Commander's attribute of an option: `review-ref` → `reviewRef`. */
const attributeOf = (name: string) =>
  name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Turn commander's messages (`error: unknown option '--x'`) into a sentence. */
function sentence(message: string): string {
  const text = message.replace(/^error:\s*/i, '').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * `spec-kitty [orchestrator-api <subcommand> [options]]`: the contract's command line, both
 * generations. Every invocation answers with exactly one envelope on stdout.
 */
export async function runApi(argv: readonly string[]): Promise<void> {
  let repo: string | undefined;
  const context = makeContext(() => repo);
  const inApi = argv.includes('orchestrator-api');
  const named = subcommandOf(argv);
  const known = named !== undefined && isSubcommandName(named) ? named : undefined;
  const generation = generationOf(known, argv);
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
  program
    .command('board')
    .description('Show the board of the features (human view; see spec-kitty board --help)');
  program
    .command('agent')
    .description('Commands the agents run (spec-kitty agent tasks mark-status …)');

  const repoOption =
    'project root (default: $SPECIFY_REPO_ROOT, else found from the current directory)';
  const api = program
    .command('orchestrator-api')
    .description(
      'The orchestrator-api contract, 1.0.0 (--feature) and 1.3.0 (--mission): every call prints exactly one JSON envelope',
    )
    .option('--json', 'accepted and ignored')
    .option('--repo <dir>', repoOption)
    .exitOverride();

  // A provider's call names one subcommand: define only that one (the others only matter for
  // the group's help and for the error that names them).
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const defined = known !== undefined && !wantsHelp ? [known] : SUBCOMMAND_NAMES;
  for (const name of defined) {
    const options = optionsOf(name);
    const command = api
      .command(name)
      .description(summaryOf(name))
      .exitOverride()
      // `Unknown option '--x'` and nothing more, word for word what the HTTP API answers (its
      // candidates for a "did you mean" would differ: --repo, --json and --help are CLI-only).
      .showSuggestionAfterError(false);
    for (const option of options) {
      for (const flags of flagsOf(option)) command.option(flags, option.description);
    }
    command
      .option('--repo <dir>', repoOption)
      .option('--json', 'accepted and ignored (output is always JSON)')
      .action((values: Record<string, unknown>) => {
        const groupRepo = api.opts()['repo'];
        repo =
          typeof values['repo'] === 'string'
            ? values['repo']
            : typeof groupRepo === 'string'
              ? groupRepo
              : undefined;
        const input: Record<string, unknown> = {};
        for (const option of options) {
          const value = values[attributeOf(option.name)];
          if (value !== undefined) input[optionKey(option)] = value;
        }
        pending = execute(context, name, input).then(answer);
      });
  }
  api.action(() => {
    fail(
      context,
      undefined,
      usageError(`Missing subcommand. Choose one of: ${SUBCOMMAND_NAMES.join(', ')}`),
    );
  });

  if (inApi && named !== undefined && known === undefined) {
    fail(
      context,
      undefined,
      usageError(
        `Unknown subcommand: ${named}. Choose one of: ${SUBCOMMAND_NAMES.join(', ')}`,
        named,
      ),
    );
    return;
  }
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    await pending;
    if (!hasAnswered() && !inApi) {
      // `spec-kitty` alone: help for humans on stderr, and still one envelope on stdout.
      const help = program.helpInformation();
      process.stderr.write(help);
      answer(outcomeOf(context, undefined, { ok: true, data: { help } }));
    }
    if (!hasAnswered())
      fail(
        context,
        known,
        usageError('Nothing to do: name a subcommand and its options', known),
        generation,
      );
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
        answer(outcomeOf(context, known, { ok: true, data }, generation));
        return;
      }
      fail(context, known, usageError(sentence(error.message), known), generation);
      return;
    }
    throw error;
  }
}
