import { z } from 'zod';
import { checkConsistency } from './consistency.js';
import { AppNameSchema, ServiceNameSchema, VolumeNameSchema } from './schema/primitives.js';
import { ServiceSpecSchema } from './schema/service.js';

export * from './schema/primitives.js';
export * from './schema/resources.js';
export * from './schema/service.js';

/** A named volume the app owns; Docker creates it on the gateway if it is missing. */
export const VolumeSpecSchema = z.strictObject({
  driver: z.string().min(1).default('local'),
  driverOpts: z.record(z.string(), z.string()).default({}),
  labels: z.record(z.string().min(1), z.string()).default({}),
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
    volumes: z.record(VolumeNameSchema, VolumeSpecSchema).default({}),
  })
  .superRefine((app, ctx) => {
    for (const issue of checkConsistency(app)) {
      ctx.addIssue({ code: 'custom', path: issue.segments, message: issue.message });
    }
  });

/** The canonical Gantry app manifest. */
export type AppSpec = z.infer<typeof AppSpecSchema>;
/** An app manifest as it may be written before defaults are filled in. */
export type AppSpecInput = z.input<typeof AppSpecSchema>;
