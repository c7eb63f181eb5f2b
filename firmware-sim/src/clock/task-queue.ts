// One priority queue of timed work for every simulated gateway in a process: thousands of
// containers share it instead of each holding its own timer.

/** A piece of work waiting in a {@link TaskQueue}; cancelling it leaves it in the heap, skipped when reached. */
export class QueuedTask {
  private work: (() => void) | undefined;

  constructor(
    readonly atMs: number,
    readonly seq: number,
    work: () => void,
  ) {
    this.work = work;
  }

  get isCancelled(): boolean {
    return this.work === undefined;
  }

  /** Does the work, unless the task was cancelled. */
  run(): void {
    this.work?.();
  }

  /**
   * Lets go of the work at once: a cancelled task stays in the heap until it is due, and the
   * closure it held (a held report, a sleeping step) must not live on with it.
   */
  cancel(): void {
    this.work = undefined;
  }
}

/**
 * A binary min-heap ordered by time, then by insertion, so tasks due at the same moment
 * run in the order they were scheduled (runs are reproducible). Cancellation is lazy: a
 * cancelled task costs nothing until it reaches the top.
 */
export class TaskQueue {
  private readonly heap: QueuedTask[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(atMs: number, run: () => void): QueuedTask {
    const task = new QueuedTask(atMs, this.seq++, run);
    this.heap.push(task);
    this.siftUp(this.heap.length - 1);
    return task;
  }

  /** When the earliest live task is due, or undefined when none waits. */
  nextAtMs(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.atMs;
  }

  /** Takes the earliest live task due at or before `nowMs`. */
  popDue(nowMs: number): QueuedTask | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top || top.atMs > nowMs) return undefined;
    this.removeTop();
    return top;
  }

  clear(): void {
    this.heap.length = 0;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.isCancelled) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private before(a: QueuedTask, b: QueuedTask): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }

  private siftUp(start: number): void {
    const heap = this.heap;
    let i = start;
    const item = heap[i];
    if (!item) return;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex];
      if (!parent || !this.before(item, parent)) break;
      heap[i] = parent;
      i = parentIndex;
    }
    heap[i] = item;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const n = heap.length;
    let i = start;
    const item = heap[i];
    if (!item) return;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const leftItem = heap[left];
      const rightItem = heap[right];
      let child = left;
      let childItem = leftItem;
      if (rightItem && leftItem && this.before(rightItem, leftItem)) {
        child = right;
        childItem = rightItem;
      }
      if (!childItem || !this.before(childItem, item)) break;
      heap[i] = childItem;
      i = child;
    }
    heap[i] = item;
  }
}
