/** A source of uniform numbers in [0, 1), like `Math.random` but reproducible. */
export type Random = () => number;

/**
 * mulberry32: a well-known 32-bit generator, one number of state, fast and good enough for
 * simulated timings (not for anything secret). The same seed gives the same run.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit seed from text (FNV-1a), so a gateway's name can seed its own generator. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A seeded generator from a number or a name. */
export function seededRandom(seed: number | string): Random {
  return mulberry32(typeof seed === 'number' ? seed : seedFromText(seed));
}

/** `count` random lower-case hex digits, e.g. for container ids and digests. */
export function randomHex(random: Random, count: number): string {
  let out = '';
  while (out.length < count) out += Math.floor(random() * 4_294_967_296).toString(16).padStart(8, '0');
  return out.slice(0, count);
}
