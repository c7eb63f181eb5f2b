import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { AedesPersistence, Packet } from 'aedes-persistence';

const require = createRequire(import.meta.url);
// aedes-persistence is CommonJS whose typings declare an ES default export; require it as what it is.
const aedesPersistence = require('aedes-persistence') as () => AedesPersistence;
// The topic matcher aedes itself uses, so a filter matches here exactly as it does there.
const { QlobberTrue } = require('qlobber') as { QlobberTrue: new (options: QlobberOptions) => TopicMatcher };

interface QlobberOptions {
  separator: string;
  wildcard_one: string;
  wildcard_some: string;
}
interface TopicMatcher {
  add(filter: string): unknown;
  test(topic: string): boolean;
}

/** A retained message: a PUBLISH packet as aedes stores it. */
type Retained = Extract<Packet, { cmd: 'publish' }>;

// `gantry/v1/<deviceId>`: every topic of one gateway shares its first three levels.
const GROUP_LEVELS = 3;

/**
 * aedes' in-memory persistence answers every subscription by testing the filter against
 * every retained message. Gantry keeps one retained `desired` per enrolled gateway and one
 * `status` per connected one, and each gateway subscribes to its own topics (`desired`,
 * `cmd/+`), so at 10,000 gateways each subscribe scanned ~20,000 messages and a fleet
 * reconnecting went quadratic. This keeps the same store and indexes it by the topic's
 * first three levels: a filter whose first three levels hold no wildcard — every
 * gateway's — is answered from its group alone; filters with wildcards up front (the
 * controller's own) still take aedes' path.
 */
export function indexedMemoryPersistence(): AedesPersistence {
  const persistence = aedesPersistence();
  const groups = new Map<string, Map<string, Retained>>();
  const store = persistence.storeRetained.bind(persistence);
  const byPattern = persistence.createRetainedStream.bind(persistence);

  // aedes calls this with a callback or, without one, awaits the promise it returns.
  persistence.storeRetained = (packet, done) => {
    // Like aedes' store: an empty payload clears the topic; a shallow copy guards the entry
    // against later changes to the packet object (the payload buffer is shared).
    if (packet.cmd === 'publish') {
      const key = groupOf(packet.topic);
      const group = groups.get(key);
      if (packet.payload.length > 0) groups.set(key, (group ?? new Map()).set(packet.topic, { ...packet }));
      else if (group?.delete(packet.topic) === true && group.size === 0) groups.delete(key);
    }
    return store(packet, done);
  };
  const retained = (filter: string): Readable => {
    const key = groupOf(filter);
    return hasWildcard(key) ? byPattern(filter) : Readable.from(matching(groups.get(key), filter));
  };
  persistence.createRetainedStream = retained;
  persistence.createRetainedStreamCombi = (filters) => Readable.from(concat(filters.map(retained)));
  return persistence;
}

function groupOf(topic: string): string {
  let end = -1;
  for (let level = 0; level < GROUP_LEVELS; level++) {
    end = topic.indexOf('/', end + 1);
    if (end === -1) return topic;
  }
  return topic.slice(0, end);
}

function hasWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

function* matching(group: ReadonlyMap<string, Retained> | undefined, filter: string): Generator<Retained> {
  if (group === undefined) return;
  if (!hasWildcard(filter)) {
    const packet = group.get(filter);
    if (packet !== undefined) yield packet;
    return;
  }
  const matcher = new QlobberTrue({ separator: '/', wildcard_one: '+', wildcard_some: '#' });
  matcher.add(filter);
  for (const [topic, packet] of group) if (matcher.test(topic)) yield packet;
}

async function* concat(streams: readonly Readable[]): AsyncGenerator<Packet> {
  for (const stream of streams) {
    for await (const packet of stream) yield packet as Packet;
  }
}
