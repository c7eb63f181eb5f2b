import { createRequire } from 'node:module';
import { Worker, type MessagePort } from 'node:worker_threads';

/** A checkpoint that copied pages, as the checkpoint thread saw it. */
export interface Checkpoint {
  /** Pages in the WAL when it ran, and how many of them are in the database file now. */
  readonly walPages: number;
  readonly copiedPages: number;
  readonly durationMs: number;
}

/** The part of better-sqlite3 the thread uses. */
type SqliteDriver = new (path: string, options: { fileMustExist: boolean }) => { pragma(source: string): unknown; close(): void };

export interface WalCheckpointerOptions {
  /** The database file (its WAL is `<path>-wal`). */
  readonly path: string;
  readonly intervalMs: number;
  /** The WAL file kept on disk after a checkpoint, bytes. */
  readonly walKeepBytes: number;
  readonly onCheckpoint?: (checkpoint: Checkpoint) => void;
  readonly onError?: (error: Error) => void;
}

/** What the checkpoint thread is started with (structured-cloned into it). */
interface ThreadSettings {
  readonly driver: string;
  readonly path: string;
  readonly intervalMs: number;
  readonly walKeepBytes: number;
}

/**
 * Copies the embedded database's WAL into the database file from a thread of its own. A
 * checkpoint copies and syncs tens of MiB during a fan-out: run by the connection that
 * commits, as SQLite does by default, it held the event loop (MQTT, the API) for a quarter
 * of a second several times a fan-out. A PASSIVE checkpoint never blocks the writer, and
 * the writer's own automatic checkpoint stays on as a backstop should this thread stop.
 */
export class WalCheckpointer {
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  static start(options: WalCheckpointerOptions): WalCheckpointer {
    const settings: ThreadSettings = {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: options.path,
      intervalMs: options.intervalMs,
      walKeepBytes: options.walKeepBytes,
    };
    // Evaluated rather than loaded from a file, so it runs the same from source and from the build.
    const worker = new Worker(`(${checkpointThread.toString()})(require('node:worker_threads'))`, { eval: true, workerData: settings });
    worker.on('message', (checkpoint: Checkpoint) => options.onCheckpoint?.(checkpoint));
    worker.on('error', (error) => options.onError?.(error));
    worker.unref();
    return new WalCheckpointer(worker);
  }

  /** Ends the thread after the checkpoint it may be running, and closes its connection. */
  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    await this.exited;
  }
}

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
  const database = new Database(settings.path, { fileMustExist: true });
  // Another checkpoint running (the writer's backstop) answers busy at once; the next tick tries again.
  database.pragma('busy_timeout = 0');
  database.pragma(`journal_size_limit = ${settings.walKeepBytes}`);
  // SQLite answers with the WAL's pages and how many are copied so far, not what this run
  // copied: an unchanged answer is a checkpoint that had nothing to do.
  let previous = '';
  const checkpoint = (): void => {
    const started = performance.now();
    const [result] = database.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (result === undefined || result.checkpointed <= 0) return;
    const answer = `${result.log}/${result.checkpointed}`;
    if (answer !== previous) port.postMessage({ walPages: result.log, copiedPages: result.checkpointed, durationMs: performance.now() - started });
    previous = answer;
  };
  const timer = setInterval(checkpoint, settings.intervalMs);
  port.on('message', () => {
    clearInterval(timer);
    database.close();
    port.close();
  });
}
