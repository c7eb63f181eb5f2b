'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { releaseVersion, type DeploymentDetail } from '@/api/deployments';
import { ConfirmButton } from '@/components/confirm-button';
import { api } from '@/lib/api';
import { canAct } from './rollout-state';

interface RolloutActionsProps {
  deployment: DeploymentDetail;
  onChanged: (next: DeploymentDetail) => void;
  onError: (error: unknown) => void;
}

/** Pause, resume, roll back and delete, each offered only in the phases the controller allows it. */
export function RolloutActions({ deployment, onChanged, onError }: RolloutActionsProps) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const path = `/deployments/${deployment.id}`;
  const what = `${deployment.appId} ${releaseVersion(deployment.releaseId)}`;

  const act = async (action: 'pause' | 'resume') => {
    setBusy(action);
    onError(undefined);
    try {
      onChanged(await api<DeploymentDetail>(`${path}/${action}`, { method: 'POST' }));
    } catch (error) {
      onError(error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      {canAct('pause', deployment.phase) ? (
        <button type="button" className="button" disabled={busy !== undefined} onClick={() => void act('pause')}>
          {busy === 'pause' ? 'Pausing…' : 'Pause'}
        </button>
      ) : null}
      {canAct('resume', deployment.phase) ? (
        <button type="button" className="button primary" disabled={busy !== undefined} onClick={() => void act('resume')} title={deployment.phase === 'halted' ? 'Starts the next wave despite the failures' : undefined}>
          {busy === 'resume' ? 'Resuming…' : deployment.phase === 'halted' ? 'Resume anyway' : 'Resume'}
        </button>
      ) : null}
      {canAct('rollback', deployment.phase) ? (
        <ConfirmButton
          label="Roll back"
          confirmLabel={`Roll back ${what}`}
          message={
            <p>
              The deployment is withdrawn and no further waves start. Each of its gateways goes back to what else wins for <strong>{deployment.appId}</strong> there (another deployment of the app), or removes the app where nothing does. This cannot be resumed; deploy again to retry.
            </p>
          }
          onConfirm={async () => onChanged(await api<DeploymentDetail>(`${path}/rollback`, { method: 'POST' }))}
        />
      ) : null}
      <ConfirmButton
        label="Delete"
        confirmLabel={`Delete deployment of ${what}`}
        message={
          <p>
            The deployment and its rollout history are deleted.{' '}
            {deployment.phase === 'rolled-back' ? 'It is already rolled back, so no gateway changes.' : `Gateways it reached fall back as after a roll back: to another deployment of ${deployment.appId}, or without the app.`}
          </p>
        }
        onConfirm={async () => {
          await api(path, { method: 'DELETE' });
          router.push('/deployments');
        }}
      />
    </>
  );
}
