import type { Logger } from '@gantry/agent-core';
import { isoTimestamp } from '@gantry/protocol/timestamp';

/** The daemon's log for `gantry-agent run`: one timestamped line per message on `stream` (stderr, for journald). */
export function streamLogger(stream: NodeJS.WritableStream, now: () => Date = () => new Date()): Logger {
  const line = (level: string, message: string): void => {
    stream.write(`${isoTimestamp(now())} ${level} ${message}\n`);
  };
  return {
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    error: (message) => line('error', message),
  };
}
