import * as z from 'zod/mini';
import { checkConsistency } from './consistency.js';
import { AppNameSchema, ServiceNameSchema, VolumeNameSchema } from './schema/primitives.js';
import { ServiceSpecSchema } from './schema/service.js';

export * from './schema/primitives.js';
export * from './schema/resources.js';
export * from './schema/service.js';

/** A named volume the app owns; Docker creates it on the gateway if it is missing. */
export const VolumeSpecSchema = z.strictObject({
  driver: z._default(z.string().check(z.minLength(1)), 'local'),
  driverOpts: z._default(z.record(z.string(), z.string()), {}),
  labels: z._default(z.record(z.string().check(z.minLength(1)), z.string()), {}),
});

/** A named volume the app owns. */
export type VolumeSpec = z.infer<typeof VolumeSpecSchema>;

/**
 * The canonical Gantry app manifest. Parsing fills every default explicitly; `normalize()`
 * then orders it so that equal apps have equal JSON and equal `contentHash()`.
 */
export const AppSpecSchema = z
  .strictObject({
    name: AppNameSchema,
    services: z.record(ServiceNameSchema, ServiceSpecSchema),
    volumes: z._default(z.record(VolumeNameSchema, VolumeSpecSchema), {}),
  })
  .check(
    z.superRefine((app, ctx) => {
      for (const issue of checkConsistency(app)) {
        ctx.addIssue({ code: 'custom', path: issue.segments, message: issue.message });
      }
    }),
  );

/** The canonical Gantry app manifest. */
export type AppSpec = z.infer<typeof AppSpecSchema>;
/** An app manifest as it may be written before defaults are filled in. */
export type AppSpecInput = z.input<typeof AppSpecSchema>;
