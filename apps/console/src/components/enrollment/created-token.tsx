import type { CreatedEnrollmentToken } from '@/api/enrollment';
import { absoluteTime, relativeTime } from '@/lib/format';
import { CopyBlock } from './copy-block';

/** The enroll command of a token just created; the token cannot be shown again. */
export function CreatedToken({ token, onDismiss }: { token: CreatedEnrollmentToken; onDismiss: () => void }) {
  return (
    <section className="card created-card" aria-labelledby="created-token-title">
      <div className="created-head">
        <h2 id="created-token-title">Run this on the gateway</h2>
        <button type="button" className="button small" onClick={onDismiss}>
          Done
        </button>
      </div>
      <CopyBlock text={token.command} label="Enroll command" />
      <div className="banner banner-warn">
        <strong>The token is shown only once.</strong>
        <p>
          Copy the command now: the controller keeps only a hash of the token. It works once, until {absoluteTime(token.expiresAt)} ({relativeTime(token.expiresAt)}).
        </p>
      </div>
    </section>
  );
}
