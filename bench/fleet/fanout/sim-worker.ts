// A firmware-sim worker: one process holding a share of the simulated gateways (the agent's
// own Supervisor and SyncSession on a simulated engine, one mqtt.js session each), so the
// gateways never share the controller's process. Driven over IPC by sim-fleet.ts.
import { Fleet, type FleetSettings, type SimGateway } from '@gantry/firmware-sim';
import type { SimAnswer, SimCounts, SimFleetSetup, SimRequest } from './sim-messages.js';

let fleet: Fleet | undefined;
let isClaimed = false;

function settingsOf(setup: SimFleetSetup): FleetSettings {
  return {
    seed: setup.seed,
    connectConcurrency: setup.connectConcurrency,
    telemetryIntervalMs: setup.telemetryIntervalMs,
    keepaliveS: setup.keepaliveS,
    registry: { imageBytes: setup.imageBytes, layers: 1 },
  };
}

// Claimed before the fleet is made, so a second request fails before it logs in anywhere.
async function holdOnce(make: () => Fleet | Promise<Fleet>): Promise<Fleet> {
  if (isClaimed) throw new Error('this worker holds its gateways already');
  isClaimed = true;
  fleet = await make();
  return fleet;
}

async function pullImages(gateways: readonly SimGateway[], images: readonly string[]): Promise<void> {
  await Promise.all(gateways.map((gateway) => Promise.all(images.map((image) => gateway.runtime.pull(image)))));
}

async function enroll(request: Extract<SimRequest, { type: 'enroll' }>): Promise<SimAnswer> {
  const { setup } = request;
  const created = await holdOnce(() => Fleet.connect({ ...settingsOf(setup), controllerUrl: setup.controllerUrl, adminPassword: setup.adminPassword, enrollConcurrency: setup.enrollConcurrency }));
  const named = { name: 'fanout', profile: request.profile };
  // One enroll call per gateway: the numbers are dealt round-robin over the workers, so each
  // worker's are not a contiguous range. The fleet's limiter bounds them as one batch.
  const batches = await Promise.all(
    request.indices.map((index) => created.enroll({ count: 1, idPrefix: request.idPrefix, firstIndex: index, labels: request.labels, profile: () => named })),
  );
  const gateways: SimGateway[] = batches.flat();
  await pullImages(gateways, request.images);
  return { id: request.id, type: 'enrolled', gateways: gateways.map((g) => ({ deviceId: g.deviceId, password: g.identity.password })) };
}

async function adopt(request: Extract<SimRequest, { type: 'adopt' }>): Promise<SimAnswer> {
  const created = await holdOnce(() => Fleet.ofEnrolled(settingsOf(request.setup)));
  const named = { name: 'fanout', profile: request.profile };
  const identities = request.gateways.map(({ deviceId, password }) => ({ deviceId, password, labels: request.labels, brokerUrl: request.brokerUrl }));
  const gateways = created.adopt(identities, () => named);
  await pullImages(gateways, request.images);
  return { id: request.id, type: 'adopted', gateways: gateways.length };
}

function counts(): SimCounts {
  const summary = fleet?.summary();
  return {
    gateways: summary?.gateways ?? 0,
    connected: summary?.connected ?? 0,
    converged: summary?.converged ?? 0,
    failing: summary?.failing ?? 0,
    applying: summary?.applying ?? 0,
    releases: summary?.releases ?? {},
    connectFailures: summary?.sync.connectFailures ?? 0,
    connectionsLost: summary?.sync.connectionsLost ?? 0,
    reportsSent: summary?.sync.reportsSent ?? 0,
    rssBytes: process.memoryUsage.rss(),
  };
}

async function handle(request: SimRequest): Promise<SimAnswer> {
  switch (request.type) {
    case 'enroll':
      return enroll(request);
    case 'adopt':
      return adopt(request);
    case 'start':
      if (fleet === undefined) throw new Error('enroll or adopt the gateways before starting them');
      await fleet.start();
      return { id: request.id, type: 'started' };
    case 'summary':
      return { id: request.id, type: 'summary', counts: counts() };
    case 'stop':
      await fleet?.stop();
      return { id: request.id, type: 'stopped' };
  }
}

process.on('message', (request: SimRequest) => {
  void handle(request)
    .catch((error: unknown): SimAnswer => ({ id: request.id, type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    .then((answer) => process.send?.(answer));
});
// The benchmark going away (or its IPC channel closing) ends the worker.
process.on('disconnect', () => void (fleet?.stop() ?? Promise.resolve()).finally(() => process.exit(0)));
// Exiting, rather than dying of the signal, lets node write what its flags ask for (a `--cpu-prof` profile).
process.on('SIGTERM', () => process.exit(0));
