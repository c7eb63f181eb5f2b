import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileDurably } from './durable-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-durable-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileDurably', () => {
  it('replaces a file with the new body and mode, leaving no temporary file', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, 'old');
    await chmod(path, 0o644);
    await writeFileDurably(path, 'new', { mode: 0o600 });
    await writeFileDurably(path, 'newer', { mode: 0o600 });
    expect(await readFile(path, 'utf8')).toBe('newer');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('creates a new file exclusively, and refuses to replace one with EEXIST', async () => {
    const path = join(dir, 'identity.json');
    await writeFileDurably(path, 'first', { mode: 0o600, exclusive: true });
    await expect(writeFileDurably(path, 'second', { mode: 0o600, exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(path, 'utf8')).toBe('first');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['identity.json']);
  });

  it('fails without a trace when the folder is missing', async () => {
    await expect(writeFileDurably(join(dir, 'missing', 'state.json'), 'x', { mode: 0o600 })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });
});
