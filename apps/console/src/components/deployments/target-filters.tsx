'use client';

import { useId } from 'react';
import { TARGET_STATUSES, type TargetStatus } from '@/api/deployments';

export interface TargetFilter {
  status: TargetStatus | undefined;
  wave: number | undefined;
}

const STATUS_WORDS: Record<TargetStatus, string> = {
  pending: 'pending (wave not started)',
  targeted: 'sent',
  acked: 'acked',
  converged: 'converged',
  failed: 'failed',
  'rolled-back': 'rolled back',
  superseded: 'superseded',
};

/** Which gateways the table lists: by status and by wave. */
export function TargetFilters({ value, onChange, waveCount }: { value: TargetFilter; onChange: (next: TargetFilter) => void; waveCount: number }) {
  const id = useId();
  return (
    <div className="deploy-filters">
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={value.status ?? ''} onChange={(event) => onChange({ ...value, status: TARGET_STATUSES.find((status) => status === event.target.value) })}>
          <option value="">all statuses</option>
          {TARGET_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_WORDS[status]}
            </option>
          ))}
        </select>
      </div>
      {waveCount > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-wave`}>Wave</label>
          <select id={`${id}-wave`} value={value.wave ?? ''} onChange={(event) => onChange({ ...value, wave: event.target.value === '' ? undefined : Number(event.target.value) })}>
            <option value="">all waves</option>
            {Array.from({ length: waveCount }, (_, index) => index + 1).map((wave) => (
              <option key={wave} value={wave}>
                wave {wave}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}
