import { DeviceIdSchema } from '@gantry/protocol';
import { z } from 'zod';
import { DEVICE_SORTS, isTimeField, sortOrder } from './device-sort.js';

const CursorBodySchema = z.object({
  /** The order the page was listed in. */
  sort: z.enum(DEVICE_SORTS),
  /** The sort value of the last device of the page (ISO time for times; null: never seen). */
  key: z.string().max(255).nullable(),
  /** Its id, which breaks ties between equal sort values. */
  id: DeviceIdSchema,
  /** Where the next page starts, reported back as its `offset`. */
  offset: z.int().min(0),
}).refine((cursor) => {
  const { field } = sortOrder(cursor.sort);
  if (!isTimeField(field)) return cursor.key !== null;
  return cursor.key === null ? field === 'lastSeen' : !Number.isNaN(Date.parse(cursor.key));
});

/** Where the next page of a listing starts: after the device `id` with sort value `key`. */
export type DeviceCursor = z.output<typeof CursorBodySchema>;

/**
 * `nextCursor`: opaque to clients (base64url JSON), so its fields may change. Paging by
 * key instead of offset neither skips nor repeats gateways while others enroll.
 */
export const DeviceCursorSchema = z.string().transform((text, context) => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const cursor = CursorBodySchema.safeParse(json);
  if (!cursor.success) {
    context.addIssue({ code: 'custom', message: 'is not a cursor this API gave out; pass the nextCursor of the previous page unchanged' });
    return z.NEVER;
  }
  return cursor.data;
});

export function encodeCursor(cursor: DeviceCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}
