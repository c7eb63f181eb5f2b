import * as z from 'zod/mini';
import { DeviceIdSchema } from './ids.js';
import { ResourceAmountsSchema } from './messages/common.js';
import { PlatformSchema } from './messages/status.js';

/*
 * Enrollment (HTTP, `POST /api/v1/enroll`): how a gateway turns a one-time token into its
 * identity and MQTT credentials. It is the only HTTP call an agent makes, so it lives in
 * the cloud-edge contract beside the MQTT messages.
 */

/** Path of the enrollment endpoint on the controller, below its base URL. */
export const ENROLL_PATH = '/api/v1/enroll';

/** Label keys and values: the Kubernetes label charset, so selectors can name them. */
const LabelKeySchema = z.string().check(z.regex(/^[a-zA-Z0-9][a-zA-Z0-9._/-]{0,62}$/, 'must be 1-63 letters, digits, ".", "_", "/" or "-"'));
const LabelValueSchema = z.string().check(
  z.regex(
    /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?)?$/,
    'must be at most 63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
  ),
);

/** Labels of a gateway (`site=berlin`), as selectors match them. */
export const LabelsSchema = z
  .record(LabelKeySchema, LabelValueSchema)
  .check(z.refine((labels) => Object.keys(labels).length <= 64, 'at most 64 labels'));

/** What a gateway sends to enroll. */
export const EnrollRequestSchema = z.strictObject({
  /** The one-time token from `POST /api/v1/enrollment-tokens`. */
  token: z.string().check(z.minLength(16), z.maxLength(256)),
  /** The id it wants (hostname, serial); the controller generates one when absent. */
  deviceId: z.optional(DeviceIdSchema),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
  /** Labels the gateway knows about itself; the token's labels win on conflict. */
  labels: z.optional(LabelsSchema),
  agentVersion: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  allocatable: z.optional(ResourceAmountsSchema),
  platform: z.optional(PlatformSchema),
});
/** What a gateway sends to enroll. */
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

/** What the controller answers: the gateway's identity and how to reach the broker. */
export const EnrollResponseSchema = z.object({
  deviceId: DeviceIdSchema,
  name: z.string(),
  labels: LabelsSchema,
  mqtt: z.object({
    /** Broker URLs in order of preference (`mqtt://`, `mqtts://`, `ws://`, `wss://`). */
    urls: z.array(z.string().check(z.regex(/^(mqtts?|wss?):\/\//))).check(z.minLength(1)),
    /** The MQTT username and client id: the device id. */
    username: DeviceIdSchema,
    /** The gateway's secret; shown once, the controller keeps only its hash. */
    password: z.string().check(z.minLength(16)),
  }),
});
/** What the controller answers to an enrollment. */
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;
