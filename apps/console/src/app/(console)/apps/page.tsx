'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { AppPage } from '@/api/apps';
import { AppRow } from '@/components/apps/app-row';
import { DataTable, type Column } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { ErrorBanner } from '@/components/error-banner';
import { LiveIndicator } from '@/components/live-indicator';
import { PageHeader } from '@/components/page-header';
import { query } from '@/lib/api';
import { useLive } from '@/lib/live';
import { useApi } from '@/lib/use-api';

const PAGE_SIZE = 50;

const COLUMNS: readonly Column[] = [{ label: 'App' }, { label: 'Description' }, { label: 'Latest release' }, { label: 'Releases' }, { label: 'Created' }];

export default function AppsPage() {
  // The cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const apps = useApi<AppPage>(`/apps${query({ limit: PAGE_SIZE, cursor })}`);
  const live = useLive({ types: ['app.changed', 'app.deleted'] }, () => void apps.mutate());

  const newApp = (
    <Link href="/apps/new" className="button primary">
      New app
    </Link>
  );
  const page = apps.data;
  return (
    <>
      <PageHeader title="Apps" subtitle="What gateways run: each app is a manifest, cut into immutable releases that deployments send out." actions={<><LiveIndicator state={live} />{newApp}</>} />
      <ErrorBanner error={apps.error} title="The apps could not be loaded" />
      {page === undefined ? (
        apps.error === undefined ? <p className="muted">Loading apps…</p> : null
      ) : page.items.length === 0 && cursor === undefined ? (
        <EmptyState title="No apps yet" action={newApp}>
          Create your first app by writing its manifest — services, images, ports, volumes and resource caps — or by importing a docker-compose file. Its first release is cut from that manifest, ready to deploy.
        </EmptyState>
      ) : (
        <>
          <DataTable columns={COLUMNS}>
            {page.items.map((app) => (
              <AppRow key={app.id} app={app} />
            ))}
          </DataTable>
          {cursor === undefined && page.nextCursor === null ? null : (
            <div className="pager">
              <button type="button" className="button" disabled={cursors.length === 0} onClick={() => setCursors((list) => list.slice(0, -1))}>
                Previous
              </button>
              <button type="button" className="button" disabled={page.nextCursor === null} onClick={() => setCursors((list) => (page.nextCursor === null ? list : [...list, page.nextCursor]))}>
                Next
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
