import { basename } from 'node:path/posix';
import type { CgroupFs } from './fs-port.js';
import { parseFile, readCgroupFile, readFirstCgroupFile, type CgroupFile } from './cgroup-file.js';
import { parseDeviceValues, parseIoMax, parseWeights, type IoMaxKey } from './file-formats.js';
import { controllerDir, type CgroupDirs } from './proc-cgroup.js';
import { isUnsupported, unsupported, type DeviceValue, type DeviceWeights, type Reading, type Unsupported, type Weight } from './reading.js';

/** The block-I/O caps the kernel enforces. Throttle lists hold only capped devices. */
export interface BlkioCaps {
  /** The default weight: v1 blkio.weight or blkio.bfq.weight; v2 io.bfq.weight or io.weight. */
  readonly blkioWeight: Reading<Weight>;
  /** Per-device weights, from the same files (v1 *weight_device). */
  readonly blkioWeightDevice: Reading<DeviceWeights>;
  /** Bytes per second read caps: v1 blkio.throttle.read_bps_device; v2 io.max rbps. */
  readonly deviceReadBps: Reading<readonly DeviceValue[]>;
  /** Bytes per second write caps: v1 blkio.throttle.write_bps_device; v2 io.max wbps. */
  readonly deviceWriteBps: Reading<readonly DeviceValue[]>;
  /** Read operations per second caps: v1 blkio.throttle.read_iops_device; v2 io.max riops. */
  readonly deviceReadIops: Reading<readonly DeviceValue[]>;
  /** Write operations per second caps: v1 blkio.throttle.write_iops_device; v2 io.max wiops. */
  readonly deviceWriteIops: Reading<readonly DeviceValue[]>;
}

// Weights need a proportional I/O scheduler: CFQ (gone since 5.0) gave blkio.weight, BFQ gives
// *.bfq.weight, v2's iocost gives io.weight. Many gateway kernels have none of them.
const NO_WEIGHTS = 'the kernel has no proportional block-I/O scheduler with cgroup support (BFQ or iocost)';
const NO_THROTTLING = 'the kernel lacks CONFIG_BLK_DEV_THROTTLING';

/** Reads the blkio (v1) or io (v2) controller's caps of one cgroup. */
export async function readBlkioCaps(fs: CgroupFs, dirs: CgroupDirs): Promise<BlkioCaps> {
  const blkio = controllerDir(dirs, 'blkio');
  if (isUnsupported(blkio)) return allUnsupported(blkio);
  const { dir } = blkio;

  if (blkio.version === 1) {
    // runc writes blkio.weight when it exists and falls back to the BFQ file; read in that order.
    const weights = await readFirstCgroupFile(fs, dir, ['blkio.weight', 'blkio.bfq.weight'], NO_WEIGHTS);
    const deviceWeights = await readFirstCgroupFile(fs, dir, ['blkio.weight_device', 'blkio.bfq.weight_device'], NO_WEIGHTS);
    const throttle = async (name: string) =>
      parseFile(await readCgroupFile(fs, dir, name, NO_THROTTLING), (file) => parseDeviceValues(file.text, file.path));
    return {
      blkioWeight: defaultWeight(weights, 'docker'),
      blkioWeightDevice: parseFile(deviceWeights, (file) => ({ scale: 'docker', devices: parseWeights(file.text, file.path).devices })),
      deviceReadBps: await throttle('blkio.throttle.read_bps_device'),
      deviceWriteBps: await throttle('blkio.throttle.write_bps_device'),
      deviceReadIops: await throttle('blkio.throttle.read_iops_device'),
      deviceWriteIops: await throttle('blkio.throttle.write_iops_device'),
    };
  }

  // runc prefers io.bfq.weight (Docker's 10-1000 scale) and falls back to io.weight (1-10000).
  const bfq = await readCgroupFile(fs, dir, 'io.bfq.weight');
  const weights = isUnsupported(bfq) ? await readCgroupFile(fs, dir, 'io.weight', NO_WEIGHTS) : bfq;
  const scale: Weight['scale'] = isUnsupported(bfq) ? 'v2' : 'docker';
  const ioMax = await readCgroupFile(fs, dir, 'io.max', NO_THROTTLING);
  const limits = (key: IoMaxKey) => parseFile(ioMax, (file) => parseIoMax(file.text, key, file.path));
  return {
    blkioWeight: defaultWeight(weights, scale),
    blkioWeightDevice: parseFile(weights, (file) => ({ scale, devices: parseWeights(file.text, file.path).devices })),
    deviceReadBps: limits('rbps'),
    deviceWriteBps: limits('wbps'),
    deviceReadIops: limits('riops'),
    deviceWriteIops: limits('wiops'),
  };
}

function defaultWeight(file: CgroupFile | Unsupported, scale: Weight['scale']): Reading<Weight> {
  if (isUnsupported(file)) return file;
  const { defaultWeight: value } = parseWeights(file.text, file.path);
  return value === undefined ? unsupported(`${file.path} holds no default weight`) : { scale, value, file: basename(file.path) };
}

function allUnsupported(reason: Unsupported): BlkioCaps {
  return {
    blkioWeight: reason,
    blkioWeightDevice: reason,
    deviceReadBps: reason,
    deviceWriteBps: reason,
    deviceReadIops: reason,
    deviceWriteIops: reason,
  };
}
