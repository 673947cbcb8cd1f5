// A real terminal for the board tests: tmux on a private socket (never the user's server),
// driven with new-session / send-keys / capture-pane.
import { execFileSync, spawnSync } from 'node:child_process';

/** Why the terminal tests cannot run here, or `null` when tmux is installed. */
export function tmuxMissing(): string | null {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (probe.status === 0) return null;
  return (
    'tmux is not installed, and the terminal board tests run `spec-kitty board` in a real ' +
    'terminal through it. Install it (Debian/Ubuntu: apt-get install -y tmux; macOS: brew ' +
    'install tmux) and run the tests again. .ci/run installs it on CI.'
  );
}

const shellQuote = (value: string): string => `'${value.replaceAll("'", "'\\''")}'`;

/** One tmux server of the tests, on its own socket. */
export class Tmux {
  readonly socket = `kittyhost-board-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  #sessions = 0;

  run(...args: string[]): string {
    // -u and a UTF-8 locale: a fresh CI machine may have no LANG, and tmux would then draw the
    // board's ▌ and ⛓ as '_'.
    return execFileSync('tmux', ['-u', '-L', this.socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    });
  }

  /**
   * Start a session of `width` × `height` running `sh -c script` in `cwd` with exactly `env`
   * added to a clean environment; the shell stays open afterwards so the screen can be read.
   */
  start(options: {
    width: number;
    height: number;
    cwd: string;
    script: string;
    env?: Readonly<Record<string, string>>;
  }): string {
    this.#sessions += 1;
    const name = `s${this.#sessions}`;
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      ...options.env,
    };
    const assignments = Object.entries(env)
      .map(([key, value]) => `${key}=${shellQuote(value)}`)
      .join(' ');
    const command = `cd ${shellQuote(options.cwd)} && env -i ${assignments} sh -c ${shellQuote(`${options.script}; echo "[exit $?]"; exec sleep 600`)}`;
    this.run(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(options.width),
      '-y',
      String(options.height),
      command,
    );
    return name;
  }

  /** The visible screen: plain text, or with escape codes of colours and attributes. */
  capture(name: string, escapes = false): string {
    return this.run('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', name);
  }

  keys(name: string, ...keys: string[]): void {
    this.run('send-keys', '-t', name, ...keys);
  }

  /** Wait until the screen satisfies `test`; answers the screen and when it first did. */
  async waitFor(
    name: string,
    test: (screen: string) => boolean,
    timeoutMs = 10_000,
    escapes = false,
  ): Promise<{ screen: string; at: number }> {
    const deadline = performance.now() + timeoutMs;
    let screen = '';
    for (;;) {
      screen = this.capture(name, escapes);
      if (test(screen)) return { screen, at: performance.now() };
      if (performance.now() > deadline)
        throw new Error(`timed out after ${timeoutMs} ms; the screen was:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }

  kill(): void {
    try {
      this.run('kill-server');
    } catch {
      // already gone
    }
  }
}
