import { EnrollRequestSchema, type EnrollRequest, type Platform, isoTimestamp } from '@gantry/protocol';
import { detectCapacity } from '../capacity/capacity.js';
import { NodeCgroupFs, readLayout } from '../cgroups/index.js';
import type { AgentConfig } from '../config/config.js';
import { createDockerClient } from '../runtime/docker-client.js';
import {
  ControllerUnavailableError,
  DeviceIdTakenError,
  EnrollmentRefusedError,
  EnrollmentRequestError,
  enrollAtController,
  normaliseControllerUrl,
} from './enroll-client.js';
import { AlreadyEnrolledError, IdentityFileError, createIdentity, identityPath, readIdentity, type Identity } from './identity.js';
import { gatewayPlatform } from './platform.js';

/** Why an enrollment did not happen; each has its own exit status. */
export type EnrollFailure = 'already-enrolled' | 'device-id-taken' | 'token-refused' | 'controller-unavailable' | 'invalid-request';

/** What `gantry-agent enroll` was asked. */
export interface EnrollInput {
  config: AgentConfig;
  controller: string;
  token: string;
  deviceId?: string | undefined;
  name?: string | undefined;
  labels: Record<string, string>;
  agentVersion: string;
  now: () => Date;
}

/** The identity stored, or why nothing was. */
export type EnrollOutcome = { ok: true; identity: Identity; path: string } | { ok: false; failure: EnrollFailure; message: string };

/**
 * Enrolls this gateway: refuses at once if it is enrolled already (nothing is sent, the
 * token stays unspent), sends the token with what the gateway knows about itself
 * (allocatable resources, platform, agent version), and stores the answer as the
 * gateway's identity. Nothing is written unless the controller accepted the token.
 */
export async function enrollGateway(input: EnrollInput, warn: (message: string) => void): Promise<EnrollOutcome> {
  const { config } = input;
  const path = identityPath(config.dataDir);
  try {
    const existing = await readIdentity(config.dataDir);
    if (existing) return { ok: false, failure: 'already-enrolled', message: new AlreadyEnrolledError(path, existing).message };
  } catch (error) {
    if (!(error instanceof IdentityFileError)) throw error;
    return { ok: false, failure: 'already-enrolled', message: `${error.message} (an identity file exists, so this gateway counts as enrolled)` };
  }
  let controllerUrl: string;
  try {
    controllerUrl = normaliseControllerUrl(input.controller);
  } catch (error) {
    return { ok: false, failure: 'invalid-request', message: `--controller: ${(error as Error).message}` };
  }
  const request = EnrollRequestSchema.safeParse({
    token: input.token,
    ...(input.deviceId === undefined ? {} : { deviceId: input.deviceId }),
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(Object.keys(input.labels).length === 0 ? {} : { labels: input.labels }),
    agentVersion: input.agentVersion,
    allocatable: (await detectCapacity(config.reserve)).allocatable,
    ...(await detectPlatform(config, warn)),
  } satisfies Record<string, unknown>);
  if (!request.success) {
    const issues = request.error.issues.map((issue) => `${optionName(issue.path)}: ${issue.message}`);
    return { ok: false, failure: 'invalid-request', message: `cannot enroll with these options:\n  ${issues.join('\n  ')}` };
  }
  let answer;
  try {
    answer = await enrollAtController(controllerUrl, request.data satisfies EnrollRequest);
  } catch (error) {
    if (error instanceof EnrollmentRefusedError) return { ok: false, failure: 'token-refused', message: error.message };
    if (error instanceof DeviceIdTakenError) return { ok: false, failure: 'device-id-taken', message: error.message };
    if (error instanceof ControllerUnavailableError) return { ok: false, failure: 'controller-unavailable', message: error.message };
    if (error instanceof EnrollmentRequestError) return { ok: false, failure: 'invalid-request', message: error.message };
    throw error;
  }
  const identity: Identity = {
    controllerUrl,
    deviceId: answer.deviceId,
    name: answer.name,
    labels: answer.labels,
    mqtt: answer.mqtt,
    enrolledAt: isoTimestamp(input.now()),
  };
  try {
    return { ok: true, identity, path: await createIdentity(config.dataDir, identity) };
  } catch (error) {
    // The token is spent now: say exactly what happened and how to recover.
    const why = error instanceof AlreadyEnrolledError ? 'another enrollment stored an identity first' : error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      failure: 'already-enrolled',
      message: `the controller enrolled this gateway as ${answer.deviceId}, but its identity could not be stored in ${path} (${why}); revoke ${answer.deviceId} at the controller and enroll again with a new token`,
    };
  }
}

async function detectPlatform(config: AgentConfig, warn: (message: string) => void): Promise<{ platform?: Platform }> {
  let layout;
  try {
    layout = await readLayout(new NodeCgroupFs(), '/proc');
  } catch (error) {
    warn(`cannot read the cgroup layout (${error instanceof Error ? error.message : String(error)}); enrolling without platform details`);
    return {};
  }
  const docker = createDockerClient({ socketPath: config.dockerSocket, timeout: 5_000 });
  const dockerVersion = await docker.version().then(
    (version) => version.Version,
    (error: unknown) => {
      warn(`cannot reach Docker at ${config.dockerSocket} (${error instanceof Error ? error.message : String(error)}); the agent needs it to run apps (see gantry-agent doctor)`);
      return undefined;
    },
  );
  return { platform: gatewayPlatform(layout.kind, dockerVersion) };
}

function optionName(path: readonly PropertyKey[]): string {
  const [first, ...rest] = path.map(String);
  const option = first === 'deviceId' ? '--device-id' : first === 'labels' ? '--label' : `--${first ?? 'options'}`;
  return rest.length === 0 ? option : `${option} ${rest.join('.')}`;
}
