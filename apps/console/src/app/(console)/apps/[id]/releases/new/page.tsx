'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { AppView, ReleaseView } from '@/api/apps';
import { CutReleaseForm } from '@/components/apps/cut-release-form';
import { ErrorBanner } from '@/components/error-banner';
import { PageHeader } from '@/components/page-header';
import { useApi } from '@/lib/use-api';

export default function CutReleasePage() {
  const params = useParams<{ id: string }>();
  const appId = decodeURIComponent(params.id);
  const base = `/apps/${encodeURIComponent(appId)}`;
  // Read once: the editor must not change under the user when the app changes elsewhere.
  const once = { revalidateOnFocus: false, revalidateIfStale: false } as const;
  const app = useApi<AppView>(base, once);
  const version = app.data?.latestRelease?.version;
  const latest = useApi<ReleaseView>(version === undefined ? null : `${base}/releases/${version}`, once);
  const isReady = app.data !== undefined && (version === undefined || latest.data !== undefined);
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/apps">Apps</Link> <span aria-hidden>/</span> <Link href={base}>{appId}</Link> <span aria-hidden>/</span> <span>New release</span>
      </nav>
      <PageHeader
        title={`Cut a release of ${appId}`}
        subtitle={version === undefined ? 'The first release of this app.' : `The editor starts with the manifest of v${version}. A release is immutable once cut.`}
      />
      <ErrorBanner error={app.error ?? latest.error} title="The app could not be loaded" />
      {isReady ? <CutReleaseForm key={version ?? 0} appId={appId} latest={latest.data} /> : app.error === undefined && latest.error === undefined ? <p className="muted">Loading the latest manifest…</p> : null}
    </>
  );
}
