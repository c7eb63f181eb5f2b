'use client';

import { useRouter } from 'next/navigation';
import { deleteAppPath, type AppView, type DeletedApp } from '@/api/apps';
import { ConfirmButton } from '@/components/confirm-button';
import { api, query } from '@/lib/api';
import { useApi } from '@/lib/use-api';

const COUNT_LIMIT = 500;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Deletes the app after saying what goes with it: its releases and deployments, on every gateway. */
export function DeleteAppButton({ app }: { app: AppView }) {
  const router = useRouter();
  const deployments = useApi<{ items: unknown[]; nextCursor: string | null }>(`/deployments${query({ appId: app.id, limit: COUNT_LIMIT })}`);
  const deploymentCount =
    deployments.data === undefined ? 'its deployments' : `${deployments.data.nextCursor === null ? '' : 'more than '}${plural(deployments.data.items.length, 'deployment')}`;
  return (
    <ConfirmButton
      label="Delete app"
      confirmLabel={`Delete ${app.id}`}
      message={
        <p>
          <strong>{app.id}</strong> is deleted with {plural(app.releaseCount, 'release')} and {deploymentCount}. Every gateway that runs it stops and removes it. This cannot be undone.
        </p>
      }
      onConfirm={async () => {
        await api<DeletedApp>(deleteAppPath(app.id), { method: 'DELETE' });
        router.push('/apps');
      }}
    />
  );
}
