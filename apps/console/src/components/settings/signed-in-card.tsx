'use client';

import type { MeResponse } from '@/api/api-tokens';
import { ErrorBanner } from '@/components/error-banner';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useApi } from '@/lib/use-api';

/** Who this console acts for, and with which credential. */
export function SignedInCard() {
  const me = useApi<MeResponse>('/auth/me');
  if (me.data === undefined) return <ErrorBanner error={me.error} title="Who is signed in could not be read" />;
  const { user, via, expiresAt } = me.data;
  return (
    <section className="card" aria-labelledby="signed-in-title">
      <h2 id="signed-in-title">Signed in</h2>
      <dl className="signed-in-facts">
        <div>
          <dt>User</dt>
          <dd>
            <strong>{user.username}</strong>
          </dd>
        </div>
        <div>
          <dt>Credential</dt>
          <dd>{via === 'session' ? 'Console session' : 'API token'}</dd>
        </div>
        <div>
          <dt>{via === 'session' ? 'Session ends' : 'Token expires'}</dt>
          <dd title={absoluteTime(expiresAt)}>{expiresAt === null ? 'never' : relativeTime(expiresAt)}</dd>
        </div>
        <div>
          <dt>Last login</dt>
          <dd title={absoluteTime(user.lastLoginAt)}>{relativeTime(user.lastLoginAt)}</dd>
        </div>
        <div>
          <dt>User since</dt>
          <dd title={absoluteTime(user.createdAt)}>{relativeTime(user.createdAt)}</dd>
        </div>
      </dl>
    </section>
  );
}
