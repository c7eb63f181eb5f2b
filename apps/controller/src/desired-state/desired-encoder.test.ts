import { parseSelector, type Deployment, type Release } from '@gantry/fleet';
import { validateAppSpec } from '@gantry/app-spec';
import { decode, DEFAULT_MAX_PAYLOAD_BYTES, type DesiredState } from '@gantry/protocol';
import { describe, expect, it } from 'vitest';
import { BatchCompiler } from './batch-compiler.js';
import { DesiredEncoder } from './desired-encoder.js';

function documentWith(env: Record<string, string> = {}): DesiredState {
  const spec = validateAppSpec({ name: 'thermo', services: { main: { image: 'registry.local/thermo:1', env, resources: { memoryBytes: 1_048_576, nanoCpus: 100_000_000 } } } });
  if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
  const release: Release = { id: 'thermo@1', appId: 'thermo', manifest: spec.spec, createdAt: new Date('2026-01-01T00:00:00Z') };
  const selector = parseSelector('');
  if (!selector.ok) throw new Error(selector.error.message);
  const deployment: Deployment = { id: 'all', appId: 'thermo', releaseId: 'thermo@1', selector: selector.selector, priority: 0, createdAt: release.createdAt, state: 'active' };
  const { desired } = new BatchCompiler([release]).compile({ id: 'gw-1', labels: {} }, [deployment], undefined);
  if (desired === undefined) throw new Error('compiled no document');
  return desired;
}

function decoded(payload: Buffer) {
  const message = decode('desired', payload);
  if (!message.ok) throw new Error(message.error.message);
  return message.value;
}

describe('DesiredEncoder', () => {
  it('gives every gateway its own valid message of the same document', () => {
    const sut = new DesiredEncoder();
    const desired = documentWith();
    const first = decoded(sut.payload('gw-1', desired));
    const second = decoded(sut.payload('gw-2', desired));
    expect(first).toMatchObject({ kind: 'desired', deviceId: 'gw-1', body: desired });
    expect(second).toMatchObject({ kind: 'desired', deviceId: 'gw-2', body: desired });
    expect(second.id).not.toBe(first.id);
    expect(Object.keys(second)).toEqual(Object.keys(first));
  });

  it('refuses a document the protocol does not allow, naming the field', () => {
    const desired = documentWith();
    expect(() => new DesiredEncoder().payload('gw-1', { ...desired, hash: 'not a hash' })).toThrow(/gateway gw-1 cannot be sent: desired message is invalid: body\.hash /);
  });

  it('refuses a gateway id the protocol does not allow, also once the document was encoded', () => {
    const sut = new DesiredEncoder();
    const desired = documentWith();
    sut.payload('gw-1', desired);
    expect(() => sut.payload('Not Valid!', desired)).toThrow(/gateway Not Valid! cannot be sent: desired message is invalid: deviceId /);
  });

  it('refuses a message over the payload limit, also once the document was encoded for a gateway with a shorter id', () => {
    const sut = new DesiredEncoder();
    const small = documentWith({ BLOB: '' });
    const spare = DEFAULT_MAX_PAYLOAD_BYTES - new DesiredEncoder().payload('gw-1', small).length;
    // Made by hand: the compiler itself refuses a document that would not fit the longest id.
    const app = small.apps['thermo'];
    const service = app?.manifest.services['main'];
    if (app === undefined || service === undefined) throw new Error('the fixture has no thermo/main');
    const large: DesiredState = { ...small, apps: { thermo: { ...app, manifest: { ...app.manifest, services: { main: { ...service, env: { BLOB: 'x'.repeat(spare - 8) } } } } } } };
    expect(sut.payload('gw-1', large).length).toBeLessThanOrEqual(DEFAULT_MAX_PAYLOAD_BYTES);
    expect(() => sut.payload(`gw-${'x'.repeat(40)}`, large)).toThrow(/cannot be sent: desired message is \d+ bytes, over the 262144-byte limit/);
    expect(() => new DesiredEncoder().payload(`gw-${'x'.repeat(40)}`, large)).toThrow(/cannot be sent: desired message is \d+ bytes, over the 262144-byte limit/);
  });
});
