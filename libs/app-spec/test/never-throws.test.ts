import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { contentHash, importCompose, parseAppSpec, validateAppSpec } from '../src/index.js';

const composeKeys = [
  'image', 'command', 'entrypoint', 'environment', 'labels', 'ports', 'volumes', 'tmpfs', 'devices',
  'restart', 'healthcheck', 'depends_on', 'network_mode', 'networks', 'user', 'read_only', 'cap_add',
  'privileged', 'pid', 'ipc', 'mem_limit', 'memswap_limit', 'cpus', 'cpu_shares', 'cpuset', 'pids_limit',
  'blkio_config', 'ulimits', 'deploy', 'logging', 'extra_hosts', 'sysctls', 'stop_grace_period', 'build',
];

const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom('8080:80', '512m', '1m30s', 'host', 'nginx', '/dev/ttyUSB0', 'data:/x:ro', 'CMD', '-1', '${X}'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...composeKeys)), tie('v'), { maxKeys: 4 }),
  ),
})).v;
const composeService = fc.dictionary(fc.constantFrom(...composeKeys), value, { maxKeys: 8 });
const composeFile = fc.record({
  services: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), composeService, { maxKeys: 3 }),
  volumes: fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), value, { maxKeys: 2 })),
});

describe('parsing never throws', () => {
  it('on arbitrary text, native or compose', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        for (const result of [parseAppSpec(text), parseAppSpec(text, { format: 'json' }), importCompose(text, { name: 'a' })]) {
          if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('on arbitrary compose-shaped documents, and what it accepts hashes', () => {
    fc.assert(
      fc.property(composeFile, (doc) => {
        const result = importCompose(stringify(doc), { name: 'a' });
        if (result.ok) expect(contentHash(result.spec)).toMatch(/^[0-9a-f]{64}$/);
        else for (const error of result.errors) expect(error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('on arbitrary decoded values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ name: scalar, services: value })), (input) => {
        expect(() => validateAppSpec(input)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
