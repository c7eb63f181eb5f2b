// A container's output as lines. Docker is asked for timestamps always, so every line
// carries its time; a TTY container's stream is raw, any other one multiplexed.
import type { LogLine, LogOptions } from '@gantry/agent-core';
import type Docker from 'dockerode';
import { destroyStream, onAbort } from './json-lines.js';
import { LogParser } from './log-parser.js';

/** Reads a container's log lines: the last `tail` (all when unset), then new ones while `follow`, until `signal` aborts. */
export async function* readLogs(container: Docker.Container, isTty: boolean, options: LogOptions): AsyncGenerator<LogLine> {
  const { signal } = options;
  if (signal?.aborted) return;
  const parser = new LogParser(isTty);
  // Unset fields are left out: dockerode would send them as empty query parameters.
  const query = {
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    ...(signal ? { abortSignal: signal } : {}),
  };
  if (!options.follow) {
    const body: unknown = await container.logs({ ...query, follow: false });
    // dockerode hands back a Buffer, or a string/parsed JSON if the bytes happened to parse as such.
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    yield* parser.push(bytes);
    yield* parser.end();
    return;
  }
  let stream: NodeJS.ReadableStream;
  try {
    stream = await container.logs({ ...query, follow: true });
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  }
  const unsubscribe = onAbort(signal, () => destroyStream(stream));
  try {
    for await (const chunk of stream) {
      yield* parser.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    }
    yield* parser.end();
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  } finally {
    unsubscribe();
    // Also when the reader stops early (break in for await): close the HTTP stream.
    destroyStream(stream);
  }
}
