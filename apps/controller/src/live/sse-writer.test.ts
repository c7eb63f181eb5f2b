import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SseWriter } from './sse-writer.js';

/** A server whose one route hands its response to `serve`; on 127.0.0.1. */
async function serving(serve: (response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => serve(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Counts the writes a response makes (each is one HTTP chunk on the wire). */
function countingWrites(response: ServerResponse): { readonly count: number } {
  const counter = { count: 0 };
  const write = response.write.bind(response) as (chunk: string) => boolean;
  response.write = ((chunk: string) => {
    counter.count += 1;
    return write(chunk);
  }) as typeof response.write;
  return counter;
}

function parseEvents(text: string): { event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) as unknown };
    });
}

describe('SseWriter', () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('sends the events of one turn of the event loop in one write, in order, as server-sent events', async () => {
    let writes: { readonly count: number } = { count: 0 };
    const started = await serving((response) => {
      writes = countingWrites(response);
      const writer = new SseWriter(response);
      for (let i = 0; i < 1000; i++) writer.send('device.reported', { deviceId: `gw-${i}`, ackedVersion: i });
      setTimeout(() => {
        writer.send('deployment.progress', { wave: 1, note: 'line\nbreak "quoted"' });
        setTimeout(() => writer.end(), 20);
      }, 20);
    });
    server = started.server;
    const response = await fetch(started.url);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = parseEvents(await response.text());

    expect(events).toHaveLength(1001);
    expect(events.slice(0, 1000).map((e) => (e.data as { ackedVersion: number }).ackedVersion)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(events[1000]).toEqual({ event: 'deployment.progress', data: { wave: 1, note: 'line\nbreak "quoted"' } });
    // The opening line, the thousand events, the one after.
    expect(writes.count).toBe(3);
  });

  it('drops the connection of a client that stops reading once too much waits for it, and sends nothing more', async () => {
    let writer: SseWriter | undefined;
    let served: ServerResponse | undefined;
    let closed = false;
    const errors: Error[] = [];
    const started = await serving((response) => {
      served = response;
      writer = new SseWriter(response, 256 * 1024);
      response.on('error', (error) => errors.push(error));
      response.once('close', () => (closed = true));
    });
    server = started.server;
    // A client that reads the headers and then nothing: its socket's buffers fill up.
    const client = httpRequest(started.url);
    const reply = await new Promise<IncomingMessage>((resolve) => client.once('response', resolve).end());
    reply.on('error', () => undefined);
    reply.pause();

    const blob = 'x'.repeat(64 * 1024);
    let sent = 0;
    for (; sent < 2000 && served?.destroyed !== true; sent++) {
      writer?.send('device.events', { blob, sent });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(served?.destroyed).toBe(true);
    // Dropped long before 2000 events (128 MiB) waited for the client.
    expect(sent).toBeLessThan(2000);
    // The server's side learns it (the live stream unsubscribes on `close`).
    await vi.waitFor(() => expect(closed).toBe(true));
    writer?.send('device.events', { after: true });
    writer?.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
    client.destroy();
  });

  it('counts what waits in bytes on the wire, not characters', async () => {
    let served: ServerResponse | undefined;
    const started = await serving((response) => {
      served = response;
      const writer = new SseWriter(response, 64 * 1024);
      // 30,000 characters, 90,000 bytes in UTF-8: past the limit, in one turn.
      writer.send('device.events', { note: '€'.repeat(30_000) });
    });
    server = started.server;
    const client = httpRequest(started.url);
    client.on('error', () => undefined);
    client.end();
    await vi.waitFor(() => expect(served?.destroyed).toBe(true));
    client.destroy();
  });
});
