// Docker's streaming endpoints (pull progress, events) send one JSON object per line.
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** Yields each JSON value of a newline-delimited JSON stream, as `unknown` for the caller to check. */
export async function* jsonLines(stream: NodeJS.ReadableStream): AsyncGenerator<unknown> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() !== '') yield JSON.parse(line) as unknown;
    }
  }
  pending += decoder.end();
  if (pending.trim() !== '') yield JSON.parse(pending) as unknown;
}

/** Destroys a response stream (dockerode types it as a bare NodeJS.ReadableStream). */
export function destroyStream(stream: NodeJS.ReadableStream): void {
  if (stream instanceof Readable) stream.destroy();
}

/** Calls `fn` once when `signal` aborts; returns the function that unregisters it. */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}
