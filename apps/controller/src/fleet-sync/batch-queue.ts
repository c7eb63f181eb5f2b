import { BehaviorSubject, Subject, buffer, concatMap, exhaustMap, first, timer } from 'rxjs';

/** How items are grouped: at most `maxItems` per batch, gathered for `windowMs` after the first. */
export interface BatchQueueOptions {
  readonly windowMs: number;
  readonly maxItems: number;
}

interface Entry<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers items from many callers and hands them to `handle` in batches, one batch at a
 * time. A batch closes `windowMs` after its first item arrived, but never while the one
 * before it is still being handled: whatever arrived meanwhile goes in the next batch (in
 * chunks of `maxItems`), so batches grow with the load instead of queueing up. Each
 * caller's promise settles once its item's batch was handled. When a batch fails, its items
 * are handled again one by one, so one bad item fails alone.
 */
export class BatchQueue<T> {
  private readonly incoming = new Subject<Entry<T>>();
  private readonly isIdle = new BehaviorSubject(true);

  constructor(
    private readonly handle: (items: readonly T[]) => Promise<void>,
    private readonly options: BatchQueueOptions,
  ) {
    if (!(options.maxItems >= 1)) throw new RangeError(`maxItems must be at least 1, not ${options.maxItems}`);
    // No timer runs while nothing is waiting: the first item of a batch starts its window.
    const closing = this.incoming.pipe(exhaustMap(() => timer(options.windowMs).pipe(concatMap(() => this.isIdle.pipe(first(Boolean))))));
    this.incoming.pipe(buffer(closing), concatMap((entries) => this.handleAll(entries))).subscribe();
  }

  /** Resolves once the item's batch has been handled; rejects with the item's own failure. */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => this.incoming.next({ item, resolve, reject }));
  }

  private async handleAll(entries: readonly Entry<T>[]): Promise<void> {
    this.isIdle.next(false);
    try {
      for (let start = 0; start < entries.length; start += this.options.maxItems) await this.handleChunk(entries.slice(start, start + this.options.maxItems));
    } finally {
      this.isIdle.next(true);
    }
  }

  private async handleChunk(entries: readonly Entry<T>[]): Promise<void> {
    try {
      await this.handle(entries.map((entry) => entry.item));
      for (const entry of entries) entry.resolve();
    } catch (error) {
      if (entries.length === 1) {
        entries[0]?.reject(error);
        return;
      }
      for (const entry of entries) await this.handleChunk([entry]);
    }
  }
}
