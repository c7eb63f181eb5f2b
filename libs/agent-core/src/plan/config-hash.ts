import { canonicalHash, type ServiceSpec } from '@gantry/app-spec';
import { UPDATABLE_CAPS } from '../state/caps.js';

// The planner, the health judge and every report ask for the hash of the same stored specs
// again and again; canonical JSON plus sha256 of a spec is the agent's costliest pure work.
// Specs are state as data, never changed in place once built, so a spec object's hash
// is remembered for as long as the object lives.
const hashes = new WeakMap<ServiceSpec, string>();

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
  const hash = canonicalHash({ ...spec, resources }).slice(0, 16);
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
