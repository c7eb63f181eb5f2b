import type Docker from 'dockerode';
import { isNotFound } from '../runtime/docker-errors.js';

/** A running container's init process, through which its cgroup is found. */
export interface ContainerInit {
  pid: number;
  /** When it last started, in ms since the epoch: its cgroup's counters start there. */
  startedAtMs: number;
}

/** The init of a running container, or `undefined` when it does not run or is gone. */
export async function inspectInit(docker: Docker, containerId: string): Promise<ContainerInit | undefined> {
  let state;
  try {
    ({ State: state } = await docker.getContainer(containerId).inspect());
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  if (!state.Running || !state.Pid) return undefined;
  return { pid: state.Pid, startedAtMs: Date.parse(state.StartedAt) };
}
