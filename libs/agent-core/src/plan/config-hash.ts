import { canonicalHash, type ServiceSpec } from '@gantry/app-spec';
import { UPDATABLE_CAPS } from '../state/caps.js';

/**
 * Hash of everything in a service spec that needs a new container to change. The values
 * of in-place-updatable caps are left out (only whether each is set counts), so a caps
 * change updates the running container instead of replacing it.
 */
export function configHash(spec: ServiceSpec): string {
  const resources: Record<string, unknown> = { ...spec.resources };
  for (const cap of UPDATABLE_CAPS) resources[cap] = spec.resources[cap] !== null;
  return canonicalHash({ ...spec, resources }).slice(0, 16);
}

/**
 * Docker name of a service's container. The config hash in it makes a retried create
 * after a crash collide with the container it already made, instead of duplicating it.
 */
export function containerName(appId: string, service: string, hash: string): string {
  return `gantry_${appId}_${service}_${hash.slice(0, 12)}`;
}
