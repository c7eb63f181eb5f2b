// Whatever a benchmark made is removed when it ends: normally, on an error, or on Ctrl-C.

type Undo = () => Promise<void>;

/** A stack of undo actions, run last-in first-out once. */
export class Cleanup {
  private readonly undos: { what: string; undo: Undo }[] = [];
  private ran: Promise<void> | undefined;

  /** Registers how to remove something just made. */
  add(what: string, undo: Undo): void {
    this.undos.push({ what, undo });
  }

  /** Runs every undo; one that fails is reported and the others still run. */
  async run(): Promise<void> {
    this.ran ??= (async () => {
      for (const { what, undo } of this.undos.splice(0).reverse()) {
        try {
          await undo();
        } catch (error) {
          process.exitCode = 1;
          console.error(`cleanup: could not remove ${what}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.ran;
  }
}

/**
 * Runs `bench` with a fresh {@link Cleanup}, which runs after it in every case, including
 * SIGINT and SIGTERM (then the process exits with 130 once the cleanup is done).
 */
export async function withCleanup(bench: (cleanup: Cleanup) => Promise<void>): Promise<void> {
  const cleanup = new Cleanup();
  let isInterrupted = false;
  // A second signal (Ctrl-C twice, or the group's signal and run-all's forward) must not cut the cleanup short.
  const interrupted = (signal: NodeJS.Signals) => {
    if (isInterrupted) return;
    isInterrupted = true;
    console.error(`\n${signal}: cleaning up…`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    await bench(cleanup);
  } finally {
    await cleanup.run();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}
