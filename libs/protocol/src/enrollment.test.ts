import { describe, expect, it } from 'vitest';
import { EnrollRequestSchema, EnrollResponseSchema, LabelsSchema } from './enrollment.js';

describe('EnrollRequestSchema', () => {
  it('accepts a token alone and a full request', () => {
    expect(EnrollRequestSchema.safeParse({ token: 'x'.repeat(32) }).success).toBe(true);
    const full = {
      token: 'gte_' + 'a'.repeat(40),
      deviceId: 'gw-berlin-7',
      name: 'Berlin 7',
      labels: { site: 'berlin', 'gantry.dev/tier': 'edge' },
      agentVersion: '0.1.0',
      allocatable: { nanoCpus: 1_500_000_000, memoryBytes: 512 * 1024 * 1024 },
      platform: { os: 'linux', arch: 'arm64', cgroupVersion: 2 },
    };
    expect(EnrollRequestSchema.parse(full)).toEqual(full);
  });

  it.each([
    [{}, 'token'],
    [{ token: 'short' }, 'token'],
    [{ token: 'x'.repeat(32), deviceId: 'GW 1' }, 'deviceId'],
    [{ token: 'x'.repeat(32), labels: { 'bad key!': 'x' } }, 'labels'],
    [{ token: 'x'.repeat(32), labels: { site: 'has space' } }, 'labels'],
    [{ token: 'x'.repeat(32), extra: true }, ''],
  ])('refuses %o at %s', (body, path) => {
    const result = EnrollRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => String(issue.path[0] ?? ''))).toContain(path);
  });
});

describe('LabelsSchema', () => {
  it('allows empty values, as Kubernetes does, and at most 64 labels', () => {
    expect(LabelsSchema.safeParse({ canary: '' }).success).toBe(true);
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`k${index}`, 'v']));
    expect(LabelsSchema.safeParse(many).success).toBe(false);
  });
});

describe('EnrollResponseSchema', () => {
  it('requires a broker URL the agent can use', () => {
    const response = { deviceId: 'gw-1', name: 'gw-1', labels: {}, mqtt: { urls: ['http://x'], username: 'gw-1', password: 'p'.repeat(43) } };
    expect(EnrollResponseSchema.safeParse(response).success).toBe(false);
    expect(EnrollResponseSchema.safeParse({ ...response, mqtt: { ...response.mqtt, urls: ['mqtt://127.0.0.1:1883'] } }).success).toBe(true);
  });
});
