import { seededRandom } from '../random/prng.js';
import type { BehaviourProfile } from '../runtime/profile.js';

/** How one gateway behaves, by a name the summary shows. */
export interface NamedProfile {
  name: string;
  profile: BehaviourProfile;
}

/**
 * A gateway whose containers of one release crash within a second of each start and keep
 * crashing under their restart policy: the agent judges the release failed and rolls back
 * to the last good one. A release with a health check never passes a probe here; one
 * without may be judged healthy in its first second, and then shows as degraded instead.
 * Other releases run normally.
 */
export function crashLoopProfile(releaseId: string): NamedProfile {
  return {
    name: `crash-loop:${releaseId}`,
    profile: { services: [{ match: { releaseId }, crash: { afterMs: { kind: 'uniform', min: 200, max: 800 }, exitCode: 1 } }] },
  };
}

/**
 * Exactly `round(share × count)` of the indices `first … first+count-1`, drawn from the
 * seed: the same seed picks the same gateways, whatever order they enroll in.
 */
export function pickIndices(first: number, count: number, share: number, seed: string): Set<number> {
  const random = seededRandom(seed);
  const indices = Array.from({ length: count }, (_, i) => first + i);
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = indices[i];
    const b = indices[j];
    if (a === undefined || b === undefined) continue;
    indices[i] = b;
    indices[j] = a;
  }
  return new Set(indices.slice(0, Math.round(share * count)));
}
