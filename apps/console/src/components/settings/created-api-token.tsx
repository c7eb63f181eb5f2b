import type { CreatedApiToken } from '@/api/api-tokens';
import { CopyBlock } from '@/components/enrollment/copy-block';

/** The secret of an API token just created, with how to use it; it is never shown again. */
export function CreatedApiTokenCard({ token, onDismiss }: { token: CreatedApiToken; onDismiss: () => void }) {
  return (
    <section className="card created-card" aria-labelledby="created-api-token-title">
      <div className="created-head">
        <h2 id="created-api-token-title">Token “{token.name}” created</h2>
        <button type="button" className="button small" onClick={onDismiss}>
          Done
        </button>
      </div>
      <CopyBlock text={token.token} label="API token" />
      <div className="banner banner-warn">
        <strong>Copy the token now: it is shown only once.</strong>
        <p>
          Send it as <code>Authorization: Bearer &lt;token&gt;</code>. If it is lost, revoke it and create another.
        </p>
      </div>
    </section>
  );
}
