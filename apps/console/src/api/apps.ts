import type { AppSpec, Issue } from '@gantry/app-spec';
import { AppNameSchema } from '@gantry/app-spec';

/*
 * The apps API as the console reads it, mirroring apps/controller/src/apps/apps.schemas.ts
 * (AppViewSchema, ReleaseSummarySchema, ReleaseViewSchema, CutReleaseSchema,
 * ReleaseDiffSchema, InvalidManifestSchema, DeletedAppSchema).
 */

/** Which reader the controller sends manifest text to. */
export type ManifestFormat = 'gantry' | 'compose';

export interface AppView {
  id: string;
  description: string;
  createdAt: string;
  releaseCount: number;
  latestRelease: { id: string; version: number } | null;
}

export interface AppPage {
  items: AppView[];
  nextCursor: string | null;
}

export interface ReleaseSummary {
  id: string;
  appId: string;
  version: number;
  contentHash: string;
  sourceFormat: ManifestFormat;
  notes: string;
  createdAt: string;
}

export interface ReleasePage {
  items: ReleaseSummary[];
  nextCursor: number | null;
}

export interface ReleaseView extends ReleaseSummary {
  manifest: AppSpec;
  source: string;
}

export interface CutRelease extends ReleaseView {
  /** False when the manifest equals the latest release, which is returned instead. */
  created: boolean;
  warnings: Issue[];
}

export interface ManifestChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface ReleaseDiff {
  from: string;
  to: string;
  changes: ManifestChange[];
  unifiedDiff: string;
}

export interface DeletedApp {
  appId: string;
  releasesDeleted: number;
  deploymentsDeleted: number;
}

/** The answer to DELETE needs the id repeated, so a stray request cannot delete an app. */
export function deleteAppPath(appId: string): string {
  return `/apps/${encodeURIComponent(appId)}?confirm=${encodeURIComponent(appId)}`;
}

/** Why an app id would be refused (AppIdSchema), or undefined when it is fine. */
export function appIdProblem(id: string): string | undefined {
  if (id === '') return 'give the app an id';
  const parsed = AppNameSchema.safeParse(id);
  return parsed.success ? undefined : `the id ${parsed.error.issues[0]?.message ?? 'is not valid'}`;
}

/** The first characters of a sha256 content hash, enough to tell releases apart at a glance. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** Where the deployment form starts with this release chosen. */
export function deployReleaseHref(appId: string, version: number): string {
  return `/deployments/new?${new URLSearchParams({ app: appId, release: String(version) }).toString()}`;
}
