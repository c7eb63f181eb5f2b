import { describe, expect, it } from 'vitest';
import type { AppSpec } from '../src/index.js';
import { canonicalHash, canonicalJson, contentHash, importCompose, normalize, parseAppSpec } from '../src/index.js';
import { expectOk, fixture } from './helpers.js';

const compose = expectOk(importCompose(fixture('compose/iot-stack.yml'), { name: 'site-stack' }));

function variant(text: string): AppSpec {
  return expectOk(importCompose(text, { name: 'app' }));
}

describe('contentHash', () => {
  it('is a sha256 hex digest', () => {
    expect(contentHash(compose)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the same app alike whether imported from compose or written natively in YAML or JSON', () => {
    const yaml = expectOk(parseAppSpec(fixture('native/site-stack.gantry.yaml')));
    const json = expectOk(parseAppSpec(fixture('native/site-stack.gantry.json'), { format: 'json' }));
    expect(yaml).toEqual(compose);
    expect(json).toEqual(compose);
    expect(contentHash(yaml)).toBe(contentHash(compose));
    expect(contentHash(json)).toBe(contentHash(compose));
  });

  it('matches the golden canonical JSON of the stack', () => {
    const golden = expectOk(parseAppSpec(fixture('native/site-stack.canonical.json')));
    expect(golden).toEqual(compose);
    expect(`${JSON.stringify(compose, null, 2)}\n`).toBe(fixture('native/site-stack.canonical.json'));
  });

  it('ignores env written as a list or a map, size notation, key order and defaults written out', () => {
    const a = variant(`
services:
  web:
    image: nginx
    environment: [A=1, B=two]
    mem_limit: 512m
    cpus: 0.5
    ports: ["8080:80", "8443:443"]
    labels: [x=1, y=2]
`);
    const b = variant(`
services:
  web:
    labels: {y: "2", x: 1}
    ports:
      - {target: 443, published: 8443, protocol: tcp}
      - {published: 8080, target: 80}
    deploy: {resources: {limits: {memory: "536870912", cpus: "500m"}}}
    restart: "no"
    environment: {B: two, A: 1}
    image: nginx:latest
`);
    expect(b).toEqual(a);
    expect(contentHash(b)).toBe(contentHash(a));
  });

  it('does not depend on the order services and volumes are written in', () => {
    const a = variant('services: {a: {image: x}, b: {image: y, volumes: ["d:/d"]}}\nvolumes: {d: {}}');
    const b = variant('volumes: {d: }\nservices: {b: {volumes: ["d:/d"], image: y}, a: {image: x}}');
    expect(contentHash(b)).toBe(contentHash(a));
  });

  it.each([
    ['the image tag', (s: AppSpec) => setService(s, { image: 'eclipse-mosquitto:2.0.19' })],
    ['an env value', (s: AppSpec) => setService(s, { env: { TZ: 'UTC' } })],
    ['a memory cap', (s: AppSpec) => setCaps(s, { memoryBytes: 65 * 1024 ** 2 })],
    ['a CPU cap', (s: AppSpec) => setCaps(s, { nanoCpus: 260_000_000 })],
    ['a pids cap', (s: AppSpec) => setCaps(s, { pidsLimit: 10 })],
    ['the command', (s: AppSpec) => setService(s, { command: ['mosquitto'] })],
    ['the order of command arguments', (s: AppSpec) => setService(s, { command: ['b', 'a'] }, ['a', 'b'])],
    ['a published port', (s: AppSpec) => setService(s, { ports: [{ target: 1883, published: 1884, protocol: 'tcp', hostIp: null }] })],
    ['privileged mode', (s: AppSpec) => setService(s, { privileged: true })],
    ['the restart policy', (s: AppSpec) => setService(s, { restart: { policy: 'always', maxRetries: 0 } })],
  ])('changes when %s changes', (_what, change) => {
    expect(contentHash(change(compose))).not.toBe(contentHash(compose));
  });

  it('keeps entrypoint order significant', () => {
    const a = variant('services: {w: {image: x, entrypoint: [tini, --]}}');
    const b = variant('services: {w: {image: x, entrypoint: [--, tini]}}');
    expect(contentHash(a)).not.toBe(contentHash(b));
  });

  it('normalises before hashing, so an unsorted spec hashes like its normal form', () => {
    const shuffled: AppSpec = {
      ...compose,
      services: Object.fromEntries(Object.entries(compose.services).reverse()),
    };
    const mosquitto = shuffled.services.mosquitto;
    if (mosquitto) mosquitto.ports = [...mosquitto.ports].reverse();
    expect(contentHash(shuffled)).toBe(contentHash(compose));
    expect(normalize(normalize(shuffled))).toEqual(normalize(shuffled));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null }, e: undefined })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });
});

describe('canonicalHash', () => {
  it('hashes equal values equally whatever their key order, and differing values differently', () => {
    expect(canonicalHash({ a: 1, b: [1, 2] })).toBe(canonicalHash({ b: [1, 2], a: 1 }));
    expect(canonicalHash({ a: 1, b: [1, 2] })).not.toBe(canonicalHash({ a: 1, b: [2, 1] }));
    expect(canonicalHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});

function setService(spec: AppSpec, fields: Partial<AppSpec['services'][string]>, first?: string[]): AppSpec {
  const copy = structuredClone(spec);
  const mosquitto = copy.services.mosquitto;
  if (!mosquitto) throw new Error('fixture lost its broker');
  Object.assign(mosquitto, fields);
  if (first) {
    const base = structuredClone(copy);
    const baseService = base.services.mosquitto;
    if (baseService) baseService.command = first;
    expect(contentHash(base)).not.toBe(contentHash(spec));
    return base;
  }
  return copy;
}

function setCaps(spec: AppSpec, caps: Partial<AppSpec['services'][string]['resources']>): AppSpec {
  const copy = structuredClone(spec);
  const mosquitto = copy.services.mosquitto;
  if (mosquitto) mosquitto.resources = { ...mosquitto.resources, ...caps };
  return copy;
}
