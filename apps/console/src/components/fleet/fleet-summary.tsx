'use client';

import Link from 'next/link';
import type { DeviceSummaryView } from '@/api/devices';
import { useApi } from '@/lib/use-api';

const count = new Intl.NumberFormat('en');

/** The path of the fleet's counts; the fleet view refreshes it with the lists on live events. */
export const FLEET_SUMMARY_PATH = '/devices/summary';

const STATS = [
  { label: 'Gateways', value: (s: DeviceSummaryView) => s.total, href: '/', tone: 'info' },
  { label: 'Online', value: (s: DeviceSummaryView) => s.byStatus.online, href: '/?status=online', tone: 'good' },
  { label: 'Offline', value: (s: DeviceSummaryView) => s.byStatus.offline, href: '/?status=offline', tone: 'idle' },
] as const;

/** The whole fleet at a glance, from one request; each figure links to the fleet filtered by it. */
export function FleetSummary() {
  const { data } = useApi<DeviceSummaryView>(FLEET_SUMMARY_PATH);
  return (
    <section className="fl-summary" aria-label="Fleet summary">
      {STATS.map(({ label, value, href, tone }) => (
        <Link key={label} href={href} className={`fl-stat fl-stat-${tone}`}>
          <span className="muted">{label}</span>
          <strong>{data === undefined ? '…' : count.format(value(data))}</strong>
        </Link>
      ))}
    </section>
  );
}
