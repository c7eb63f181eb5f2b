import type { PathSegment } from '../issues.js';
import { formatPath } from '../issues.js';
import { parseCpus, parseSize } from '../quantity.js';
import type { QuantityResult } from '../quantity.js';
import { entriesOf, isRecord } from '../records.js';
import type { ResourceCaps } from '../schema.js';
import type { ImportContext } from './context.js';

type Scalar = 'memoryBytes' | 'memoryReservationBytes' | 'memorySwapBytes' | 'nanoCpus' | 'nanoCpusReservation' | 'cpuShares' | 'pidsLimit' | 'blkioWeight';

const dockerSize = (input: unknown): QuantityResult => parseSize(input, { notation: 'docker' });

/** Collects one service's caps from the many places compose lets you write them. */
class CapsBuilder {
  readonly caps: Partial<ResourceCaps> = {};
  private readonly from = new Map<Scalar, PathSegment[]>();

  constructor(
    private readonly ctx: ImportContext,
    private readonly canonical: PathSegment[],
  ) {}

  // mem_limit and deploy.resources.limits.memory both exist; docker compose refuses a
  // file where they disagree, and so do we.
  set(field: Scalar, value: number | null, at: PathSegment[]): void {
    const earlier = this.from.get(field);
    const current = this.caps[field];
    if (earlier && current !== undefined && current !== value) {
      this.ctx.error(at, `conflicts with ${formatPath(earlier)} (${String(current)}); give the value once`);
      return;
    }
    this.from.set(field, at);
    this.caps[field] = value;
    this.ctx.trace([...this.canonical, field], at);
  }

  quantity(field: Scalar, value: unknown, at: PathSegment[], read: (input: unknown) => QuantityResult, zeroIsUnset = true): void {
    if (value === undefined || value === null) return;
    const result = read(value);
    if (!result.ok) {
      this.ctx.error(at, result.message);
      return;
    }
    this.set(field, zeroIsUnset && result.value === 0 ? null : result.value, at);
  }

  integer(field: Scalar, value: unknown, at: PathSegment[], unlimitedAtOrBelow: number | null): void {
    if (value === undefined || value === null) return;
    const number = this.ctx.integer(value, at);
    if (number === undefined) return;
    this.set(field, unlimitedAtOrBelow !== null && number <= unlimitedAtOrBelow ? null : number, at);
  }
}

function memorySwap(input: unknown): QuantityResult {
  if (input === -1 || input === '-1') return { ok: true, value: -1 };
  return dockerSize(input);
}

function deployResources(value: unknown, at: PathSegment[], ctx: ImportContext, caps: CapsBuilder): void {
  const resources = ctx.map(value, at);
  if (!resources) return;
  ctx.checkKeys(resources, at, new Set(['limits', 'reservations']));
  if (resources.limits !== undefined && resources.limits !== null) {
    const where = [...at, 'limits'];
    const limits = ctx.map(resources.limits, where);
    if (limits) {
      ctx.checkKeys(limits, where, new Set(['cpus', 'memory', 'pids']));
      caps.quantity('nanoCpus', limits.cpus, [...where, 'cpus'], parseCpus);
      caps.quantity('memoryBytes', limits.memory, [...where, 'memory'], dockerSize);
      caps.integer('pidsLimit', limits.pids, [...where, 'pids'], 0);
    }
  }
  if (resources.reservations !== undefined && resources.reservations !== null) {
    const where = [...at, 'reservations'];
    const reservations = ctx.map(resources.reservations, where);
    if (reservations) {
      ctx.checkKeys(reservations, where, new Set(['cpus', 'memory']), {
        devices: 'device reservations (GPUs) are not supported by Gantry; map devices under devices instead',
        generic_resources: 'generic resources are a swarm feature; ignored',
      });
      caps.quantity('nanoCpusReservation', reservations.cpus, [...where, 'cpus'], parseCpus);
      caps.quantity('memoryReservationBytes', reservations.memory, [...where, 'memory'], dockerSize);
    }
  }
}

function blkioList(
  value: unknown,
  at: PathSegment[],
  ctx: ImportContext,
  readRate: (item: Record<string, unknown>, where: PathSegment[]) => number | undefined,
): { path: string; rate: number }[] {
  const out: { path: string; rate: number }[] = [];
  const items = value === undefined ? [] : (ctx.list(value, at) ?? []);
  items.forEach((item: unknown, index) => {
    const where = [...at, index];
    const map = ctx.map(item, where, 'a map with path and rate');
    if (!map) return;
    const path = ctx.text(map.path, [...where, 'path'], 'a device path');
    const rate = readRate(map, where);
    if (path !== undefined && rate !== undefined) out.push({ path, rate });
  });
  return out;
}

function blkioConfig(value: unknown, at: PathSegment[], ctx: ImportContext, caps: CapsBuilder, canonical: PathSegment[]): void {
  const config = ctx.map(value, at);
  if (!config) return;
  ctx.checkKeys(config, at, new Set(['weight', 'weight_device', 'device_read_bps', 'device_write_bps', 'device_read_iops', 'device_write_iops']));
  caps.integer('blkioWeight', config.weight, [...at, 'weight'], 0);
  const bytes = (map: Record<string, unknown>, where: PathSegment[]) => {
    const read = dockerSize(map.rate);
    if (!read.ok) ctx.error([...where, 'rate'], read.message);
    return read.ok ? read.value : undefined;
  };
  const count = (map: Record<string, unknown>, where: PathSegment[]) => ctx.integer(map.rate, [...where, 'rate'], 'a number of operations per second');
  const weight = (map: Record<string, unknown>, where: PathSegment[]) => ctx.integer(map.weight, [...where, 'weight'], 'a weight (10-1000)');
  const set = <K extends keyof ResourceCaps>(field: K, key: string, list: ResourceCaps[K]): void => {
    if (config[key] === undefined) return;
    caps.caps[field] = list;
    ctx.trace([...canonical, field], [...at, key]);
  };
  set('blkioWeightDevice', 'weight_device', blkioList(config.weight_device, [...at, 'weight_device'], ctx, weight).map(({ path, rate }) => ({ path, weight: rate })));
  set('deviceReadBps', 'device_read_bps', blkioList(config.device_read_bps, [...at, 'device_read_bps'], ctx, bytes).map(({ path, rate }) => ({ path, bytesPerSecond: rate })));
  set('deviceWriteBps', 'device_write_bps', blkioList(config.device_write_bps, [...at, 'device_write_bps'], ctx, bytes).map(({ path, rate }) => ({ path, bytesPerSecond: rate })));
  set('deviceReadIops', 'device_read_iops', blkioList(config.device_read_iops, [...at, 'device_read_iops'], ctx, count).map(({ path, rate }) => ({ path, iops: rate })));
  set('deviceWriteIops', 'device_write_iops', blkioList(config.device_write_iops, [...at, 'device_write_iops'], ctx, count).map(({ path, rate }) => ({ path, iops: rate })));
}

function ulimits(value: unknown, at: PathSegment[], ctx: ImportContext): ResourceCaps['ulimits'] {
  const out: ResourceCaps['ulimits'] = {};
  const map = ctx.map(value, at);
  if (!map) return out;
  for (const [name, limit] of entriesOf(map)) {
    const where = [...at, name];
    if (isRecord(limit)) {
      ctx.checkKeys(limit, where, new Set(['soft', 'hard']));
      const soft = ctx.integer(limit.soft, [...where, 'soft']);
      const hard = ctx.integer(limit.hard, [...where, 'hard']);
      if (soft !== undefined && hard !== undefined) out[name] = { soft, hard };
    } else {
      const both = ctx.integer(limit, where, 'a number or a map with soft and hard');
      if (both !== undefined) out[name] = { soft: both, hard: both };
    }
  }
  return out;
}

/** Keys of a compose service that this module reads. */
export const RESOURCE_KEYS = [
  'mem_limit',
  'mem_reservation',
  'memswap_limit',
  'cpus',
  'cpu_shares',
  'cpu_quota',
  'cpu_period',
  'cpuset',
  'pids_limit',
  'blkio_config',
  'ulimits',
] as const;

/** Reads a service's caps from the v2 keys (mem_limit, cpus, blkio_config...) and deploy.resources. */
export function importResources(
  service: Record<string, unknown>,
  at: PathSegment[],
  canonical: PathSegment[],
  ctx: ImportContext,
): Partial<ResourceCaps> {
  const caps = new CapsBuilder(ctx, canonical);
  const deploy = isRecord(service.deploy) ? service.deploy : {};
  if (deploy.resources !== undefined && deploy.resources !== null) {
    deployResources(deploy.resources, [...at, 'deploy', 'resources'], ctx, caps);
  }
  caps.quantity('memoryBytes', service.mem_limit, [...at, 'mem_limit'], dockerSize);
  caps.quantity('memoryReservationBytes', service.mem_reservation, [...at, 'mem_reservation'], dockerSize);
  caps.quantity('memorySwapBytes', service.memswap_limit, [...at, 'memswap_limit'], memorySwap);
  caps.quantity('nanoCpus', service.cpus, [...at, 'cpus'], parseCpus);
  caps.integer('cpuShares', service.cpu_shares, [...at, 'cpu_shares'], 0);
  caps.integer('pidsLimit', service.pids_limit, [...at, 'pids_limit'], 0);
  if (service.cpu_quota !== undefined) {
    const quota = ctx.integer(service.cpu_quota, [...at, 'cpu_quota']);
    const period = service.cpu_period === undefined ? 100_000 : ctx.integer(service.cpu_period, [...at, 'cpu_period']);
    if (quota !== undefined && period !== undefined && quota > 0 && period > 0) {
      caps.set('nanoCpus', Math.round((quota * 1e9) / period), [...at, 'cpu_quota']);
    }
  } else if (service.cpu_period !== undefined) {
    ctx.warn([...at, 'cpu_period'], 'has no effect without cpu_quota; ignored');
  }
  if (service.cpuset !== undefined) {
    const cpuset = ctx.text(service.cpuset, [...at, 'cpuset']);
    if (cpuset !== undefined) {
      caps.caps.cpusetCpus = cpuset;
      ctx.trace([...canonical, 'cpusetCpus'], [...at, 'cpuset']);
    }
  }
  if (service.blkio_config !== undefined) blkioConfig(service.blkio_config, [...at, 'blkio_config'], ctx, caps, canonical);
  if (service.ulimits !== undefined) {
    caps.caps.ulimits = ulimits(service.ulimits, [...at, 'ulimits'], ctx);
    ctx.trace([...canonical, 'ulimits'], [...at, 'ulimits']);
  }
  return caps.caps;
}
