/*
 * The enrollment-token API as the console reads it, mirroring
 * apps/controller/src/enrollment/enrollment.schemas.ts (CreateEnrollmentTokenSchema,
 * EnrollmentTokenViewSchema, CreatedEnrollmentTokenSchema).
 */

export interface EnrollmentTokenView {
  id: string;
  note: string;
  labels: Record<string, string>;
  expiresAt: string;
  createdAt: string;
  usedAt: string | null;
  usedByDeviceId: string | null;
  state: 'unused' | 'used' | 'expired';
}

export interface CreatedEnrollmentToken extends EnrollmentTokenView {
  /** The token itself: the controller keeps only its hash, so this is the one chance to copy it. */
  token: string;
  /** The exact command to run on the gateway. */
  command: string;
}

export interface NewEnrollmentToken {
  expiresInMinutes: number;
  labels: Record<string, string>;
  note: string;
}

/** The controller's bounds for `expiresInMinutes`. */
export const MAX_TOKEN_TTL_MINUTES = 30 * 24 * 60;

export type ExpiryUnit = 'minutes' | 'hours' | 'days';

const MINUTES_PER: Record<ExpiryUnit, number> = { minutes: 1, hours: 60, days: 24 * 60 };

/** The ready-made lifetimes offered first; `custom` opens an amount and a unit. */
export const ENROLLMENT_EXPIRY_CHOICES = [
  { value: '60', label: '1 hour' },
  { value: '1440', label: '24 hours' },
  { value: '10080', label: '7 days' },
  { value: '43200', label: '30 days' },
  { value: 'custom', label: 'Custom…' },
] as const;

export type EnrollmentExpiryChoice = (typeof ENROLLMENT_EXPIRY_CHOICES)[number]['value'];

export type ExpiryResult = { ok: true; minutes: number } | { ok: false; message: string };

/** Turns the chosen lifetime into the API's `expiresInMinutes`, or says what is wrong with a custom one. */
export function expiryMinutes(choice: EnrollmentExpiryChoice, customAmount: string, customUnit: ExpiryUnit): ExpiryResult {
  if (choice !== 'custom') return { ok: true, minutes: Number(choice) };
  const text = customAmount.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1) return { ok: false, message: 'enter a whole number of at least 1' };
  const minutes = Number(text) * MINUTES_PER[customUnit];
  if (minutes > MAX_TOKEN_TTL_MINUTES) return { ok: false, message: 'a token can stay usable for at most 30 days' };
  return { ok: true, minutes };
}
