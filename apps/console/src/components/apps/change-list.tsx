import type { ManifestChange } from '@/api/apps';
import { showDiffValue } from './diff-lines';

const KIND_BADGE: Record<ManifestChange['kind'], string> = { added: 'badge-good', removed: 'badge-bad', changed: 'badge-warn' };

/** The per-field changes of a diff: path, what happened, the value before and after. */
export function ChangeList({ changes }: { changes: readonly ManifestChange[] }) {
  if (changes.length === 0) return <p className="muted">The two releases are the same app.</p>;
  return (
    <div className="table-wrap">
      <table className="change-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
