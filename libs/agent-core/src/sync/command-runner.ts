import {
  createMessage,
  encode,
  type Command,
  type CommandErrorCode,
  type CommandPayload,
  type CommandResult,
  type CommandType,
  type EnvelopeOptions,
} from '@gantry/protocol';
import type { Clock } from './clock.js';
import { CommandError, type CommandHandlers } from './command-handlers.js';

/** What running a command needs besides its handlers. */
export interface CommandContext {
  readonly handlers: CommandHandlers;
  /** Reconciles now and says what the planner found. */
  resync(signal: AbortSignal): Promise<{ ackedVersion: number; stepsPlanned: number }>;
  /** Messages waiting for the cloud, per kind, for diagnostics. */
  outboxCounts(): Promise<{ reported: number; events: number; telemetry: number }>;
  readonly clock: Clock;
}

/**
 * Runs one command within its `timeoutMs` and answers it. A command still running when
 * its time is up gets its signal aborted and is answered `timeout`; whatever it returns
 * afterwards is ignored. Never throws: every failure becomes an error result.
 */
export async function runCommand(command: Command, context: CommandContext): Promise<CommandResult> {
  const controller = new AbortController();
  let timer: { cancel(): void } | undefined;
  const timedOut = new Promise<CommandResult>((resolve) => {
    timer = context.clock.setTimeout(() => {
      controller.abort(new CommandError('timeout', 'the command timed out'));
      resolve(errorResult(command.type, 'timeout', `${command.type} did not finish within ${command.timeoutMs} ms`));
    }, command.timeoutMs);
  });
  try {
    return await Promise.race([execute(command, context, controller.signal), timedOut]);
  } finally {
    timer?.cancel();
  }
}

async function execute(command: Command, context: CommandContext, signal: AbortSignal): Promise<CommandResult> {
  try {
    return { status: 'ok', result: await payloadOf(command, context, signal) };
  } catch (error) {
    if (error instanceof CommandError) return errorResult(command.type, error.code, error.message);
    return errorResult(command.type, 'runtime-error', `${command.type} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function payloadOf(command: Command, context: CommandContext, signal: AbortSignal): Promise<CommandPayload> {
  switch (command.type) {
    case 'logs': {
      const { app, service, tail, since } = command;
      const logs = await context.handlers.logs({ app, service, tail, ...(since === undefined ? {} : { since }) }, signal);
      const lines = logs.lines.slice(-tail);
      return { type: 'logs', lines, isTruncated: logs.isTruncated || lines.length < logs.lines.length };
    }
    case 'restart':
      return { type: 'restart', ...(await context.handlers.restart({ app: command.app, service: command.service }, signal)) };
    case 'resync':
      return { type: 'resync', ...(await context.resync(signal)) };
    case 'diagnostics': {
      const diagnostics = await context.handlers.diagnostics(signal);
      return { type: 'diagnostics', ...diagnostics, outbox: await context.outboxCounts() };
    }
  }
}

/** An error answer; the message is cut to what the protocol allows. */
export function errorResult(type: CommandType | undefined, code: CommandErrorCode, message: string): CommandResult {
  const text = message.length === 0 ? code : message.length > 2048 ? `${message.slice(0, 2047)}…` : message;
  return { status: 'error', ...(type === undefined ? {} : { type }), error: { code, message: text } };
}

/**
 * The `cmd-res` message for a result, ready to publish. Logs too big for one message
 * lose their oldest lines (and say so); a result that is invalid (a handler's bug)
 * becomes an `internal` error, so the cloud always gets an answer.
 */
export function encodeCommandResult(result: CommandResult, envelope: EnvelopeOptions & { parentId: string }): string {
  let candidate = result;
  for (;;) {
    const encoded = encode('cmd-res', createMessage('cmd-res', candidate, envelope));
    if (encoded.ok) return encoded.value;
    const payload = candidate.status === 'ok' ? candidate.result : undefined;
    if (encoded.error.code === 'too-large' && payload?.type === 'logs' && payload.lines.length > 0) {
      candidate = { status: 'ok', result: { ...payload, lines: payload.lines.slice(Math.ceil(payload.lines.length / 2)), isTruncated: true } };
      continue;
    }
    if (candidate.status === 'error' && candidate.error.code === 'internal') throw new Error(`cannot encode a command result: ${encoded.error.message}`);
    candidate = errorResult(payload?.type, 'internal', `the gateway produced an invalid answer: ${encoded.error.message}`);
  }
}
