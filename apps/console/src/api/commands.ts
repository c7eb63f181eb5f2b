/*
 * Commands to one gateway as the console sends them: `POST /devices/:id/commands`.
 * Mirrors apps/controller/src/commands/command-request.schema.ts (CommandRequestSchema)
 * and libs/protocol messages/commands.ts (CommandSchema) and
 * command-results.ts (CommandResultSchema, CommandPayloadSchema, LogLineSchema).
 */
import { devicePath } from './devices';

export type CommandRequest =
  | { type: 'logs'; app: string; service: string; tail: number; since?: string; timeoutMs?: number }
  | { type: 'restart'; app: string; service: string; timeoutMs?: number }
  | { type: 'resync'; timeoutMs?: number }
  | { type: 'diagnostics'; timeoutMs?: number };

export type CommandType = CommandRequest['type'];

export interface LogLine {
  ts: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface DiagnosticCheck {
  name: string;
  isOk: boolean;
  detail?: string;
}

export type CommandPayload =
  | { type: 'logs'; lines: LogLine[]; isTruncated: boolean }
  | { type: 'restart'; containerId: string; restartedAt: string }
  | { type: 'resync'; ackedVersion: number; stepsPlanned: number }
  | {
      type: 'diagnostics';
      agentVersion: string;
      uptimeMs: number;
      dockerVersion: string | null;
      cgroupVersion: 1 | 2;
      outbox: { reported: number; events: number; telemetry: number };
      checks: DiagnosticCheck[];
    };

export type CommandErrorCode = 'invalid-request' | 'unknown-service' | 'unsupported' | 'busy' | 'timeout' | 'runtime-error' | 'internal';

export type CommandResult = { status: 'ok'; result: CommandPayload } | { status: 'error'; type?: CommandType; error: { code: CommandErrorCode; message: string } };

/** The payload of the command type `T`. */
export type PayloadOf<T extends CommandType> = Extract<CommandPayload, { type: T }>;

export function commandsPath(deviceId: string): string {
  return devicePath(deviceId, '/commands');
}
