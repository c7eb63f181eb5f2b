import type { CreateStep } from '@gantry/agent-core';
import { ServiceSpecSchema } from '@gantry/app-spec';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { containerCreateOptions, networkPeer } from './container-config.js';
import { Ownership } from './labels.js';

type SpecInput = Parameters<typeof ServiceSpecSchema.parse>[0];

function createStep(spec: Record<string, unknown> = {}): CreateStep {
  return {
    action: 'create',
    appId: 'vision',
    service: 'camera',
    releaseId: 'r7',
    name: 'gantry_vision_camera_0123456789ab',
    configHash: '0123456789abcdef',
    reason: 'test',
    spec: ServiceSpecSchema.parse({ image: 'registry.local:5000/cam:2', ...spec } satisfies SpecInput),
  };
}

const MiB = 1024 * 1024;

describe('containerCreateOptions', () => {
  it('maps a minimal spec to a labelled container on the app network', () => {
    const sut = containerCreateOptions(createStep());
    expect(sut).toEqual({
      name: 'gantry_vision_camera_0123456789ab',
      Image: 'registry.local:5000/cam:2',
      Env: [],
      Labels: {
        'io.gantry.managed': 'default',
        'io.gantry.app': 'vision',
        'io.gantry.service': 'camera',
        'io.gantry.release': 'r7',
        'io.gantry.config-hash': '0123456789abcdef',
      },
      Tty: false,
      StopTimeout: 10,
      ExposedPorts: {},
      NetworkingConfig: { EndpointsConfig: { gantry_vision: { Aliases: ['camera'] } } },
      HostConfig: {
        NetworkMode: 'gantry_vision',
        PortBindings: {},
        Mounts: [],
        Devices: [],
        DeviceCgroupRules: [],
        GroupAdd: [],
        RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
        ExtraHosts: [],
        Sysctls: {},
        ReadonlyRootfs: false,
        CapAdd: [],
        CapDrop: [],
        Privileged: false,
        PidMode: '',
        IpcMode: 'private',
        SecurityOpt: [],
        Init: false,
        BlkioWeightDevice: [],
        BlkioDeviceReadBps: [],
        BlkioDeviceWriteBps: [],
        BlkioDeviceReadIOps: [],
        BlkioDeviceWriteIOps: [],
        Ulimits: [],
      },
    });
    // Unset caps are absent, not 0: Docker reads 0 as "no limit" but some fields reject it.
    expect(JSON.parse(JSON.stringify(sut.HostConfig))).not.toHaveProperty('Memory');
  });

  const cases: { name: string; spec: Record<string, unknown>; expected: Docker.ContainerCreateOptions }[] = [
    {
      name: 'command, entrypoint, working dir, user, hostname',
      spec: { command: ['serve', '--port', '80'], entrypoint: ['/init'], workingDir: '/app', user: '1000:20', hostname: 'cam' },
      expected: { Cmd: ['serve', '--port', '80'], Entrypoint: ['/init'], WorkingDir: '/app', User: '1000:20', Hostname: 'cam' },
    },
    {
      name: 'an empty entrypoint is kept: it clears the image entrypoint',
      spec: { entrypoint: [] },
      expected: { Entrypoint: [] },
    },
    {
      name: 'env sorted by key',
      spec: { env: { ZED: 'z', ALPHA: 'a=b', MID: '' } },
      expected: { Env: ['ALPHA=a=b', 'MID=', 'ZED=z'] },
    },
    {
      name: 'user labels kept beside Gantry labels',
      spec: { labels: { 'com.example.team': 'vision' } },
      expected: { Labels: { 'com.example.team': 'vision', 'io.gantry.app': 'vision' } },
    },
    {
      name: 'tty, stop signal, grace period rounded up to seconds',
      spec: { tty: true, stopSignal: 'SIGINT', stopGracePeriodMs: 2_500 },
      expected: { Tty: true, StopSignal: 'SIGINT', StopTimeout: 3 },
    },
    {
      name: 'health check durations in nanoseconds',
      spec: {
        healthcheck: { test: ['CMD-SHELL', 'test -f /tmp/ok'], intervalMs: 500, timeoutMs: 1_000, retries: 2, startPeriodMs: 3_000, startIntervalMs: 250 },
      },
      expected: {
        Healthcheck: {
          Test: ['CMD-SHELL', 'test -f /tmp/ok'],
          Interval: 500_000_000,
          Timeout: 1_000_000_000,
          Retries: 2,
          StartPeriod: 3_000_000_000,
          StartInterval: 250_000_000,
        },
      },
    },
    {
      name: 'ports: exposed, published on an address, on all addresses, or on a port Docker picks',
      spec: {
        ports: [
          { target: 80, published: 8080, hostIp: '127.0.0.1' },
          { target: 80, published: 8080, hostIp: '::1' },
          { target: 53, published: 5353, protocol: 'udp' },
          { target: 9000 },
        ],
      },
      expected: {
        ExposedPorts: { '80/tcp': {}, '53/udp': {}, '9000/tcp': {} },
        HostConfig: {
          PortBindings: {
            '80/tcp': [
              { HostIp: '127.0.0.1', HostPort: '8080' },
              { HostIp: '::1', HostPort: '8080' },
            ],
            '53/udp': [{ HostIp: '', HostPort: '5353' }],
            '9000/tcp': [{ HostIp: '', HostPort: '' }],
          },
        },
      },
    },
    {
      name: 'mounts: named volume, anonymous volume, bind, tmpfs with and without options',
      spec: {
        volumes: [
          { type: 'volume', source: 'frames', target: '/frames', readOnly: true, noCopy: true },
          { type: 'volume', target: '/cache' },
          { type: 'bind', source: '/dev/bus/usb', target: '/dev/bus/usb' },
          { type: 'tmpfs', target: '/run', sizeBytes: 8 * MiB, mode: 0o1777 },
          { type: 'tmpfs', target: '/scratch' },
        ],
      },
      expected: {
        HostConfig: {
          Mounts: [
            {
              Type: 'volume',
              Source: 'gantry_vision_frames',
              Target: '/frames',
              ReadOnly: true,
              VolumeOptions: { NoCopy: true, Labels: {}, DriverConfig: { Name: '', Options: {} } },
            },
            { Type: 'volume', Source: '', Target: '/cache', ReadOnly: false },
            { Type: 'bind', Source: '/dev/bus/usb', Target: '/dev/bus/usb', ReadOnly: false },
            { Type: 'tmpfs', Source: '', Target: '/run', TmpfsOptions: { SizeBytes: 8 * MiB, Mode: 0o1777 } },
            { Type: 'tmpfs', Source: '', Target: '/scratch' },
          ],
        },
      },
    },
    {
      name: 'devices, device cgroup rules, extra groups',
      spec: {
        devices: [{ hostPath: '/dev/ttyUSB0', containerPath: '/dev/ttyS0', permissions: 'rw' }],
        deviceCgroupRules: ['c 188:* rmw'],
        groupAdd: ['dialout'],
      },
      expected: {
        HostConfig: {
          Devices: [{ PathOnHost: '/dev/ttyUSB0', PathInContainer: '/dev/ttyS0', CgroupPermissions: 'rw' }],
          DeviceCgroupRules: ['c 188:* rmw'],
          GroupAdd: ['dialout'],
        },
      },
    },
    {
      name: 'restart policy with retries',
      spec: { restart: { policy: 'on-failure', maxRetries: 5 } },
      expected: { HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 } } },
    },
    {
      name: 'host network mode, no alias',
      spec: { networkMode: 'host' },
      expected: { HostConfig: { NetworkMode: 'host' }, NetworkingConfig: undefined },
    },
    {
      name: 'none and bridge network modes as they are',
      spec: { networkMode: 'none' },
      expected: { HostConfig: { NetworkMode: 'none' }, NetworkingConfig: undefined },
    },
    {
      name: 'security and namespaces',
      spec: {
        extraHosts: ['gateway:10.0.0.1'],
        sysctls: { 'net.core.somaxconn': '1024' },
        readOnlyRootfs: true,
        capAdd: ['NET_ADMIN'],
        capDrop: ['ALL'],
        privileged: true,
        pidMode: 'host',
        ipcMode: 'shareable',
        securityOpt: ['no-new-privileges'],
        init: true,
        shmSizeBytes: 128 * MiB,
        logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      },
      expected: {
        HostConfig: {
          ExtraHosts: ['gateway:10.0.0.1'],
          Sysctls: { 'net.core.somaxconn': '1024' },
          ReadonlyRootfs: true,
          CapAdd: ['NET_ADMIN'],
          CapDrop: ['ALL'],
          Privileged: true,
          PidMode: 'host',
          IpcMode: 'shareable',
          SecurityOpt: ['no-new-privileges'],
          Init: true,
          ShmSize: 128 * MiB,
          LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
        },
      },
    },
    {
      name: 'every resource cap',
      spec: {
        resources: {
          memoryBytes: 256 * MiB,
          memoryReservationBytes: 128 * MiB,
          memorySwapBytes: 512 * MiB,
          nanoCpus: 1_500_000_000,
          nanoCpusReservation: 500_000_000,
          cpuShares: 512,
          cpusetCpus: '0-1',
          pidsLimit: 100,
          blkioWeight: 300,
          blkioWeightDevice: [{ path: '/dev/sda', weight: 200 }],
          deviceReadBps: [{ path: '/dev/sda', bytesPerSecond: 10 * MiB }],
          deviceWriteBps: [{ path: '/dev/sda', bytesPerSecond: 5 * MiB }],
          deviceReadIops: [{ path: '/dev/sda', iops: 1000 }],
          deviceWriteIops: [{ path: '/dev/sda', iops: 500 }],
          ulimits: { nproc: { soft: 64, hard: 128 }, nofile: { soft: 1024, hard: 4096 } },
        },
      },
      expected: {
        HostConfig: {
          Memory: 256 * MiB,
          MemoryReservation: 128 * MiB,
          MemorySwap: 512 * MiB,
          NanoCpus: 1_500_000_000,
          CpuShares: 512,
          CpusetCpus: '0-1',
          PidsLimit: 100,
          BlkioWeight: 300,
          BlkioWeightDevice: [{ Path: '/dev/sda', Weight: 200 }],
          BlkioDeviceReadBps: [{ Path: '/dev/sda', Rate: 10 * MiB }],
          BlkioDeviceWriteBps: [{ Path: '/dev/sda', Rate: 5 * MiB }],
          BlkioDeviceReadIOps: [{ Path: '/dev/sda', Rate: 1000 }],
          BlkioDeviceWriteIOps: [{ Path: '/dev/sda', Rate: 500 }],
          Ulimits: [
            { Name: 'nofile', Soft: 1024, Hard: 4096 },
            { Name: 'nproc', Soft: 64, Hard: 128 },
          ],
        },
      },
    },
    {
      name: 'memory without memory+swap leaves MemorySwap for Docker to fill in',
      spec: { resources: { memoryBytes: 64 * MiB } },
      expected: { HostConfig: { Memory: 64 * MiB, MemorySwap: undefined } },
    },
    {
      name: 'unlimited swap',
      spec: { resources: { memoryBytes: 64 * MiB, memorySwapBytes: -1 } },
      expected: { HostConfig: { Memory: 64 * MiB, MemorySwap: -1 } },
    },
  ];

  it.each(cases)('maps $name', ({ spec, expected }) => {
    expect(containerCreateOptions(createStep(spec))).toMatchObject(expected);
  });

  it('joins another service’s container for service:<name> network mode', () => {
    const sut = containerCreateOptions(createStep({ networkMode: 'service:vpn' }), 'abc123');
    expect(sut.HostConfig?.NetworkMode).toBe('container:abc123');
    expect(sut.NetworkingConfig).toBeUndefined();
  });

  it('refuses service:<name> network mode when that service has no container', () => {
    expect(() => containerCreateOptions(createStep({ networkMode: 'service:vpn' }))).toThrow(
      'service camera of app vision shares the network of service vpn, which has no container yet; create vpn first',
    );
  });
});

describe('networkPeer', () => {
  it.each([
    ['service:vpn', 'vpn'],
    ['app', null],
    ['host', null],
    ['none', null],
    ['bridge', null],
  ])('%s → %s', (mode, peer) => {
    expect(networkPeer(mode)).toBe(peer);
  });
});

describe('ownership', () => {
  it('folds a non-default agent instance into names and the managed label', () => {
    const owner = new Ownership('lab-7');
    expect(owner.containerName('gantry_site_api_abc')).toBe('lab-7.gantry_site_api_abc');
    expect(owner.networkName('site')).toBe('lab-7.gantry_site');
    expect(owner.volumeName('site', 'data')).toBe('lab-7.gantry_site_data');
    expect(owner.owns({ 'io.gantry.managed': 'lab-7' })).toBe(true);
    expect(owner.owns({ 'io.gantry.managed': 'default' })).toBe(false);
    expect(new Ownership().networkName('site')).toBe('gantry_site');
  });
});
