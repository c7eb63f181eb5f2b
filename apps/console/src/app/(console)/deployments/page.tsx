'use client';

import Link from 'next/link';
import { useState } from 'react';
import { toProgressEvent, type DeploymentPage } from '@/api/deployments';
import { DeploymentsEmpty } from '@/components/deployments/deployments-empty';
import { DeploymentsTable } from '@/components/deployments/deployments-table';
import { withProgress } from '@/components/deployments/rollout-state';
import { useThrottled } from '@/components/deployments/use-throttled';
import { ErrorBanner } from '@/components/error-banner';
import { LiveIndicator } from '@/components/live-indicator';
import { PageHeader } from '@/components/page-header';
import { query } from '@/lib/api';
import { useLive } from '@/lib/live';
import { useApi } from '@/lib/use-api';

const PAGE_SIZE = 25;

export default function DeploymentsPage() {
  // The cursors of the pages seen so far; the last one is the page shown.
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const page = useApi<DeploymentPage>(`/deployments${query({ limit: PAGE_SIZE, cursor })}`);
  const refetch = useThrottled(() => void page.mutate(), 1000);

  const live = useLive({ types: ['deployment.progress', 'deployment.changed'] }, (change) => {
    const progress = change.type === 'deployment.progress' ? toProgressEvent(change.data) : undefined;
    if (progress === undefined) {
      refetch();
      return;
    }
    void page.mutate((current) => current && { ...current, items: current.items.map((item) => (item.id === progress.deploymentId ? withProgress(item, progress) : item)) }, { revalidate: false });
  });

  const items = page.data?.items;
  return (
    <>
      <PageHeader
        title="Deployments"
        subtitle="Releases sent to the gateways whose labels match a selector, and how far each rollout got."
        actions={
          <>
            <LiveIndicator state={live} />
            <Link className="button primary" href="/deployments/new">
              Deploy a release
            </Link>
          </>
        }
      />
      <ErrorBanner error={page.error} title="Deployments could not be loaded" />
      {items === undefined ? (
        page.error === undefined ? <p className="muted">Loading deployments…</p> : null
      ) : items.length === 0 && cursors.length === 1 ? (
        <DeploymentsEmpty />
      ) : (
        <>
          <DeploymentsTable items={items} />
          <nav className="pager" aria-label="Pages of deployments">
            <span className="muted">
              Page {cursors.length} · {items.length} deployment{items.length === 1 ? '' : 's'}
            </span>
            <div className="actions">
              <button type="button" className="button small" disabled={cursors.length === 1} onClick={() => setCursors((seen) => seen.slice(0, -1))}>
                Previous
              </button>
              <button type="button" className="button small" disabled={page.data?.nextCursor == null} onClick={() => setCursors((seen) => (page.data?.nextCursor == null ? seen : [...seen, page.data.nextCursor]))}>
                Next
              </button>
            </div>
          </nav>
        </>
      )}
    </>
  );
}
