import type { ServerResponse } from 'node:http';

/** How far a client may fall behind before the stream drops it (its EventSource reconnects). */
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

const HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
  connection: 'keep-alive',
  // Proxies such as nginx would otherwise hold events back to fill their buffers.
  'x-accel-buffering': 'no',
};

/**
 * Writes server-sent events to one response. A fan-out announces thousands of changes within
 * a second, most of them from one batch in one turn of the event loop: everything sent in a
 * turn goes out as one write (one HTTP chunk, one syscall) instead of one per event. A client
 * that stops reading is not buffered for without end: past `maxBufferedBytes` waiting to be
 * written, its connection is dropped, which frees what waited and tells the caller (`close`);
 * ending the response instead would leave it all queued behind a reader that never comes.
 */
export class SseWriter {
  private pending: string[] = [];
  private pendingBytes = 0;
  private isFlushScheduled = false;
  private isWaitingForDrain = false;
  private isEnded = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES,
  ) {
    response.writeHead(200, HEADERS);
    // An empty line first, so clients see the stream open before the first change.
    response.write('\n');
  }

  /** Queues one event; `type` is one of our event names, `data` anything JSON can carry. */
  send(type: string, data: unknown): void {
    // JSON.stringify never emits a raw line break, so the data is one `data:` line.
    this.queue(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the response after what was queued so far. */
  end(): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.response.end(this.take());
  }

  private queue(frame: string): void {
    if (this.isEnded) return;
    this.pending.push(frame);
    this.pendingBytes += Buffer.byteLength(frame);
    if (this.pendingBytes + this.response.writableLength > this.maxBufferedBytes) {
      this.isEnded = true;
      this.pending = [];
      this.response.destroy();
      return;
    }
    if (!this.isFlushScheduled && !this.isWaitingForDrain) {
      this.isFlushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.isFlushScheduled = false;
    if (this.isEnded || this.pending.length === 0) return;
    if (this.response.write(this.take())) return;
    this.isWaitingForDrain = true;
    this.response.once('drain', () => {
      this.isWaitingForDrain = false;
      this.flush();
    });
  }

  private take(): string {
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    return text;
  }
}
