'use client';

import type { ApiTokenView } from '@/api/api-tokens';
import { ConfirmButton } from '@/components/confirm-button';
import { api } from '@/lib/api';
import { absoluteTime, relativeTime } from '@/lib/format';

/** The signed-in user's API tokens, each revocable. */
export function ApiTokenTable({ tokens, onRevoked }: { tokens: readonly ApiTokenView[]; onRevoked: () => Promise<unknown> }) {
  const now = Date.now();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const isExpired = token.expiresAt !== null && Date.parse(token.expiresAt) <= now;
            return (
              <tr key={token.id}>
                <td>
                  <strong>{token.name}</strong>
                </td>
                <td title={absoluteTime(token.createdAt)}>{relativeTime(token.createdAt)}</td>
                <td title={absoluteTime(token.lastUsedAt)}>{token.lastUsedAt === null ? <span className="muted">never</span> : relativeTime(token.lastUsedAt)}</td>
                <td title={absoluteTime(token.expiresAt)}>
                  {token.expiresAt === null ? <span className="muted">never</span> : isExpired ? <span className="badge badge-idle">expired</span> : relativeTime(token.expiresAt)}
                </td>
                <td>
                  <ConfirmButton
                    label="Revoke"
                    confirmLabel={`Revoke ${token.name}`}
                    message={<p>Requests carrying “{token.name}” are refused from now on. Scripts that use it stop working.</p>}
                    onConfirm={async () => {
                      await api(`/api-tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
                      await onRevoked();
                    }}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
