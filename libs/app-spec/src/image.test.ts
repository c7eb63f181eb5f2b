import { describe, expect, it } from 'vitest';
import { canonicalImage, parseImageRef } from './image.js';

const digest = 'sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270';

describe('parseImageRef', () => {
  it.each([
    ['nginx', { registry: null, repository: 'nginx', tag: null, digest: null }],
    ['eclipse-mosquitto:2.0.18', { registry: null, repository: 'eclipse-mosquitto', tag: '2.0.18', digest: null }],
    ['nodered/node-red:3.1.9', { registry: null, repository: 'nodered/node-red', tag: '3.1.9', digest: null }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', tag: null, digest: null }],
    ['ghcr.io/acme/camera-bridge:2.1', { registry: 'ghcr.io', repository: 'acme/camera-bridge', tag: '2.1', digest: null }],
    [`registry.example.com:5000/acme/reader:1.4.2@${digest}`, { registry: 'registry.example.com:5000', repository: 'acme/reader', tag: '1.4.2', digest }],
    [`busybox@${digest}`, { registry: null, repository: 'busybox', tag: null, digest }],
    ['[::1]:5000/app:v1', { registry: '[::1]:5000', repository: 'app', tag: 'v1', digest: null }],
    ['a__b/c---d.e:latest', { registry: null, repository: 'a__b/c---d.e', tag: 'latest', digest: null }],
  ])('splits %s into its parts', (input, parts) => {
    expect(parseImageRef(input)).toEqual({ ok: true, value: parts });
  });

  it.each([
    ['', 'must be non-empty'],
    [' nginx', 'no surrounding spaces'],
    ['Nginx', 'repository "Nginx" is not valid'],
    ['nginx:', 'tag "" is not valid'],
    ['nginx:-bad', 'tag "-bad" is not valid'],
    ['nginx@sha256:abc', 'digest "sha256:abc" is not valid'],
    [`nginx@sha256:${'A'.repeat(64)}`, 'is not valid (use sha256: followed by 64 lowercase hex digits)'],
    ['nginx@md5:0123456789abcdef0123456789abcdef', 'digest'],
    ['acme//app', 'repository "acme//app" is not valid'],
    ['-acme/app', 'is not valid'],
    ['my_registry.io:port/app', 'registry "my_registry.io:port" is not a valid host[:port]'],
    ['nginx:1.0:2.0', 'is not valid'],
  ])('refuses %j, saying which part is wrong', (input, message) => {
    const result = parseImageRef(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('canonicalImage', () => {
  it('spells an untagged image as :latest, as Docker pulls it', () => {
    expect(canonicalImage('busybox')).toBe('busybox:latest');
    expect(canonicalImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
  });

  it('leaves tagged and digest-pinned images as written', () => {
    expect(canonicalImage('busybox:1.36')).toBe('busybox:1.36');
    expect(canonicalImage(`busybox@${digest}`)).toBe(`busybox@${digest}`);
  });
});
