import { randomBytes, randomUUID } from 'node:crypto';
import type { CommandResult } from '@gantry/protocol';

/** What became of a command's answer. */
export type Settlement = 'answered' | 'late' | 'unknown' | 'foreign';

interface Pending {
  readonly deviceId: string;
  readonly timer: NodeJS.Timeout;
  readonly resolve: (result: CommandResult | undefined) => void;
}

/**
 * Commands sent by this process that wait for their `cmd-res`. Request ids start with a
 * tag of this process, so an answer can be told apart as one of ours that came too late,
 * or one meant for another controller replica (which hears every answer too).
 */
export class PendingCommands {
  private readonly tag = randomBytes(4).toString('hex');
  private readonly pending = new Map<string, Pending>();

  /** A request id no other command, of this process or another, will have. */
  newRequestId(): string {
    return `${this.tag}-${randomUUID()}`;
  }

  /**
   * Waits for the answer of `deviceId` to `requestId`; resolves `undefined` after
   * `timeoutMs` without one, and forgets the request either way.
   */
  wait(requestId: string, deviceId: string, timeoutMs: number): Promise<CommandResult | undefined> {
    if (this.pending.has(requestId)) throw new Error(`request ${requestId} is already waiting for an answer`);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.finish(requestId, undefined), timeoutMs);
      this.pending.set(requestId, { deviceId, timer, resolve });
    });
  }

  /** Hands an answer to its waiting request; says what it was when nothing waits for it. */
  settle(requestId: string, deviceId: string, result: CommandResult): Settlement {
    const pending = this.pending.get(requestId);
    // Another gateway answering this request id is not its answer.
    if (pending !== undefined && pending.deviceId === deviceId) {
      this.finish(requestId, result);
      return 'answered';
    }
    if (!requestId.startsWith(`${this.tag}-`)) return 'foreign';
    return pending === undefined ? 'late' : 'unknown';
  }

  /** Gives up on a request (its command could not be sent). */
  cancel(requestId: string): void {
    this.finish(requestId, undefined);
  }

  /** Ends every wait now, as timed out (the controller is shutting down). */
  cancelAll(): void {
    for (const requestId of [...this.pending.keys()]) this.finish(requestId, undefined);
  }

  private finish(requestId: string, result: CommandResult | undefined): void {
    const pending = this.pending.get(requestId);
    if (pending === undefined) return;
    this.pending.delete(requestId);
    clearTimeout(pending.timer);
    pending.resolve(result);
  }
}
