'use client';

import { useId } from 'react';
import { ENROLLMENT_EXPIRY_CHOICES, type EnrollmentExpiryChoice, type ExpiryUnit } from '@/api/enrollment';

export interface ExpiryValue {
  choice: EnrollmentExpiryChoice;
  amount: string;
  unit: ExpiryUnit;
}

/** How long an enrollment token stays usable: a ready-made choice or an amount and unit. */
export function ExpiryPicker({ value, onChange, error }: { value: ExpiryValue; onChange: (value: ExpiryValue) => void; error: string | undefined }) {
  const id = useId();
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={`${id}-choice`}>Expires after</label>
      <div className="inline-inputs">
        <select id={`${id}-choice`} value={value.choice} onChange={(event) => onChange({ ...value, choice: event.target.value as EnrollmentExpiryChoice })}>
          {ENROLLMENT_EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        {value.choice === 'custom' ? (
          <>
            <label htmlFor={`${id}-amount`} className="visually-hidden">
              Custom lifetime amount
            </label>
            <input id={`${id}-amount`} type="number" min={1} step={1} inputMode="numeric" className="narrow" value={value.amount} aria-invalid={error !== undefined} aria-describedby={error === undefined ? undefined : `${id}-error`} onChange={(event) => onChange({ ...value, amount: event.target.value })} />
            <label htmlFor={`${id}-unit`} className="visually-hidden">
              Custom lifetime unit
            </label>
            <select id={`${id}-unit`} value={value.unit} onChange={(event) => onChange({ ...value, unit: event.target.value as ExpiryUnit })}>
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </select>
          </>
        ) : null}
      </div>
      {error === undefined ? (
        <small className="muted">Unused tokens stop working then; at most 30 days.</small>
      ) : (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
