import * as z from 'zod/mini';
import { CpusetSchema } from './primitives.js';

// Fields are named after Docker Engine API HostConfig fields and carry their units, so the
// agent maps them one to one (memoryBytes -> Memory, nanoCpus -> NanoCpus, ...).
// `null` means "not capped", never "zero".

const blockDevice = () => z.string().check(z.regex(/^\/dev\//, 'must be a block device under /dev/'));
const blkioWeight = () =>
  z.int().check(z.gte(10, 'block-I/O weight is 10-1000'), z.lte(1000, 'block-I/O weight is 10-1000'));

/** A per-device block-I/O weight (HostConfig.BlkioWeightDevice). */
export const BlkioWeightDeviceSchema = z.strictObject({
  path: blockDevice(),
  weight: blkioWeight(),
});

/** A per-device bandwidth limit in bytes per second (HostConfig.BlkioDeviceReadBps/WriteBps). */
export const BlkioRateSchema = z.strictObject({
  path: blockDevice(),
  bytesPerSecond: z.int().check(z.gte(1, 'a rate must be at least 1 byte per second')),
});

/** A per-device limit in operations per second (HostConfig.BlkioDeviceReadIOps/WriteIOps). */
export const BlkioIopsSchema = z.strictObject({
  path: blockDevice(),
  iops: z.int().check(z.gte(1, 'iops must be at least 1')),
});

/** A soft/hard ulimit pair; -1 means unlimited where the kernel allows it. */
export const UlimitSchema = z
  .strictObject({
    soft: z.int().check(z.gte(-1)),
    hard: z.int().check(z.gte(-1)),
  })
  .check(
    z.refine((u) => u.hard === -1 || (u.soft !== -1 && u.soft <= u.hard), {
      message: 'the soft limit cannot exceed the hard limit',
    }),
  );

const nullableInt = (...checks: z.core.$ZodCheck<number>[]) => z._default(z.nullable(z.int().check(...checks)), null);
const positive = (what: string) => nullableInt(z.gte(1, `${what} must be positive`));

/** The resource caps of one service, in canonical units. */
export const ResourceCapsSchema = z
  .strictObject({
    /** Hard memory limit in bytes (Memory). */
    memoryBytes: positive('a memory limit'),
    /** Soft memory reservation in bytes (MemoryReservation). */
    memoryReservationBytes: positive('a memory reservation'),
    /** Memory plus swap in bytes, or -1 for unlimited swap (MemorySwap). */
    memorySwapBytes: nullableInt(z.gte(-1, 'memory+swap is -1 (unlimited) or a size')),
    /** CPU limit in billionths of a CPU (NanoCpus). */
    nanoCpus: positive('a CPU limit'),
    /** CPUs reserved for this service when checking a gateway's allocatable capacity. */
    nanoCpusReservation: positive('a CPU reservation'),
    /** Relative CPU weight (CpuShares); Docker's default is 1024. */
    cpuShares: nullableInt(z.gte(2, 'cpu shares are 2-262144'), z.lte(262144, 'cpu shares are 2-262144')),
    /** CPUs the service may run on, e.g. `0-1` (CpusetCpus). */
    cpusetCpus: z._default(z.nullable(CpusetSchema), null),
    /** Maximum number of processes (PidsLimit). */
    pidsLimit: positive('a pids limit'),
    /** Block-I/O weight 10-1000 (BlkioWeight). */
    blkioWeight: z._default(z.nullable(blkioWeight()), null),
    /** Per-device block-I/O weights (BlkioWeightDevice). */
    blkioWeightDevice: z._default(z.array(BlkioWeightDeviceSchema), []),
    /** Per-device read bandwidth caps (BlkioDeviceReadBps). */
    deviceReadBps: z._default(z.array(BlkioRateSchema), []),
    /** Per-device write bandwidth caps (BlkioDeviceWriteBps). */
    deviceWriteBps: z._default(z.array(BlkioRateSchema), []),
    /** Per-device read operation caps (BlkioDeviceReadIOps). */
    deviceReadIops: z._default(z.array(BlkioIopsSchema), []),
    /** Per-device write operation caps (BlkioDeviceWriteIOps). */
    deviceWriteIops: z._default(z.array(BlkioIopsSchema), []),
    /** Ulimits by name, e.g. `nofile` (Ulimits). */
    ulimits: z._default(
      z.record(z.string().check(z.regex(/^[a-z]+$/, 'must be a ulimit name such as nofile')), UlimitSchema),
      {},
    ),
  })
  .check(
    z.superRefine((caps, ctx) => {
      if (caps.memoryReservationBytes !== null && caps.memoryBytes !== null && caps.memoryReservationBytes > caps.memoryBytes) {
        ctx.addIssue({
          code: 'custom',
          path: ['memoryReservationBytes'],
          message: 'the memory reservation cannot exceed the memory limit',
        });
      }
      if (caps.memorySwapBytes !== null) {
        if (caps.memoryBytes === null) {
          ctx.addIssue({ code: 'custom', path: ['memorySwapBytes'], message: 'memory+swap needs a memory limit too' });
        } else if (caps.memorySwapBytes !== -1 && caps.memorySwapBytes < caps.memoryBytes) {
          ctx.addIssue({
            code: 'custom',
            path: ['memorySwapBytes'],
            message: 'memory+swap cannot be less than the memory limit (it counts memory and swap together)',
          });
        }
      }
      if (caps.nanoCpusReservation !== null && caps.nanoCpus !== null && caps.nanoCpusReservation > caps.nanoCpus) {
        ctx.addIssue({ code: 'custom', path: ['nanoCpusReservation'], message: 'the CPU reservation cannot exceed the CPU limit' });
      }
    }),
  );

/** The resource caps of one service, in canonical units. */
export type ResourceCaps = z.infer<typeof ResourceCapsSchema>;
