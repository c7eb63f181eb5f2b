import type { ManifestChange } from '@/api/apps';
import { DataTable, type Column } from '@/components/data-table';
import { showDiffValue } from './diff-lines';

const COLUMNS: readonly Column[] = [{ label: 'Field' }, { label: 'Change' }, { label: 'Before' }, { label: 'After' }];

const KIND_BADGE: Record<ManifestChange['kind'], string> = { added: 'badge-good', removed: 'badge-bad', changed: 'badge-warn' };

/** The per-field changes of a diff: path, what happened, the value before and after. */
export function ChangeList({ changes }: { changes: readonly ManifestChange[] }) {
  if (changes.length === 0) return <p className="muted">The two releases are the same app.</p>;
  return (
    <DataTable columns={COLUMNS} className="change-table">
      {changes.map((change) => (
        <tr key={`${change.kind}:${change.path}`}>
          <td>
            <code>{change.path}</code>
          </td>
          <td>
            <span className={`badge ${KIND_BADGE[change.kind]}`}>{change.kind}</span>
          </td>
          <td className="cell-wrap">
            <code className="value-before">{showDiffValue(change.before)}</code>
          </td>
          <td className="cell-wrap">
            <code className="value-after">{showDiffValue(change.after)}</code>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
