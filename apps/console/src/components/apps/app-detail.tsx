'use client';

import Link from 'next/link';
import { useState } from 'react';
import { deployReleaseHref, type AppView, type ReleasePage } from '@/api/apps';
import { EmptyState } from '@/components/empty-state';
import { ErrorBanner } from '@/components/error-banner';
import { LiveIndicator } from '@/components/live-indicator';
import { PageHeader } from '@/components/page-header';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useLive } from '@/lib/live';
import { useApi } from '@/lib/use-api';
import { DeleteAppButton } from './delete-app-button';
import { ReleaseDiff } from './release-diff';
import { ReleaseTable } from './release-table';

const RELEASE_LIMIT = 200;

/** One app: its releases, what changed between two of them, and what to do next. */
export function AppDetail({ appId }: { appId: string }) {
  const base = `/apps/${encodeURIComponent(appId)}`;
  const app = useApi<AppView>(base);
  const releases = useApi<ReleasePage>(`${base}/releases?limit=${RELEASE_LIMIT}`);
  const [compared, setCompared] = useState<{ from: number; to: number } | undefined>(undefined);
  const live = useLive({ types: ['app.changed', 'app.deleted'] }, (change) => {
    if (change.data.appId !== appId) return;
    void app.mutate();
    void releases.mutate();
  });

  if (app.error?.status === 404) {
    return (
      <EmptyState title={`No app “${appId}”`} action={<Link className="button" href="/apps">All apps</Link>}>
        It may have been deleted. The apps list shows every app there is.
      </EmptyState>
    );
  }
  if (app.data === undefined) return app.error === undefined ? <p className="muted">Loading {appId}…</p> : <ErrorBanner error={app.error} title="The app could not be loaded" />;

  const view = app.data;
  const items = releases.data?.items ?? [];
  const latest = view.latestRelease?.version;
  const versions = items.map((release) => release.version);
  const defaultPair = versions.length >= 2 ? { from: versions[1] ?? 1, to: versions[0] ?? 1 } : undefined;
  const pair = compared ?? defaultPair;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/apps">Apps</Link> <span aria-hidden>/</span> <span>{view.id}</span>
      </nav>
      <PageHeader
        title={view.id}
        subtitle={view.description === '' ? 'No description.' : view.description}
        actions={
          <>
            <LiveIndicator state={live} />
            <Link className="button primary" href={`${base}/releases/new`}>
              Cut a new release
            </Link>
            {latest === undefined ? null : (
              <Link className="button" href={deployReleaseHref(view.id, latest)}>
                Deploy v{latest}
              </Link>
            )}
            <DeleteAppButton app={view} />
          </>
        }
      />
      <div className="stats card">
        <div className="stat">
          <span className="muted">Latest release</span>
          <strong>{latest === undefined ? '—' : `v${latest}`}</strong>
        </div>
        <div className="stat">
          <span className="muted">Releases</span>
          <strong>{view.releaseCount}</strong>
        </div>
        <div className="stat">
          <span className="muted">Created</span>
          <strong title={absoluteTime(view.createdAt)}>{relativeTime(view.createdAt)}</strong>
        </div>
      </div>
      <ErrorBanner error={releases.error} title="The releases could not be loaded" />
      <section className="page-section" aria-labelledby="releases-title">
        <h2 id="releases-title">Releases</h2>
        {releases.data === undefined ? (
          releases.error === undefined ? <p className="muted">Loading releases…</p> : null
        ) : items.length === 0 ? (
          <EmptyState title="No releases yet" action={<Link className="button primary" href={`${base}/releases/new`}>Cut the first release</Link>}>
            A release is an immutable copy of the manifest that deployments send to gateways. Cut one to deploy {view.id}.
          </EmptyState>
        ) : (
          <>
            <ReleaseTable releases={items} latestVersion={latest} onCompare={(from, to) => setCompared({ from, to })} />
            {releases.data.nextCursor === null ? null : <p className="muted">Showing the newest {RELEASE_LIMIT} releases.</p>}
          </>
        )}
      </section>
      {pair === undefined ? null : <ReleaseDiff appId={view.id} versions={versions} from={pair.from} to={pair.to} onChange={(from, to) => setCompared({ from, to })} />}
    </>
  );
}
