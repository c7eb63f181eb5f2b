'use client';

import { useState } from 'react';
import type { CreatedEnrollmentToken, EnrollmentTokenView } from '@/api/enrollment';
import { CreatedToken } from '@/components/enrollment/created-token';
import { NewTokenForm } from '@/components/enrollment/new-token-form';
import { TokenTable } from '@/components/enrollment/token-table';
import { EmptyState } from '@/components/empty-state';
import { ErrorBanner } from '@/components/error-banner';
import { PageHeader } from '@/components/page-header';
import { useLive } from '@/lib/live';
import { useApi } from '@/lib/use-api';

export default function EnrollmentPage() {
  const tokens = useApi<{ items: EnrollmentTokenView[] }>('/enrollment-tokens');
  const [created, setCreated] = useState<CreatedEnrollmentToken | undefined>(undefined);
  // A gateway enrolling uses a token: the list shows it without a reload.
  useLive({ types: ['device.enrolled'] }, () => void tokens.mutate());

  return (
    <>
      <PageHeader title="Enrollment" subtitle="Gateways join the fleet with a one-time token: create one, then run the command it gives on the gateway." />
      <NewTokenForm
        onCreated={(token) => {
          setCreated(token);
          void tokens.mutate();
        }}
      />
      {created === undefined ? null : <CreatedToken token={created} onDismiss={() => setCreated(undefined)} />}
      <section className="page-section" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Tokens</h2>
        <ErrorBanner error={tokens.error} title="The tokens could not be loaded" />
        {tokens.data === undefined ? (
          tokens.error === undefined ? <p className="muted">Loading tokens…</p> : null
        ) : tokens.data.items.length === 0 ? (
          <EmptyState title="No enrollment tokens">Create a token above, then run its command on a gateway with the Gantry agent installed. The gateway appears in the fleet once it has enrolled.</EmptyState>
        ) : (
          <TokenTable tokens={tokens.data.items} onRemoved={() => tokens.mutate()} />
        )}
      </section>
    </>
  );
}
