import { z } from 'zod';
import { DEVICE_STATUSES } from './device.entity.js';
import { DeviceCursorSchema } from './device-cursor.js';
import { DEVICE_SORTS } from './device-sort.js';

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

/**
 * Query of `GET /devices`: filters (search, labels that must all match, status), an order,
 * and a page given either by `offset` or by the `nextCursor` of the previous page.
 */
export const ListDevicesQuerySchema = z
  .strictObject({
    /** Case-insensitive substring of the gateway's name or id. */
    q: z.string().trim().min(1, 'must not be empty').max(255).optional(),
    sort: z.enum(DEVICE_SORTS, `must be one of ${DEVICE_SORTS.join(', ')}`).default('name'),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** The `nextCursor` of the previous page, for paging through the whole list without offsets. */
    cursor: DeviceCursorSchema.optional(),
    label: z
      .union([LabelSelectorSchema, z.array(LabelSelectorSchema)])
      .optional()
      .transform((selectors) => (selectors === undefined ? [] : Array.isArray(selectors) ? selectors : [selectors])),
    status: z.enum(DEVICE_STATUSES).optional(),
  })
  .superRefine((query, context) => {
    if (query.cursor === undefined) return;
    if (query.offset !== 0) context.addIssue({ code: 'custom', path: ['offset'], message: 'give either offset or cursor, not both' });
    if (query.cursor.sort !== query.sort) {
      context.addIssue({ code: 'custom', path: ['cursor'], message: `this cursor continues a list sorted by ${query.cursor.sort}; ask with sort=${query.cursor.sort}` });
    }
  });

export type ListDevicesQuery = z.output<typeof ListDevicesQuerySchema>;
