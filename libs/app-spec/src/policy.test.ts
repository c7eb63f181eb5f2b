import { describe, expect, it } from 'vitest';
import { importCompose } from './compose/import.js';
import type { AppSpec } from './schema.js';
import { deepFreeze } from './deep-freeze.js';
import { checkPolicy, policyFlags } from './policy.js';

function app(services: string, volumes = ''): AppSpec {
  const result = importCompose(`services:\n${services}\n${volumes}`, { name: 'app' });
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.spec;
}

const capped = 'mem_limit: 64m\n    cpus: 0.5';

const risky = app(`  agent:
    image: x
    ${capped}
    privileged: true
    network_mode: host
    pid: host
    ipc: host
    cap_add: [NET_ADMIN]
    security_opt: [apparmor=unconfined]
    volumes: ["/var/run/docker.sock:/var/run/docker.sock", "/data/app:/data", "raw:/raw"]
    devices: ["/dev/ttyUSB0"]
    device_cgroup_rules: ["c 188:* rmw"]
  free:
    image: y`,
`volumes:
  raw:
    driver_opts: {type: none, o: bind, device: /mnt/usb}`);

describe('policyFlags', () => {
  it('flags every way a service reaches past its container', () => {
    expect(policyFlags(risky)).toEqual([
      { service: 'agent', flag: 'privileged', detail: 'runs privileged, with full access to the gateway' },
      { service: 'agent', flag: 'hostNetwork', detail: "uses the gateway's network stack (network_mode: host)" },
      { service: 'agent', flag: 'hostPid', detail: "sees the gateway's processes (pid: host)" },
      { service: 'agent', flag: 'hostIpc', detail: "shares the gateway's IPC namespace (ipc: host)" },
      { service: 'agent', flag: 'capAdd', detail: 'NET_ADMIN' },
      { service: 'agent', flag: 'securityOpt', detail: 'apparmor=unconfined' },
      { service: 'agent', flag: 'hostBind', detail: '/data/app' },
      { service: 'agent', flag: 'hostBind', detail: '/mnt/usb' },
      { service: 'agent', flag: 'hostBind', detail: '/var/run/docker.sock' },
      { service: 'agent', flag: 'device', detail: '/dev/ttyUSB0' },
      { service: 'agent', flag: 'device', detail: 'cgroup rule c 188:* rmw' },
      { service: 'free', flag: 'uncapped', detail: 'no memory limit' },
      { service: 'free', flag: 'uncapped', detail: 'no CPU limit' },
    ]);
  });

  it('flags nothing for a capped service in its own namespaces with named volumes', () => {
    expect(policyFlags(app(`  ok:\n    image: x\n    ${capped}\n    volumes: ["d:/d"]\n    cap_drop: [ALL]`, 'volumes: {d: }'))).toEqual([]);
  });
});

describe('policyFlags of a frozen spec', () => {
  it('are the same flags, worked out once and handed out as fresh lists', () => {
    const frozen = deepFreeze(structuredClone(risky));
    const first = policyFlags(frozen);
    expect(first).toEqual(policyFlags(risky));
    first.pop();
    const second = policyFlags(frozen);
    expect(second).toHaveLength(13);
    expect(second[0]).toBe(first[0]);
    expect(Object.isFrozen(second[0])).toBe(true);
  });

  it('are worked out again for a spec frozen by hand, whose services may have changed', () => {
    const spec = Object.freeze(structuredClone(risky));
    expect(policyFlags(spec)).toHaveLength(13);
    const agent = spec.services.agent;
    if (!agent) throw new Error('the sample has an agent service');
    agent.privileged = false;
    expect(policyFlags(spec).map((f) => f.flag)).not.toContain('privileged');
  });
});

describe('checkPolicy', () => {
  it('refuses everything flagged under the default policy, with clear messages', () => {
    const messages = checkPolicy(risky).map((v) => v.message);
    expect(messages).toContain("service 'agent' runs privileged, which this gateway's policy does not allow (allowPrivileged)");
    expect(messages).toContain("service 'agent' mounts host path /var/run/docker.sock; this gateway's policy allows no host paths (allowHostBinds)");
    expect(messages).toContain("service 'agent' maps device /dev/ttyUSB0, which this gateway's policy does not allow (allowDevices)");
    expect(messages).toContain("service 'free' has no memory limit; this gateway runs only capped services (allowUncapped)");
    expect(messages).toHaveLength(13);
  });

  it('allows host binds under an allowed prefix only, segment by segment', () => {
    const violations = checkPolicy(risky, { allowHostBinds: ['/data', '/mnt/usb/'] })
      .filter((v) => v.flag === 'hostBind')
      .map((v) => v.message);
    expect(violations).toEqual([
      "service 'agent' mounts host path /var/run/docker.sock; this gateway's policy allows only /data, /mnt/usb/ (allowHostBinds)",
    ]);
    const database = app(`  db:\n    image: x\n    ${capped}\n    volumes: ["/database:/d"]`);
    expect(checkPolicy(database, { allowHostBinds: ['/data'] })).toHaveLength(1);
  });

  it('allows devices by exact path, directory or trailing wildcard', () => {
    const serial = app(`  m:\n    image: x\n    ${capped}\n    devices: ["/dev/ttyUSB3", "/dev/serial/by-id/usb-FTDI"]`);
    expect(checkPolicy(serial, { allowDevices: ['/dev/ttyUSB*', '/dev/serial'] })).toEqual([]);
    expect(checkPolicy(serial, { allowDevices: ['/dev/ttyUSB0'] }).map((v) => v.detail)).toEqual([
      '/dev/serial/by-id/usb-FTDI',
      '/dev/ttyUSB3',
    ]);
    expect(checkPolicy(serial, { allowDevices: true })).toEqual([]);
  });

  it('lets a permissive policy run everything', () => {
    expect(
      checkPolicy(risky, {
        allowPrivileged: true,
        allowHostNetwork: true,
        allowHostPid: true,
        allowHostIpc: true,
        allowHostBinds: ['/'],
        allowDevices: true,
        allowUncapped: true,
      }),
    ).toEqual([]);
  });

  it('allows added capabilities listed by name, with or without CAP_', () => {
    expect(checkPolicy(risky, { allowCapabilities: ['cap_net_admin'] }).some((v) => v.flag === 'capAdd')).toBe(false);
  });
});
