/**
 * Runs an async task one at a time: asking while it runs makes exactly one more run
 * afterwards, not one per ask. Used for "send what is waiting" loops, so a burst of new
 * events or state changes becomes one drain, and nothing asked for during a run is missed.
 */
export class SerialTask {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs the task now, or once more after the run in progress. */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once no run is in progress or asked for. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.task();
      } catch (error) {
        this.onError(error);
      }
    } while (this.again);
  }
}
