// The one place the agent makes its Docker Engine API client (dockerode). As it ships, the
// bundle defers the parts of dockerode a local unix socket never needs (build/deferred-parts.ts).
import Docker from 'dockerode';

/** A dockerode client, e.g. for the engine at `{ socketPath }`. */
export function createDockerClient(options: Docker.DockerOptions): Docker {
  return new Docker(options);
}
