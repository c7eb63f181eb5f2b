'use client';

import { useState, type FormEvent } from 'react';
import { expiryMinutes, type CreatedEnrollmentToken, type NewEnrollmentToken } from '@/api/enrollment';
import { ErrorBanner } from '@/components/error-banner';
import { Field } from '@/components/field';
import { api } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { ExpiryPicker, type ExpiryValue } from './expiry-picker';
import { LabelEditor } from './label-editor';
import { labelsFromRows, type LabelRow, type LabelRowErrors } from './label-rows';

/** Creates a one-time enrollment token with a lifetime and the labels its gateways start with. */
export function NewTokenForm({ onCreated }: { onCreated: (token: CreatedEnrollmentToken) => void }) {
  const [expiry, setExpiry] = useState<ExpiryValue>({ choice: '1440', amount: '12', unit: 'hours' });
  const [rows, setRows] = useState<LabelRow[]>([{ key: '', value: '' }]);
  const [note, setNote] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const { isBusy, failure, run, issueFor: apiIssue, clear } = useAction();

  const lifetime = expiryMinutes(expiry.choice, expiry.amount, expiry.unit);
  const labels = labelsFromRows(rows);
  const rowErrors: LabelRowErrors[] = isSubmitted && !labels.ok ? labels.rowErrors : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    clear();
    if (!lifetime.ok || !labels.ok) return;
    const body: NewEnrollmentToken = { expiresInMinutes: lifetime.minutes, labels: labels.labels, note: note.trim() };
    const created = await run(async () => onCreated(await api<CreatedEnrollmentToken>('/enrollment-tokens', { method: 'POST', body })));
    if (!created) return;
    setRows([{ key: '', value: '' }]);
    setNote('');
    setSubmitted(false);
  };

  return (
    <form className="card form-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-token-title">
      <h2 id="new-token-title">New enrollment token</h2>
      <div className="form-row">
        <ExpiryPicker value={expiry} onChange={setExpiry} error={(isSubmitted && !lifetime.ok ? lifetime.message : undefined) ?? apiIssue('expiresInMinutes')} />
        <Field label="Note" value={note} onChange={(event) => setNote(event.target.value)} maxLength={255} placeholder="e.g. Berlin plant, line 3" hint="Optional: what the token is for." error={apiIssue('note')} />
      </div>
      <LabelEditor legend="Labels for the gateways it enrolls" rows={rows} onChange={setRows} errors={rowErrors} />
      {isSubmitted && !labels.ok && labels.message !== undefined ? <p className="field-error">{labels.message}</p> : null}
      <ErrorBanner error={failure} title="The token was not created" />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={isBusy}>
          {isBusy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
