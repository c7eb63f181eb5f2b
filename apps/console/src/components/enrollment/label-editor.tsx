'use client';

import { useId, type ClipboardEvent } from 'react';
import { rowsFromText, type LabelRow, type LabelRowErrors } from './label-rows';

interface LabelEditorProps {
  rows: readonly LabelRow[];
  onChange: (rows: LabelRow[]) => void;
  /** Per row, as `labelsFromRows` found them; shown once the user tried to submit. */
  errors: readonly LabelRowErrors[];
  legend: string;
}

/** A list of key = value rows; pasting `site=berlin, tier=edge` into a key fills several rows at once. */
export function LabelEditor({ rows, onChange, errors, legend }: LabelEditorProps) {
  const id = useId();
  const update = (index: number, patch: Partial<LabelRow>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const remove = (index: number) => onChange(rows.filter((_, at) => at !== index));
  const paste = (index: number, event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = rowsFromText(event.clipboardData.getData('text'));
    if (pasted === undefined) return;
    event.preventDefault();
    onChange([...rows.slice(0, index), ...pasted, ...rows.slice(index + 1)]);
  };
  return (
    <fieldset className="label-editor">
      <legend>{legend}</legend>
      {rows.length === 0 ? <p className="muted">No labels. Gateways can be labelled later too.</p> : null}
      {rows.map((row, index) => {
        const rowErrors = errors[index] ?? {};
        const keyId = `${id}-key-${index}`;
        const valueId = `${id}-value-${index}`;
        return (
          // Rows have no identity of their own; their position is what the errors refer to.
          <div className="label-row" key={index}>
            <div className={rowErrors.key === undefined ? 'field' : 'field field-invalid'}>
              <label htmlFor={keyId} className="visually-hidden">
                Label {index + 1} key
              </label>
              <input id={keyId} placeholder="key, e.g. site" value={row.key} spellCheck={false} autoComplete="off" aria-invalid={rowErrors.key !== undefined} aria-describedby={rowErrors.key === undefined ? undefined : `${keyId}-error`} onChange={(event) => update(index, { key: event.target.value })} onPaste={(event) => paste(index, event)} />
              {rowErrors.key === undefined ? null : (
                <small id={`${keyId}-error`} className="field-error">
                  {rowErrors.key}
                </small>
              )}
            </div>
            <span className="label-eq" aria-hidden>
              =
            </span>
            <div className={rowErrors.value === undefined ? 'field' : 'field field-invalid'}>
              <label htmlFor={valueId} className="visually-hidden">
                Label {index + 1} value
              </label>
              <input id={valueId} placeholder="value, e.g. berlin" value={row.value} spellCheck={false} autoComplete="off" aria-invalid={rowErrors.value !== undefined} aria-describedby={rowErrors.value === undefined ? undefined : `${valueId}-error`} onChange={(event) => update(index, { value: event.target.value })} />
              {rowErrors.value === undefined ? null : (
                <small id={`${valueId}-error`} className="field-error">
                  {rowErrors.value}
                </small>
              )}
            </div>
            <button type="button" className="button small" onClick={() => remove(index)} aria-label={`Remove label ${index + 1}${row.key === '' ? '' : ` (${row.key})`}`}>
              Remove
            </button>
          </div>
        );
      })}
      <div>
        <button type="button" className="button small" onClick={() => onChange([...rows, { key: '', value: '' }])}>
          Add label
        </button>
      </div>
    </fieldset>
  );
}
