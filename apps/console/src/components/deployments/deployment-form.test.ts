import { describe, expect, it } from 'vitest';
import { deploymentFromForm, errorsFromIssues, type DeploymentForm } from './deployment-form';
import { DEFAULT_STRATEGY_FORM } from './strategy-form';

const form = (patch: Partial<DeploymentForm>): DeploymentForm => ({
  appId: 'thermo',
  releaseId: 'thermo@3',
  selector: 'site=berlin,tier!=canary',
  priority: '',
  healthyWithin: '',
  strategy: DEFAULT_STRATEGY_FORM,
  ...patch,
});

describe('deploymentFromForm', () => {
  it('builds the body with defaults for empty optional fields', () => {
    expect(deploymentFromForm(form({}))).toEqual({
      body: { appId: 'thermo', releaseId: 'thermo@3', selector: 'site=berlin,tier!=canary', priority: 0, strategy: { type: 'all-at-once' } },
    });
  });

  it('sends priority, health deadline and waves when given', () => {
    const result = deploymentFromForm(form({ priority: '-20', healthyWithin: '90', selector: ' site=paris ', strategy: { ...DEFAULT_STRATEGY_FORM, type: 'waves', sizeKind: 'count', size: '2' } }));
    expect(result.body).toEqual({
      appId: 'thermo',
      releaseId: 'thermo@3',
      selector: 'site=paris',
      priority: -20,
      healthyWithinMs: 90_000,
      strategy: { type: 'waves', waveSize: { count: 2 }, pauseMs: 300_000, failureThresholdPercent: 10 },
    });
  });

  it.each<[Partial<DeploymentForm>, string, RegExp]>([
    [{ appId: '', releaseId: '' }, 'appId', /choose an app/],
    [{ appId: '', releaseId: '' }, 'releaseId', /choose an app first/],
    [{ releaseId: '' }, 'releaseId', /choose a release/],
    [{ selector: 'site==berlin' }, 'selector', /position 6/],
    [{ priority: '1.5' }, 'priority', /whole number/],
    [{ priority: '2000000' }, 'priority', /1,000,000/],
    [{ healthyWithin: '0' }, 'healthyWithin', /1 to 86,400/],
    [{ strategy: { ...DEFAULT_STRATEGY_FORM, type: 'waves', size: '0' } }, 'waveSize', /above 0/],
  ])('refuses %j naming %s', (patch, field, message) => {
    const result = deploymentFromForm(form(patch));
    expect(result.body).toBeUndefined();
    expect((result.errors as Record<string, string | undefined>)[field]).toMatch(message);
  });
});

describe('errorsFromIssues', () => {
  it('places the controller issues beside their fields and keeps the others for a banner', () => {
    const { errors, unplaced } = errorsFromIssues([
      { path: 'selector', message: 'selector "x==": unexpected "=" at position 2' },
      { path: 'strategy.waveSize.count', message: 'Too small' },
      { path: 'strategy.pauseMs', message: 'Too big' },
      { path: 'strategy.failureThresholdPercent', message: 'Too big too' },
      { path: 'healthyWithinMs', message: 'Too small too' },
      { path: 'releaseId', message: 'release thermo@9 does not exist' },
      { path: 'colour', message: 'Unrecognized key' },
    ]);
    expect(errors).toEqual({
      selector: 'selector "x==": unexpected "=" at position 2',
      waveSize: 'Too small',
      pause: 'Too big',
      failureThresholdPercent: 'Too big too',
      healthyWithin: 'Too small too',
      releaseId: 'release thermo@9 does not exist',
    });
    expect(unplaced).toEqual([{ path: 'colour', message: 'Unrecognized key' }]);
  });

  it('keeps the first issue of a field', () => {
    expect(errorsFromIssues([{ path: 'priority', message: 'first' }, { path: 'priority', message: 'second' }]).errors).toEqual({ priority: 'first' });
  });
});
