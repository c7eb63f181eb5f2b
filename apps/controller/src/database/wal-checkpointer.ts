import { createRequire } from 'node:module';
import { Worker, type MessagePort } from 'node:worker_threads';

/** A checkpoint that copied pages, as the checkpoint thread saw it. */
export interface Checkpoint {
  /** Pages in the WAL when it ran, and how many of them are in the database file now. */
  readonly walPages: number;
  readonly copiedPages: number;
  readonly durationMs: number;
}

export interface WalCheckpointerOptions {
  /** The database file (its WAL is `<path>-wal`). */
  readonly path: string;
  /** How often the thread looks for new commits. */
  readonly intervalMs: number;
  /**
   * While commits keep coming, how long they may wait uncopied: a page that a burst of
   * writes rewrites many times is copied once, after the burst, rather than once a tick.
   */
  readonly maxDeferMs: number;
  readonly onCheckpoint?: (checkpoint: Checkpoint) => void;
  /** A checkpoint that failed (the thread goes on), or the thread itself failing. */
  readonly onError?: (error: Error) => void;
  /** The thread ended without `stop()`: nothing checkpoints from it any more. */
  readonly onLost?: () => void;
}

/** What the checkpoint thread is started with (structured-cloned into it). */
interface ThreadSettings {
  readonly driver: string;
  readonly path: string;
  readonly intervalMs: number;
  readonly maxDeferMs: number;
}

/** What the thread posts. */
type ThreadMessage = { readonly checkpoint: Checkpoint } | { readonly failure: string };

/** How long `stop()` waits for a checkpoint in progress before it ends the thread anyway. */
const STOP_GRACE_MS = 5_000;

/**
 * Copies the embedded database's WAL into the database file from a thread of its own. A
 * checkpoint copies and syncs tens of MiB during a fan-out: run by the connection that
 * commits, as SQLite does by default, it held the event loop (MQTT, the API) for a quarter
 * of a second several times a fan-out. A PASSIVE checkpoint never blocks the writer.
 *
 * It copies once the commits pause for a tick, or once the oldest uncopied one has waited
 * `maxDeferMs`. A fan-out rewrites the same pages (a gateway's row, its deployment row, the
 * events index) several times a second; copied every tick, each went to the database file
 * again and again, on a core the fan-out needs. With synchronous=NORMAL a commit survives a
 * power cut once it is checkpointed, so `maxDeferMs` also bounds what a power cut during a
 * burst can take back.
 */
export class WalCheckpointer {
  private readonly exited: Promise<void>;
  private isStopping = false;

  private constructor(
    private readonly worker: Worker,
    options: WalCheckpointerOptions,
  ) {
    worker.on('message', (message: ThreadMessage) => {
      if ('checkpoint' in message) options.onCheckpoint?.(message.checkpoint);
      else options.onError?.(new Error(message.failure));
    });
    worker.on('error', (error) => options.onError?.(error));
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        if (!this.isStopping) options.onLost?.();
        resolve();
      }),
    );
  }

  static start(options: WalCheckpointerOptions): WalCheckpointer {
    const settings: ThreadSettings = {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: options.path,
      intervalMs: options.intervalMs,
      maxDeferMs: options.maxDeferMs,
    };
    // Evaluated rather than loaded from a file, so it runs the same from source and from the build.
    const worker = new Worker(`(${checkpointThread.toString()})(require('node:worker_threads'))`, { eval: true, workerData: settings });
    worker.unref();
    return new WalCheckpointer(worker, options);
  }

  /** Ends the thread after the checkpoint it may be running (at most a few seconds), and closes its connection. */
  async stop(): Promise<void> {
    this.isStopping = true;
    this.worker.postMessage('stop');
    const grace = setTimeout(() => void this.worker.terminate(), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
  }
}

/** The part of better-sqlite3 the thread uses. */
type SqliteDriver = new (path: string, options: { fileMustExist: boolean }) => { pragma(source: string, options?: { simple: boolean }): unknown; close(): void };

/** The part of `node:worker_threads` the thread uses. */
interface ThreadContext {
  readonly workerData: unknown;
  readonly parentPort: MessagePort | null;
}

/** The checkpoint thread's whole program (a CommonJS script of its own); it closes over nothing of this module. */
function checkpointThread(threads: ThreadContext): void {
  const settings = threads.workerData as ThreadSettings;
  const port = threads.parentPort;
  if (port === null) throw new Error('the checkpointer runs in a worker thread');
  const Database = require(settings.driver) as SqliteDriver;
  const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  let database: InstanceType<SqliteDriver>;
  try {
    database = new Database(settings.path, { fileMustExist: true });
  } catch (error) {
    // Said here: an error thrown across the thread boundary loses its message.
    port.postMessage({ failure: `cannot open ${settings.path}: ${describe(error)}` });
    port.close();
    return;
  }
  // Another checkpoint running (the writer's own) answers busy at once; the next tick tries again.
  database.pragma('busy_timeout = 0');
  // Changes whenever another connection commits.
  let seen: unknown;
  // When the oldest commit not yet copied was first seen; undefined when all are copied.
  let uncopiedSince: number | undefined;
  const checkpoint = (): void => {
    const now = performance.now();
    try {
      const version = database.pragma('data_version', { simple: true });
      const isQuiet = version === seen;
      seen = version;
      if (!isQuiet) uncopiedSince ??= now;
      if (uncopiedSince === undefined) return;
      if (!isQuiet && now - uncopiedSince < settings.maxDeferMs) return;
      const [result] = database.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      if (result !== undefined && result.checkpointed > 0) {
        port.postMessage({ checkpoint: { walPages: result.log, copiedPages: result.checkpointed, durationMs: performance.now() - now } });
      }
      // Pages a reader still holds back are copied at a later tick.
      uncopiedSince = result !== undefined && result.checkpointed < result.log ? now : undefined;
    } catch (error) {
      // Copied next time: what failed (an I/O error, a busy lock) may not fail again.
      uncopiedSince ??= now;
      port.postMessage({ failure: describe(error) });
    }
  };
  const timer = setInterval(checkpoint, settings.intervalMs);
  port.on('message', () => {
    clearInterval(timer);
    database.close();
    port.close();
  });
}
