import type { AppStatus, DesiredState, ReportedState } from '@gantry/protocol';
import { pollUntil } from '@gantry/test-kit';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Device } from '../src/devices/device.entity.js';
import { DevicesService } from '../src/devices/devices.service.js';
import { hashSecret, newSecret } from '../src/devices/secrets.js';
import { MqttGateway } from '../src/mqtt/mqtt-gateway.js';
import type { RunningController } from './controller-app.js';
import { connectGateway, type TestGateway } from './gateway-client.js';

/**
 * How a played gateway answers a new desired state: `converge` acks it and reports every
 * app running healthy; `fail` acks it and reports the target failed; `refuse` reports it
 * refused without acking it; `silent` never acks.
 */
export type Behaviour = 'converge' | 'fail' | 'refuse' | 'silent';

export interface PlayedGateway {
  readonly id: string;
  readonly session: TestGateway;
  /** Its MQTT password, to open another session as the same gateway. */
  readonly password: string;
  behaviour: Behaviour;
  /** Versions received, in arrival order (republished ones repeat). */
  versions(): number[];
  /** The newest desired document received. */
  latest(): DesiredState | undefined;
  /** Resolves once the gateway has received a document satisfying `check`. */
  waitFor(check: (desired: DesiredState) => boolean, what: string): Promise<DesiredState>;
  /** Rejects with the first error the gateway met while answering. */
  failure(): Error | undefined;
}

/** The broker's TCP URL of a running controller. */
export function brokerUrl(controller: RunningController): string {
  const description = controller.app.get(MqttGateway).describe();
  if (description.mode !== 'embedded') throw new Error('tests expect the embedded broker');
  return description.tcpUrl;
}

/**
 * Registers a gateway with MQTT credentials, connects it as an agent would (status online
 * first) and answers every new desired state according to its behaviour, with a report
 * over MQTT like an agent's.
 */
export async function playGateway(controller: RunningController, id: string, labels: Record<string, string>, behaviour: Behaviour = 'converge'): Promise<PlayedGateway> {
  const secret = newSecret();
  await controller.app.get(DevicesService).register({ id, name: id, labels });
  const devices = controller.app.get(DataSource).getRepository(Device);
  await devices.update({ id }, { credentialHash: hashSecret(secret) });
  const session = await connectGateway({ url: brokerUrl(controller), deviceId: id, password: secret });
  await session.send('status', { state: 'online', agentVersion: '0.1.0', bootId: session.bootId });
  await pollUntil(async () => (await devices.findOneBy({ id }))?.status === 'online', { what: `${id} online` });

  let failure: Error | undefined;
  let answered = 0;
  let chain = Promise.resolve();
  const gateway: PlayedGateway = {
    id,
    session,
    password: secret,
    behaviour,
    versions: () => session.desired.map((desired) => desired.version),
    latest: () => session.desired.at(-1),
    waitFor: (check, what) => pollUntil(() => session.desired.find(check), { what: `${id} to receive ${what}` }),
    failure: () => failure,
  };
  session.client.on('message', () => {
    const desired = session.desired.at(-1);
    if (desired === undefined || desired.version <= answered || gateway.behaviour === 'silent') return;
    answered = desired.version;
    chain = chain
      .then(async () => {
        const report = reportFor(desired, gateway.behaviour);
        await session.send('reported', report);
      })
      .catch((error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(String(error));
      });
  });
  return gateway;
}

/** The complete report of a gateway that stored `desired` and then converged or failed, or that refused it. */
export function reportFor(desired: DesiredState, behaviour: Behaviour): ReportedState {
  if (behaviour === 'refuse') {
    // Refused as a whole: never stored, so not acked, and nothing of it runs.
    return { ackedVersion: 0, ackedHash: null, target: { version: desired.version, state: 'refused', reason: 'app needs more memory than the gateway can allocate' }, apps: {}, gateway: { allocatable: { nanoCpus: 2_000_000_000, memoryBytes: 1_073_741_824 } } };
  }
  const isFailing = behaviour === 'fail';
  const apps = Object.fromEntries(
    Object.entries(desired.apps).map(([appId, app]): [string, AppStatus] => [
      appId,
      {
        state: isFailing ? 'failed' : 'running',
        releaseId: app.releaseId,
        lastGoodReleaseId: isFailing ? null : app.releaseId,
        services: Object.fromEntries(
          Object.keys(app.manifest.services).map((name) => [
            name,
            {
              state: isFailing ? 'exited' : 'running',
              health: isFailing ? 'unhealthy' : 'healthy',
              releaseId: app.releaseId,
              containerId: randomUUID().replaceAll('-', ''),
              restartCount: 0,
              caps: null,
              lastError: isFailing ? { code: 'pull-failed', message: 'registry unreachable', at: new Date().toISOString() } : null,
            },
          ]),
        ),
      },
    ]),
  );
  return {
    ackedVersion: desired.version,
    ackedHash: desired.hash,
    target: isFailing ? { version: desired.version, state: 'failed', reason: 'pull failed: registry unreachable' } : { version: desired.version, state: 'converged' },
    apps,
    gateway: { allocatable: { nanoCpus: 2_000_000_000, memoryBytes: 1_073_741_824 } },
  };
}
