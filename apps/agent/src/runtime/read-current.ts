// Everything Gantry manages on this gateway, read through its labels only.
import { LABELS, type CurrentState, type ManagedContainer, type ManagedVolume } from '@gantry/agent-core';
import { canonicalImage, formatImageRef, parseImageRef, type ImageRef } from '@gantry/app-spec';
import { HealthSchema, type Health } from '@gantry/protocol/messages/common';
import { ServiceStateSchema, type ServiceState } from '@gantry/protocol/messages/reported';
import type Docker from 'dockerode';
import { capsFromHostConfig } from './caps-config.js';
import { isNotFound } from './docker-errors.js';
import type { Ownership } from './labels.js';

/** Reads managed containers, local images, and the apps' networks and volumes. */
export async function readCurrentState(docker: Docker, owner: Ownership): Promise<CurrentState> {
  const [containers, images, networks, volumes] = await Promise.all([
    readContainers(docker, owner),
    docker.listImages(),
    docker.listNetworks({ filters: owner.filter() }),
    docker.listVolumes({ filters: owner.filter() }),
  ]);
  return {
    containers,
    images: imageReferences(images),
    networks: new Set(networks.flatMap((n) => appOf(n.Labels, owner))),
    // Docker answers `Volumes: null` when there are none.
    volumes: (volumes.Volumes ?? []).flatMap((v) => managedVolume(v.Labels, owner)),
  };
}

async function readContainers(docker: Docker, owner: Ownership): Promise<ManagedContainer[]> {
  const listed = await docker.listContainers({ all: true, filters: owner.filter() });
  const inspected = await Promise.all(
    listed.map(async (c) => {
      try {
        return await docker.getContainer(c.Id).inspect();
      } catch (error) {
        // Removed between list and inspect: it is simply not there any more.
        if (isNotFound(error)) return null;
        throw error;
      }
    }),
  );
  return inspected.flatMap((info) => {
    const container = info && toManagedContainer(info, owner);
    return container ? [container] : [];
  });
}

/** A managed container from `docker inspect`, or null when it lacks Gantry's labels. */
export function toManagedContainer(info: Docker.ContainerInspectInfo, owner: Ownership): ManagedContainer | null {
  const labels = info.Config.Labels ?? {};
  const appId = labels[LABELS.app];
  const service = labels[LABELS.service];
  if (!owner.owns(labels) || appId === undefined || service === undefined) return null;
  const state = serviceState(info.State.Status);
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    appId,
    service,
    releaseId: labels[LABELS.release] ?? '',
    configHash: labels[LABELS.configHash] ?? '',
    image: info.Config.Image,
    state,
    health: health(info.State.Health?.Status),
    exitCode: state === 'exited' || state === 'dead' ? info.State.ExitCode : null,
    restartCount: info.RestartCount,
    caps: capsFromHostConfig(info.HostConfig),
  };
}

function serviceState(status: string): ServiceState {
  const parsed = ServiceStateSchema.safeParse(status);
  if (!parsed.success) throw new Error(`Docker reports container state ${JSON.stringify(status)}, which Gantry does not know`);
  return parsed.data;
}

function health(status: string | undefined): Health {
  // No health check: Docker has no Health object at all (or, after one is removed, status "none").
  const parsed = HealthSchema.safeParse(status);
  return parsed.success ? parsed.data : 'none';
}

/**
 * Every reference by which a local image can be named in a spec: its tags through
 * {@link canonicalImage}, its digests, and `repo:tag@digest` for a tag and a digest of the
 * same repository. Docker Hub images are also listed under their `docker.io/…` spellings.
 */
export function imageReferences(images: readonly Docker.ImageInfo[]): Set<string> {
  const references = new Set<string>();
  for (const image of images) {
    const tags = parsedRefs(image.RepoTags, '<none>:<none>');
    const digests = parsedRefs(image.RepoDigests, '<none>@<none>');
    const refs = [...tags, ...digests];
    for (const tag of tags) {
      for (const digest of digests) {
        if (tag.registry === digest.registry && tag.repository === digest.repository) refs.push({ ...tag, digest: digest.digest });
      }
    }
    for (const ref of refs) {
      for (const spelling of hubSpellings(ref)) references.add(canonicalImage(formatImageRef(spelling)));
    }
  }
  return references;
}

function parsedRefs(references: readonly string[] | null | undefined, none: string): ImageRef[] {
  return (references ?? []).flatMap((reference) => {
    if (reference === none) return [];
    const parsed = parseImageRef(reference);
    return parsed.ok ? [parsed.value] : [];
  });
}

/** Docker prints Hub images short (`busybox`); a spec may spell them `docker.io/library/busybox`. */
function hubSpellings(ref: ImageRef): ImageRef[] {
  if (ref.registry !== null) return [ref];
  const official = ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : null;
  const full = official === null && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  const short = official ?? ref.repository;
  const names = new Set([ref.repository, short, full]);
  return [...names].flatMap((repository) => [
    { ...ref, repository },
    { ...ref, registry: 'docker.io', repository },
  ]);
}

function appOf(labels: Readonly<Record<string, string>> | null | undefined, owner: Ownership): string[] {
  const appId = labels?.[LABELS.app];
  return owner.owns(labels) && appId !== undefined ? [appId] : [];
}

function managedVolume(labels: Readonly<Record<string, string>> | null | undefined, owner: Ownership): ManagedVolume[] {
  const appId = labels?.[LABELS.app];
  const name = labels?.[LABELS.volume];
  return owner.owns(labels) && appId !== undefined && name !== undefined ? [{ appId, name }] : [];
}
