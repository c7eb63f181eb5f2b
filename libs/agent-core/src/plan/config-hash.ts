import { canonicalHash, type ServiceSpec } from '@gantry/app-spec';
import { UPDATABLE_CAPS } from '../state/caps.js';

// The planner, the health judge and every report ask for the hash of the same stored specs
// again and again; canonical JSON plus sha256 of a spec is the agent's costliest pure work.
// Specs are state as data, never changed in place once built, so a spec object's hash
// is remembered for as long as the object lives.
const hashes = new WeakMap<ServiceSpec, string>();

// Equal specs in different objects (each desired message decodes into objects of its own;
// a simulator holds thousands of gateways on one release) share one hash too, keyed by
// their plain JSON: specs are plain data, so equal JSON means equal canonical JSON.
const MAX_HASHED_CONTENTS = 64;
const hashesByContent = new Map<string, string>();

/**
 * Hash of everything in a service spec that needs a new container to change. The values
 * of in-place-updatable caps are left out (only whether each is set counts), so a caps
 * change updates the running container instead of replacing it.
 */
export function configHash(spec: ServiceSpec): string {
  const known = hashes.get(spec);
  if (known !== undefined) return known;
  const resources: Record<string, unknown> = { ...spec.resources };
  for (const cap of UPDATABLE_CAPS) resources[cap] = spec.resources[cap] !== null;
  const hashed = { ...spec, resources };
  const content = JSON.stringify(hashed);
  let hash = hashesByContent.get(content);
  if (hash === undefined) {
    hash = canonicalHash(hashed).slice(0, 16);
    if (hashesByContent.size >= MAX_HASHED_CONTENTS) hashesByContent.delete(hashesByContent.keys().next().value ?? '');
    hashesByContent.set(content, hash);
  }
  hashes.set(spec, hash);
  return hash;
}

/**
 * Docker name of a service's container. The config hash in it makes a retried create
 * after a crash collide with the container it already made, instead of duplicating it.
 */
export function containerName(appId: string, service: string, hash: string): string {
  return `gantry_${appId}_${service}_${hash.slice(0, 12)}`;
}
