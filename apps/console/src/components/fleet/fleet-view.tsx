'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { useSWRConfig } from 'swr';
import type { DeviceListView, DeviceSortField } from '@/api/devices';
import { useThrottled } from '@/components/deployments/use-throttled';
import { EmptyState } from '@/components/empty-state';
import { ErrorBanner } from '@/components/error-banner';
import { LiveIndicator } from '@/components/live-indicator';
import { PageHeader } from '@/components/page-header';
import { useLive } from '@/lib/live';
import { useApi } from '@/lib/use-api';
import { FleetFilters } from './fleet-filters';
import { FleetPager } from './fleet-pager';
import { changeFleetQuery, devicesPath, fleetQueryFromSearch, isFiltered, nextSort, searchFromFleetQuery, type FleetQuery } from './fleet-query';
import { FLEET_SUMMARY_PATH, FleetSummary } from './fleet-summary';
import { FleetTable } from './fleet-table';
import { useNow } from './use-now';

const LIVE_TYPES = ['device.online', 'device.offline', 'device.reported', 'device.enrolled', 'device.revoked', 'device.labels-changed'];

/** What a live event can change on screen: the page of gateways (a `/devices?` key) and the counts. */
const isFleetData = (key: unknown) => typeof key === 'string' && (key.startsWith('/devices?') || key === FLEET_SUMMARY_PATH);

/** The fleet table with its filters, order and page taken from (and written to) the URL. */
export function FleetView() {
  const params = useSearchParams();
  const router = useRouter();
  const fleet = useMemo(() => fleetQueryFromSearch(params), [params]);
  const list = useApi<DeviceListView>(devicesPath(fleet));
  const { mutate } = useSWRConfig();
  const now = useNow();

  // A fleet of thousands can report many times a second; one refetch per second is plenty.
  const revalidate = useThrottled(() => void mutate(isFleetData), 1000);
  const live = useLive({ types: LIVE_TYPES }, revalidate);

  const go = useCallback(
    (next: FleetQuery, isRefinement = false) => {
      const url = `/${searchFromFleetQuery(next)}`;
      if (isRefinement) router.replace(url, { scroll: false });
      else router.push(url, { scroll: false });
    },
    [router],
  );
  const change = useCallback((patch: Partial<FleetQuery>) => go(changeFleetQuery(fleet, patch)), [fleet, go]);
  // Typing more of a search refines it in place; starting or clearing one is a step back can undo.
  const search = useCallback((q: string) => go(changeFleetQuery(fleet, { q }), fleet.q !== '' && q !== ''), [fleet, go]);
  const sortBy = useCallback((field: DeviceSortField) => change({ sort: nextSort(fleet.sort, field) }), [fleet.sort, change]);

  const page = list.data;
  const isEmptyFleet = page !== undefined && page.total === 0 && !isFiltered(fleet);

  return (
    <>
      <title>Fleet · Gantry</title>
      <PageHeader title="Fleet" subtitle="Every gateway, its apps and how much of its capacity they use." actions={<LiveIndicator state={live} />} />
      <FleetSummary />
      {isEmptyFleet ? (
        <EmptyState
          title="No gateways yet"
          action={
            <Link href="/enrollment" className="button primary">
              Create an enrollment token
            </Link>
          }
        >
          Gateways join the fleet with a one-time enrollment token. Create one on the Enrollment page and run the command it gives you on the gateway.
        </EmptyState>
      ) : (
        <>
          <FleetFilters fleet={fleet} onChange={change} onSearch={search} />
          <ErrorBanner error={list.error} title="The gateways could not be loaded" />
          {page === undefined ? (
            list.error === undefined ? <p className="muted">Loading gateways…</p> : null
          ) : page.items.length === 0 ? (
            page.total > 0 ? (
              <EmptyState title="This page is past the end" action={<button type="button" className="button" onClick={() => change({ offset: 0 })}>Go to the first page</button>}>
                {`Only ${page.total} gateways match now.`}
              </EmptyState>
            ) : (
              <EmptyState title="No gateway matches these filters" action={<button type="button" className="button" onClick={() => change({ q: '', status: undefined, labels: [] })}>Clear filters</button>}>
                Try another search, status or label.
              </EmptyState>
            )
          ) : (
            <>
              <FleetTable devices={page.items} sort={fleet.sort} onSort={sortBy} now={now} isLoading={list.isValidating} />
              <FleetPager offset={fleet.offset} limit={fleet.limit} total={page.total} shown={page.items.length} onOffset={(offset) => change({ offset })} onLimit={(limit) => change({ limit })} />
            </>
          )}
        </>
      )}
    </>
  );
}
