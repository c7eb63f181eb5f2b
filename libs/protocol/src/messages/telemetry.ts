import * as z from 'zod/mini';
import { CountSchema, NanoCpusSchema, ServiceRefSchema, TimestampSchema } from './common.js';

/*
 * `telemetry` (edge → cloud, QoS 0): resource samples, batched. CPU is a rate over the
 * interval that ends at the sample's time; block I/O is a cumulative counter since the
 * container (or the gateway) started, so thinning old samples in the outbox loses
 * resolution but never makes the totals wrong.
 */

/** Bytes read and written by block devices, cumulative. */
export const BlkioSchema = z.object({
  readBytes: CountSchema,
  writeBytes: CountSchema,
});
/** Bytes read and written by block devices, cumulative. */
export type Blkio = z.infer<typeof BlkioSchema>;

const UsageShape = {
  /** Average CPU use over the sample interval, in billionths of a CPU. */
  cpuNanoCpus: NanoCpusSchema,
  memoryBytes: CountSchema,
  pids: CountSchema,
  blkio: BlkioSchema,
};

/** One service's resource use at one time, next to its memory cap to show headroom. */
export const ServiceUsageSchema = z.object({
  ...ServiceRefSchema.shape,
  ...UsageShape,
  /** The memory cap in force; `null` when the service is uncapped. */
  memoryLimitBytes: z.nullable(CountSchema),
});
/** One service's resource use at one time. */
export type ServiceUsage = z.infer<typeof ServiceUsageSchema>;

/** The whole gateway's resource use at one time (all processes, not only Gantry's). */
export const GatewayUsageSchema = z.object({
  ...UsageShape,
  memoryTotalBytes: CountSchema,
  storageFreeBytes: z.optional(CountSchema),
});
/** The whole gateway's resource use at one time. */
export type GatewayUsage = z.infer<typeof GatewayUsageSchema>;

/** Everything measured at one time. */
export const TelemetrySampleSchema = z.object({
  ts: TimestampSchema,
  gateway: z.optional(GatewayUsageSchema),
  services: z.array(ServiceUsageSchema).check(z.maxLength(256)),
});
/** Everything measured at one time. */
export type TelemetrySample = z.infer<typeof TelemetrySampleSchema>;

/** The `telemetry` body: samples in time order. */
export const TelemetryBatchSchema = z.object({
  /** The sampling interval, so a gap in the series can be told from a slow sender. */
  intervalMs: z.int().check(z.gte(100), z.lte(86_400_000)),
  samples: z.array(TelemetrySampleSchema).check(
    z.minLength(1),
    z.maxLength(1_000),
    z.superRefine((samples, ctx) => {
      samples.forEach((sample, index) => {
        const previous = samples[index - 1];
        // Fixed-format UTC timestamps compare correctly as strings.
        if (previous && sample.ts < previous.ts) {
          ctx.addIssue({ code: 'custom', path: [index, 'ts'], message: `must not be earlier than the previous sample (${previous.ts})` });
        }
      });
    }),
  ),
});
/** The `telemetry` body. */
export type TelemetryBatch = z.infer<typeof TelemetryBatchSchema>;
