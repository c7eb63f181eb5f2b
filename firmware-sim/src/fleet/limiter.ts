/**
 * At most `limit` tasks at once, the rest waiting in arrival order: enrollment requests
 * and connection handshakes of a large fleet go through one, so 10,000 gateways do not
 * open 10,000 sockets in the same instant.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`a concurrency limit must be at least 1, not ${limit}`);
  }

  /** Runs `task` when a slot is free; the slot is given back however it ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }
}
