import type { AppView, ReleaseSummary, ReleaseView } from './apps.schemas.js';
import { releaseId, type AppSummary } from './apps.service.js';
import type { Release } from './release.entity.js';

export function toAppView({ app, releaseCount, latestVersion }: AppSummary): AppView {
  return {
    id: app.id,
    description: app.description,
    createdAt: app.createdAt.toISOString(),
    releaseCount,
    latestRelease: latestVersion === null ? null : { id: releaseId(app.id, latestVersion), version: latestVersion },
  };
}

export function toReleaseSummary(release: Release): ReleaseSummary {
  return {
    id: release.id,
    appId: release.appId,
    version: release.version,
    contentHash: release.contentHash,
    sourceFormat: release.sourceFormat,
    notes: release.notes,
    createdAt: release.createdAt.toISOString(),
  };
}

export function toReleaseView(release: Release): ReleaseView {
  return { ...toReleaseSummary(release), manifest: release.manifest, source: release.source };
}
