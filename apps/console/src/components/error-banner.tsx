import { ApiError } from '@/lib/api';

/** An API failure in words, with the controller's field issues listed when it sent some. */
export function ErrorBanner({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div className="banner banner-error" role="alert">
      <strong>{title}</strong>
      <p>{message}</p>
      {issues.length > 1 ? (
        <ul>
          {issues.map((issue) => (
            <li key={issue.path + issue.message}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
