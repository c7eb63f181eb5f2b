import { randomBytes } from 'node:crypto';

/**
 * A name no other test run uses, so tests can run twice and side by side:
 * `uniqueName('busybox')` → `busybox-1f3a9c`.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}
