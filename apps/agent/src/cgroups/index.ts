// The cgroup module: proves the resource caps the agent applied through Docker by reading
// what the kernel enforces (DESIGN.md §4), on cgroup v1, v2 and hybrid hosts.
export { CgroupInspector, CgroupReader } from './cgroup-inspector.js';
export type { CgroupFs, DeviceNumber } from './fs-port.js';
export { NodeCgroupFs, type NodeCgroupFsOptions } from './node-cgroup-fs.js';
export { detectLayout, readLayout, type CgroupLayout, type CgroupMount, type LayoutKind, type UnifiedMount } from './layout.js';
export { findMount, parseMountinfo, type MountInfoEntry } from './mountinfo.js';
export { controllerDir, locateCgroup, parseProcCgroup, type CgroupDirs, type Controller, type ProcCgroupLine } from './proc-cgroup.js';
export { isUnsupported, unsupported, type DeviceValue, type DeviceWeights, type IoBytes, type Reading, type Unsupported, type Weight } from './reading.js';
export { readAppliedCaps, type AppliedCaps, type CgroupCapField } from './applied-caps.js';
export { readUsage, type CgroupUsage } from './usage.js';
export { verifyCaps, type CapCheck, type CapStatus, type CapValue, type DeviceCap, type VerifyOptions } from './verify.js';
export { describeCheck, formatBytes, summarizeChecks, type CapSummary } from './cap-summary.js';
export { deviceCapPaths, resolveDevices } from './devices.js';
