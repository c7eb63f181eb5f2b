import { decodeFromTopic, type CommandResult } from '@gantry/protocol';
import { errorResult, runCommand, type CommandContext } from './command-runner.js';
import type { SyncCounters } from './counters.js';

// Request ids remembered so a command delivered twice (QoS 1 redelivery) runs once.
const REMEMBERED_REQUESTS = 256;

/** How the inbox is set up. */
export interface CommandInboxOptions {
  readonly context: CommandContext;
  /** Commands run at once at most; more are answered `busy`. */
  readonly maxConcurrent: number;
  readonly counters: SyncCounters;
  /** Sends the answer on `cmd-res/<requestId>`. */
  readonly answer: (requestId: string, result: CommandResult) => void;
}

/**
 * Takes commands from `cmd/<requestId>`: reads each once (a redelivered request id is
 * not run again), answers an unreadable one `invalid-request`, too many at once `busy`,
 * and runs the rest within their timeouts. Every command that can be addressed gets an answer.
 */
export class CommandInbox {
  private readonly seen = new Set<string>();
  private running = 0;

  constructor(private readonly options: CommandInboxOptions) {}

  async receive(requestId: string, topic: string, payload: Uint8Array | string): Promise<void> {
    const { counters, answer } = this.options;
    counters.commandsReceived += 1;
    if (this.seen.has(requestId)) return;
    this.remember(requestId);
    const decoded = decodeFromTopic(topic, payload);
    if (!decoded.ok || decoded.value.message.kind !== 'cmd') {
      counters.commandsInvalid += 1;
      const reason = decoded.ok ? 'not a command message' : decoded.error.message;
      answer(requestId, errorResult(undefined, 'invalid-request', `the command is invalid: ${reason}`));
      return;
    }
    const command = decoded.value.message.body;
    if (this.running >= this.options.maxConcurrent) {
      answer(requestId, errorResult(command.type, 'busy', `the gateway is running ${this.running} commands already; try again shortly`));
      return;
    }
    this.running += 1;
    try {
      const result = await runCommand(command, this.options.context);
      if (result.status === 'error' && result.error.code === 'timeout') counters.commandsTimedOut += 1;
      answer(requestId, result);
    } finally {
      this.running -= 1;
    }
  }

  private remember(requestId: string): void {
    this.seen.add(requestId);
    if (this.seen.size <= REMEMBERED_REQUESTS) return;
    const oldest = this.seen.values().next();
    if (!oldest.done) this.seen.delete(oldest.value);
  }
}
