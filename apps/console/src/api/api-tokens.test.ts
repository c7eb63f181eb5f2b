import { describe, expect, it } from 'vitest';
import { apiTokenExpiryDays, newApiTokenBody } from './api-tokens';

describe('apiTokenExpiryDays', () => {
  it('turns ready-made choices into days and "never" into no expiry', () => {
    expect(apiTokenExpiryDays('30', '')).toEqual({ ok: true, expiresInDays: 30 });
    expect(apiTokenExpiryDays('365', '')).toEqual({ ok: true, expiresInDays: 365 });
    expect(apiTokenExpiryDays('never', '')).toEqual({ ok: true, expiresInDays: undefined });
  });

  it('reads a custom number of days within the controller bounds', () => {
    expect(apiTokenExpiryDays('custom', ' 7 ')).toEqual({ ok: true, expiresInDays: 7 });
    expect(apiTokenExpiryDays('custom', '0').ok).toBe(false);
    expect(apiTokenExpiryDays('custom', 'abc').ok).toBe(false);
    expect(apiTokenExpiryDays('custom', '3651')).toMatchObject({ ok: false, message: 'at most 3650 days (10 years)' });
  });
});

describe('newApiTokenBody', () => {
  it('leaves expiresInDays out for a token that never expires', () => {
    expect(newApiTokenBody(' ci ', undefined)).toEqual({ name: 'ci' });
    expect(newApiTokenBody('ci', 90)).toEqual({ name: 'ci', expiresInDays: 90 });
  });
});
