import { describe, expect, it } from 'vitest';
import { appIdProblem, deleteAppPath, deployReleaseHref, shortHash } from './apps';

describe('appIdProblem', () => {
  it('accepts the ids the controller accepts', () => {
    expect(appIdProblem('thermo')).toBeUndefined();
    expect(appIdProblem('site-stack_2')).toBeUndefined();
  });

  it('explains ids the controller would refuse', () => {
    expect(appIdProblem('')).toBe('give the app an id');
    expect(appIdProblem('Thermo')).toMatch(/^the id must be 1-63 lowercase letters/);
    expect(appIdProblem('-x')).toBeDefined();
    expect(appIdProblem('a'.repeat(64))).toBeDefined();
  });
});

describe('paths', () => {
  it('repeats the app id as confirm when deleting', () => {
    expect(deleteAppPath('thermo')).toBe('/apps/thermo?confirm=thermo');
  });

  it('links a release to the deployment form', () => {
    expect(deployReleaseHref('thermo', 3)).toBe('/deployments/new?app=thermo&release=3');
  });

  it('shortens a content hash to 12 characters', () => {
    expect(shortHash('a'.repeat(64))).toBe('a'.repeat(12));
  });
});
