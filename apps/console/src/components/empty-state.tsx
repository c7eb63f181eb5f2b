import type { ReactNode } from 'react';

/** What a list shows when it has nothing yet: what is missing and what to do next. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <h2>{title}</h2>
      {children === undefined ? null : <p>{children}</p>}
      {action === undefined ? null : <div className="actions">{action}</div>}
    </div>
  );
}
