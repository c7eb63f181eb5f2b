import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { Ownership } from './labels.js';
import { imageReferences, toManagedContainer } from './read-current.js';

const digest = `sha256:${'a'.repeat(64)}`;
const other = `sha256:${'b'.repeat(64)}`;

function image(RepoTags: string[] | null, RepoDigests: string[] | null): Docker.ImageInfo {
  return { Id: 'x', ParentId: '', RepoTags: RepoTags ?? undefined, RepoDigests: RepoDigests ?? undefined, Created: 0, Size: 0, VirtualSize: 0, SharedSize: 0, Labels: {}, Containers: 0 };
}

describe('imageReferences', () => {
  it('lists tags, digests and tag@digest pairs of the same repository', () => {
    const refs = imageReferences([image(['reg:5000/cam:2', 'reg:5000/other:1'], [`reg:5000/cam@${digest}`])]);
    expect([...refs].sort()).toEqual(
      [`reg:5000/cam:2`, `reg:5000/cam:2@${digest}`, `reg:5000/cam@${digest}`, 'reg:5000/other:1'].sort(),
    );
  });

  it('skips <none> entries and missing lists (dangling and digest-only images)', () => {
    expect([...imageReferences([image(['<none>:<none>'], ['<none>@<none>']), image(null, [`reg.local/app@${other}`])])]).toEqual([`reg.local/app@${other}`]);
  });

  it('lists Docker Hub images under their docker.io spellings too', () => {
    const refs = imageReferences([image(['busybox:1.36', 'myorg/app:1'], [])]);
    expect([...refs].sort()).toEqual(
      ['busybox:1.36', 'docker.io/busybox:1.36', 'docker.io/library/busybox:1.36', 'library/busybox:1.36', 'docker.io/myorg/app:1', 'myorg/app:1'].sort(),
    );
  });
});

function inspectInfo(overrides: { Labels?: Record<string, string>; State?: Partial<Docker.ContainerInspectInfo['State']>; HostConfig?: Docker.HostConfig }): Docker.ContainerInspectInfo {
  const info = {
    Id: 'f'.repeat(64),
    Name: '/gantry_vision_camera_0123456789ab',
    RestartCount: 2,
    State: { Status: 'running', ExitCode: 0, ...overrides.State },
    Config: {
      Image: 'reg:5000/cam:2',
      Labels: overrides.Labels ?? {
        'io.gantry.managed': 'default',
        'io.gantry.app': 'vision',
        'io.gantry.service': 'camera',
        'io.gantry.release': 'r7',
        'io.gantry.config-hash': '0123456789abcdef',
      },
    },
    HostConfig: overrides.HostConfig ?? { Memory: 64 * 1024 * 1024, MemorySwap: 128 * 1024 * 1024 },
  };
  // Only the fields toManagedContainer reads; the rest of inspect's answer is irrelevant here.
  return info as unknown as Docker.ContainerInspectInfo;
}

describe('toManagedContainer', () => {
  it('reads a running container with its caps', () => {
    expect(toManagedContainer(inspectInfo({}), new Ownership())).toEqual({
      id: 'f'.repeat(64),
      name: 'gantry_vision_camera_0123456789ab',
      appId: 'vision',
      service: 'camera',
      releaseId: 'r7',
      configHash: '0123456789abcdef',
      image: 'reg:5000/cam:2',
      state: 'running',
      health: 'none',
      exitCode: null,
      restartCount: 2,
      caps: {
        memoryBytes: 64 * 1024 * 1024,
        memoryReservationBytes: null,
        memorySwapBytes: 128 * 1024 * 1024,
        nanoCpus: null,
        cpuShares: null,
        cpusetCpus: null,
        pidsLimit: null,
        blkioWeight: null,
      },
    });
  });

  it.each([
    [{ Status: 'exited', ExitCode: 137 }, { state: 'exited', exitCode: 137, health: 'none' }],
    [{ Status: 'created', ExitCode: 0 }, { state: 'created', exitCode: null }],
    [{ Status: 'running', Health: { Status: 'healthy', FailingStreak: 0, Log: [] } }, { state: 'running', health: 'healthy' }],
    [{ Status: 'running', Health: { Status: 'starting', FailingStreak: 0, Log: [] } }, { health: 'starting' }],
  ])('maps state %j', (State, expected) => {
    expect(toManagedContainer(inspectInfo({ State }), new Ownership())).toMatchObject(expected);
  });

  it('ignores a container without Gantry labels', () => {
    expect(toManagedContainer(inspectInfo({ Labels: { 'io.gantry.app': 'vision' } }), new Ownership())).toBeNull();
  });
});
