import { CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { AgentUnavailableError, ControlApiError, ControlProtocolError } from '../control/client.js';
import { CliError, ExitCode, QuietExit, type ExitStatus } from './exit-codes.js';

/** What to tell the user about an error and which exit status it means. */
export interface ErrorReport {
  exitCode: ExitStatus;
  /** Printed as `error: <message>`; undefined when commander has printed it already. */
  message: string | undefined;
}

/** Maps any error a command can throw onto its message and exit status (exit-codes.ts). */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof CommanderError) {
    // Commander prints its own messages; `--help` and `--version` end with status 0.
    return { exitCode: error.exitCode === 0 ? ExitCode.ok : ExitCode.usage, message: undefined };
  }
  if (error instanceof QuietExit) return { exitCode: error.exitCode, message: undefined };
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  if (error instanceof AgentUnavailableError) return { exitCode: ExitCode.unavailable, message: error.message };
  if (error instanceof ConfigError) return { exitCode: ExitCode.config, message: error.message };
  if (error instanceof ControlProtocolError) return { exitCode: ExitCode.protocol, message: error.message };
  if (error instanceof ControlApiError) {
    const exitCode = error.status === 503 ? ExitCode.tempFail : error.status === 413 ? ExitCode.dataError : ExitCode.failure;
    return { exitCode, message: error.message };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { exitCode: ExitCode.software, message: `unexpected error (a bug in gantry-agent; please report it): ${detail}` };
}
