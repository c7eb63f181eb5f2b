import type { PathSegment } from '../issues.js';
import { showValue } from '../issues.js';
import { isRecord } from '../records.js';
import type { PortSpec } from '../schema.js';
import { isIpAddress } from '../schema.js';
import type { ImportContext } from './context.js';

/** A port read from compose, with the compose path it came from. */
export interface ImportedPort {
  port: PortSpec;
  at: PathSegment[];
}

// Publishing thousands of ports is almost always a typo (9000-90000), and each becomes a
// docker-proxy process on the gateway.
const MAX_RANGE = 1000;
const PORT_HINT = '(use "80", "8080:80", "127.0.0.1:8080:80/udp" or "9000-9002:9000-9002")';

interface Range {
  start: number;
  end: number;
}

function readRange(text: string): Range | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start < 1 || end > 65535 || end < start) return undefined;
  return { start, end };
}

function readProtocol(text: string, ctx: ImportContext, at: PathSegment[]): PortSpec['protocol'] | undefined {
  const protocol = text.toLowerCase();
  if (protocol === 'tcp' || protocol === 'udp' || protocol === 'sctp') return protocol;
  ctx.error(at, `${showValue(text)} is not a protocol (use tcp, udp or sctp)`);
  return undefined;
}

// Splits "[ip:][published:]target" where an IPv6 address may be written in brackets.
function splitAddress(text: string): { hostIp: string | null; published: string | null; target: string } | undefined {
  let rest = text;
  let hostIp: string | null = null;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return undefined;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  if (parts.length === 1) return { hostIp, published: null, target: parts[0] ?? '' };
  const target = parts.pop() ?? '';
  const published = parts.pop() ?? '';
  if (parts.length > 0) {
    if (hostIp !== null) return undefined;
    hostIp = parts.join(':');
  }
  return { hostIp, published, target };
}

function expand(
  target: Range,
  published: Range | null,
  protocol: PortSpec['protocol'],
  hostIp: string | null,
  at: PathSegment[],
  ctx: ImportContext,
): ImportedPort[] {
  const count = target.end - target.start + 1;
  if (published !== null && published.end - published.start + 1 !== count) {
    ctx.error(at, 'the published and target port ranges must have the same length (Gantry does not pick a port from a range)');
    return [];
  }
  if (count > MAX_RANGE) {
    ctx.error(at, `publishes ${count} ports; at most ${MAX_RANGE} per entry`);
    return [];
  }
  const out: ImportedPort[] = [];
  for (let i = 0; i < count; i += 1) {
    out.push({
      port: { target: target.start + i, published: published === null ? null : published.start + i, protocol, hostIp },
      at,
    });
  }
  return out;
}

function shortSyntax(text: string, at: PathSegment[], ctx: ImportContext): ImportedPort[] {
  const slash = text.lastIndexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const protocol = slash < 0 ? 'tcp' : readProtocol(text.slice(slash + 1), ctx, at);
  if (protocol === undefined) return [];
  const parts = splitAddress(address.trim());
  const target = parts ? readRange(parts.target) : undefined;
  const published = parts?.published == null ? null : readRange(parts.published);
  if (!parts || target === undefined || published === undefined) {
    ctx.error(at, `${showValue(text)} is not a port mapping ${PORT_HINT}`);
    return [];
  }
  if (parts.hostIp !== null && parts.hostIp !== '' && !isIpAddress(parts.hostIp)) {
    // "8080:80:90:100" would otherwise be read as host IP "8080:80"; say what was likely meant.
    const looksLikeIp = /^[\d.]+$/.test(parts.hostIp) || address.startsWith('[');
    ctx.error(at, looksLikeIp ? `${showValue(parts.hostIp)} is not an IP address to publish on` : `${showValue(text)} is not a port mapping ${PORT_HINT}`);
    return [];
  }
  return expand(target, published, protocol, parts.hostIp || null, at, ctx);
}

const longKeys = new Set(['target', 'published', 'protocol', 'host_ip', 'mode', 'name', 'app_protocol']);

function longSyntax(map: Record<string, unknown>, at: PathSegment[], ctx: ImportContext): ImportedPort[] {
  ctx.checkKeys(map, at, longKeys);
  if (map.mode !== undefined && map.mode !== 'host' && map.mode !== 'ingress') {
    ctx.error([...at, 'mode'], `${showValue(map.mode)} is not a port mode (host or ingress)`);
  }
  const targetText = map.target === undefined ? undefined : ctx.text(map.target, [...at, 'target'], 'a port');
  if (targetText === undefined) {
    if (map.target === undefined) ctx.error([...at, 'target'], 'a port needs a target (the port inside the container)');
    return [];
  }
  const target = readRange(targetText);
  if (target === undefined) {
    ctx.error([...at, 'target'], `${showValue(map.target)} is not a port (1-65535)`);
    return [];
  }
  let published: Range | null = null;
  if (map.published !== undefined && map.published !== null && map.published !== '') {
    const text = ctx.text(map.published, [...at, 'published'], 'a port');
    const range = text === undefined ? undefined : readRange(text);
    if (range === undefined) {
      if (text !== undefined) ctx.error([...at, 'published'], `${showValue(map.published)} is not a port or port range`);
      return [];
    }
    published = range;
  }
  let protocol: PortSpec['protocol'] = 'tcp';
  if (map.protocol !== undefined) {
    const text = ctx.text(map.protocol, [...at, 'protocol']);
    const read = text === undefined ? undefined : readProtocol(text, ctx, [...at, 'protocol']);
    if (read === undefined) return [];
    protocol = read;
  }
  let hostIp: string | null = null;
  if (map.host_ip !== undefined && map.host_ip !== null && map.host_ip !== '') {
    const text = ctx.text(map.host_ip, [...at, 'host_ip']);
    if (text === undefined) return [];
    if (!isIpAddress(text)) {
      ctx.error([...at, 'host_ip'], `${showValue(text)} is not an IP address to publish on`);
      return [];
    }
    hostIp = text;
  }
  return expand(target, published, protocol, hostIp, at, ctx);
}

/** Reads a compose `ports:` list in short (`"127.0.0.1:8080:80/udp"`) and long syntax. */
export function importPorts(value: unknown, at: PathSegment[], ctx: ImportContext): ImportedPort[] {
  const items = ctx.list(value, at);
  if (!items) return [];
  const out: ImportedPort[] = [];
  items.forEach((item: unknown, index) => {
    const where = [...at, index];
    if (typeof item === 'number') out.push(...shortSyntax(String(item), where, ctx));
    else if (typeof item === 'string') out.push(...shortSyntax(item, where, ctx));
    else if (isRecord(item)) out.push(...longSyntax(item, where, ctx));
    else ctx.error(where, `expected a port mapping such as "8080:80" or a map with target, got ${showValue(item)}`);
  });
  return out;
}
