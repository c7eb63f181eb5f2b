import type { ReleaseSummary } from '@/api/apps';
import { ReleaseRow } from './release-row';

interface ReleaseTableProps {
  releases: readonly ReleaseSummary[];
  latestVersion: number | undefined;
  onCompare: (from: number, to: number) => void;
}

/** The releases of one app, newest first. */
export function ReleaseTable({ releases, latestVersion, onCompare }: ReleaseTableProps) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Release</th>
            <th scope="col">Content hash</th>
            <th scope="col">Services</th>
            <th scope="col">Source</th>
            <th scope="col">Notes</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {releases.map((release, index) => (
            <ReleaseRow key={release.id} release={release} isLatest={release.version === latestVersion} previous={releases[index + 1]?.version} onCompare={onCompare} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
