'use client';

import Link from 'next/link';
import type { EnrollmentTokenView } from '@/api/enrollment';
import { ConfirmButton } from '@/components/confirm-button';
import { api } from '@/lib/api';
import { absoluteTime, relativeTime } from '@/lib/format';

const STATE_BADGE: Record<EnrollmentTokenView['state'], string> = { unused: 'badge-info', used: 'badge-good', expired: 'badge-idle' };

/** One enrollment token: its state, lifetime, labels and the gateway that used it. */
export function TokenRow({ token, onRemoved }: { token: EnrollmentTokenView; onRemoved: () => Promise<unknown> }) {
  const labels = Object.entries(token.labels);
  const remove = async () => {
    await api(`/enrollment-tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
    await onRemoved();
  };
  const name = token.note === '' ? `the token created ${relativeTime(token.createdAt)}` : `“${token.note}”`;
  return (
    <tr>
      <td>
        <span className={`badge ${STATE_BADGE[token.state]}`}>{token.state}</span>
      </td>
      <td className="cell-wrap">{token.note === '' ? <span className="muted">—</span> : token.note}</td>
      <td className="cell-wrap">
        {labels.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          labels.map(([key, value]) => (
            <span key={key} className="label-chip">
              {key}={value}
            </span>
          ))
        )}
      </td>
      <td title={absoluteTime(token.createdAt)}>{relativeTime(token.createdAt)}</td>
      <td title={absoluteTime(token.expiresAt)}>{token.state === 'used' ? <span className="muted">—</span> : relativeTime(token.expiresAt)}</td>
      <td>
        {token.usedByDeviceId === null ? (
          <span className="muted">not used</span>
        ) : (
          <span title={absoluteTime(token.usedAt)}>
            <Link href={`/gateways/${encodeURIComponent(token.usedByDeviceId)}`}>{token.usedByDeviceId}</Link>
          </span>
        )}
      </td>
      <td>
        {token.state === 'unused' ? (
          <ConfirmButton label="Revoke" confirmLabel="Revoke token" message={<p>Revoke {name}? A gateway that has not enrolled with it yet cannot use it any more.</p>} onConfirm={remove} />
        ) : (
          <ConfirmButton label="Delete" confirmLabel="Delete token" message={<p>Delete {name} from this list? {token.state === 'used' ? 'The gateway it enrolled keeps its own credentials.' : 'It has expired and cannot be used anyway.'}</p>} onConfirm={remove} />
        )}
      </td>
    </tr>
  );
}
