import type { ReleaseSummary } from '@/api/apps';
import { DataTable, type Column } from '@/components/data-table';
import { ReleaseRow } from './release-row';

const COLUMNS: readonly Column[] = [
  { label: 'Release' },
  { label: 'Content hash' },
  { label: 'Services' },
  { label: 'Source' },
  { label: 'Notes' },
  { label: 'Created' },
  { label: 'Actions', isLabelHidden: true },
];

interface ReleaseTableProps {
  releases: readonly ReleaseSummary[];
  latestVersion: number | undefined;
  onCompare: (from: number, to: number) => void;
}

/** The releases of one app, newest first. */
export function ReleaseTable({ releases, latestVersion, onCompare }: ReleaseTableProps) {
  return (
    <DataTable columns={COLUMNS}>
      {releases.map((release, index) => (
        <ReleaseRow key={release.id} release={release} isLatest={release.version === latestVersion} previous={releases[index + 1]?.version} onCompare={onCompare} />
      ))}
    </DataTable>
  );
}
