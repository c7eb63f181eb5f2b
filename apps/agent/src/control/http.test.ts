import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { httpDate, sendJson } from './http.js';

describe('httpDate', () => {
  it('writes every time of years 0–9999 as Date#toUTCString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(0, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        expect(httpDate(new Date(ms))).toBe(new Date(ms).toUTCString());
      }),
      { numRuns: 5_000 },
    );
  });

  it('writes the RFC 9110 example', () => {
    expect(httpDate(new Date(Date.UTC(1994, 10, 6, 8, 49, 37)))).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });
});

describe('sendJson', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers with one Date header of its own, so Node never formats one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gantry-http-'));
    const socketPath = join(dir, 'api.sock');
    const server = createServer((_, response) => sendJson(response, 200, { ok: true }));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const before = Date.now();
      const answer = await new Promise<{ rawHeaders: string[]; body: string }>((resolve, reject) => {
        request({ socketPath, path: '/' }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ rawHeaders: response.rawHeaders, body }));
        })
          .on('error', reject)
          .end();
      });
      const headers = answer.rawHeaders.filter((_, i) => i % 2 === 0).map((name, i) => [name, answer.rawHeaders[i * 2 + 1]] as const);
      const dates = headers.filter(([name]) => name.toLowerCase() === 'date');
      // Node spells its own header `Date`; the one sendJson wrote keeps its lower-case name.
      expect(dates.map(([name]) => name)).toEqual(['date']);
      const stamped = Date.parse(dates[0]?.[1] ?? '');
      expect(stamped).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(stamped).toBeLessThanOrEqual(Date.now());
      expect(JSON.parse(answer.body)).toEqual({ ok: true });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
