import { describe, expect, it } from 'vitest';
import type { ImportComposeOptions, ServiceSpec } from '../src/index.js';
import { importCompose } from '../src/index.js';
import { expectOk, show } from './helpers.js';

const MiB = 1024 ** 2;

/** Imports a one-service compose file written from the service's lines. */
function web(lines: string, options: ImportComposeOptions = {}): { service: ServiceSpec; warnings: string[] } {
  const indented = lines
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  const text = `services:\n  web:\n    image: nginx:1.25\n${indented}\nvolumes:\n  data:\n`;
  const result = importCompose(text, { name: 'app', ...options });
  const spec = expectOk(result);
  const service = spec.services.web;
  if (!service) throw new Error('web is missing');
  return { service, warnings: result.warnings.map(show) };
}

describe('environment', () => {
  it('reads the list form, keeping = inside values and empty values', () => {
    expect(web('environment: ["A=1", "B=x=y", "C="]').service.env).toEqual({ A: '1', B: 'x=y', C: '' });
  });

  it('reads the map form, writing numbers and booleans as text', () => {
    expect(web('environment: {A: 1, B: true, C: "x", D: 1.5}').service.env).toEqual({ A: '1', B: 'true', C: 'x', D: '1.5' });
  });

  it('leaves a variable without a value unset and says so, in both forms', () => {
    const list = web('environment: ["A=1", "FROM_SHELL"]');
    expect(list.service.env).toEqual({ A: '1' });
    expect(list.warnings).toEqual([
      'services.web.environment[1]: FROM_SHELL has no value; compose would take it from the shell, which a gateway does not have, so it is left unset',
    ]);
    const map = web('environment: {A: 1, FROM_SHELL: null, ALSO: }');
    expect(map.service.env).toEqual({ A: '1' });
    expect(map.warnings).toHaveLength(2);
  });

  it('lets the last of two equal names win, with a warning', () => {
    const result = web('environment: ["A=1", "A=2"]');
    expect(result.service.env).toEqual({ A: '2' });
    expect(result.warnings).toEqual(['services.web.environment[1]: A is given more than once; the last one wins']);
  });

  it('interpolates ${VAR} from the env option, with defaults', () => {
    const result = web('environment: ["URL=mqtt://${BROKER:-mosquitto}:${PORT}", "TAG=$TAG"]', {
      env: { PORT: '1883', TAG: 'v2' },
    });
    expect(result.service.env).toEqual({ URL: 'mqtt://mosquitto:1883', TAG: 'v2' });
  });
});

describe('ports', () => {
  const port = (target: number, published: number | null, protocol = 'tcp', hostIp: string | null = null) => ({
    target,
    published,
    protocol,
    hostIp,
  });

  it.each<[string, ReturnType<typeof port>[]]>([
    ['80', [port(80, null)]],
    ['"80"', [port(80, null)]],
    ['"8080:80"', [port(80, 8080)]],
    ['8080:80', [port(80, 8080)]],
    ['"127.0.0.1:8080:80/udp"', [port(80, 8080, 'udp', '127.0.0.1')]],
    ['"[::1]:8080:80"', [port(80, 8080, 'tcp', '::1')]],
    ['"::1:8080:80"', [port(80, 8080, 'tcp', '::1')]],
    ['"9000-9002:9000-9002"', [port(9000, 9000), port(9001, 9001), port(9002, 9002)]],
    ['"9000-9001"', [port(9000, null), port(9001, null)]],
    ['"5683:5683/UDP"', [port(5683, 5683, 'udp')]],
    ['{target: 80, published: "8080", protocol: udp, host_ip: 10.0.0.1}', [port(80, 8080, 'udp', '10.0.0.1')]],
    ['{target: 80}', [port(80, null)]],
    ['{target: "80-81", published: "8080-8081"}', [port(80, 8080), port(81, 8081)]],
  ])('reads %s', (written, expected) => {
    expect(web(`ports:\n  - ${written}`).service.ports).toEqual(expected);
  });

  it('drops port mappings on the host network, as Docker does, and says so', () => {
    const result = web('network_mode: host\nports: ["8080:80"]');
    expect(result.service.ports).toEqual([]);
    expect(result.warnings).toEqual([
      'services.web.ports: with network_mode: host the service uses gateway ports directly; these mappings are ignored',
    ]);
  });

  it('drops an exact duplicate instead of publishing it twice', () => {
    expect(web('ports: ["80", "80"]').service.ports).toEqual([port(80, null)]);
  });
});

describe('volumes', () => {
  it.each([
    ['data:/var/lib/x:ro', { type: 'volume', source: 'data', target: '/var/lib/x', readOnly: true, noCopy: false }],
    ['data:/var/lib/x:rw,nocopy', { type: 'volume', source: 'data', target: '/var/lib/x', readOnly: false, noCopy: true }],
    ['/srv/config:/config', { type: 'bind', source: '/srv/config', target: '/config', readOnly: false }],
    ['/srv/../etc/app:/config:ro', { type: 'bind', source: '/etc/app', target: '/config', readOnly: true }],
    ['./host:/c', { type: 'bind', source: '/var/lib/gantry/apps/app/host', target: '/c', readOnly: false }],
    ['../shared:/c', { type: 'bind', source: '/var/lib/gantry/apps/shared', target: '/c', readOnly: false }],
    ['/scratch', { type: 'volume', source: null, target: '/scratch', readOnly: false, noCopy: false }],
  ])('reads the short form %s', (written, mount) => {
    expect(web(`volumes: ["${written}"]`).service.volumes).toEqual([mount]);
  });

  it('resolves relative binds against the projectDir option and says where they land', () => {
    const result = web('volumes: ["./conf:/etc/app"]', { projectDir: '/opt/apps/site' });
    expect(result.service.volumes).toEqual([{ type: 'bind', source: '/opt/apps/site/conf', target: '/etc/app', readOnly: false }]);
    expect(result.warnings).toEqual([
      'services.web.volumes[0]: relative host path "./conf" is mounted from /opt/apps/site/conf on the gateway',
    ]);
  });

  it('reads the long form of each mount type', () => {
    const { service } = web(`volumes:
  - {type: volume, source: data, target: /data, read_only: true, volume: {nocopy: true}}
  - {type: bind, source: /dev/serial/by-id, target: /serial, bind: {create_host_path: true}}
  - {type: tmpfs, target: /cache, tmpfs: {size: 32m, mode: "1777"}}
  - {target: /anonymous}`);
    expect(service.volumes).toEqual([
      { type: 'volume', source: null, target: '/anonymous', readOnly: false, noCopy: false },
      { type: 'tmpfs', target: '/cache', sizeBytes: 32 * MiB, mode: 0o1777 },
      { type: 'volume', source: 'data', target: '/data', readOnly: true, noCopy: true },
      { type: 'bind', source: '/dev/serial/by-id', target: '/serial', readOnly: false },
    ]);
  });

  it('reads tmpfs written as one string', () => {
    expect(web('tmpfs: /run').service.volumes).toEqual([{ type: 'tmpfs', target: '/run', sizeBytes: null, mode: null }]);
  });
});

describe('health checks', () => {
  it.each([
    ['test: curl -f http://localhost', ['CMD-SHELL', 'curl -f http://localhost']],
    ['test: ["CMD", "curl", "-f", "http://localhost"]', ['CMD', 'curl', '-f', 'http://localhost']],
    ['test: ["CMD-SHELL", "curl -f http://localhost || exit 1"]', ['CMD-SHELL', 'curl -f http://localhost || exit 1']],
    ['test: ["NONE"]', ['NONE']],
    ['disable: true', ['NONE']],
    ['interval: 10s', []],
  ])('reads %s', (written, test) => {
    expect(web(`healthcheck:\n  ${written}`).service.healthcheck?.test).toEqual(test);
  });

  it('reads Go durations into milliseconds', () => {
    expect(web('healthcheck: {test: "true", interval: 1m30s, timeout: 500ms, start_period: 1h2m, start_interval: 2s, retries: 7}').service.healthcheck).toEqual({
      test: ['CMD-SHELL', 'true'],
      intervalMs: 90_000,
      timeoutMs: 500,
      startPeriodMs: 3_720_000,
      startIntervalMs: 2_000,
      retries: 7,
    });
  });
});

describe('restart', () => {
  it.each([
    ['no', { policy: 'no', maxRetries: 0 }],
    ['"no"', { policy: 'no', maxRetries: 0 }],
    ['false', { policy: 'no', maxRetries: 0 }],
    ['always', { policy: 'always', maxRetries: 0 }],
    ['on-failure', { policy: 'on-failure', maxRetries: 0 }],
    ['on-failure:3', { policy: 'on-failure', maxRetries: 3 }],
    ['unless-stopped', { policy: 'unless-stopped', maxRetries: 0 }],
  ])('reads restart: %s', (written, restart) => {
    expect(web(`restart: ${written}`).service.restart).toEqual(restart);
  });

  it('reads deploy.restart_policy when restart is not given', () => {
    expect(web('deploy: {restart_policy: {condition: any}}').service.restart).toEqual({ policy: 'always', maxRetries: 0 });
    expect(web('deploy: {restart_policy: {condition: none}}').service.restart).toEqual({ policy: 'no', maxRetries: 0 });
  });
});

describe('resources', () => {
  it.each([
    ['mem_limit: 536870912', 512 * MiB],
    ['mem_limit: 512m', 512 * MiB],
    ['mem_limit: 512mb', 512 * MiB],
    ['mem_limit: 512M', 512 * MiB],
    ['mem_limit: 512Mi', 512 * MiB],
    ['mem_limit: 1g', 1024 * MiB],
    ['mem_limit: 1024k', MiB],
    ['mem_limit: 0', null],
  ])('reads %s as Docker does', (written, bytes) => {
    expect(web(written).service.resources.memoryBytes).toBe(bytes);
  });

  it.each([
    ['cpus: 0.5', 500_000_000],
    ['cpus: "1.5"', 1_500_000_000],
    ['cpus: 500m', 500_000_000],
    ['deploy: {resources: {limits: {cpus: "0.25"}}}', 250_000_000],
    ['cpus: 0', null],
  ])('reads %s', (written, nano) => {
    expect(web(written).service.resources.nanoCpus).toBe(nano);
  });

  it('treats -1 and 0 as unlimited where Docker does, and keeps unlimited swap', () => {
    const { service } = web('pids_limit: -1\nmem_limit: 1g\nmemswap_limit: -1\ncpu_shares: 0');
    expect(service.resources).toMatchObject({ pidsLimit: null, memorySwapBytes: -1, cpuShares: null });
  });

  it('accepts the same value given twice in agreement', () => {
    expect(web('mem_limit: 512m\ndeploy: {resources: {limits: {memory: 536870912}}}').service.resources.memoryBytes).toBe(512 * MiB);
  });
});

describe('other service keys', () => {
  it('normalises capability names and keeps command order', () => {
    const { service } = web('cap_add: [CAP_NET_ADMIN, sys_rawio, NET_ADMIN]\ncap_drop: [all]\ncommand: ["b", "a"]');
    expect(service.capAdd).toEqual(['NET_ADMIN', 'SYS_RAWIO']);
    expect(service.capDrop).toEqual(['ALL']);
    expect(service.command).toEqual(['b', 'a']);
  });

  it('reads extra_hosts, sysctls and labels in list and map forms alike', () => {
    const list = web('extra_hosts: ["a:10.0.0.1", "b=10.0.0.2"]\nsysctls: ["net.ipv4.ip_forward=1"]\nlabels: ["x=1"]').service;
    const map = web('extra_hosts: {b: 10.0.0.2, a: 10.0.0.1}\nsysctls: {net.ipv4.ip_forward: 1}\nlabels: {x: "1"}').service;
    expect(list).toEqual(map);
    expect(list.extraHosts).toEqual(['a:10.0.0.1', 'b:10.0.0.2']);
  });

  it('reads user ids written as numbers, and pid/ipc modes', () => {
    const { service } = web('user: 1000\npid: host\nipc: shareable');
    expect(service.user).toBe('1000');
    expect(service.pidMode).toBe('host');
    expect(service.ipcMode).toBe('shareable');
  });

  it('reads a device written as host:permissions', () => {
    expect(web('devices: ["/dev/ttyACM0:rw"]').service.devices).toEqual([
      { hostPath: '/dev/ttyACM0', containerPath: '/dev/ttyACM0', permissions: 'rw' },
    ]);
  });

  it('ignores x- extension keys quietly at every level', () => {
    expect(web('x-note: hi\nlabels: {a: b}').warnings).toEqual([]);
  });

  it('does not warn about networks that only name the default network', () => {
    expect(web('networks: [default]').warnings).toEqual([]);
  });
});
