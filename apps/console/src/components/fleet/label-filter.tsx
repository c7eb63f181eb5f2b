'use client';

import { useId, useState, type FormEvent } from 'react';
import { addSelectors, parseSelectorText } from './label-selector';

/** Adds `key=value` terms the gateways must all carry; each term is a removable chip. */
export function LabelFilter({ selectors, onChange }: { selectors: readonly string[]; onChange: (selectors: string[]) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseSelectorText(text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(undefined);
    setText('');
    onChange(addSelectors(selectors, parsed.selectors));
  };

  return (
    <div className="fl-label-filter">
      <form className="fl-inline-form" onSubmit={add} noValidate>
        <div className="field">
          <label htmlFor={id}>Labels</label>
          <div className="fl-input-button">
            <input
              id={id}
              placeholder="site=berlin"
              value={text}
              aria-invalid={error !== undefined}
              aria-describedby={error === undefined ? undefined : `${id}-error`}
              onChange={(event) => {
                setText(event.target.value);
                setError(undefined);
              }}
            />
            <button type="submit" className="button">
              Add
            </button>
          </div>
          {error === undefined ? null : (
            <small id={`${id}-error`} className="field-error" role="alert">
              {error}
            </small>
          )}
        </div>
      </form>
      {selectors.length === 0 ? null : (
        <ul className="fl-filter-chips" aria-label="Label filters">
          {selectors.map((selector) => (
            <li key={selector}>
              <span className="label-chip">{selector}</span>
              <button type="button" className="fl-chip-remove" aria-label={`Remove filter ${selector}`} onClick={() => onChange(selectors.filter((item) => item !== selector))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
