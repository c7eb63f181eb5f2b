import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { AedesPersistence, Packet } from 'aedes-persistence';

// aedes-persistence is CommonJS whose typings declare an ES default export; require it as what it is.
const aedesPersistence = createRequire(import.meta.url)('aedes-persistence') as () => AedesPersistence;

/** A retained message: a PUBLISH packet as aedes stores it. */
type Retained = Extract<Packet, { cmd: 'publish' }>;

/**
 * aedes' in-memory persistence answers every subscription by testing the filter against
 * every retained message. Gantry keeps one retained `desired` per enrolled gateway and one
 * `status` per connected one, and each gateway subscribes to its own exact topic, so at
 * 10,000 gateways each subscribe scanned ~20,000 messages and a fleet reconnecting after a
 * restart went quadratic. This keeps the same store and adds an index by exact topic:
 * filters without wildcards are answered with one lookup; wildcard filters (the
 * controller's own) still take aedes' path.
 */
export function indexedMemoryPersistence(): AedesPersistence {
  const persistence = aedesPersistence();
  const byTopic = new Map<string, Retained>();
  const store = persistence.storeRetained.bind(persistence);
  const byPattern = persistence.createRetainedStream.bind(persistence);

  // aedes calls this with a callback or, without one, awaits the promise it returns.
  persistence.storeRetained = (packet, done) => {
    // Like aedes' store: an empty payload clears the topic; a shallow copy guards the entry
    // against later changes to the packet object (the payload buffer is shared).
    if (packet.cmd === 'publish') {
      if (packet.payload.length === 0) byTopic.delete(packet.topic);
      else byTopic.set(packet.topic, { ...packet });
    }
    return store(packet, done);
  };
  const retained = (pattern: string): Readable => (hasWildcard(pattern) ? byPattern(pattern) : Readable.from(exact(byTopic, pattern)));
  persistence.createRetainedStream = retained;
  persistence.createRetainedStreamCombi = (patterns) => Readable.from(concat(patterns.map(retained)));
  return persistence;
}

function hasWildcard(pattern: string): boolean {
  return pattern.includes('+') || pattern.includes('#');
}

function* exact(byTopic: ReadonlyMap<string, Retained>, topic: string): Generator<Retained> {
  const packet = byTopic.get(topic);
  if (packet !== undefined) yield packet;
}

async function* concat(streams: readonly Readable[]): AsyncGenerator<Packet> {
  for (const stream of streams) {
    for await (const packet of stream) yield packet as Packet;
  }
}
