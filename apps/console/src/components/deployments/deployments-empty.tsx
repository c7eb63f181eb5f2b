'use client';

import Link from 'next/link';
import type { AppPage } from '@/api/deployments';
import { EmptyState } from '@/components/empty-state';
import { useApi } from '@/lib/use-api';

/** No deployments yet: a release to deploy, or the way to make one. */
export function DeploymentsEmpty() {
  const apps = useApi<AppPage>('/apps?limit=500');
  if (apps.data === undefined) return null;
  const hasRelease = apps.data.items.some((app) => app.releaseCount > 0);
  if (!hasRelease) {
    return (
      <EmptyState
        title="Nothing to deploy yet"
        action={
          <Link className="button primary" href="/apps">
            Go to apps
          </Link>
        }
      >
        A deployment sends a release of an app to gateways. Create an app and cut a release first.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title="No deployments yet"
      action={
        <Link className="button primary" href="/deployments/new">
          Deploy a release
        </Link>
      }
    >
      Deploy a release to the gateways whose labels match a selector, all at once or in waves.
    </EmptyState>
  );
}
