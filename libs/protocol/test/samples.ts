import { AppSpecSchema, ResourceCapsSchema } from '@gantry/app-spec';
import { createMessage, type BodyOf, type MessageKind, type MessageOf } from '../src/index.js';

/** A small valid body of each kind, for tests that need one message and not a fixture file. */
export const SAMPLE_BODIES: { readonly [K in MessageKind]: BodyOf<K> } = {
  desired: {
    version: 3,
    hash: `sha256:${'0'.repeat(64)}`,
    apps: {
      web: {
        releaseId: 'rel-web-3',
        manifest: AppSpecSchema.parse({
          name: 'web',
          services: { web: { image: 'registry.local:5000/acme/web:1.0', resources: { memoryBytes: 67_108_864 } } },
        }),
      },
    },
  },
  reported: {
    ackedVersion: 3,
    ackedHash: `sha256:${'0'.repeat(64)}`,
    target: { version: 3, state: 'converged' },
    apps: {
      web: {
        state: 'running',
        releaseId: 'rel-web-3',
        lastGoodReleaseId: 'rel-web-3',
        services: {
          web: {
            state: 'running',
            health: 'healthy',
            releaseId: 'rel-web-3',
            containerId: 'abcdef012345',
            restartCount: 0,
            caps: { applied: ResourceCapsSchema.parse({ memoryBytes: 67_108_864 }), verification: 'verified', drift: [] },
            lastError: null,
          },
        },
      },
    },
    gateway: { allocatable: { nanoCpus: 2_000_000_000, memoryBytes: 1_073_741_824 } },
  },
  status: { state: 'online', agentVersion: '0.1.0', bootId: '7d3b9a1e-2c4f-4b8e-9f10-3a5c7e9b1d2f' },
  events: {
    events: [
      {
        seq: 1,
        ts: '2025-03-01T12:00:00.000Z',
        type: 'service.oom',
        detail: { app: 'web', service: 'web', containerId: 'abcdef012345', memoryLimitBytes: 67_108_864 },
      },
    ],
  },
  telemetry: {
    intervalMs: 10_000,
    samples: [
      {
        ts: '2025-03-01T12:00:00.000Z',
        services: [
          {
            app: 'web',
            service: 'web',
            cpuNanoCpus: 1_000_000,
            memoryBytes: 1_048_576,
            pids: 2,
            blkio: { readBytes: 0, writeBytes: 0 },
            memoryLimitBytes: null,
          },
        ],
      },
    ],
  },
  cmd: { type: 'restart', app: 'web', service: 'web', timeoutMs: 30_000 },
  'cmd-res': { status: 'error', type: 'restart', error: { code: 'busy', message: 'a reconcile is running; try again' } },
};

/** A valid message of `kind` from gateway `gw-1`; a command's id is `req-1`, a result answers it. */
export function sampleMessage<K extends MessageKind>(kind: K): MessageOf<K> {
  return createMessage(kind, SAMPLE_BODIES[kind], {
    deviceId: 'gw-1',
    id: kind === 'cmd' ? 'req-1' : 'msg-1',
    ...(kind === 'cmd-res' ? { parentId: 'req-1' } : {}),
    now: new Date('2025-03-01T12:00:00.000Z'),
  });
}
