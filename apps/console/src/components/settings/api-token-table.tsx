'use client';

import type { ApiTokenView } from '@/api/api-tokens';
import { ConfirmButton } from '@/components/confirm-button';
import { DataTable, type Column } from '@/components/data-table';
import { api } from '@/lib/api';
import { absoluteTime, relativeTime } from '@/lib/format';

const COLUMNS: readonly Column[] = [{ label: 'Name' }, { label: 'Created' }, { label: 'Last used' }, { label: 'Expires' }, { label: 'Actions', isLabelHidden: true }];

/** The signed-in user's API tokens, each revocable. */
export function ApiTokenTable({ tokens, onRevoked }: { tokens: readonly ApiTokenView[]; onRevoked: () => Promise<unknown> }) {
  const now = Date.now();
  return (
    <DataTable columns={COLUMNS}>
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
    </DataTable>
  );
}
