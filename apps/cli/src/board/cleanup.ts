// What must run before a human command dies of an unexpected error (the watch mode gives the
// terminal back first, so the error line lands on the normal screen).

const cleanups: (() => void)[] = [];

/** Run `cleanup` before the process reports an unexpected error and exits. */
export function beforeCrash(cleanup: () => void): void {
  cleanups.push(cleanup);
}

/**
 * The last guard of `spec-kitty board`: an uncaught exception or rejection runs the cleanups,
 * then prints one line on stderr and exits 1.
 */
export function installBoardGuards(): void {
  const crash = (cause: unknown): void => {
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup();
      } catch {
        // the error below is the one to report
      }
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    process.stderr.write(`spec-kitty: unexpected error: ${message.split('\n')[0]}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
