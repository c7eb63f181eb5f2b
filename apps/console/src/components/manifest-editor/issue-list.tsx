import { describeIssue, type EditorIssue } from './manifest-check';

/** The editor's issues as a list, errors first; a click moves the cursor to the line. */
export function IssueList({ issues, onSelect }: { issues: readonly EditorIssue[]; onSelect: (line: number) => void }) {
  if (issues.length === 0) {
    return (
      <p className="issue-summary issue-summary-ok" role="status">
        No problems found.
      </p>
    );
  }
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  const warnings = issues.length - errors;
  const counts = [errors > 0 ? `${errors} ${errors === 1 ? 'error' : 'errors'}` : null, warnings > 0 ? `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : null].filter(Boolean).join(', ');
  return (
    <div className="issue-list" role="status">
      <p className="issue-summary">{counts}</p>
      <ul>
        {issues.map((issue, index) => (
          <li key={`${issue.severity}-${index}-${issue.path}`} className={`issue issue-${issue.severity}`}>
            <span className={`badge ${issue.severity === 'error' ? 'badge-bad' : 'badge-warn'}`}>{issue.severity}</span>
            {issue.line === undefined ? (
              <span>{describeIssue(issue)}</span>
            ) : (
              <button type="button" className="issue-jump" onClick={() => onSelect(issue.line ?? 1)} title={`Go to line ${issue.line}`}>
                {describeIssue(issue)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
