import { describe, expect, it } from 'vitest';
import { formatPath } from './index.js';

describe('formatPath', () => {
  it.each<[PropertyKey[], string]>([
    [[], ''],
    [['body', 'apps', 'web', 'releaseId'], 'body.apps.web.releaseId'],
    [['body', 'events', 3, 'seq'], 'body.events[3].seq'],
    [['body', 'apps', 'modbus-bridge'], 'body.apps.modbus-bridge'],
    [['body', 'services', 'api.v2'], 'body.services["api.v2"]'],
    [['env', 'a b'], 'env["a b"]'],
  ])('writes %j as %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
