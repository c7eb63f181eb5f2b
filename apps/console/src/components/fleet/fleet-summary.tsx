'use client';

import Link from 'next/link';
import type { DeviceListView } from '@/api/devices';
import { useApi } from '@/lib/use-api';

const count = new Intl.NumberFormat('en');

/** Only `total` is read: one row is the smallest page the controller serves. */
const COUNTS = [
  { label: 'Gateways', path: '/devices?limit=1', href: '/', tone: 'info' },
  { label: 'Online', path: '/devices?limit=1&status=online', href: '/?status=online', tone: 'good' },
  { label: 'Offline', path: '/devices?limit=1&status=offline', href: '/?status=offline', tone: 'idle' },
] as const;

function SummaryStat({ label, path, href, tone }: (typeof COUNTS)[number]) {
  const { data } = useApi<DeviceListView>(path);
  return (
    <Link href={href} className={`fl-stat fl-stat-${tone}`}>
      <span className="muted">{label}</span>
      <strong>{data === undefined ? '…' : count.format(data.total)}</strong>
    </Link>
  );
}

/** The whole fleet at a glance; each figure links to the fleet filtered by it. */
export function FleetSummary() {
  return (
    <section className="fl-summary" aria-label="Fleet summary">
      {COUNTS.map((item) => (
        <SummaryStat key={item.label} {...item} />
      ))}
    </section>
  );
}
