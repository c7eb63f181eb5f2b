'use client';

import Link from 'next/link';
import { type AppView, type ReleasePage } from '@/api/apps';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import { HashChip } from './hash-chip';

/** One app in the list, with the hash of its latest release read from its newest release. */
export function AppRow({ app }: { app: AppView }) {
  const latest = useApi<ReleasePage>(app.latestRelease === null ? null : `/apps/${encodeURIComponent(app.id)}/releases?limit=1`);
  const hash = latest.data?.items[0]?.contentHash;
  return (
    <tr>
      <td>
        <Link href={`/apps/${encodeURIComponent(app.id)}`} className="strong-link">
          {app.id}
        </Link>
      </td>
      <td className="cell-wrap muted">{app.description === '' ? '—' : app.description}</td>
      <td>
        {app.latestRelease === null ? (
          <span className="badge badge-idle">no release</span>
        ) : (
          <span className="release-cell">
            <span className="badge badge-info">v{app.latestRelease.version}</span>
            {hash === undefined ? null : <HashChip hash={hash} />}
          </span>
        )}
      </td>
      <td className="cell-num">{app.releaseCount}</td>
      <td title={absoluteTime(app.createdAt)}>{relativeTime(app.createdAt)}</td>
    </tr>
  );
}
