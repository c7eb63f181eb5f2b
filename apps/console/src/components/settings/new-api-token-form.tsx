'use client';

import { useId, useState, type FormEvent } from 'react';
import { API_TOKEN_EXPIRY_CHOICES, apiTokenExpiryDays, newApiTokenBody, type ApiTokenExpiryChoice, type CreatedApiToken } from '@/api/api-tokens';
import { ErrorBanner } from '@/components/error-banner';
import { Field } from '@/components/field';
import { api } from '@/lib/api';
import { useAction } from '@/lib/use-action';

/** Creates an API token for scripts and CI: a name and how long it works. */
export function NewApiTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [choice, setChoice] = useState<ApiTokenExpiryChoice>('90');
  const [days, setDays] = useState('180');
  const [isSubmitted, setSubmitted] = useState(false);
  const { isBusy, failure, run, issueFor: apiIssue, clear } = useAction();

  const expiry = apiTokenExpiryDays(choice, days);
  const nameProblem = name.trim() === '' ? 'give the token a name, e.g. the script or pipeline that uses it' : name.trim().length > 100 ? 'at most 100 characters' : undefined;
  const expiryError = (isSubmitted && !expiry.ok ? expiry.message : undefined) ?? apiIssue('expiresInDays');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    clear();
    if (nameProblem !== undefined || !expiry.ok) return;
    const { expiresInDays } = expiry;
    const created = await run(async () => onCreated(await api<CreatedApiToken>('/api-tokens', { method: 'POST', body: newApiTokenBody(name, expiresInDays) })));
    if (!created) return;
    setName('');
    setSubmitted(false);
  };

  return (
    <form className="card form-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-api-token-title">
      <h2 id="new-api-token-title">New API token</h2>
      <div className="form-row">
        <Field label="Name" value={name} onChange={(event) => setName(event.target.value)} maxLength={100} placeholder="e.g. ci-deploy" error={(isSubmitted ? nameProblem : undefined) ?? apiIssue('name')} autoComplete="off" />
        <div className={expiryError === undefined ? 'field' : 'field field-invalid'}>
          <label htmlFor={`${id}-expiry`}>Expires after</label>
          <div className="inline-inputs">
            <select id={`${id}-expiry`} value={choice} onChange={(event) => setChoice(event.target.value as ApiTokenExpiryChoice)}>
              {API_TOKEN_EXPIRY_CHOICES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            {choice === 'custom' ? (
              <>
                <label htmlFor={`${id}-days`} className="visually-hidden">
                  Days until the token expires
                </label>
                <input id={`${id}-days`} type="number" min={1} max={3650} step={1} inputMode="numeric" className="narrow" value={days} aria-invalid={expiryError !== undefined} onChange={(event) => setDays(event.target.value)} />
                <span className="muted">days</span>
              </>
            ) : null}
          </div>
          {expiryError === undefined ? (
            <small className="muted">{choice === 'never' ? 'The token works until it is revoked.' : 'Requests with it are refused after that.'}</small>
          ) : (
            <small className="field-error" role="alert">
              {expiryError}
            </small>
          )}
        </div>
      </div>
      <ErrorBanner error={failure} title="The token was not created" />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={isBusy}>
          {isBusy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
