import { parseDuration } from '../duration.js';
import type { PathSegment } from '../issues.js';
import { showValue } from '../issues.js';
import { parseSize } from '../quantity.js';
import { isRecord } from '../records.js';
import type { ImportContext } from './context.js';
import { importHealthcheck } from './healthcheck.js';
import { importExtraHosts, importKeyValues } from './key-values.js';
import { importPorts } from './ports.js';
import { RESOURCE_KEYS, importResources } from './resources.js';
import {
  importArgv,
  importDependsOn,
  importDeployRestart,
  importDevices,
  importNetworkMode,
  importRestart,
} from './service-options.js';
import type { BindContext } from './volumes.js';
import { importMounts, importTmpfs, stringMap } from './volumes.js';

const HANDLED = new Set<string>([
  'image', 'command', 'entrypoint', 'environment', 'labels', 'ports', 'volumes', 'tmpfs', 'devices',
  'device_cgroup_rules', 'group_add', 'restart', 'healthcheck', 'depends_on', 'network_mode', 'networks',
  'hostname', 'working_dir', 'user', 'read_only', 'cap_add', 'cap_drop', 'privileged', 'pid', 'ipc',
  'security_opt', 'init', 'tty', 'stop_signal', 'stop_grace_period', 'shm_size', 'sysctls', 'extra_hosts',
  'logging', 'deploy', ...RESOURCE_KEYS,
]);

/** Why a compose key Gantry knows about is not carried over. */
const UNSUPPORTED: Record<string, string> = {
  build: 'not supported by Gantry; the service must name an image',
  env_file: 'not supported: a gateway has no files beside the manifest; put the variables under environment',
  container_name: 'Gantry names containers itself; ignored',
  links: 'not needed: services reach each other by name on the app network; ignored',
  external_links: 'not supported: an app reaches only its own services by name; ignored',
  expose: 'has no effect: services on the app network reach each other on any port; ignored',
  secrets: 'not supported by Gantry; pass values through environment; ignored',
  configs: 'not supported by Gantry; ignored',
  extends: 'not supported; merge the extended service into this one first',
  profiles: 'not supported; every service of the app runs; ignored',
  platform: 'ignored: each gateway pulls the image for its own platform',
  pull_policy: 'ignored: the agent pulls images it does not have',
  scale: 'not supported: Gantry runs one container per service',
  stdin_open: 'not supported: nothing attaches to a container on a gateway; ignored',
  cpu_count: 'a Windows-only option; ignored',
  cpu_percent: 'a Windows-only option; ignored',
  develop: 'a development-time feature; ignored',
};

// Compose service keys Gantry does not carry over and has nothing more specific to say about;
// any key outside this list and the ones above is most likely a typo.
const OTHER_COMPOSE_KEYS = [
  'annotations', 'attach', 'cgroup', 'cgroup_parent', 'cpu_rt_period', 'cpu_rt_runtime', 'credential_spec',
  'dns', 'dns_opt', 'dns_search', 'domainname', 'gpus', 'isolation', 'label_file', 'mac_address',
  'mem_swappiness', 'oom_kill_disable', 'oom_score_adj', 'post_start', 'pre_stop', 'provider', 'runtime',
  'storage_opt', 'use_api_socket', 'userns_mode', 'uts', 'volumes_from', 'volume_driver',
];

const DEPLOY_HANDLED = new Set(['resources', 'restart_policy', 'replicas', 'mode']);
const DEPLOY_UNSUPPORTED: Record<string, string> = {
  placement: 'not supported by Gantry; choose gateways with a deployment\'s label selector',
  update_config: 'Gantry rolls out releases through deployments; ignored',
  rollback_config: 'Gantry rolls back unhealthy releases by itself; ignored',
  labels: 'swarm service labels; ignored (put container labels under labels)',
  endpoint_mode: 'a swarm feature; ignored',
};

const UNSUPPORTED_SERVICE_KEYS: Record<string, string> = {
  ...Object.fromEntries(OTHER_COMPOSE_KEYS.map((key) => [key, 'not supported by Gantry; ignored'])),
  ...UNSUPPORTED,
};

/** A compose service translated to the canonical service input, not yet validated. */
export type ServiceInput = Record<string, unknown>;

function importDeploy(service: Record<string, unknown>, at: PathSegment[], ctx: ImportContext): void {
  if (service.deploy === undefined || service.deploy === null) return;
  const deploy = ctx.map(service.deploy, [...at, 'deploy']);
  if (!deploy) return;
  ctx.checkKeys(deploy, [...at, 'deploy'], DEPLOY_HANDLED, DEPLOY_UNSUPPORTED);
  if (deploy.replicas !== undefined && deploy.replicas !== 1) {
    ctx.warn([...at, 'deploy', 'replicas'], `Gantry runs one container per service on each gateway; ${showValue(deploy.replicas)} ignored`);
  }
  if (deploy.mode !== undefined && deploy.mode !== 'replicated') {
    ctx.warn([...at, 'deploy', 'mode'], 'a swarm feature; ignored (each gateway runs one container per service)');
  }
}

function importNetworks(value: unknown, at: PathSegment[], ctx: ImportContext): void {
  const names = Array.isArray(value) ? value : isRecord(value) ? Object.keys(value) : [value];
  if (names.length === 1 && names[0] === 'default' && !(isRecord(value) && value.default !== null)) return;
  ctx.warn(at, 'custom networks are not supported by Gantry; the service joins the app\'s own network, where services reach each other by name');
}

/** Translates one compose service into canonical service input, recording where each field came from. */
export function importService(
  name: string,
  raw: unknown,
  ctx: ImportContext,
  binds: BindContext,
): ServiceInput | undefined {
  const at: PathSegment[] = ['services', name];
  const canonical: PathSegment[] = ['services', name];
  ctx.trace(canonical, at);
  const service = ctx.map(raw, at, 'a service definition (a map with at least image)');
  if (!service) return undefined;
  ctx.checkKeys(service, at, HANDLED, UNSUPPORTED_SERVICE_KEYS, 'is not a compose key Gantry knows (check the spelling); ignored');
  const out: ServiceInput = {};
  const set = (field: string, key: string, value: unknown) => {
    if (value === undefined) return;
    out[field] = value;
    ctx.trace([...canonical, field], [...at, key]);
  };
  const has = (key: string) => service[key] !== undefined;

  if (service.image === undefined || service.image === null) {
    ctx.error([...at, 'image'], `is required: Gantry runs prebuilt images${has('build') ? ' and cannot build one' : ''}, so add image: <repo>:<tag>`);
  } else {
    set('image', 'image', ctx.text(service.image, [...at, 'image'], 'an image reference'));
  }
  if (has('command')) set('command', 'command', importArgv(service.command, [...at, 'command'], ctx));
  if (has('entrypoint')) set('entrypoint', 'entrypoint', importArgv(service.entrypoint, [...at, 'entrypoint'], ctx));
  if (has('working_dir')) set('workingDir', 'working_dir', ctx.text(service.working_dir, [...at, 'working_dir']));
  if (has('user')) set('user', 'user', ctx.text(service.user, [...at, 'user']));
  if (has('hostname')) set('hostname', 'hostname', ctx.text(service.hostname, [...at, 'hostname']));
  set('env', 'environment', importKeyValues(service.environment, [...at, 'environment'], ctx, 'unset'));
  set('labels', 'labels', importKeyValues(service.labels, [...at, 'labels'], ctx, 'empty'));
  set('sysctls', 'sysctls', importKeyValues(service.sysctls, [...at, 'sysctls'], ctx, 'empty'));
  if (has('extra_hosts')) set('extraHosts', 'extra_hosts', importExtraHosts(service.extra_hosts, [...at, 'extra_hosts'], ctx));

  if (has('ports') && service.network_mode === 'host') {
    // Docker discards port mappings on the host network; keeping them would only invent clashes.
    ctx.warn([...at, 'ports'], 'with network_mode: host the service uses gateway ports directly; these mappings are ignored');
  } else if (has('ports')) {
    const ports = importPorts(service.ports, [...at, 'ports'], ctx);
    ports.forEach((p, i) => ctx.trace([...canonical, 'ports', i], p.at));
    out.ports = ports.map((p) => p.port);
  }
  const mounts = [
    ...(has('volumes') ? importMounts(service.volumes, [...at, 'volumes'], ctx, binds) : []),
    ...(has('tmpfs') ? importTmpfs(service.tmpfs, [...at, 'tmpfs'], ctx) : []),
  ];
  mounts.forEach((m, i) => ctx.trace([...canonical, 'volumes', i], m.at));
  out.volumes = mounts.map((m) => m.mount);
  if (has('devices')) {
    const devices = importDevices(service.devices, [...at, 'devices'], ctx);
    devices.forEach((d, i) => ctx.trace([...canonical, 'devices', i], d.at));
    out.devices = devices.map((d) => d.device);
  }
  if (has('device_cgroup_rules')) set('deviceCgroupRules', 'device_cgroup_rules', ctx.strings(service.device_cgroup_rules, [...at, 'device_cgroup_rules']));
  if (has('group_add')) set('groupAdd', 'group_add', ctx.strings(service.group_add, [...at, 'group_add']));

  const deploy = isRecord(service.deploy) ? service.deploy : {};
  if (has('restart')) {
    set('restart', 'restart', importRestart(service.restart, [...at, 'restart'], ctx));
    if (deploy.restart_policy !== undefined) {
      ctx.warn([...at, 'deploy', 'restart_policy'], 'restart is also given and wins; ignored');
    }
  } else if (deploy.restart_policy !== undefined) {
    out.restart = importDeployRestart(deploy.restart_policy, [...at, 'deploy', 'restart_policy'], ctx);
    ctx.trace([...canonical, 'restart'], [...at, 'deploy', 'restart_policy']);
  }
  importDeploy(service, at, ctx);
  if (has('healthcheck')) set('healthcheck', 'healthcheck', importHealthcheck(service.healthcheck, [...at, 'healthcheck'], ctx));
  if (has('depends_on')) set('dependsOn', 'depends_on', importDependsOn(service.depends_on, [...at, 'depends_on'], ctx));
  if (has('network_mode')) set('networkMode', 'network_mode', importNetworkMode(service.network_mode, [...at, 'network_mode'], ctx));
  if (has('networks')) importNetworks(service.networks, [...at, 'networks'], ctx);

  if (has('read_only')) set('readOnlyRootfs', 'read_only', ctx.bool(service.read_only, [...at, 'read_only']));
  if (has('privileged')) set('privileged', 'privileged', ctx.bool(service.privileged, [...at, 'privileged']));
  if (has('init')) set('init', 'init', ctx.bool(service.init, [...at, 'init']));
  if (has('tty')) set('tty', 'tty', ctx.bool(service.tty, [...at, 'tty']));
  if (has('cap_add')) set('capAdd', 'cap_add', ctx.strings(service.cap_add, [...at, 'cap_add']));
  if (has('cap_drop')) set('capDrop', 'cap_drop', ctx.strings(service.cap_drop, [...at, 'cap_drop']));
  if (has('security_opt')) set('securityOpt', 'security_opt', ctx.strings(service.security_opt, [...at, 'security_opt']));
  if (has('pid')) set('pidMode', 'pid', namespaceMode(service.pid, ['host'], [...at, 'pid'], ctx));
  if (has('ipc')) set('ipcMode', 'ipc', namespaceMode(service.ipc, ['host', 'shareable', 'private'], [...at, 'ipc'], ctx));
  if (has('stop_signal')) set('stopSignal', 'stop_signal', ctx.text(service.stop_signal, [...at, 'stop_signal']));
  if (has('stop_grace_period')) {
    const read = typeof service.stop_grace_period === 'number'
      ? { ok: false as const, message: `${service.stop_grace_period} needs a unit (e.g. "${service.stop_grace_period}s")` }
      : parseDuration(service.stop_grace_period);
    if (read.ok) set('stopGracePeriodMs', 'stop_grace_period', read.value);
    else ctx.error([...at, 'stop_grace_period'], read.message);
  }
  if (has('shm_size')) {
    const read = parseSize(service.shm_size, { notation: 'docker' });
    if (read.ok) set('shmSizeBytes', 'shm_size', read.value === 0 ? null : read.value);
    else ctx.error([...at, 'shm_size'], read.message);
  }
  if (has('logging')) set('logging', 'logging', importLogging(service.logging, [...at, 'logging'], ctx));
  out.resources = importResources(service, at, [...canonical, 'resources'], ctx);
  return out;
}

function namespaceMode(value: unknown, allowed: string[], at: PathSegment[], ctx: ImportContext): string | undefined {
  if (value === null || value === '') return 'private';
  if (typeof value === 'string' && allowed.includes(value)) return value;
  ctx.error(at, `${showValue(value)} is not supported by Gantry (use ${allowed.join(' or ')}, or leave it out)`);
  return undefined;
}

function importLogging(value: unknown, at: PathSegment[], ctx: ImportContext): unknown {
  const map = ctx.map(value, at);
  if (!map) return undefined;
  ctx.checkKeys(map, at, new Set(['driver', 'options']));
  const driver = map.driver === undefined ? 'json-file' : ctx.text(map.driver, [...at, 'driver']);
  return driver === undefined ? undefined : { driver, options: stringMap(map.options, [...at, 'options'], ctx) };
}
