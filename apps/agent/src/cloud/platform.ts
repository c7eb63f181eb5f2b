import type { Platform } from '@gantry/protocol';
import type { LayoutKind } from '../cgroups/index.js';

// Node's names for CPU architectures → the OCI/Docker names images are published under.
const OCI_ARCH: Partial<Record<string, string>> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

/**
 * What this gateway runs on, as enrollment and `status` tell the cloud. A hybrid cgroup
 * host counts as v1: Docker places containers in the v1 hierarchies there.
 */
export function gatewayPlatform(layout: LayoutKind, dockerVersion: string | undefined): Platform {
  return {
    os: process.platform,
    arch: OCI_ARCH[process.arch] ?? process.arch,
    cgroupVersion: layout === 'v2' ? 2 : 1,
    ...(dockerVersion === undefined ? {} : { dockerVersion }),
  };
}
