import { once } from 'node:events';

/** Where the CLI reads and writes; `main.ts` passes the process's, tests their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Manifests given as `-f -`; the process's stdin when absent. */
  stdin?: NodeJS.ReadableStream;
  /** Whether stdout is a terminal: progress bars and colours only then. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Terminal width, for wrapping long cells; 100 when unknown. */
  columns?: number;
}

/** Whether output may carry colours: a terminal, and no `NO_COLOR` (https://no-color.org). */
export function hasColour(io: CliIo): boolean {
  const noColour = io.env['NO_COLOR'];
  return io.isTTY && (noColour === undefined || noColour === '');
}

/** Writes text, waiting when the reader is slower than us (`logs -f | less`). */
export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}
