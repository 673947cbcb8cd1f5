// `spec-kitty board`: the human view of the features — text, not an envelope. Loaded lazily by
// main.ts; it loads neither the contract's command line nor git, so it starts about as fast as
// Node itself.
import { createIdSource, mathRandomFill, systemClock, type HostError } from '@kittyhost/core';
import type { OperationContext, Project } from '@kittyhost/orchestrator-api';
// The board's subpath: the view model alone, not the whole contract (a smaller start-up).
import { featureBoard, listFeatures } from '@kittyhost/orchestrator-api/board';
import { okAsync, type ResultAsync } from 'neverthrow';
// Static: the board always opens the project, and one module graph loads faster than two.
import { openProject } from '../project.js';
import { installBoardGuards } from './cleanup.js';
import { BOARD_HELP, parseBoardArguments, type BoardArguments } from './board-arguments.js';
import { renderBoard } from './render-board.js';
import { renderFeatureList } from './render-list.js';
import { colourEnabled, makeStyle, type Style } from './style.js';

/** A human command's failure: one line on stderr, exit 1. */
export function boardFailure(message: string): void {
  process.stderr.write(`spec-kitty: ${message.split('\n')[0]}\n`);
  process.exitCode = 1;
}

/** Terminal columns: the terminal's, else `$COLUMNS`, else 80. */
export function terminalWidth(): number {
  if (process.stdout.isTTY && process.stdout.columns > 0) return process.stdout.columns;
  const fromEnv = Number.parseInt(process.env['COLUMNS'] ?? '', 10);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}

/** One frame of the board: its lines, or the error that stands in for it. */
export type Frame = { ok: true; lines: string[] } | { ok: false; error: HostError };

/** What draws a frame: the feature's board, or the feature list. */
export type FrameSource = (width: number) => Promise<Frame>;

/** The frame source of a command line over an opened project. */
export function frameSource(
  project: Project,
  options: Pick<BoardArguments, 'feature'>,
  style: Style,
): FrameSource {
  const context: OperationContext = {
    clock: systemClock,
    ids: createIdSource(systemClock, mathRandomFill),
    project: () => okAsync(project),
  };
  const feature = options.feature;
  const settle = <T>(result: ResultAsync<T, HostError>, draw: (value: T) => string[]) =>
    result.match(
      (value): Frame => ({ ok: true, lines: draw(value) }),
      (error): Frame => ({ ok: false, error }),
    );
  return (width) =>
    feature === undefined
      ? settle(listFeatures(context), (listing) =>
          renderFeatureList(listing, project.store.root, { width, style }),
        )
      : settle(
          featureBoard(context, {
            selector: feature,
            workspaces: false,
            resolveSelectors: true,
            executionLanes: true,
          }),
          (board) => renderBoard(board, { width, style }),
        );
}

/**
 * `spec-kitty board [--feature S] [--repo DIR] [--watch] [--no-color]`: print the feature list
 * (a progress bar each) or the board of one feature, sized to the terminal; with `--watch`,
 * redraw it in place on the alternate screen whenever the feature's files change, until q or
 * Ctrl-C. Errors are one line on stderr and exit 1.
 */
export async function runBoard(argv: readonly string[]): Promise<void> {
  installBoardGuards();
  const parsed = parseBoardArguments(argv);
  if (!parsed.ok) return boardFailure(parsed.problem);
  const options = parsed.value;
  if (options.help) {
    process.stdout.write(BOARD_HELP);
    return;
  }
  if (options.watch && !(process.stdout.isTTY && process.stdin.isTTY))
    return boardFailure('--watch needs a terminal: stdin and stdout must be a TTY');
  const style = makeStyle(
    colourEnabled({
      noColorFlag: options.noColor,
      env: process.env,
      isTTY: process.stdout.isTTY === true,
    }),
  );
  const opened = await openProject(options.repo);
  if (opened.isErr()) return boardFailure(opened.error.message);
  const source = frameSource(opened.value, options, style);
  if (options.watch) {
    const { watchBoard } = await import('./watch-board.js');
    return watchBoard({ project: opened.value, feature: options.feature, source, style });
  }
  const frame = await source(terminalWidth());
  if (!frame.ok) return boardFailure(frame.error.message);
  process.stdout.write(`${frame.lines.join('\n')}\n`);
}
