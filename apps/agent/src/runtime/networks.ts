// An app's own bridge network, `gantry_<appId>`: where its services find each other by name.
import type Docker from 'dockerode';
import { dockerMessage, hasStatus, isNotFound, NotManagedError } from './docker-errors.js';
import type { Ownership } from './labels.js';

/** Creates the app's network; succeeds if Gantry's network of that name exists already. */
export async function createAppNetwork(docker: Docker, appId: string, owner: Ownership): Promise<void> {
  const name = owner.networkName(appId);
  try {
    // Created straight away (no inspect first: it is on the path of every new app's start).
    // CheckDuplicate makes a second create of the same name a 409 instead of a twin network.
    await docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: owner.networkLabels(appId) });
  } catch (error) {
    // There already (a retried step, or a concurrent call): fine, if it is ours.
    if (hasStatus(error, 409) && (await isOurNetwork(docker, name, 'adopt', owner))) return;
    throw new Error(`cannot create network ${name} for app ${appId}: ${dockerMessage(error)}`, { cause: error });
  }
}

/** Removes the app's network; succeeds if it is gone. Containers still attached make it fail. */
export async function removeAppNetwork(docker: Docker, appId: string, owner: Ownership): Promise<void> {
  const name = owner.networkName(appId);
  if (!(await isOurNetwork(docker, name, 'remove', owner))) return;
  try {
    await docker.getNetwork(name).remove();
  } catch (error) {
    if (isNotFound(error)) return;
    throw new Error(`cannot remove network ${name} of app ${appId}: ${dockerMessage(error)}`, { cause: error });
  }
}

/** True when Gantry's network exists, false when there is none; throws if a foreign one holds the name. */
async function isOurNetwork(docker: Docker, name: string, what: string, owner: Ownership): Promise<boolean> {
  try {
    const info = await docker.getNetwork(name).inspect();
    if (!owner.owns(info.Labels)) throw new NotManagedError('network', name, what);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
