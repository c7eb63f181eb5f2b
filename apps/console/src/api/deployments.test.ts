import { describe, expect, it } from 'vitest';
import { haltSummary, previewPath, releaseVersion, toProgressEvent } from './deployments';

describe('deployments API helpers', () => {
  it('names a release by its version', () => {
    expect(releaseVersion('thermo@12')).toBe('v12');
    expect(releaseVersion('odd')).toBe('odd');
  });

  it('sends the empty selector to the preview, since it selects every gateway', () => {
    expect(previewPath('', 5)).toBe('/deployments/preview?selector=&limit=5');
    expect(previewPath('site in (a,b),tier!=canary', 0)).toBe('/deployments/preview?selector=site+in+%28a%2Cb%29%2Ctier%21%3Dcanary&limit=0');
  });

  it('keeps the figures of a halt reason and drops the REST instructions', () => {
    const reason =
      'wave 2: 1 of 3 gateways failed or rolled back (33.3%), above the 20% threshold; no further waves are started. Roll back with POST /api/v1/deployments/x/rollback, or resume to start the next wave anyway';
    expect(haltSummary(reason)).toBe('wave 2: 1 of 3 gateways failed or rolled back (33.3%), above the 20% threshold; no further waves are started.');
    expect(haltSummary('something else')).toBe('something else');
  });

  it('reads a deployment.progress event and refuses anything else', () => {
    const totals = { pending: 1, targeted: 0, acked: 2, converged: 3, failed: 0, 'rolled-back': 0, superseded: 0 };
    expect(toProgressEvent({ deploymentId: 'd', phase: 'rolling', wave: 1, totals })).toEqual({ deploymentId: 'd', phase: 'rolling', wave: 1, totals });
    expect(toProgressEvent({ deploymentId: 'd', phase: 'sideways', wave: 1, totals })).toBeUndefined();
    expect(toProgressEvent({ deploymentId: 'd', phase: 'rolling', wave: 1, totals: { ...totals, acked: '2' } })).toBeUndefined();
    expect(toProgressEvent({ deploymentId: 'd' })).toBeUndefined();
  });
});
