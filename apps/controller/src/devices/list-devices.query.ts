import { DeviceIdSchema } from '@gantry/protocol';
import { z } from 'zod';
import { DEVICE_STATUSES } from './device.entity.js';

/** A label key: what may stand left of `=` in `?label=site=berlin`. */
const LABEL_KEY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._/-]{0,62}$/;

const LabelSelectorSchema = z.string().transform((selector, context) => {
  const separator = selector.indexOf('=');
  const key = separator === -1 ? '' : selector.slice(0, separator);
  if (!LABEL_KEY_PATTERN.test(key)) {
    context.addIssue({
      code: 'custom',
      message: `expected key=value with a key of letters, digits, ".", "_", "/" or "-" (for example site=berlin), got "${selector}"`,
    });
    return z.NEVER;
  }
  return { key, value: selector.slice(separator + 1) };
});

/** Query of `GET /devices`: keyset pagination by id, filters by labels (all must match) and status. */
export const ListDevicesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The `nextCursor` of the previous page: the last device id seen. */
  cursor: DeviceIdSchema.optional(),
  label: z
    .union([LabelSelectorSchema, z.array(LabelSelectorSchema)])
    .optional()
    .transform((selectors) => (selectors === undefined ? [] : Array.isArray(selectors) ? selectors : [selectors])),
  status: z.enum(DEVICE_STATUSES).optional(),
});

export type ListDevicesQuery = z.output<typeof ListDevicesQuerySchema>;
