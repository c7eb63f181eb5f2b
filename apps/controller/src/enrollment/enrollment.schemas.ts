import { LabelsSchema } from '@gantry/protocol';
import { z } from 'zod';

const MAX_TTL_MINUTES = 30 * 24 * 60;

/** Body of `POST /enrollment-tokens`. */
export const CreateEnrollmentTokenSchema = z.strictObject({
  /** How long the token stays usable; a day by default, at most 30 days. */
  expiresInMinutes: z.int().min(1).max(MAX_TTL_MINUTES).default(24 * 60),
  /** Labels every gateway enrolled with this token starts with. */
  labels: z._default(LabelsSchema, {}),
  note: z.string().max(255).default(''),
});
export type CreateEnrollmentToken = z.output<typeof CreateEnrollmentTokenSchema>;

/** An enrollment token as listed (never the token itself). */
export const EnrollmentTokenViewSchema = z.object({
  id: z.string(),
  note: z.string(),
  labels: z.record(z.string(), z.string()),
  expiresAt: z.string(),
  createdAt: z.string(),
  usedAt: z.string().nullable(),
  usedByDeviceId: z.string().nullable(),
  state: z.enum(['unused', 'used', 'expired']),
});
export type EnrollmentTokenView = z.infer<typeof EnrollmentTokenViewSchema>;

/** Answer of `POST /enrollment-tokens`: the token, shown once, and the command to paste on a gateway. */
export const CreatedEnrollmentTokenSchema = EnrollmentTokenViewSchema.extend({
  token: z.string(),
  command: z.string(),
});
export type CreatedEnrollmentToken = z.infer<typeof CreatedEnrollmentTokenSchema>;
