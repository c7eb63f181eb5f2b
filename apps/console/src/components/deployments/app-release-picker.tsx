'use client';

import Link from 'next/link';
import { useId } from 'react';
import type { AppPage, ReleasePage } from '@/api/deployments';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useApi } from '@/lib/use-api';

interface AppReleasePickerProps {
  appId: string;
  releaseId: string;
  onChange: (next: { appId: string; releaseId: string }) => void;
  errors: { appId?: string | undefined; releaseId?: string | undefined };
}

/** Which app, and which of its releases; a new app choice picks its latest release. */
export function AppReleasePicker({ appId, releaseId, onChange, errors }: AppReleasePickerProps) {
  const id = useId();
  const apps = useApi<AppPage>('/apps?limit=500');
  const releases = useApi<ReleasePage>(appId === '' ? null : `/apps/${encodeURIComponent(appId)}/releases?limit=100`);
  const deployable = apps.data?.items.filter((app) => app.releaseCount > 0) ?? [];
  const chosen = releases.data?.items.find((release) => release.id === releaseId);

  return (
    <div className="form-row">
      <div className={errors.appId === undefined ? 'field' : 'field field-invalid'}>
        <label htmlFor={`${id}-app`}>App</label>
        <select
          id={`${id}-app`}
          value={appId}
          aria-invalid={errors.appId !== undefined}
          aria-describedby={errors.appId === undefined ? undefined : `${id}-app-error`}
          disabled={apps.data === undefined}
          onChange={(event) => {
            const app = deployable.find((item) => item.id === event.target.value);
            onChange({ appId: event.target.value, releaseId: app?.latestRelease?.id ?? '' });
          }}
        >
          <option value="">{apps.data === undefined ? 'Loading apps…' : 'Choose an app'}</option>
          {deployable.map((app) => (
            <option key={app.id} value={app.id}>
              {app.id}
              {app.description === '' ? '' : ` — ${app.description}`}
            </option>
          ))}
        </select>
        {apps.data !== undefined && deployable.length === 0 ? (
          <small className="muted">
            No app has a release yet. <Link href="/apps">Cut a release</Link> first.
          </small>
        ) : null}
        {errors.appId === undefined ? null : (
          <small id={`${id}-app-error`} className="field-error" role="alert">
            {errors.appId}
          </small>
        )}
      </div>
      <div className={errors.releaseId === undefined ? 'field' : 'field field-invalid'}>
        <label htmlFor={`${id}-release`}>Release</label>
        <select
          id={`${id}-release`}
          value={releaseId}
          aria-invalid={errors.releaseId !== undefined}
          aria-describedby={errors.releaseId === undefined ? `${id}-release-hint` : `${id}-release-error`}
          disabled={appId === '' || releases.data === undefined}
          onChange={(event) => onChange({ appId, releaseId: event.target.value })}
        >
          <option value="">{appId === '' ? 'Choose an app first' : releases.data === undefined ? 'Loading releases…' : 'Choose a release'}</option>
          {releases.data?.items.map((release, index) => (
            <option key={release.id} value={release.id}>
              v{release.version}
              {index === 0 ? ' (latest)' : ''}
              {release.notes === '' ? '' : ` — ${release.notes}`}
            </option>
          ))}
        </select>
        <small id={`${id}-release-hint`} className="muted" title={chosen === undefined ? undefined : absoluteTime(chosen.createdAt)}>
          {chosen === undefined ? 'Releases are immutable: the gateways get exactly this manifest.' : `Cut ${relativeTime(chosen.createdAt)}.`}
        </small>
        {errors.releaseId === undefined ? null : (
          <small id={`${id}-release-error`} className="field-error" role="alert">
            {errors.releaseId}
          </small>
        )}
      </div>
    </div>
  );
}
