'use client';

import { useId, useRef, useState, type FormEvent } from 'react';
import { devicePath, type DeviceView } from '@/api/devices';
import { labelsFromRows, type LabelRow, type LabelRowErrors } from '@/components/enrollment/label-rows';
import { ErrorBanner } from '@/components/error-banner';
import { LabelChips } from '@/components/fleet/label-chips';
import { api, ApiError } from '@/lib/api';
import { rowErrorsFromIssues, rowsFromLabels } from './label-issues';

/** A row with an identity of its own, so removing one does not shift the others' inputs. */
type EditRow = LabelRow & { uid: number };

interface LabelEditorProps {
  device: DeviceView;
  onSaved: () => Promise<unknown>;
}

/** The gateway's labels, and a form that replaces them; deployments select gateways by them. */
export function LabelEditor({ device, onSaved }: LabelEditorProps) {
  const id = useId();
  const nextUid = useRef(0);
  const [rows, setRows] = useState<EditRow[] | undefined>(undefined);
  const [rowErrors, setRowErrors] = useState<LabelRowErrors[]>([]);
  const [formError, setFormError] = useState<unknown>(undefined);
  const [isSaving, setSaving] = useState(false);

  const withUid = (row: LabelRow): EditRow => ({ ...row, uid: (nextUid.current += 1) });
  const edit = () => {
    setRows(rowsFromLabels(device.labels).map(withUid));
    setRowErrors([]);
    setFormError(undefined);
  };
  const change = (index: number, patch: Partial<LabelRow>) => {
    setRows((current) => current?.map((row, at) => (at === index ? { ...row, ...patch } : row)));
    setRowErrors((current) => current.map((errors, at) => (at === index ? {} : errors)));
  };

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (rows === undefined) return;
    const checked = labelsFromRows(rows);
    if (!checked.ok) {
      setRowErrors(checked.rowErrors);
      setFormError(checked.message === undefined ? undefined : new Error(checked.message));
      return;
    }
    setSaving(true);
    setFormError(undefined);
    try {
      await api<DeviceView>(devicePath(device.id), { method: 'PATCH', body: { labels: checked.labels } });
      await onSaved();
      setRows(undefined);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        const placed = rowErrorsFromIssues(rows, error.issues);
        setRowErrors(placed.rowErrors);
        setFormError(placed.unplaced.length > 0 ? new ApiError(error.status, error.code, placed.unplaced.map((issue) => `${issue.path}: ${issue.message}`).join('; '), placed.unplaced) : undefined);
      } else setFormError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <div className="gw-card-head">
        <h2 id={`${id}-heading`}>Labels</h2>
        {rows === undefined ? (
          <button type="button" className="button small" onClick={edit} disabled={device.revoked}>
            Edit labels
          </button>
        ) : null}
      </div>
      {rows === undefined ? (
        <>
          <LabelChips labels={device.labels} />
          <p className="muted fl-small">Deployments choose gateways by these labels; changing them may add or remove apps here.</p>
        </>
      ) : (
        <form className="label-editor" onSubmit={(event) => void save(event)} noValidate aria-label="Edit labels">
          <ErrorBanner error={formError} title="The labels were not saved" />
          <ul className="gw-label-rows">
            {rows.map((row, index) => (
              <li key={row.uid} className="label-row">
                <div className="field">
                  <label htmlFor={`${id}-key-${index}`}>Key</label>
                  <input id={`${id}-key-${index}`} value={row.key} placeholder="site" aria-invalid={rowErrors[index]?.key !== undefined} aria-describedby={rowErrors[index]?.key === undefined ? undefined : `${id}-key-${index}-error`} onChange={(event) => change(index, { key: event.target.value })} />
                  {rowErrors[index]?.key === undefined ? null : (
                    <small id={`${id}-key-${index}-error`} className="field-error">
                      {rowErrors[index].key}
                    </small>
                  )}
                </div>
                <span className="label-eq" aria-hidden>
                  =
                </span>
                <div className="field">
                  <label htmlFor={`${id}-value-${index}`}>Value</label>
                  <input id={`${id}-value-${index}`} value={row.value} placeholder="berlin" aria-invalid={rowErrors[index]?.value !== undefined} aria-describedby={rowErrors[index]?.value === undefined ? undefined : `${id}-value-${index}-error`} onChange={(event) => change(index, { value: event.target.value })} />
                  {rowErrors[index]?.value === undefined ? null : (
                    <small id={`${id}-value-${index}-error`} className="field-error">
                      {rowErrors[index].value}
                    </small>
                  )}
                </div>
                <button
                  type="button"
                  className="button small gw-remove"
                  aria-label={`Remove label ${row.key === '' ? index + 1 : row.key}`}
                  title="Remove this label"
                  onClick={() => {
                    setRows((current) => current?.filter((_, at) => at !== index));
                    setRowErrors((current) => current.filter((_, at) => at !== index));
                  }}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <div>
            <button type="button" className="button small" onClick={() => setRows((current) => [...(current ?? []), withUid({ key: '', value: '' })])}>
              + Add label
            </button>
          </div>
          <div className="actions gw-form-end">
            <button type="button" className="button" onClick={() => setRows(undefined)} disabled={isSaving}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={isSaving}>
              {isSaving ? 'Saving…' : 'Save labels'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
