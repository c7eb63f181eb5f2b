'use client';

import { useId } from 'react';
import { Field } from '@/components/field';
import { plannedWaves, strategyFromForm, type PauseUnit, type StrategyErrors, type StrategyForm } from './strategy-form';

interface StrategyFieldsetProps {
  value: StrategyForm;
  onChange: (value: StrategyForm) => void;
  errors: StrategyErrors;
  /** Gateways the selector matches now, to say how many waves that makes. */
  matching: number | undefined;
}

const PAUSE_UNITS: readonly PauseUnit[] = ['seconds', 'minutes', 'hours'];

/** All at once, or waves of N gateways or N% with a pause between them and a failure threshold. */
export function StrategyFieldset({ value, onChange, errors, matching }: StrategyFieldsetProps) {
  const id = useId();
  const set = (patch: Partial<StrategyForm>) => onChange({ ...value, ...patch });
  const built = strategyFromForm(value).strategy;
  const waves = built === undefined || matching === undefined || matching === 0 ? undefined : plannedWaves(built, matching);

  return (
    <fieldset>
      <legend>Rollout</legend>
      <div className="deploy-choice" role="radiogroup" aria-label="Rollout strategy">
        <label className={value.type === 'all-at-once' ? 'deploy-option selected' : 'deploy-option'}>
          <input type="radio" name={`${id}-type`} checked={value.type === 'all-at-once'} onChange={() => set({ type: 'all-at-once' })} />
          <span>
            <strong>All at once</strong>
            <small className="muted">Every matching gateway gets the release now.</small>
          </span>
        </label>
        <label className={value.type === 'waves' ? 'deploy-option selected' : 'deploy-option'}>
          <input type="radio" name={`${id}-type`} checked={value.type === 'waves'} onChange={() => set({ type: 'waves' })} />
          <span>
            <strong>In waves</strong>
            <small className="muted">A few gateways first; the next wave starts when one settles, and a failing wave halts the rollout.</small>
          </span>
        </label>
      </div>
      {value.type === 'all-at-once' ? null : (
        <>
          <div className="form-row">
            <div className={errors.waveSize === undefined ? 'field' : 'field field-invalid'}>
              <label htmlFor={`${id}-size`}>Wave size</label>
              <div className="deploy-unit">
                <input id={`${id}-size`} type="number" inputMode="decimal" min={0} step="any" value={value.size} aria-invalid={errors.waveSize !== undefined} aria-describedby={errors.waveSize === undefined ? undefined : `${id}-size-error`} onChange={(event) => set({ size: event.target.value })} />
                <select aria-label="Wave size unit" value={value.sizeKind} onChange={(event) => set({ sizeKind: event.target.value === 'count' ? 'count' : 'percent' })}>
                  <option value="percent">% of gateways</option>
                  <option value="count">gateways</option>
                </select>
              </div>
              {errors.waveSize === undefined ? null : (
                <small id={`${id}-size-error`} className="field-error" role="alert">
                  {errors.waveSize}
                </small>
              )}
            </div>
            <div className={errors.pause === undefined ? 'field' : 'field field-invalid'}>
              <label htmlFor={`${id}-pause`}>Pause between waves</label>
              <div className="deploy-unit">
                <input id={`${id}-pause`} type="number" inputMode="decimal" min={0} step="any" value={value.pause} aria-invalid={errors.pause !== undefined} aria-describedby={errors.pause === undefined ? undefined : `${id}-pause-error`} onChange={(event) => set({ pause: event.target.value })} />
                <select aria-label="Pause unit" value={value.pauseUnit} onChange={(event) => set({ pauseUnit: PAUSE_UNITS.find((unit) => unit === event.target.value) ?? 'seconds' })}>
                  <option value="seconds">seconds</option>
                  <option value="minutes">minutes</option>
                  <option value="hours">hours</option>
                </select>
              </div>
              {errors.pause === undefined ? null : (
                <small id={`${id}-pause-error`} className="field-error" role="alert">
                  {errors.pause}
                </small>
              )}
            </div>
            <Field
              label="Failure threshold (%)"
              type="number"
              inputMode="decimal"
              min={0}
              max={100}
              step="any"
              value={value.failureThresholdPercent}
              onChange={(event) => set({ failureThresholdPercent: event.target.value })}
              error={errors.failureThresholdPercent}
              hint="Halt when more of a wave than this failed or rolled back."
            />
          </div>
          {waves === undefined ? null : (
            <p className="muted deploy-plan">
              {matching} matching gateway{matching === 1 ? '' : 's'} make {waves} wave{waves === 1 ? '' : 's'}; gateways that match later join the current wave.
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}
