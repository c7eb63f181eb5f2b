import { z } from 'zod';
import { CpusetSchema } from './primitives.js';

// Fields are named after Docker Engine API HostConfig fields and carry their units, so the
// agent maps them one to one (memoryBytes -> Memory, nanoCpus -> NanoCpus, ...).
// `null` means "not capped", never "zero".

/** A per-device block-I/O weight (HostConfig.BlkioWeightDevice). */
export const BlkioWeightDeviceSchema = z.strictObject({
  path: z.string().regex(/^\/dev\//, 'must be a block device under /dev/'),
  weight: z.int().min(10, 'block-I/O weight is 10-1000').max(1000, 'block-I/O weight is 10-1000'),
});

/** A per-device bandwidth limit in bytes per second (HostConfig.BlkioDeviceReadBps/WriteBps). */
export const BlkioRateSchema = z.strictObject({
  path: z.string().regex(/^\/dev\//, 'must be a block device under /dev/'),
  bytesPerSecond: z.int().min(1, 'a rate must be at least 1 byte per second'),
});

/** A per-device limit in operations per second (HostConfig.BlkioDeviceReadIOps/WriteIOps). */
export const BlkioIopsSchema = z.strictObject({
  path: z.string().regex(/^\/dev\//, 'must be a block device under /dev/'),
  iops: z.int().min(1, 'iops must be at least 1'),
});

/** A soft/hard ulimit pair; -1 means unlimited where the kernel allows it. */
export const UlimitSchema = z
  .strictObject({
    soft: z.int().min(-1),
    hard: z.int().min(-1),
  })
  .refine((u) => u.hard === -1 || (u.soft !== -1 && u.soft <= u.hard), {
    message: 'the soft limit cannot exceed the hard limit',
  });

const positive = (what: string) => z.int().min(1, `${what} must be positive`).nullable().default(null);

/** The resource caps of one service, in canonical units. */
export const ResourceCapsSchema = z
  .strictObject({
    /** Hard memory limit in bytes (Memory). */
    memoryBytes: positive('a memory limit'),
    /** Soft memory reservation in bytes (MemoryReservation). */
    memoryReservationBytes: positive('a memory reservation'),
    /** Memory plus swap in bytes, or -1 for unlimited swap (MemorySwap). */
    memorySwapBytes: z.int().min(-1, 'memory+swap is -1 (unlimited) or a size').nullable().default(null),
    /** CPU limit in billionths of a CPU (NanoCpus). */
    nanoCpus: positive('a CPU limit'),
    /** CPUs reserved for this service when checking a gateway's allocatable capacity. */
    nanoCpusReservation: positive('a CPU reservation'),
    /** Relative CPU weight (CpuShares); Docker's default is 1024. */
    cpuShares: z.int().min(2, 'cpu shares are 2-262144').max(262144, 'cpu shares are 2-262144').nullable().default(null),
    /** CPUs the service may run on, e.g. `0-1` (CpusetCpus). */
    cpusetCpus: CpusetSchema.nullable().default(null),
    /** Maximum number of processes (PidsLimit). */
    pidsLimit: positive('a pids limit'),
    /** Block-I/O weight 10-1000 (BlkioWeight). */
    blkioWeight: z.int().min(10, 'block-I/O weight is 10-1000').max(1000, 'block-I/O weight is 10-1000').nullable().default(null),
    /** Per-device block-I/O weights (BlkioWeightDevice). */
    blkioWeightDevice: z.array(BlkioWeightDeviceSchema).default([]),
    /** Per-device read bandwidth caps (BlkioDeviceReadBps). */
    deviceReadBps: z.array(BlkioRateSchema).default([]),
    /** Per-device write bandwidth caps (BlkioDeviceWriteBps). */
    deviceWriteBps: z.array(BlkioRateSchema).default([]),
    /** Per-device read operation caps (BlkioDeviceReadIOps). */
    deviceReadIops: z.array(BlkioIopsSchema).default([]),
    /** Per-device write operation caps (BlkioDeviceWriteIOps). */
    deviceWriteIops: z.array(BlkioIopsSchema).default([]),
    /** Ulimits by name, e.g. `nofile` (Ulimits). */
    ulimits: z.record(z.string().regex(/^[a-z]+$/, 'must be a ulimit name such as nofile'), UlimitSchema).default({}),
  })
  .superRefine((caps, ctx) => {
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
  });

/** The resource caps of one service, in canonical units. */
export type ResourceCaps = z.infer<typeof ResourceCapsSchema>;
