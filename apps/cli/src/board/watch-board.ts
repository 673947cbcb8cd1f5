// `spec-kitty board --watch`: the board redrawn in place on the alternate screen whenever the
// feature's files change (fs.watch, plus a slow poll that also catches what fs.watch misses and
// keeps ages current), until q, Ctrl-C or a signal; the terminal is always given back as it was.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '@kittyhost/orchestrator-api';
import type { FrameSource } from './run-board.js';
import type { Style } from './style.js';
import { beforeCrash } from './cleanup.js';
import { cut } from './text.js';

/** What {@link watchBoard} shows and watches. */
export interface WatchBoardOptions {
  readonly project: Project;
  /** The feature whose board is shown; absent: the feature list. */
  readonly feature: string | undefined;
  readonly source: FrameSource;
  readonly style: Style;
  /** The slow poll's interval. Default 1 000 ms. */
  readonly pollMs?: number;
  /** How long changes are gathered before a redraw. Default 25 ms. */
  readonly settleMs?: number;
}

const ENTER = '\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J';
const LEAVE = '\u001b[?25h\u001b[?1049l';
const CLEAR_LINE = '\u001b[K';
const CLEAR_BELOW = '\u001b[J';
/** q, Q, Ctrl-C, Ctrl-D. */
const QUIT_KEYS = ['q', 'Q', '\u0003', '\u0004'];

/** The directories whose changes change what is shown. */
async function watchedDirectories(options: WatchBoardOptions): Promise<string[]> {
  const { store } = options.project;
  const specs = join(store.root, 'kitty-specs');
  const slugs =
    options.feature === undefined
      ? await store.listFeatures().unwrapOr([] as readonly string[])
      : // A mission's mid8 or mission_id names its directory, as the board resolves it.
        [await store.resolveMission(options.feature).unwrapOr(options.feature)];
  const directories = new Set([specs]);
  for (const slug of slugs) {
    const feature = await store.loadFeature(slug);
    const directory = feature.isOk() ? feature.value.directory : join(specs, slug);
    directories.add(directory);
    directories.add(join(directory, 'tasks'));
    if (feature.isOk()) directories.add(feature.value.statusDirectory);
  }
  return [...directories];
}

const clock = (date: Date) => date.toTimeString().slice(0, 8);

/**
 * Show the board and redraw it on every change until the person quits (q, Q, Ctrl-C, Ctrl-D)
 * or a signal ends the process; then restore the screen, the cursor and the terminal mode and
 * exit 0. stdin and stdout must be a terminal.
 */
export function watchBoard(options: WatchBoardOptions): Promise<void> {
  const out = process.stdout;
  const input = process.stdin;
  const { style } = options;
  const watchers = new Map<string, FSWatcher>();
  let shown = '';
  let body = '';
  let updated = new Date();
  let drawing = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let restored = false;

  const restore = (): void => {
    if (restored) return;
    restored = true;
    clearInterval(poll);
    if (timer !== undefined) clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
    if (input.isTTY) input.setRawMode(false);
    input.pause();
    out.write(LEAVE);
  };

  const sync = async (): Promise<void> => {
    const wanted = new Set(await watchedDirectories(options));
    for (const [directory, watcher] of watchers) {
      if (!wanted.has(directory)) {
        watcher.close();
        watchers.delete(directory);
      }
    }
    for (const directory of wanted) {
      if (watchers.has(directory)) continue;
      try {
        const watcher = watch(directory, { persistent: false }, () => schedule());
        watcher.on('error', () => {
          watcher.close();
          watchers.delete(directory);
        });
        watchers.set(directory, watcher);
      } catch {
        // Not there (yet): the next sync tries again; the poll redraws meanwhile.
      }
    }
  };

  const draw = async (): Promise<void> => {
    if (drawing) {
      again = true;
      return;
    }
    drawing = true;
    try {
      const width = Math.max(out.columns || 80, 20);
      const height = Math.max(out.rows || 24, 3);
      const frame = await options.source(width);
      if (restored) return;
      const lines = frame.ok
        ? frame.lines
        : [style('red', cut(`✗ ${frame.error.code}: ${frame.error.message}`, width))];
      const room = height - 1;
      const visible =
        lines.length <= room
          ? lines
          : [...lines.slice(0, room - 1), style('dim', `… ${lines.length - room + 1} more lines`)];
      const next = visible.join('\n');
      if (next !== body) {
        body = next;
        updated = new Date();
      }
      const footer = style('dim', cut(`watching · updated ${clock(updated)} · q quits`, width));
      const screen = `\u001b[H${[...visible, '', footer]
        .slice(0, height)
        .map((line) => `${line}${CLEAR_LINE}`)
        .join('\r\n')}${CLEAR_BELOW}`;
      if (screen !== shown) {
        shown = screen;
        out.write(screen);
      }
      await sync();
    } finally {
      drawing = false;
      if (again && !restored) {
        again = false;
        void draw();
      }
    }
  };

  function schedule(): void {
    if (restored || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void draw();
    }, options.settleMs ?? 25);
  }

  const poll = setInterval(() => void draw(), options.pollMs ?? 1000);

  return new Promise<void>((resolve) => {
    const quit = (code: number): void => {
      restore();
      out.write('', () => {
        resolve();
        process.exit(code);
      });
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', (chunk: Buffer) => {
      const keys = chunk.toString('utf8');
      if (QUIT_KEYS.some((key) => keys.includes(key))) quit(0);
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.once(signal, () => quit(signal === 'SIGINT' ? 0 : 1));
    out.on('resize', () => {
      shown = '';
      schedule();
    });
    process.once('exit', restore);
    beforeCrash(restore);
    out.write(ENTER);
    shown = '';
    void draw();
  });
}
