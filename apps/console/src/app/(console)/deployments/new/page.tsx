'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { NewDeploymentForm } from '@/components/deployments/new-deployment-form';
import { PageHeader } from '@/components/page-header';

/** The form, prefilled from `?app=<id>&release=<version>` when an app page links here. */
function PrefilledForm() {
  const search = useSearchParams();
  const appId = search.get('app') ?? '';
  return <NewDeploymentForm key={`${appId}|${search.get('release') ?? ''}`} initialAppId={appId} initialRelease={search.get('release')} />;
}

export default function NewDeploymentPage() {
  return (
    <>
      <PageHeader title="Deploy a release" subtitle="Send a release of an app to the gateways whose labels match a selector." />
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <PrefilledForm />
      </Suspense>
    </>
  );
}
