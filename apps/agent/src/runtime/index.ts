// The Docker runtime adapter: the agent core's ContainerRuntime on a Docker engine.
export { DockerRuntime, type DockerRuntimeOptions } from './docker-runtime.js';
export { containerCreateOptions, networkPeer } from './container-config.js';
export { capsFromHostConfig, capsHostConfig, capsUpdate, type CapsUpdate } from './caps-config.js';
export { DEFAULT_INSTANCE, Ownership } from './labels.js';
export { NotManagedError, PullError } from './docker-errors.js';
export type { RegistryAuth, RegistryCredentials } from './pull.js';
