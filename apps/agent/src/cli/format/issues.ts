import type * as z from 'zod/mini';
import type { IssueSchema } from '../../control/contract.js';

/** A manifest issue as a person reads it: `services.web.image (line 4): must name an image`. */
export function formatIssue(issue: z.infer<typeof IssueSchema>): string {
  const where = issue.path === '' ? '(top)' : issue.path;
  const line = issue.line === undefined ? '' : ` (line ${issue.line})`;
  return `${where}${line}: ${issue.message}`;
}
