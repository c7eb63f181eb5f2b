import { describe, expect, it } from 'vitest';
import { AppSpecSchema, parseAppSpec, validateAppSpec } from '../src/index.js';
import { expectErrors, expectOk, service, show } from './helpers.js';

describe('parseAppSpec', () => {
  it('fills every default explicitly for a minimal manifest', () => {
    const spec = expectOk(parseAppSpec('name: hello\nservices:\n  web:\n    image: nginx\n'));
    expect(spec).toEqual({ name: 'hello', services: { web: service({ image: 'nginx:latest' }) }, volumes: {} });
  });

  it('reads human quantities where the canonical field holds bytes, nano-CPUs or milliseconds', () => {
    const spec = expectOk(
      parseAppSpec(`name: app
services:
  w:
    image: x:1
    shmSizeBytes: 64Mi
    stopGracePeriodMs: 1m
    volumes: [{type: tmpfs, target: /t, sizeBytes: 1g}]
    healthcheck: {test: [CMD, "true"], intervalMs: 30s, timeoutMs: 1500ms, startPeriodMs: 0, startIntervalMs: 1s}
    resources:
      memoryBytes: 512Mi
      memoryReservationBytes: 500M
      memorySwapBytes: "-1"
      nanoCpus: "1.5"
      nanoCpusReservation: 250m
      deviceReadBps: [{path: /dev/sda, bytesPerSecond: 10mb}]
`),
    );
    const w = spec.services.w;
    expect(w?.shmSizeBytes).toBe(64 * 1024 ** 2);
    expect(w?.stopGracePeriodMs).toBe(60_000);
    expect(w?.volumes).toEqual([{ type: 'tmpfs', target: '/t', sizeBytes: 1024 ** 3, mode: null }]);
    expect(w?.healthcheck).toMatchObject({ intervalMs: 30_000, timeoutMs: 1_500, startIntervalMs: 1_000 });
    expect(w?.resources).toMatchObject({
      memoryBytes: 512 * 1024 ** 2,
      memoryReservationBytes: 500_000_000,
      memorySwapBytes: -1,
      nanoCpus: 1_500_000_000,
      nanoCpusReservation: 250_000_000,
      deviceReadBps: [{ path: '/dev/sda', bytesPerSecond: 10 * 1024 ** 2 }],
    });
  });

  it('maps a device to the same path in the container unless told otherwise', () => {
    const spec = expectOk(parseAppSpec('name: a\nservices:\n  m:\n    image: x\n    devices: [{hostPath: /dev/ttyUSB0, permissions: wr}]\n'));
    expect(spec.services.m?.devices).toEqual([{ hostPath: '/dev/ttyUSB0', containerPath: '/dev/ttyUSB0', permissions: 'rw' }]);
  });

  it('reads JSON, guessing the format from the first character', () => {
    const spec = expectOk(parseAppSpec('{"name": "a", "services": {"w": {"image": "x:1", "env": {"N": 5}}}}'));
    expect(spec.services.w?.env).toEqual({ N: '5' });
  });

  it('reads YAML anchors and merge keys', () => {
    const spec = expectOk(
      parseAppSpec(`name: a
x-base: &base {image: "x:1", restart: {policy: always}}
services:
  one: {<<: *base}
  two: {<<: *base, user: nobody}
`),
    );
    expect(spec.services.two?.restart.policy).toBe('always');
    expect(spec.services.two?.user).toBe('nobody');
  });

  it('ignores top-level x- keys, which hold anchors, but rejects them inside a service', () => {
    expectOk(parseAppSpec('name: a\nx-base: 1\nservices: {w: {image: x}}'));
    expect(expectErrors(parseAppSpec('name: a\nservices: {w: {image: x, x-note: 1}}')).map(show)).toEqual([
      "services.w.x-note: unknown key 'x-note'",
    ]);
  });

  it('never carries a host bind that walks out of its directory', () => {
    const spec = expectOk(
      parseAppSpec('name: a\nservices:\n  w:\n    image: x\n    volumes: [{type: bind, source: /data/../etc, target: /e}]\n'),
    );
    expect(spec.services.w?.volumes).toEqual([{ type: 'bind', source: '/etc', target: '/e', readOnly: false }]);
  });

  it('refuses to expand an alias bomb', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i += 1) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      bomb.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const errors = expectErrors(parseAppSpec(bomb.join('\n')));
    expect(errors[0]?.message).toMatch(/^cannot expand the document|excessive alias/i);
  });
});

describe('validateAppSpec', () => {
  it('validates an already-decoded object and reports paths without lines', () => {
    const result = validateAppSpec({ name: 'a', services: { w: { image: 'x', ports: [{ target: 99999 }] } } });
    expect(expectErrors(result)).toEqual([{ path: 'services.w.ports[0].target', message: 'a port is 1-65535' }]);
  });

  it('does not change the object it is given', () => {
    const input = { name: 'a', services: { w: { image: 'x', resources: { memoryBytes: '1g' } } } };
    expectOk(validateAppSpec(input));
    expect(input.services.w.resources.memoryBytes).toBe('1g');
  });

  it('returns a spec the schema accepts as is', () => {
    const spec = expectOk(validateAppSpec({ name: 'a', services: { w: { image: 'x' } } }));
    expect(AppSpecSchema.parse(spec)).toEqual(spec);
  });
});
