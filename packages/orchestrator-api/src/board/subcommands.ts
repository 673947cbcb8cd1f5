import type { SubcommandSpec } from '../generations/generation.js';
import type { OptionSpec } from '../generations/options.js';

/**
 * The board's two reads, ours beside the contract, in a generation's `subcommands` table:
 * `list-features` (no selector: every feature and mission) and `feature-board` with the
 * generation's selector (`--feature S` or `--mission S`; the board is the same one model).
 *
 * @example
 * ```ts
 * Object.keys(boardSubcommands(selectorOption('mission'))); // ['list-features', 'feature-board']
 * ```
 */
export function boardSubcommands(selector: OptionSpec): Record<string, SubcommandSpec> {
  return {
    'list-features': {
      verb: 'features',
      summary:
        'List every feature and mission with its title, lane counts and problems (ours: the board)',
      options: [],
    },
    'feature-board': {
      verb: 'board',
      summary:
        'Show the board of a feature or mission: a card per work package with lane, holder, age, dependencies, subtasks, history (ours)',
      options: [selector],
    },
  };
}
