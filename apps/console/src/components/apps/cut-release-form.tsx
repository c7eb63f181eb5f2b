'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { CutRelease, ReleaseView } from '@/api/apps';
import { ErrorBanner } from '@/components/error-banner';
import { Field } from '@/components/field';
import { ManifestPanel } from '@/components/manifest-editor/manifest-panel';
import { STARTER_MANIFESTS } from '@/components/manifest-editor/starter-manifests';
import { useManifestDraft } from '@/components/manifest-editor/use-manifest-draft';
import { api, ApiError } from '@/lib/api';

/** A native starter named after the app, for an app without releases. */
function starterFor(appId: string): string {
  return STARTER_MANIFESTS.gantry.replace(/^name: .*$/m, `name: ${appId}`);
}

/** Cuts a release of `appId` from a manifest, starting from the latest release's text. */
export function CutReleaseForm({ appId, latest }: { appId: string; latest: ReleaseView | undefined }) {
  const router = useRouter();
  const draft = useManifestDraft(latest?.source ?? starterFor(appId), latest?.sourceFormat ?? 'gantry', appId);
  const [notes, setNotes] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [unchanged, setUnchanged] = useState<number | undefined>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setUnchanged(undefined);
    if (draft.hasErrors) return;
    setBusy(true);
    try {
      const release = await api<CutRelease>(`/apps/${encodeURIComponent(appId)}/releases`, { method: 'POST', body: { manifest: draft.text, format: draft.format, notes: notes.trim() } });
      if (release.created) router.push(`/apps/${encodeURIComponent(appId)}`);
      else setUnchanged(release.version);
    } catch (error) {
      if (!draft.showRefusal(error)) setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const isRefused = draft.hasErrors && failure === undefined;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <div className="card form-card">
        <Field
          label="Release notes"
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
          maxLength={1024}
          error={failure instanceof ApiError ? failure.issueFor('notes') : undefined}
          hint={latest === undefined ? 'Optional: what this release is.' : `Optional: what changed since v${latest.version}.`}
        />
      </div>
      <ManifestPanel draft={draft} />
      {unchanged === undefined ? null : (
        <div className="banner banner-info" role="status">
          <strong>Nothing new to release</strong>
          <p>
            This manifest is the same app as v{unchanged}, so no release was cut. <Link href={`/apps/${encodeURIComponent(appId)}`}>Back to {appId}</Link>
          </p>
        </div>
      )}
      <ErrorBanner error={failure} title="The release was not cut" />
      <div className="form-actions">
        <span className="muted" role="status" aria-live="polite">
          {isBusy ? 'Cutting the release…' : isRefused ? 'Fix the errors in the manifest to cut a release.' : ''}
        </span>
        <Link className="button" href={`/apps/${encodeURIComponent(appId)}`}>
          Cancel
        </Link>
        <button type="submit" className="button primary" disabled={isBusy || draft.hasErrors}>
          {isBusy ? 'Working…' : `Cut v${(latest?.version ?? 0) + 1}`}
        </button>
      </div>
    </form>
  );
}
