/*
 * API tokens and the signed-in user as the console reads them, mirroring
 * apps/controller/src/auth/auth.schemas.ts (CreateApiTokenSchema, ApiTokenViewSchema,
 * CreatedApiTokenSchema, MeResponseSchema).
 */

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Null: never expires. */
  expiresAt: string | null;
}

export interface CreatedApiToken extends ApiTokenView {
  /** The secret (`gty_...`), shown only in this answer. */
  token: string;
}

export interface NewApiToken {
  name: string;
  expiresInDays?: number;
}

export interface MeResponse {
  user: { id: string; username: string; createdAt: string; lastLoginAt: string | null };
  via: 'session' | 'api-token';
  expiresAt: string | null;
}

/** The controller's bound for `expiresInDays`. */
export const MAX_API_TOKEN_DAYS = 3650;

export const API_TOKEN_EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
  { value: 'custom', label: 'Custom…' },
] as const;

export type ApiTokenExpiryChoice = (typeof API_TOKEN_EXPIRY_CHOICES)[number]['value'];

export type ApiTokenExpiry = { ok: true; expiresInDays: number | undefined } | { ok: false; message: string };

/** Turns the chosen lifetime into the API's `expiresInDays` (left out for a token that never expires). */
export function apiTokenExpiryDays(choice: ApiTokenExpiryChoice, customDays: string): ApiTokenExpiry {
  if (choice === 'never') return { ok: true, expiresInDays: undefined };
  if (choice !== 'custom') return { ok: true, expiresInDays: Number(choice) };
  const text = customDays.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1) return { ok: false, message: 'enter a whole number of days, at least 1' };
  if (Number(text) > MAX_API_TOKEN_DAYS) return { ok: false, message: `at most ${MAX_API_TOKEN_DAYS} days (10 years)` };
  return { ok: true, expiresInDays: Number(text) };
}

/** The body of `POST /api-tokens`, without `expiresInDays` when the token never expires. */
export function newApiTokenBody(name: string, expiresInDays: number | undefined): NewApiToken {
  return expiresInDays === undefined ? { name: name.trim() } : { name: name.trim(), expiresInDays };
}
