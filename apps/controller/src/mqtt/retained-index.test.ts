import { describe, expect, it } from 'vitest';
import type { AedesPersistence, Packet } from 'aedes-persistence';
import { indexedMemoryPersistence } from './retained-index.js';

function packet(topic: string, payload: string): Packet {
  return { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: true, dup: false, brokerId: 'b', brokerCounter: 1 } as Packet;
}

async function ready(persistence: AedesPersistence): Promise<void> {
  // The memory persistence serves once it has a broker; a stand-in is enough for retained messages.
  (persistence as unknown as { broker: unknown }).broker = { id: 'b', subscribe: (_: string, __: unknown, done: () => void) => done() };
  await new Promise((resolve) => setTimeout(resolve, 0));
}

async function store(persistence: AedesPersistence, value: Packet): Promise<void> {
  await new Promise<void>((resolve, reject) => persistence.storeRetained(value, (error) => (error ? reject(error) : resolve())));
}

async function topicsOf(stream: AsyncIterable<unknown>): Promise<string[]> {
  const topics: string[] = [];
  for await (const item of stream) {
    const retained = item as Extract<Packet, { cmd: 'publish' }>;
    topics.push(`${retained.topic}=${retained.payload.toString()}`);
  }
  return topics.sort();
}

describe('indexedMemoryPersistence', () => {
  it('answers exact filters by lookup and wildcard filters as aedes does, from one store', async () => {
    const persistence = indexedMemoryPersistence();
    await ready(persistence);
    await store(persistence, packet('gantry/v1/gw-1/desired', 'a'));
    await store(persistence, packet('gantry/v1/gw-2/desired', 'b'));
    await store(persistence, packet('gantry/v1/gw-2/status', 'online'));

    expect(await topicsOf(persistence.createRetainedStream('gantry/v1/gw-2/desired'))).toEqual(['gantry/v1/gw-2/desired=b']);
    expect(await topicsOf(persistence.createRetainedStream('gantry/v1/gw-3/desired'))).toEqual([]);
    expect(await topicsOf(persistence.createRetainedStream('gantry/v1/+/desired'))).toEqual(['gantry/v1/gw-1/desired=a', 'gantry/v1/gw-2/desired=b']);
    expect(await topicsOf(persistence.createRetainedStreamCombi(['gantry/v1/gw-1/desired', 'gantry/v1/gw-2/#']))).toEqual([
      'gantry/v1/gw-1/desired=a',
      'gantry/v1/gw-2/desired=b',
      'gantry/v1/gw-2/status=online',
    ]);
  });

  it('replaces a topic’s message and clears it on an empty payload, in both paths', async () => {
    const persistence = indexedMemoryPersistence();
    await ready(persistence);
    await store(persistence, packet('gantry/v1/gw-1/desired', 'v1'));
    await store(persistence, packet('gantry/v1/gw-1/desired', 'v2'));
    expect(await topicsOf(persistence.createRetainedStream('gantry/v1/gw-1/desired'))).toEqual(['gantry/v1/gw-1/desired=v2']);
    await store(persistence, packet('gantry/v1/gw-1/desired', ''));
    expect(await topicsOf(persistence.createRetainedStream('gantry/v1/gw-1/desired'))).toEqual([]);
    expect(await topicsOf(persistence.createRetainedStream('#'))).toEqual([]);
  });

  it('answers a gateway’s wildcard filters from its own topics only, as aedes matches them', async () => {
    const persistence = indexedMemoryPersistence();
    await ready(persistence);
    await store(persistence, packet('gantry/v1/gw-1/cmd/r-1', 'one'));
    await store(persistence, packet('gantry/v1/gw-1/cmd/r-2/extra', 'deep'));
    await store(persistence, packet('gantry/v1/gw-1/desired', 'd1'));
    await store(persistence, packet('gantry/v1/gw-2/cmd/r-3', 'other'));
    await store(persistence, packet('gantry/v1/gw-10/cmd/r-4', 'prefix-alike'));
    await store(persistence, packet('gantry', 'short'));

    expect(await topicsOf(persistence.createRetainedStream('gantry/v1/gw-1/cmd/+'))).toEqual(['gantry/v1/gw-1/cmd/r-1=one']);
    expect(await topicsOf(persistence.createRetainedStream('gantry/v1/gw-1/#'))).toEqual([
      'gantry/v1/gw-1/cmd/r-1=one',
      'gantry/v1/gw-1/cmd/r-2/extra=deep',
      'gantry/v1/gw-1/desired=d1',
    ]);
    expect(await topicsOf(persistence.createRetainedStream('gantry'))).toEqual(['gantry=short']);
    expect(await topicsOf(persistence.createRetainedStream('gantry/v1/gw-3/cmd/+'))).toEqual([]);
    // Wildcards up front take aedes' own path and see everything.
    expect(await topicsOf(persistence.createRetainedStream('gantry/v1/+/cmd/+'))).toEqual([
      'gantry/v1/gw-1/cmd/r-1=one',
      'gantry/v1/gw-10/cmd/r-4=prefix-alike',
      'gantry/v1/gw-2/cmd/r-3=other',
    ]);
  });
});
