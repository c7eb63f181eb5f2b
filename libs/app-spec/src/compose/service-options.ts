import type { PathSegment } from '../issues.js';
import { showValue } from '../issues.js';
import { entriesOf, isRecord } from '../records.js';
import type { Dependency, DeviceMapping, RestartPolicy } from '../schema.js';
import type { ImportContext } from './context.js';
import { splitShellWords } from './shell-words.js';

/** Reads `command`/`entrypoint`: a string is split like a shell would, a list is kept as is. */
export function importArgv(value: unknown, at: PathSegment[], ctx: ImportContext): string[] | null | undefined {
  if (value === null) return null;
  if (typeof value === 'string') {
    const split = splitShellWords(value);
    if (!split.ok) ctx.error(at, `${showValue(value)} ${split.message}`);
    return split.ok ? split.words : undefined;
  }
  return ctx.strings(value, at);
}

const restartPolicies: Record<string, RestartPolicy['policy']> = {
  no: 'no',
  always: 'always',
  'unless-stopped': 'unless-stopped',
  'on-failure': 'on-failure',
};

const restartHint = '(use no, always, on-failure, on-failure:5 or unless-stopped)';

/** Reads `restart: no | always | on-failure[:max] | unless-stopped`. */
export function importRestart(value: unknown, at: PathSegment[], ctx: ImportContext): RestartPolicy | undefined {
  // YAML 1.1 tools write `restart: no` as false; compose users mean "no".
  if (value === false) return { policy: 'no', maxRetries: 0 };
  if (typeof value !== 'string') {
    ctx.error(at, `${showValue(value)} is not a restart policy ${restartHint}`);
    return undefined;
  }
  const match = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(value.trim());
  const policy = restartPolicies[match?.[1] ?? ''];
  if (!match || policy === undefined || (match[2] !== undefined && policy !== 'on-failure')) {
    ctx.error(at, `${showValue(value)} is not a restart policy ${restartHint}`);
    return undefined;
  }
  return { policy, maxRetries: match[2] === undefined ? 0 : Number(match[2]) };
}

/** Reads swarm's `deploy.restart_policy` (condition none/on-failure/any, max_attempts). */
export function importDeployRestart(value: unknown, at: PathSegment[], ctx: ImportContext): RestartPolicy | undefined {
  const map = ctx.map(value, at);
  if (!map) return undefined;
  ctx.checkKeys(map, at, new Set(['condition', 'max_attempts']), {
    delay: 'Docker restarts with its own backoff; ignored',
    window: 'Docker restarts with its own backoff; ignored',
  });
  const condition = map.condition ?? 'any';
  const policies: Record<string, RestartPolicy['policy']> = { none: 'no', 'on-failure': 'on-failure', any: 'always' };
  const policy = typeof condition === 'string' ? policies[condition] : undefined;
  if (policy === undefined) {
    ctx.error([...at, 'condition'], `${showValue(condition)} is not a restart condition (use none, on-failure or any)`);
    return undefined;
  }
  let maxRetries = 0;
  if (map.max_attempts !== undefined) {
    const attempts = ctx.integer(map.max_attempts, [...at, 'max_attempts']);
    if (attempts === undefined) return undefined;
    if (policy === 'on-failure') maxRetries = attempts;
    else ctx.warn([...at, 'max_attempts'], 'Docker limits retries only with condition: on-failure; ignored');
  }
  return { policy, maxRetries };
}

const conditions: Record<string, Dependency['condition']> = {
  service_started: 'service_started',
  service_healthy: 'service_healthy',
  service_completed_successfully: 'service_completed_successfully',
};

/** Reads `depends_on` as a list of names or a map of name to {condition}. */
export function importDependsOn(value: unknown, at: PathSegment[], ctx: ImportContext): Record<string, Dependency> {
  const out: Record<string, Dependency> = {};
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      const name = ctx.text(item, [...at, index], 'a service name');
      if (name !== undefined) out[name] = { condition: 'service_started' };
    });
    return out;
  }
  const map = ctx.map(value, at, 'a list of services or a map of service to condition');
  if (!map) return out;
  for (const [name, options] of entriesOf(map)) {
    const where = [...at, name];
    if (options === null || options === undefined) {
      out[name] = { condition: 'service_started' };
      continue;
    }
    const settings = ctx.map(options, where);
    if (!settings) continue;
    ctx.checkKeys(settings, where, new Set(['condition']), {
      restart: 'restarting dependents is a compose feature; ignored',
      required: 'Gantry starts every service of an app; optional dependencies are ignored',
    });
    const written = settings.condition ?? 'service_started';
    const condition = typeof written === 'string' ? conditions[written] : undefined;
    if (condition === undefined) {
      ctx.error([...where, 'condition'], `${showValue(written)} is not a condition (use service_started, service_healthy or service_completed_successfully)`);
      continue;
    }
    out[name] = { condition };
  }
  return out;
}

/** Reads `network_mode`; `container:` modes name something outside the app and are refused. */
export function importNetworkMode(value: unknown, at: PathSegment[], ctx: ImportContext): string | undefined {
  const text = ctx.text(value, at);
  if (text === undefined) return undefined;
  if (['host', 'none', 'bridge'].includes(text) || text.startsWith('service:')) return text;
  ctx.error(at, `${showValue(text)} is not a network mode Gantry supports (host, none, bridge or service:<name>)`);
  return undefined;
}

const permissionsPattern = /^[rwm]{1,3}$/;

function deviceFromText(text: string, at: PathSegment[], ctx: ImportContext): DeviceMapping | undefined {
  if (!text.startsWith('/')) {
    ctx.error(at, `${showValue(text)} is not a device path; map a device node such as /dev/ttyUSB0 (CDI names are not supported)`);
    return undefined;
  }
  const parts = text.split(':');
  const hostPath = parts[0] ?? '';
  let containerPath = hostPath;
  let permissions = 'rwm';
  if (parts.length === 2) {
    const second = parts[1] ?? '';
    if (permissionsPattern.test(second)) permissions = second;
    else containerPath = second;
  } else if (parts.length === 3) {
    containerPath = parts[1] ?? '';
    permissions = parts[2] ?? '';
  } else if (parts.length > 3) {
    ctx.error(at, `${showValue(text)} is not a device mapping (use /dev/ttyUSB0, /dev/ttyUSB0:/dev/ttyS0 or /dev/ttyUSB0:/dev/ttyUSB0:rw)`);
    return undefined;
  }
  return { hostPath, containerPath, permissions };
}

/** Reads `devices` (`/dev/ttyUSB0[:/dev/ttyS0[:rwm]]` or {source, target, permissions}). */
export function importDevices(value: unknown, at: PathSegment[], ctx: ImportContext): { device: DeviceMapping; at: PathSegment[] }[] {
  const items = ctx.list(value, at) ?? [];
  const out: { device: DeviceMapping; at: PathSegment[] }[] = [];
  items.forEach((item: unknown, index) => {
    const where = [...at, index];
    let device: DeviceMapping | undefined;
    if (typeof item === 'string') {
      device = deviceFromText(item, where, ctx);
    } else if (isRecord(item)) {
      ctx.checkKeys(item, where, new Set(['source', 'target', 'permissions']));
      const source = ctx.text(item.source, [...where, 'source'], 'a device path');
      const target = item.target === undefined ? source : ctx.text(item.target, [...where, 'target']);
      const permissions = item.permissions === undefined ? 'rwm' : ctx.text(item.permissions, [...where, 'permissions']);
      if (source !== undefined && target !== undefined && permissions !== undefined) {
        device = { hostPath: source, containerPath: target, permissions };
      }
    } else {
      ctx.error(where, `expected a device such as "/dev/ttyUSB0", got ${showValue(item)}`);
    }
    if (device) out.push({ device, at: where });
  });
  return out;
}
