// An app's named volumes, `gantry_<appId>_<name>`, labelled so they are found again.
import type { VolumeSpec } from '@gantry/app-spec';
import type Docker from 'dockerode';
import { LABELS } from '@gantry/agent-core';
import { dockerMessage, isNotFound, NotManagedError } from './docker-errors.js';
import type { Ownership } from './labels.js';

/** Creates an app's named volume; succeeds if Gantry's volume of that name exists already. */
export async function createAppVolume(docker: Docker, appId: string, name: string, spec: VolumeSpec, owner: Ownership): Promise<void> {
  const dockerName = owner.volumeName(appId, name);
  try {
    // Docker's volume create is idempotent by name: an existing volume comes back unchanged,
    // labels and all, so whose it is must be checked after.
    await docker.createVolume({
      Name: dockerName,
      Driver: spec.driver,
      DriverOpts: spec.driverOpts,
      Labels: owner.volumeLabels(appId, name, spec.labels),
    });
  } catch (error) {
    throw new Error(`cannot create volume ${dockerName} for app ${appId}: ${dockerMessage(error)}`, { cause: error });
  }
  const info = await docker.getVolume(dockerName).inspect();
  if (!owner.owns(info.Labels) || info.Labels[LABELS.app] !== appId) throw new NotManagedError('volume', dockerName, 'use');
}

/** Removes an app's named volume (and its data); succeeds if it is gone. A volume in use makes it fail. */
export async function removeAppVolume(docker: Docker, appId: string, name: string, owner: Ownership): Promise<void> {
  const dockerName = owner.volumeName(appId, name);
  const volume = docker.getVolume(dockerName);
  try {
    const info = await volume.inspect();
    if (!owner.owns(info.Labels)) throw new NotManagedError('volume', dockerName, 'remove');
    await volume.remove();
  } catch (error) {
    if (isNotFound(error)) return;
    if (error instanceof NotManagedError) throw error;
    throw new Error(`cannot remove volume ${dockerName} of app ${appId}: ${dockerMessage(error)}`, { cause: error });
  }
}
