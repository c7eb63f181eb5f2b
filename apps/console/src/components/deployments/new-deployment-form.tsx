'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useState, type FormEvent } from 'react';
import { previewPath, type DeploymentDetail, type NewDeployment, type Preview } from '@/api/deployments';
import { ErrorBanner } from '@/components/error-banner';
import { Field } from '@/components/field';
import { api, ApiError } from '@/lib/api';
import { AppReleasePicker } from './app-release-picker';
import { deploymentFromForm, errorsFromIssues, type DeploymentForm, type FormErrors } from './deployment-form';
import { SelectorField } from './selector-field';
import { StrategyFieldset } from './strategy-fieldset';
import { DEFAULT_STRATEGY_FORM } from './strategy-form';
import { ZeroMatchDialog } from './zero-match-dialog';

/** A release id from the `release` query parameter: a version (`3`) or a whole id (`thermo@3`). */
function initialRelease(appId: string, release: string | null): string {
  if (appId === '' || release === null || release === '') return '';
  return release.includes('@') ? release : `${appId}@${release}`;
}

/** Release R of app A to the gateways a selector matches, with a priority and a rollout strategy. */
export function NewDeploymentForm({ initialAppId, initialRelease: release }: { initialAppId: string; initialRelease: string | null }) {
  const router = useRouter();
  const [form, setForm] = useState<DeploymentForm>({
    appId: initialAppId,
    releaseId: initialRelease(initialAppId, release),
    selector: '',
    priority: '0',
    healthyWithin: '',
    strategy: DEFAULT_STRATEGY_FORM,
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [preview, setPreview] = useState<Preview | undefined>(undefined);
  const [pending, setPending] = useState<NewDeployment | undefined>(undefined);
  const [isBusy, setBusy] = useState(false);
  const onPreview = useCallback((next: Preview | undefined) => setPreview(next), []);

  const update = (patch: Partial<DeploymentForm>, cleared: readonly (keyof FormErrors)[]) => {
    setForm((current) => ({ ...current, ...patch }));
    setErrors((current) => {
      const next = { ...current };
      for (const field of cleared) delete next[field];
      return next;
    });
  };

  const send = async (body: NewDeployment) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const created = await api<DeploymentDetail>('/deployments', { method: 'POST', body });
      router.push(`/deployments/${created.id}`);
    } catch (error) {
      setPending(undefined);
      if (error instanceof ApiError && error.issues.length > 0) {
        const placed = errorsFromIssues(error.issues);
        setErrors(placed.errors);
        if (placed.unplaced.length > 0) setFailure(new ApiError(error.status, error.code, placed.unplaced.map((issue) => `${issue.path}: ${issue.message}`).join('; '), placed.unplaced));
      } else if (error instanceof ApiError && error.status === 404) {
        setErrors({ releaseId: error.message });
      } else {
        setFailure(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = deploymentFromForm(form);
    if (result.errors !== undefined) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    // The live count may lag the text by its debounce: ask again rather than deploy blind.
    const count = preview?.selector === result.body.selector ? preview.count : (await api<Preview>(previewPath(result.body.selector, 0)).catch(() => undefined))?.count;
    if (count === 0) setPending(result.body);
    else await send(result.body);
  };

  return (
    <form className="card deploy-form" onSubmit={(event) => void submit(event)} noValidate>
      <AppReleasePicker appId={form.appId} releaseId={form.releaseId} errors={errors} onChange={(next) => update(next, ['appId', 'releaseId'])} />
      <SelectorField value={form.selector} onChange={(selector) => update({ selector }, ['selector'])} error={errors.selector} onPreview={onPreview} />
      <div className="form-row">
        <Field
          label="Priority"
          type="number"
          step={1}
          value={form.priority}
          onChange={(event) => update({ priority: event.target.value }, ['priority'])}
          error={errors.priority}
          hint="Where two deployments of this app select the same gateway, the higher priority wins."
        />
        <Field
          label="Healthy within (seconds, optional)"
          type="number"
          min={1}
          placeholder="gateway default"
          value={form.healthyWithin}
          onChange={(event) => update({ healthyWithin: event.target.value }, ['healthyWithin'])}
          error={errors.healthyWithin}
          hint="A gateway where the release is not healthy by then rolls back by itself."
        />
      </div>
      <StrategyFieldset value={form.strategy} onChange={(strategy) => update({ strategy }, ['waveSize', 'pause', 'failureThresholdPercent'])} errors={errors} matching={preview?.count} />
      <ErrorBanner error={failure} title="The deployment was not created" />
      <div className="actions deploy-submit">
        <Link className="button" href="/deployments">
          Cancel
        </Link>
        <button type="submit" className="button primary" disabled={isBusy}>
          {isBusy ? 'Deploying…' : 'Deploy'}
        </button>
      </div>
      <ZeroMatchDialog isOpen={pending !== undefined} selector={pending?.selector ?? ''} isBusy={isBusy} onCancel={() => setPending(undefined)} onConfirm={() => pending !== undefined && void send(pending)} />
    </form>
  );
}
