import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { NewEvent, Outbox } from '@gantry/agent-core';
import { EventSchema, type GantryEvent } from '@gantry/protocol/messages/events';
import { isoTimestamp } from '@gantry/protocol/timestamp';
import * as z from 'zod/mini';
import { writeFileDurably } from './durable-file.js';

const HeaderSchema = z.object({ nextSeq: z.int().check(z.gte(1)) });

/** Options of {@link FileOutbox}. */
export interface FileOutboxOptions {
  /** Events kept at most; past it the oldest give way to one counted `events.dropped`. */
  limit: number;
  now?: () => Date;
}

/**
 * The event outbox as a JSON-lines file: a header line with the next sequence number,
 * then one event per line. Appends are fsynced; a line torn by a crash is the last one
 * and is dropped on load. Acks rewrite the file atomically. Sequence numbers only grow,
 * across restarts and empty outboxes, so the cloud can spot gaps.
 */
export class FileOutbox implements Outbox {
  private events: GantryEvent[] = [];
  private nextSeq = 1;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly options: FileOutboxOptions,
  ) {}

  /** Opens (or creates) the outbox at `path`. */
  static async open(path: string, options: FileOutboxOptions): Promise<FileOutbox> {
    const outbox = new FileOutbox(path, options);
    await outbox.load();
    return outbox;
  }

  /** Events waiting, oldest first. */
  get size(): number {
    return this.events.length;
  }

  append(events: readonly NewEvent[]): Promise<GantryEvent[]> {
    return this.serial(async () => {
      const ts = isoTimestamp(this.options.now?.() ?? Date.now());
      const numbered = events.map((event) => this.number(event, ts));
      this.events.push(...numbered);
      if (this.events.length > this.options.limit) {
        await this.dropOldest(ts);
        return numbered;
      }
      await this.appendLines(numbered);
      return numbered;
    });
  }

  async peek(limit: number): Promise<GantryEvent[]> {
    await this.queue;
    return this.events.slice(0, limit);
  }

  ack(seq: number): Promise<void> {
    return this.serial(async () => {
      const before = this.events.length;
      this.events = this.events.filter((event) => event.seq > seq);
      if (this.events.length !== before) await this.rewrite();
    });
  }

  private number(event: NewEvent, ts: string): GantryEvent {
    const candidate = { ...event, seq: this.nextSeq, ts };
    this.nextSeq += 1;
    return EventSchema.parse(candidate);
  }

  // Keeps the newest events; the cloud learns how many went, and which numbers.
  private async dropOldest(ts: string): Promise<void> {
    const excess = this.events.length - this.options.limit + 1;
    const dropped = this.events.splice(0, excess);
    const first = dropped[0];
    const last = dropped.at(-1);
    if (first && last) {
      this.events.push(this.number({ type: 'events.dropped', detail: { count: dropped.length, fromSeq: first.seq, toSeq: last.seq, reason: 'outbox-full' } }, ts));
    }
    await this.rewrite();
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return;
      throw error;
    }
    const lines = text.split('\n').filter((line) => line.length > 0);
    let torn = false;
    const header = HeaderSchema.safeParse(safeJson(lines[0]));
    if (!header.success) throw new Error(`the outbox ${this.path} has no valid header; move it aside to start a new one`);
    this.nextSeq = header.data.nextSeq;
    for (const [index, line] of lines.slice(1).entries()) {
      const event = EventSchema.safeParse(safeJson(line));
      if (event.success) {
        this.events.push(event.data);
        this.nextSeq = Math.max(this.nextSeq, event.data.seq + 1);
      } else if (index === lines.length - 2) {
        // A bad last line is a write torn by a crash: its event was never acknowledged as stored.
        torn = true;
      } else {
        throw new Error(`the outbox ${this.path} has a bad line ${index + 2}; move it aside to start a new one`);
      }
    }
    // Rewrite without the torn line, or the next append would glue onto it.
    if (torn) await this.rewrite();
  }

  private async appendLines(events: readonly GantryEvent[]): Promise<void> {
    if (this.events.length === events.length && events.length > 0) {
      // First events since the file was (re)written: the header must carry the new next seq.
      await this.rewrite();
      return;
    }
    const handle = await open(this.path, 'a', 0o600);
    try {
      await handle.write(events.map((event) => `${JSON.stringify(event)}\n`).join(''));
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  private async rewrite(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const body = [JSON.stringify({ nextSeq: this.nextSeq }), ...this.events.map((event) => JSON.stringify(event))].join('\n');
    await writeFileDurably(this.path, `${body}\n`, { mode: 0o600 });
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function safeJson(line: string | undefined): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
