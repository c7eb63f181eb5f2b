import { describe, expect, it } from 'vitest';
import { parseDuration, parseLabels, parseRunArgs, UsageError } from './args.js';

const base = ['run', '--controller', 'http://127.0.0.1:8080', '--admin-password', 'a-long-password', '--count', '100'];

describe('gantry-sim run arguments', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['12', 12_000],
  ])('reads the duration %s as %i ms', (text, ms) => {
    expect(parseDuration(text, '--duration')).toBe(ms);
  });

  it('refuses a duration without a number, naming the flag', () => {
    expect(() => parseDuration('soon', '--drop-for')).toThrow(/--drop-for must be a duration like 30s/);
  });

  it('reads labels as key=value pairs and refuses a pair without =', () => {
    expect(parseLabels('site=berlin, tier=edge')).toEqual({ site: 'berlin', tier: 'edge' });
    expect(() => parseLabels('site')).toThrow(UsageError);
  });

  it('reads a full scenario', () => {
    const sut = parseRunArgs([...base, '--labels', 'site=lab', '--seed', 's1', '--crash-loop-share', '0.3', '--crash-loop-release', 'thermo@2', '--drop-share', '0.2', '--drop-after', '30s', '--drop-for', '1m', '--duration', '5m', '--json', 'out.json']);
    expect(sut).toMatchObject({
      controllerUrl: 'http://127.0.0.1:8080',
      count: 100,
      labels: { site: 'lab' },
      seed: 's1',
      crashLoop: { share: 0.3, releaseId: 'thermo@2' },
      drop: { share: 0.2, afterMs: 30_000, forMs: 60_000 },
      durationMs: 300_000,
      jsonPath: 'out.json',
    });
  });

  it('takes the admin password from the environment', () => {
    expect(parseRunArgs(['run', '--controller', 'http://c', '--count', '1'], { GANTRY_ADMIN_PASSWORD: 'from-env-pw' }).adminPassword).toBe('from-env-pw');
  });

  it.each([
    [['run', '--admin-password', 'x', '--count', '1'], /--controller is required/],
    [['run', '--controller', 'http://c', '--count', '1'], /--admin-password/],
    [[...base.slice(0, 5), '--count', '0'], /--count must be a whole number from 1 to 10000/],
    [[...base.slice(0, 5), '--count', '10001'], /--count must be a whole number from 1 to 10000/],
    [[...base, '--crash-loop-share', '0.3'], /go together/],
    [[...base, '--drop-share', '1.5'], /between 0 and 1/],
    [[...base, '--drop-for', '1m'], /need --drop-share/],
    [[...base, '--bogus'], /bogus/],
    [['walk', '--controller', 'http://c'], /the only command is "run"/],
  ])('refuses %j with a message that says what to change', (argv, message) => {
    expect(() => parseRunArgs(argv)).toThrow(message);
  });
});
