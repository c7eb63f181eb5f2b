import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentUnavailableError, ControlApiError, ControlClient, ControlProtocolError } from './client.js';

describe('ControlClient', () => {
  let dir: string;
  let server: Server | undefined;
  let closed: Promise<void>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gantry-client-'));
  });
  afterEach(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    }
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(handler: (res: ServerResponse) => void): Promise<ControlClient> {
    const socketPath = join(dir, 'agent.sock');
    let onClose: () => void = () => undefined;
    closed = new Promise((resolve) => (onClose = resolve));
    server = createServer((req, res) => {
      res.on('close', onClose);
      handler(res);
    });
    await new Promise<void>((resolve) => server?.listen(socketPath, resolve));
    return new ControlClient(socketPath);
  }

  it('reads NDJSON lines split anywhere, even inside a multi-byte character', async () => {
    const text = `${JSON.stringify({ stream: 'stdout', at: null, text: 'température 21°C' })}\n${JSON.stringify({ stream: 'stderr', at: null, text: 'ok' })}`;
    const bytes = Buffer.from(text);
    const split = bytes.indexOf(Buffer.from('°')) + 1;
    const sut = await serve((res) => {
      res.writeHead(200);
      res.write(bytes.subarray(0, split));
      setTimeout(() => res.end(bytes.subarray(split)), 10);
    });

    const lines = [];
    for await (const line of sut.logs({ app: 'vision', service: 'camera' })) lines.push(line);

    expect(lines).toEqual([
      { stream: 'stdout', at: null, text: 'température 21°C' },
      { stream: 'stderr', at: null, text: 'ok' },
    ]);
  });

  it('closes the connection when the reader stops early', async () => {
    const sut = await serve((res) => {
      res.writeHead(200);
      res.write(`${JSON.stringify({ type: 'accepted', appId: 'a', releaseId: 'r', unchanged: false, warnings: [] })}\n`);
      // Never ends by itself: only the client going away closes it.
    });

    for await (const line of sut.apply({ manifest: 'name: a' })) {
      expect(line.type).toBe('accepted');
      break;
    }

    await closed;
  });

  it('says the agent went away when the connection breaks mid-answer', async () => {
    const sut = await serve((res) => {
      res.writeHead(200);
      res.write(`${JSON.stringify({ type: 'accepted', appId: 'a', releaseId: 'r', unchanged: false, warnings: [] })}\n`);
      setTimeout(() => res.destroy(), 10);
    });

    const lines: unknown[] = [];
    const error = await (async () => {
      for await (const line of sut.apply({ manifest: 'name: a' })) lines.push(line);
    })().catch((caught: unknown) => caught);

    expect(lines).toHaveLength(1);
    expect(error).toBeInstanceOf(AgentUnavailableError);
    expect(error).toMatchObject({ reason: 'lost' });
  });

  it('turns an error answer into ControlApiError with its code and message', async () => {
    const sut = await serve((res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unknown-app', message: "no app 'radar' on this gateway" }));
    });

    const error = await sut.rollback('radar').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ControlApiError);
    expect(error).toMatchObject({ status: 404, code: 'unknown-app', message: "no app 'radar' on this gateway" });
  });

  it('rejects an answer outside the contract with ControlProtocolError', async () => {
    const sut = await serve((res) => {
      res.writeHead(200);
      res.end(JSON.stringify({ rolledBack: 'vision' }));
    });

    await expect(sut.rollback()).rejects.toThrow(ControlProtocolError);
  });

  it('says the agent is not running when there is no socket', async () => {
    const socketPath = join(dir, 'agent.sock');

    const error = await new ControlClient(socketPath).status().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AgentUnavailableError);
    expect(error).toMatchObject({
      reason: 'missing',
      message: `the Gantry agent is not running (no socket at ${socketPath}): start it with \`gantry-agent run\``,
    });
  });

  it('says the agent is not running when nothing listens on a leftover socket path', async () => {
    const socketPath = join(dir, 'agent.sock');
    // Connecting to a path that is not a listening socket fails with ECONNREFUSED, as a stale socket does.
    await writeFile(socketPath, '');

    await expect(new ControlClient(socketPath).ps()).rejects.toMatchObject({ reason: 'refused', message: expect.stringContaining('start it with `gantry-agent run`') });
  });
});
