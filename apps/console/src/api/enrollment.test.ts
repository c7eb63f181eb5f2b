import { describe, expect, it } from 'vitest';
import { ENROLLMENT_EXPIRY_CHOICES, expiryMinutes, MAX_TOKEN_TTL_MINUTES } from './enrollment';

describe('expiryMinutes', () => {
  it('turns each ready-made choice into minutes', () => {
    const minutes = ENROLLMENT_EXPIRY_CHOICES.filter((choice) => choice.value !== 'custom').map((choice) => expiryMinutes(choice.value, '', 'hours'));
    expect(minutes).toEqual([
      { ok: true, minutes: 60 },
      { ok: true, minutes: 1440 },
      { ok: true, minutes: 10080 },
      { ok: true, minutes: 43200 },
    ]);
  });

  it('multiplies a custom amount by its unit', () => {
    expect(expiryMinutes('custom', '45', 'minutes')).toEqual({ ok: true, minutes: 45 });
    expect(expiryMinutes('custom', ' 3 ', 'hours')).toEqual({ ok: true, minutes: 180 });
    expect(expiryMinutes('custom', '30', 'days')).toEqual({ ok: true, minutes: MAX_TOKEN_TTL_MINUTES });
  });

  it('refuses custom amounts the controller would refuse', () => {
    expect(expiryMinutes('custom', '', 'hours')).toMatchObject({ ok: false, message: 'enter a whole number of at least 1' });
    expect(expiryMinutes('custom', '0', 'hours').ok).toBe(false);
    expect(expiryMinutes('custom', '1.5', 'hours').ok).toBe(false);
    expect(expiryMinutes('custom', '-2', 'days').ok).toBe(false);
    expect(expiryMinutes('custom', '31', 'days')).toMatchObject({ ok: false, message: 'a token can stay usable for at most 30 days' });
  });
});
