import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  it('returns to a console path with its query', () => {
    expect(safeReturnPath('/gateways/gw-1?tab=logs')).toBe('/gateways/gw-1?tab=logs');
  });

  it.each([null, 'https://evil.example/', '//evil.example/x', '/\\evil.example', '/login?next=/x', 'gateways'])('goes home instead of %s', (next) => {
    expect(safeReturnPath(next)).toBe('/');
  });
});
