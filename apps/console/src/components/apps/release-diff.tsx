'use client';

import { useId, useState } from 'react';
import type { ReleaseDiff as ReleaseDiffView } from '@/api/apps';
import { ErrorBanner } from '@/components/error-banner';
import { useApi } from '@/lib/use-api';
import { ChangeList } from './change-list';
import { UnifiedDiff } from './unified-diff';

interface ReleaseDiffProps {
  appId: string;
  /** Every version of the app, newest first. */
  versions: readonly number[];
  from: number;
  to: number;
  onChange: (from: number, to: number) => void;
}

/** What changed between two chosen releases: per field, or as the canonical YAML diff. */
export function ReleaseDiff({ appId, versions, from, to, onChange }: ReleaseDiffProps) {
  const fromId = useId();
  const toId = useId();
  const [view, setView] = useState<'fields' | 'yaml'>('fields');
  const isSame = from === to;
  const diff = useApi<ReleaseDiffView>(isSame ? null : `/apps/${encodeURIComponent(appId)}/releases/${to}/diff?against=${from}`);
  const options = versions.map((version) => (
    <option key={version} value={version}>
      v{version}
    </option>
  ));
  return (
    <section className="card diff-card" aria-labelledby={`${fromId}-title`}>
      <div className="diff-head">
        <h2 id={`${fromId}-title`}>Compare releases</h2>
        <div className="form-row compact">
          <div className="field">
            <label htmlFor={fromId}>From</label>
            <select id={fromId} value={from} onChange={(event) => onChange(Number(event.target.value), to)}>
              {options}
            </select>
          </div>
          <div className="field">
            <label htmlFor={toId}>To</label>
            <select id={toId} value={to} onChange={(event) => onChange(from, Number(event.target.value))}>
              {options}
            </select>
          </div>
        </div>
      </div>
      {isSame ? (
        <p className="muted">Choose two different releases to see what changed.</p>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label="Diff view">
            <button type="button" role="tab" aria-selected={view === 'fields'} onClick={() => setView('fields')}>
              Changed fields{diff.data === undefined ? '' : ` (${diff.data.changes.length})`}
            </button>
            <button type="button" role="tab" aria-selected={view === 'yaml'} onClick={() => setView('yaml')}>
              YAML diff
            </button>
          </div>
          <ErrorBanner error={diff.error} title="The diff could not be loaded" />
          {diff.data === undefined ? (
            diff.error === undefined ? <p className="muted">Comparing v{from} with v{to}…</p> : null
          ) : view === 'fields' ? (
            <ChangeList changes={diff.data.changes} />
          ) : (
            <UnifiedDiff text={diff.data.unifiedDiff} />
          )}
        </>
      )}
    </section>
  );
}
