'use client';

import Link from 'next/link';
import { deployReleaseHref, type ReleaseSummary, type ReleaseView } from '@/api/apps';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import { HashChip } from './hash-chip';

interface ReleaseRowProps {
  release: ReleaseSummary;
  isLatest: boolean;
  /** The version before this one, for "Changes", when there is one. */
  previous: number | undefined;
  onCompare: (from: number, to: number) => void;
}

/** One release: its version, hash, services (read from its manifest) and what to do with it. */
export function ReleaseRow({ release, isLatest, previous, onCompare }: ReleaseRowProps) {
  const full = useApi<ReleaseView>(`/apps/${encodeURIComponent(release.appId)}/releases/${release.version}`, { revalidateOnFocus: false });
  const services = full.data === undefined ? undefined : Object.keys(full.data.manifest.services).sort();
  return (
    <tr>
      <td>
        <span className="release-cell">
          <strong>v{release.version}</strong>
          {isLatest ? <span className="badge badge-good">latest</span> : null}
        </span>
      </td>
      <td>
        <HashChip hash={release.contentHash} />
      </td>
      <td className="cell-wrap">
        {services === undefined ? (
          <span className="muted">…</span>
        ) : (
          services.map((name) => (
            <span key={name} className="label-chip">
              {name}
            </span>
          ))
        )}
      </td>
      <td>
        <span className="muted">{release.sourceFormat === 'compose' ? 'compose' : 'native'}</span>
      </td>
      <td className="cell-wrap muted">{release.notes === '' ? '—' : release.notes}</td>
      <td title={absoluteTime(release.createdAt)}>{relativeTime(release.createdAt)}</td>
      <td>
        <span className="actions row-actions">
          {previous === undefined ? null : (
            <button type="button" className="button small" onClick={() => onCompare(previous, release.version)}>
              Changes
            </button>
          )}
          <Link className="button small" href={deployReleaseHref(release.appId, release.version)}>
            Deploy this release
          </Link>
        </span>
      </td>
    </tr>
  );
}
