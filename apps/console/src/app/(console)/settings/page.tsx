'use client';

import { useState } from 'react';
import type { ApiTokenView, CreatedApiToken } from '@/api/api-tokens';
import { EmptyState } from '@/components/empty-state';
import { ErrorBanner } from '@/components/error-banner';
import { PageHeader } from '@/components/page-header';
import { ApiTokenTable } from '@/components/settings/api-token-table';
import { CreatedApiTokenCard } from '@/components/settings/created-api-token';
import { NewApiTokenForm } from '@/components/settings/new-api-token-form';
import { SignedInCard } from '@/components/settings/signed-in-card';
import { useApi } from '@/lib/use-api';

export default function SettingsPage() {
  const tokens = useApi<{ items: ApiTokenView[] }>('/api-tokens');
  const [created, setCreated] = useState<CreatedApiToken | undefined>(undefined);
  return (
    <>
      <PageHeader title="Settings" subtitle="Your account and the API tokens that let scripts and CI act as you." />
      <SignedInCard />
      <section className="page-section" aria-labelledby="api-tokens-title">
        <h2 id="api-tokens-title">API tokens</h2>
        <NewApiTokenForm
          onCreated={(token) => {
            setCreated(token);
            void tokens.mutate();
          }}
        />
        {created === undefined ? null : <CreatedApiTokenCard token={created} onDismiss={() => setCreated(undefined)} />}
        <ErrorBanner error={tokens.error} title="The API tokens could not be loaded" />
        {tokens.data === undefined ? (
          tokens.error === undefined ? <p className="muted">Loading tokens…</p> : null
        ) : tokens.data.items.length === 0 ? (
          <EmptyState title="No API tokens">Create one above for each script or pipeline, so each can be revoked on its own. Use it with the gantry CLI or as a Bearer token.</EmptyState>
        ) : (
          <ApiTokenTable tokens={tokens.data.items} onRevoked={() => tokens.mutate()} />
        )}
      </section>
    </>
  );
}
