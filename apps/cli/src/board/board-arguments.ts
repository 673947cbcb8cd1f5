// The command line of `spec-kitty board`, parsed by hand: four options do not need a parser
// library, and the board starts faster without one.

/** What `spec-kitty board` was asked. */
export interface BoardArguments {
  /** `--feature S` (or `--mission S`): the board of one feature; absent: the feature list. */
  readonly feature?: string;
  readonly repo?: string;
  readonly watch: boolean;
  readonly noColor: boolean;
  readonly help: boolean;
}

/** The help text of `spec-kitty board`. */
export const BOARD_HELP = `Usage: spec-kitty board [--feature <slug>] [--repo <dir>] [--watch] [--no-color]

Show the features of the project with a progress bar each, or with --feature the board of one
feature or mission: a column per lane that has work packages, a card per work package (id,
title, holder, time in lane, ⛓ unmet dependencies, done/total subtasks).

Options:
  --feature <slug>  the feature or mission to show: its directory under kitty-specs/ (a mission
                    also by its mission_id or mid8); --mission is the same
  --repo <dir>      project root (default: $SPECIFY_REPO_ROOT, else found from the current directory)
  --watch           redraw whenever the feature's files change (q or Ctrl-C quits)
  --no-color        no colours (also: NO_COLOR=1; FORCE_COLOR=1 forces them, even when piped)
  -h, --help        show this help
`;

/**
 * Parse the arguments after `board`; a problem is one sentence.
 *
 * @example
 * ```ts
 * parseBoardArguments(['--feature', '001-demo', '--watch']);
 * // { ok: true, value: { feature: '001-demo', watch: true, noColor: false, help: false } }
 * ```
 */
export function parseBoardArguments(
  argv: readonly string[],
): { ok: true; value: BoardArguments } | { ok: false; problem: string } {
  let feature: string | undefined;
  let repo: string | undefined;
  let watch = false;
  let noColor = false;
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = equals === -1 ? token : token.slice(0, equals);
    const inline = equals === -1 ? undefined : token.slice(equals + 1);
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('-')) return undefined;
      index += 1;
      return next;
    };
    switch (name) {
      case '--feature':
      case '--mission':
      case '--repo': {
        const given = value();
        if (given === undefined || given === '')
          return { ok: false, problem: `Option '${name} <value>' argument missing` };
        if (name === '--repo') repo = given;
        else feature = given;
        break;
      }
      case '--watch':
      case '--no-color':
      case '--help':
      case '-h':
        if (inline !== undefined)
          return { ok: false, problem: `Option '${name}' does not take a value` };
        if (name === '--watch') watch = true;
        else if (name === '--no-color') noColor = true;
        else help = true;
        break;
      case '--json':
        return {
          ok: false,
          problem:
            "spec-kitty board prints text; for JSON use 'spec-kitty orchestrator-api feature-board'",
        };
      default:
        return {
          ok: false,
          problem: token.startsWith('-')
            ? `Unknown option '${name}'`
            : `Unexpected argument '${token}' (name the feature with --feature)`,
        };
    }
  }
  return {
    ok: true,
    value: {
      ...(feature === undefined ? {} : { feature }),
      ...(repo === undefined ? {} : { repo }),
      watch,
      noColor,
      help,
    },
  };
}
