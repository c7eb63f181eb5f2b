export { connectDocker, followProgress, isNotFound, removeImage, removeLabelled, type DockerProgressEvent } from './docker.js';
export { buildBusyboxImage, type BusyboxImageOptions } from './images.js';
export { pollUntil, type PollOptions } from './poll.js';
export { freePort } from './ports.js';
export { startRegistry, type LocalRegistry } from './registry.js';
export { uniqueName } from './names.js';
export { startServer, type ServerProcess, type StartServerOptions } from './process.js';
export { startPostgres, type LocalPostgres } from './postgres.js';
export { startMosquitto, type LocalMosquitto, type MosquittoOptions } from './mosquitto.js';
