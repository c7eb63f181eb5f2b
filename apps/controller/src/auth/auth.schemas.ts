import { z } from 'zod';

/** Body of `POST /auth/login`. */
export const LoginSchema = z.strictObject({
  username: z.string().min(1, 'username must not be empty').max(64),
  password: z.string().min(1, 'password must not be empty').max(1024),
});
export type Login = z.output<typeof LoginSchema>;

/** Body of `POST /api-tokens`. */
export const CreateApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  /** Omitted: the token never expires. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateApiToken = z.output<typeof CreateApiTokenSchema>;

const instant = z.iso.datetime();

export const UserViewSchema = z.object({ id: z.uuid(), username: z.string(), createdAt: instant, lastLoginAt: instant.nullable() });
export type UserView = z.infer<typeof UserViewSchema>;

export const LoginResponseSchema = z.object({
  token: z.string().describe('Send as `Authorization: Bearer <token>`; also set as the HttpOnly cookie `gantry_session`'),
  expiresAt: instant.describe('Sessions last 12 hours from login; log in again after that'),
  user: UserViewSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const MeResponseSchema = z.object({
  user: UserViewSchema,
  via: z.enum(['session', 'api-token']).describe('The kind of credential this request carried'),
  expiresAt: instant.nullable().describe('When that credential expires; null for an API token without expiry'),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const ApiTokenViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: instant,
  lastUsedAt: instant.nullable(),
  expiresAt: instant.nullable().describe('Null: never expires'),
});
export type ApiTokenView = z.infer<typeof ApiTokenViewSchema>;

export const CreatedApiTokenSchema = ApiTokenViewSchema.extend({
  token: z.string().describe('The token (`gty_...`), shown only in this response; send as `Authorization: Bearer <token>`'),
});
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;

export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenViewSchema) });
