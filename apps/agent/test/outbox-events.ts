import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The events an agent has recorded for the cloud (its on-disk outbox), oldest first. */
export async function recordedEvents(dataDir: string): Promise<{ seq: number; type: string; detail: Record<string, unknown> }[]> {
  const text = await readFile(join(dataDir, 'data', 'outbox.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { seq: number; type: string; detail: Record<string, unknown> });
}
