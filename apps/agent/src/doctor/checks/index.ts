import type { DoctorCheck } from '../runner.js';
import { blkioWeightCheck } from './blkio-weight.js';
import { capSupportCheck } from './cap-support.js';
import { cgroupsCheck } from './cgroups.js';
import { configCheck } from './config.js';
import { dataDirCheck } from './data-dir.js';
import { diskSpaceCheck } from './disk-space.js';
import { dockerCheck } from './docker.js';
import { memorySwapCheck } from './memory-swap.js';

/** Every check `gantry-agent doctor` runs, in the order the report lists them. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  configCheck,
  dockerCheck,
  cgroupsCheck,
  capSupportCheck,
  memorySwapCheck,
  blkioWeightCheck,
  dataDirCheck,
  diskSpaceCheck,
];
