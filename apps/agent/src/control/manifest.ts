import type { TargetApp, TargetInput, StoredTarget } from '@gantry/agent-core';
import { canonicalHash, contentHash, importCompose, parseAppSpec, type AppSpec, type Issue } from '@gantry/app-spec';
import type { ApplyRequestSchema } from './contract.js';
import type * as z from 'zod/mini';

/** A manifest read for `apply`: the app it defines, or what is wrong with it. */
export type ManifestResult = { ok: true; spec: AppSpec; warnings: Issue[] } | { ok: false; issues: Issue[]; warnings: Issue[] };

/** Reads a manifest in Gantry's own format or as a docker-compose file. */
export function readManifest(request: z.output<typeof ApplyRequestSchema>): ManifestResult {
  const result =
    request.format === 'compose'
      ? importCompose(request.manifest, request.name ? { name: request.name } : {})
      : parseAppSpec(request.manifest, { format: request.format });
  if (!result.ok) return { ok: false, issues: result.errors, warnings: result.warnings };
  if (request.name && request.format !== 'compose' && request.name !== result.spec.name) {
    return { ok: false, issues: [{ path: 'name', message: `the manifest names the app "${result.spec.name}", not "${request.name}"` }], warnings: result.warnings };
  }
  return { ok: true, spec: result.spec, warnings: result.warnings };
}

/**
 * The target after `apply` of one app in local mode: the stored target with this app
 * added or replaced. Its release id is the manifest's content hash, so applying the same
 * manifest twice is recognised as no change.
 */
export function localTarget(stored: StoredTarget | null, spec: AppSpec, healthyWithinMs: number): { input: TargetInput; app: TargetApp } {
  const app: TargetApp = { appId: spec.name, releaseId: `local-${contentHash(spec).slice(0, 12)}`, spec, healthyWithinMs };
  const apps = { ...(stored?.apps ?? {}), [app.appId]: app };
  const hash = `sha256:${canonicalHash(Object.fromEntries(Object.entries(apps).map(([id, a]) => [id, a.releaseId])))}`;
  const unchanged = stored?.hash === hash && stored.source === 'local';
  return { input: { source: 'local', version: unchanged ? stored.version : (stored?.version ?? 0) + 1, hash, apps }, app };
}
