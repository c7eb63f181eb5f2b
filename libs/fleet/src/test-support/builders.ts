import { validateAppSpec, type AppSpec } from '@gantry/app-spec';
import type { Deployment, Device, Release } from '../model.js';
import { parseSelector } from '../selector/parse.js';

/** A normalised one-service manifest for app `name`, with `image` as its only variable part. */
export function manifest(name: string, image = 'registry.local/acme/app:1.0.0'): AppSpec {
  const result = validateAppSpec({ name, services: { main: { image } } });
  if (!result.ok) throw new Error(`test manifest refused: ${JSON.stringify(result.errors)}`);
  return result.spec;
}

/** A device with the given labels. */
export function device(id: string, labels: Record<string, string> = {}): Device {
  return { id, labels };
}

/** A release `id` of `appId` with a default manifest. */
export function release(id: string, appId: string, overrides: Partial<Release> = {}): Release {
  return { id, appId, manifest: manifest(appId), createdAt: new Date('2025-01-01T00:00:00Z'), ...overrides };
}

/** An active deployment with selector text parsed (throws on a bad selector: tests only). */
export function deployment(
  id: string,
  appId: string,
  releaseId: string,
  selector = '',
  overrides: Partial<Omit<Deployment, 'selector'>> = {},
): Deployment {
  const parsed = parseSelector(selector);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return {
    id,
    appId,
    releaseId,
    selector: parsed.selector,
    priority: 0,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    state: 'active',
    ...overrides,
  };
}
