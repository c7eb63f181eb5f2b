import { ControllerApi, Fleet, Limiter, RealTimeScheduler, SimGateway, SimRegistry, type SimGatewayContext } from '@gantry/firmware-sim';
import { pollUntil } from '@gantry/test-kit';
import { ADMIN_PASSWORD } from '../../support/controller-process.js';

const MiB = 1024 * 1024;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface SimFleetOptions {
  count: number;
  idPrefix: string;
  labels: Record<string, string> | ((index: number) => Record<string, string>);
  /** One telemetry sample per gateway this often; the gateway page's charts need some. */
  telemetryIntervalMs?: number;
}

/** Enrolls firmware-sim gateways through the controller's API, starts them, and waits until all are connected. */
export async function startSimFleet(controllerUrl: string, options: SimFleetOptions): Promise<Fleet> {
  const fleet = await Fleet.connect({
    controllerUrl,
    adminPassword: ADMIN_PASSWORD,
    seed: options.idPrefix,
    registry: { imageBytes: { kind: 'uniform', min: 200_000, max: 1_000_000 } },
    telemetryIntervalMs: options.telemetryIntervalMs ?? 0,
    checkIntervalMs: 2_000,
    backoff: { initialMs: 200, maxMs: 2_000, factor: 2 },
  });
  try {
    await fleet.enroll({ count: options.count, idPrefix: options.idPrefix, labels: options.labels });
    await fleet.start();
    await pollUntil(() => fleet.summary().connected === options.count, { timeoutMs: 20_000, intervalMs: 100, what: `${options.count} simulated gateways connected` });
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}

/** What a `gantry-agent enroll` command says: the controller to enroll with and the one-time token. */
export function parseEnrollCommand(command: string): { controller: string; token: string } {
  const match = /^gantry-agent enroll --controller (\S+) --token (\S+)$/.exec(command.trim());
  if (!match?.[1] || !match[2]) throw new Error(`"${command}" is not a gantry-agent enroll command`);
  return { controller: match[1], token: match[2] };
}

/**
 * A simulated gateway enrolled as an installer would: with the controller and one-time
 * token of a `gantry-agent enroll` command. Started and connected.
 */
export async function enrollFromCommand(command: string, deviceId: string): Promise<{ gateway: SimGateway; stop(): Promise<void> }> {
  const { controller, token } = parseEnrollCommand(command);
  const scheduler = new RealTimeScheduler();
  const context: SimGatewayContext = {
    scheduler,
    registry: new SimRegistry({ seed: deviceId, imageBytes: { kind: 'uniform', min: 200_000, max: 1_000_000 } }),
    connects: new Limiter(1),
    agentVersion: '0.1.0',
    platform: { os: 'linux', arch: 'arm64', cgroupVersion: 2, dockerVersion: '24.0.7' },
    resources: { allocatable: { memoryBytes: 1536 * MiB, nanoCpus: 3_000_000_000 }, capacity: { memoryBytes: 2048 * MiB, nanoCpus: 4_000_000_000 } },
    log: quiet,
    resyncIntervalMs: 60_000,
    recheckMs: 1_000,
    checkIntervalMs: 2_000,
    keepaliveS: 60,
    backoff: { initialMs: 200, maxMs: 2_000, factor: 2 },
    connectTimeoutMs: 10_000,
  };
  // Logging in only builds the client; the enroll call itself carries nothing but the token.
  const api = await ControllerApi.logIn(controller, 'admin', ADMIN_PASSWORD);
  const answer = await api.enroll({ token, deviceId, agentVersion: context.agentVersion, platform: context.platform, allocatable: context.resources.allocatable });
  const brokerUrl = answer.mqtt.urls.find((url) => url.startsWith('mqtt://'));
  if (brokerUrl === undefined) throw new Error(`the controller gave ${deviceId} no mqtt:// broker URL: ${answer.mqtt.urls.join(', ')}`);
  const gateway = new SimGateway({ deviceId: answer.deviceId, labels: answer.labels, brokerUrl, password: answer.mqtt.password }, context, 'default', {}, deviceId);
  await gateway.start();
  await pollUntil(() => gateway.isConnected, { timeoutMs: 10_000, intervalMs: 100, what: `${deviceId} connected` });
  return {
    gateway,
    stop: async () => {
      await gateway.stop();
      scheduler.close();
    },
  };
}
