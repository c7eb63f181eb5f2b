'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { appIdProblem, deleteAppPath, type AppView, type CutRelease } from '@/api/apps';
import { ErrorBanner } from '@/components/error-banner';
import { Field } from '@/components/field';
import { ManifestPanel } from '@/components/manifest-editor/manifest-panel';
import { STARTER_MANIFESTS } from '@/components/manifest-editor/starter-manifests';
import { useManifestDraft } from '@/components/manifest-editor/use-manifest-draft';
import { api, ApiError } from '@/lib/api';

type Step = 'idle' | 'creating' | 'releasing' | 'undoing';

const STEP_WORDS: Record<Step, string> = { idle: '', creating: 'Creating the app…', releasing: 'Cutting release 1…', undoing: 'Removing the app again…' };

/**
 * Creates an app and cuts its first release: two calls. A manifest the controller refuses
 * takes the new, empty app away again, so a refused form leaves nothing behind.
 */
export function NewAppForm() {
  const router = useRouter();
  const [typedId, setTypedId] = useState<string | undefined>(undefined);
  const [description, setDescription] = useState('');
  const [step, setStep] = useState<Step>('idle');
  const [failure, setFailure] = useState<unknown>(undefined);
  const [idError, setIdError] = useState<string | undefined>(undefined);
  const [descriptionError, setDescriptionError] = useState<string | undefined>(undefined);
  const [orphan, setOrphan] = useState<string | undefined>(undefined);

  // A typed id is checked against the manifest; until then the id follows the manifest's name.
  const draft = useManifestDraft(STARTER_MANIFESTS.gantry, 'gantry', typedId !== undefined && appIdProblem(typedId) === undefined ? typedId : undefined);
  // The last name read is kept while the manifest is broken mid-edit, so the id does not blink away.
  const [lastName, setLastName] = useState<string | undefined>(undefined);
  if (draft.manifestName !== undefined && draft.manifestName !== lastName) setLastName(draft.manifestName);
  const id = typedId ?? draft.manifestName ?? lastName ?? '';
  const idProblem = appIdProblem(id);

  const isBusy = step !== 'idle';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setOrphan(undefined);
    setIdError(idProblem);
    setDescriptionError(undefined);
    if (idProblem !== undefined || draft.hasErrors) return;
    setStep('creating');
    try {
      await api<AppView>('/apps', { method: 'POST', body: { id, description: description.trim() } });
    } catch (error) {
      setStep('idle');
      if (error instanceof ApiError && error.status === 409) setIdError(`an app "${id}" already exists; choose another id or cut a release of that app`);
      else if (error instanceof ApiError && error.issues.length > 0) {
        setIdError(error.issueFor('id'));
        setDescriptionError(error.issueFor('description'));
      } else setFailure(error);
      return;
    }
    setStep('releasing');
    try {
      await api<CutRelease>(`/apps/${encodeURIComponent(id)}/releases`, { method: 'POST', body: { manifest: draft.text, format: draft.format, notes: 'first release' } });
      router.push(`/apps/${encodeURIComponent(id)}`);
    } catch (error) {
      if (draft.showRefusal(error)) {
        setStep('undoing');
        await api(deleteAppPath(id), { method: 'DELETE' }).catch(() => setOrphan(id));
      } else {
        setFailure(error);
        setOrphan(id);
      }
      setStep('idle');
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="new-app-form">
      <div className="card form-card">
        <div className="form-row">
          <Field
            label="App id"
            value={id}
            onChange={(event) => setTypedId(event.target.value)}
            error={idError ?? (typedId === undefined ? undefined : idProblem)}
            hint={draft.format === 'gantry' ? 'Lower-case letters, digits, "-" and "_"; the manifest’s name.' : 'Lower-case letters, digits, "-" and "_"; names the compose app.'}
            autoComplete="off"
            spellCheck={false}
            required
          />
          <Field label="Description" value={description} onChange={(event) => setDescription(event.target.value)} error={descriptionError} hint="Optional: what the app does, for whoever deploys it." maxLength={1024} />
        </div>
      </div>
      <ManifestPanel draft={draft} />
      <ErrorBanner error={failure} title={orphan === undefined ? 'The app could not be created' : 'The app was created, but its first release was not cut'} />
      {orphan === undefined ? null : (
        <div className="banner banner-warn" role="status">
          <strong>App “{orphan}” exists without a release.</strong>
          <p>
            <a href={`/apps/${encodeURIComponent(orphan)}`}>Open the app</a> to cut its first release, or fix the manifest here and try again with another id.
          </p>
        </div>
      )}
      <div className="form-actions">
        <span className="muted" role="status" aria-live="polite">
          {isBusy ? STEP_WORDS[step] : draft.hasErrors ? 'Fix the errors in the manifest to create the app.' : ''}
        </span>
        <button type="submit" className="button primary" disabled={isBusy || draft.hasErrors || idProblem !== undefined}>
          {isBusy ? 'Working…' : 'Create app and release 1'}
        </button>
      </div>
    </form>
  );
}
