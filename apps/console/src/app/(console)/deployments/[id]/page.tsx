'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { useSWRConfig } from 'swr';
import { releaseVersion, toProgressEvent, type DeploymentDetail } from '@/api/deployments';
import { PhaseBadge } from '@/components/deployments/phase-badge';
import { RolloutActions } from '@/components/deployments/rollout-actions';
import { RolloutFacts } from '@/components/deployments/rollout-facts';
import { withProgress } from '@/components/deployments/rollout-state';
import { RolloutStatus } from '@/components/deployments/rollout-status';
import { TargetFilters, type TargetFilter } from '@/components/deployments/target-filters';
import { TargetsTable, targetsKeyPrefix } from '@/components/deployments/targets-table';
import { useThrottled } from '@/components/deployments/use-throttled';
import { WaveTable } from '@/components/deployments/wave-table';
import { EmptyState } from '@/components/empty-state';
import { ErrorBanner } from '@/components/error-banner';
import { LiveIndicator } from '@/components/live-indicator';
import { PageHeader } from '@/components/page-header';
import { useLive } from '@/lib/live';
import { useApi } from '@/lib/use-api';

export default function RolloutPage() {
  const { id } = useParams<{ id: string }>();
  const detail = useApi<DeploymentDetail>(`/deployments/${id}`);
  const { mutate } = useSWRConfig();
  const [filter, setFilter] = useState<TargetFilter>({ status: undefined, wave: undefined });
  const [actionError, setActionError] = useState<unknown>(undefined);

  // Progress events carry the totals at once; waves and gateway rows come with a refetch, at most once a second.
  const refetch = useThrottled(() => {
    void detail.mutate();
    void mutate((key) => typeof key === 'string' && key.startsWith(targetsKeyPrefix(id)));
  }, 1000);
  const live = useLive({ types: ['deployment.progress', 'deployment.changed'] }, (change) => {
    if (change.data.deploymentId !== id) return;
    const progress = change.type === 'deployment.progress' ? toProgressEvent(change.data) : undefined;
    if (progress !== undefined) void detail.mutate((current) => current && withProgress(current, progress), { revalidate: false });
    refetch();
  });

  const deployment = detail.data;
  if (deployment === undefined) {
    if (detail.error?.status === 404) {
      return (
        <EmptyState
          title="This deployment does not exist"
          action={
            <Link className="button" href="/deployments">
              All deployments
            </Link>
          }
        >
          It may have been deleted, with its app or by hand.
        </EmptyState>
      );
    }
    return detail.error === undefined ? <p className="muted">Loading the rollout…</p> : <ErrorBanner error={detail.error} title="The deployment could not be loaded" />;
  }

  const version = releaseVersion(deployment.releaseId);
  return (
    <>
      <nav aria-label="Breadcrumb" className="deploy-crumbs">
        <Link href="/deployments">Deployments</Link> / <span>{deployment.appId} {version}</span>
      </nav>
      <PageHeader
        title={
          <span className="deploy-title">
            {deployment.appId} <span className="label-chip">{version}</span> <PhaseBadge phase={deployment.phase} />
          </span>
        }
        subtitle={deployment.selector === '' ? 'to every gateway' : <>to gateways matching <code>{deployment.selector}</code></>}
        actions={
          <>
            <LiveIndicator state={live} />
            <RolloutActions
              deployment={deployment}
              onError={setActionError}
              onChanged={(next) => {
                void detail.mutate(next, { revalidate: false });
                refetch();
              }}
            />
          </>
        }
      />
      <ErrorBanner error={actionError} title="That did not work" />
      <section className="card">
        <RolloutFacts deployment={deployment} />
      </section>
      <RolloutStatus deployment={deployment} />
      {deployment.waveCount > 1 || deployment.strategy.type === 'waves' ? (
        <section className="deploy-section" aria-labelledby="rollout-waves">
          <h2 id="rollout-waves">Waves</h2>
          {deployment.waves.length === 0 ? (
            <p className="muted">No wave yet: no gateway matches the selector.</p>
          ) : (
            <WaveTable deployment={deployment} onShowWave={(wave) => setFilter({ status: undefined, wave })} />
          )}
        </section>
      ) : null}
      <section className="deploy-section" aria-labelledby="rollout-gateways">
        <div className="deploy-section-head">
          <h2 id="rollout-gateways">Gateways</h2>
          <TargetFilters value={filter} onChange={setFilter} waveCount={deployment.waveCount} />
        </div>
        <TargetsTable key={`${filter.status ?? ''}|${filter.wave ?? ''}`} deploymentId={id} filter={filter} />
      </section>
    </>
  );
}
