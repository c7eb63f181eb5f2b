import { LabelsSchema } from '@gantry/protocol';
import { z } from 'zod';

/** Body of `PATCH /devices/:id`: a new name and/or the complete new label set. */
export const UpdateDeviceSchema = z
  .strictObject({
    name: z.string().min(1).max(255).optional(),
    labels: z.optional(LabelsSchema),
  })
  .refine((body) => body.name !== undefined || body.labels !== undefined, 'give a name or labels to change');
export type UpdateDevice = z.output<typeof UpdateDeviceSchema>;
