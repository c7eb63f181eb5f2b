'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { previewPath, type Preview } from '@/api/deployments';
import { Field } from '@/components/field';
import { useApi } from '@/lib/use-api';
import { checkSelector } from './selector-check';
import { useDebounced } from './use-debounced';

const SHOWN_GATEWAYS = 5;

interface SelectorFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** An error from submitting (the form's check or the controller's answer). */
  error: string | undefined;
  /** The preview of the text as typed, or undefined while it is unknown. */
  onPreview: (preview: Preview | undefined) => void;
}

/** The label selector, checked as it is typed, with a live count of the gateways it matches. */
export function SelectorField({ value, onChange, error, onPreview }: SelectorFieldProps) {
  const settled = useDebounced(value, 300);
  const check = checkSelector(settled);
  const preview = useApi<Preview>(check.ok ? previewPath(settled.trim(), SHOWN_GATEWAYS) : null, { keepPreviousData: false });
  const current = settled === value && check.ok ? preview.data : undefined;

  useEffect(() => onPreview(current), [current, onPreview]);

  const shownError = error ?? (check.ok ? undefined : check.message);
  return (
    <div className="deploy-selector-field">
      <Field
        label="Gateways (label selector)"
        name="selector"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder="site=berlin,tier!=canary"
        spellCheck={false}
        autoComplete="off"
        className="mono"
        error={shownError}
        hint={
          <>
            Comma means “and”: <code>key=value</code>, <code>key!=value</code>, <code>key in (a,b)</code>, <code>key notin (a,b)</code>, <code>key</code> (has the label), <code>!key</code> (lacks it). Empty selects every gateway.
          </>
        }
      />
      <div className="deploy-preview" aria-live="polite">
        {!check.ok ? null : current === undefined ? (
          preview.error === undefined ? (
            <span className="muted">Counting matching gateways…</span>
          ) : (
            <span className="field-error">The count failed: {preview.error.message}</span>
          )
        ) : current.count === 0 ? (
          <div className="banner banner-warn">
            <strong>Matches no gateway yet.</strong> Gateways enrolled later with these labels will get the release. <Link href="/enrollment">Enroll gateways</Link>
          </div>
        ) : (
          <p>
            {check.isEmpty ? 'Every gateway: ' : 'Matches '}
            <strong>
              {current.count} gateway{current.count === 1 ? '' : 's'}
            </strong>
            {' — '}
            {current.deviceIds.map((id) => (
              <span key={id} className="label-chip">
                {id}
              </span>
            ))}
            {current.count > current.deviceIds.length ? <span className="muted">and {current.count - current.deviceIds.length} more</span> : null}
          </p>
        )}
      </div>
    </div>
  );
}
