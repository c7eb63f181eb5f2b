'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { TargetPage } from '@/api/deployments';
import { DataTable, type Column } from '@/components/data-table';
import { ErrorBanner } from '@/components/error-banner';
import { StatusBadge } from '@/components/status-badge';
import { query } from '@/lib/api';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import type { TargetFilter } from './target-filters';

export const TARGETS_PAGE_SIZE = 25;

const COLUMNS: readonly Column[] = [{ label: 'Gateway' }, { label: 'Wave' }, { label: 'Status' }, { label: 'Since' }, { label: 'Reason' }];

/** The key prefix of every targets page of a deployment, for refetching them all. */
export const targetsKeyPrefix = (deploymentId: string): string => `/deployments/${deploymentId}/targets`;

/** The selected gateways, one page at a time, with where each one is and why it failed. */
export function TargetsTable({ deploymentId, filter }: { deploymentId: string; filter: TargetFilter }) {
  // Cursors of the pages seen so far; the last one is the page shown. Mounted per filter.
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const page = useApi<TargetPage>(`${targetsKeyPrefix(deploymentId)}${query({ status: filter.status, wave: filter.wave, limit: TARGETS_PAGE_SIZE, cursor: cursors.at(-1) })}`);
  const items = page.data?.items;
  const next = page.data?.nextCursor ?? null;
  const none = filter.status === undefined && filter.wave === undefined ? 'No gateway is selected yet; gateways that match the selector later join this deployment.' : 'No gateway matches this filter.';
  const placeholder = items === undefined ? 'Loading gateways…' : items.length === 0 ? none : undefined;

  return (
    <>
      <ErrorBanner error={page.error} title="The gateways could not be loaded" />
      <DataTable columns={COLUMNS} placeholder={placeholder}>
        {items?.map((target) => (
          <tr key={target.deviceId}>
            <td>
              <Link href={`/gateways/${encodeURIComponent(target.deviceId)}`} className="mono">
                {target.deviceId}
              </Link>
            </td>
            <td>{target.wave}</td>
            <td>
              <StatusBadge status={target.status} />
            </td>
            <td title={absoluteTime(target.updatedAt)}>{relativeTime(target.updatedAt)}</td>
            <td className={target.status === 'failed' || target.status === 'rolled-back' ? 'deploy-reason deploy-failed' : 'deploy-reason'}>{target.reason ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </DataTable>
      <nav className="pager" aria-label="Pages of gateways">
        <span className="muted">
          Page {cursors.length}
          {items === undefined ? '' : ` · gateways ${(cursors.length - 1) * TARGETS_PAGE_SIZE + (items.length === 0 ? 0 : 1)}–${(cursors.length - 1) * TARGETS_PAGE_SIZE + items.length}`}
        </span>
        <div className="actions">
          <button type="button" className="button small" disabled={cursors.length === 1} onClick={() => setCursors((seen) => seen.slice(0, -1))}>
            Previous
          </button>
          <button type="button" className="button small" disabled={next === null} onClick={() => setCursors((seen) => (next === null ? seen : [...seen, next]))}>
            Next
          </button>
        </div>
      </nav>
    </>
  );
}
