import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initialAgentState } from '@gantry/agent-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileOutbox } from './file-outbox.js';
import { FileStateStore } from './file-state-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const removed = { type: 'service.removed', detail: { app: 'site', service: 'api', containerId: 'abcdef123456' } } as const;

describe('FileStateStore', () => {
  it('starts from the initial state when nothing was stored', async () => {
    expect(await new FileStateStore(join(dir, 'state.json')).load()).toEqual(initialAgentState());
  });

  it('reads back what it saved', async () => {
    const sut = new FileStateStore(join(dir, 'state.json'));
    const state = { ...initialAgentState(), applying: { site: { releaseId: 'r1', since: '2026-01-01T00:00:00.000Z' } } };
    await sut.save(state);
    expect(await sut.load()).toEqual(state);
  });

  it('refuses a file that is not a valid state, saying what to do', async () => {
    await writeFile(join(dir, 'state.json'), '{"target": 3}');
    await expect(new FileStateStore(join(dir, 'state.json')).load()).rejects.toThrow(/is not valid \(target: .*\); move it aside/);
  });
});

describe('FileOutbox', () => {
  it('numbers events in order and keeps numbering after a restart and a full ack', async () => {
    const path = join(dir, 'outbox.jsonl');
    const first = await FileOutbox.open(path, { limit: 100 });
    expect((await first.append([removed, removed])).map((e) => e.seq)).toEqual([1, 2]);
    await first.ack(2);
    const second = await FileOutbox.open(path, { limit: 100 });
    expect((await second.append([removed])).map((e) => e.seq)).toEqual([3]);
    expect((await second.peek(10)).map((e) => e.seq)).toEqual([3]);
  });

  it('drops a line torn by a crash and goes on appending cleanly', async () => {
    const path = join(dir, 'outbox.jsonl');
    const sut = await FileOutbox.open(path, { limit: 100 });
    await sut.append([removed, removed]);
    await writeFile(path, `${await readFile(path, 'utf8')}{"seq":3,"ts":"20`);
    const reopened = await FileOutbox.open(path, { limit: 100 });
    expect((await reopened.append([removed])).map((e) => e.seq)).toEqual([3]);
    const again = await FileOutbox.open(path, { limit: 100 });
    expect((await again.peek(10)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('when full, keeps the newest events and records how many were dropped', async () => {
    const sut = await FileOutbox.open(join(dir, 'outbox.jsonl'), { limit: 4 });
    await sut.append([removed, removed, removed, removed, removed]);
    const kept = await sut.peek(10);
    expect(kept.map((e) => e.type)).toEqual(['service.removed', 'service.removed', 'service.removed', 'events.dropped']);
    expect(kept.at(-1)).toMatchObject({ detail: { count: 2, fromSeq: 1, toSeq: 2, reason: 'outbox-full' } });
  });

  it('refuses an event that does not fit the protocol', async () => {
    const sut = await FileOutbox.open(join(dir, 'outbox.jsonl'), { limit: 4 });
    await expect(sut.append([{ type: 'service.removed', detail: { app: 'Bad App', service: 'api', containerId: 'x' } }])).rejects.toThrow();
    expect(sut.size).toBe(0);
  });
});

describe('crash safety', () => {
  it('survives kill -9 at any moment: state and outbox always load, sequence numbers never repeat', async () => {
    const fixture = join(import.meta.dirname, 'crash-writer.fixture.ts');
    let lastSeq = 0;
    for (let round = 0; round < 8; round += 1) {
      const child = spawn(process.execPath, ['--conditions=@gantry/source', '--import', 'tsx', fixture, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, 30 + Math.random() * 120));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      await new FileStateStore(join(dir, 'state.json')).load();
      const outbox = await FileOutbox.open(join(dir, 'outbox.jsonl'), { limit: 100_000 });
      const seqs = (await outbox.peek(100_000)).map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      const [next] = await outbox.append([removed]);
      expect(next?.seq).toBeGreaterThan(lastSeq);
      lastSeq = next?.seq ?? 0;
    }
    // The writer really wrote between kills (otherwise the test proves nothing).
    expect(lastSeq).toBeGreaterThan(40);
  }, 60_000);
});
