import type { Command, CommandErrorCode, CommandPayload, LogLine, ServiceRef } from '@gantry/protocol';

/** What a `logs` command asks for. */
export type LogsRequest = Pick<Extract<Command, { type: 'logs' }>, 'app' | 'service' | 'tail' | 'since'>;

/** The diagnostics a gateway gives about itself; the session adds the outbox figures. */
export type GatewayDiagnostics = Omit<Extract<CommandPayload, { type: 'diagnostics' }>, 'type' | 'outbox'>;

/**
 * The commands that touch the gateway itself. The agent implements them with Docker and
 * its doctor checks, the simulator with its fake runtime. Each gets a signal that aborts
 * when the command's time is up. `resync` needs no handler: the session runs it on the
 * supervisor.
 */
export interface CommandHandlers {
  /** The newest `tail` lines of a service's output, oldest first. */
  logs(request: LogsRequest, signal: AbortSignal): Promise<{ lines: LogLine[]; isTruncated: boolean }>;
  /** Restarts the service's container; throw `CommandError('unknown-service', …)` if there is none. */
  restart(ref: ServiceRef, signal: AbortSignal): Promise<{ containerId: string; restartedAt: string }>;
  diagnostics(signal: AbortSignal): Promise<GatewayDiagnostics>;
}

/** A command failure the cloud can act on by its code. Any other error is reported as `runtime-error`. */
export class CommandError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}
