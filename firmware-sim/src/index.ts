export { RealTimeScheduler, type RealTimeSchedulerOptions } from './clock/real-scheduler.js';
export type { Cancellable, Scheduler } from './clock/scheduler.js';
export { VIRTUAL_EPOCH_MS, VirtualScheduler, VirtualTimer, type VirtualTimers } from './clock/virtual-scheduler.js';
export { sample, type Distribution } from './random/distribution.js';
export { mulberry32, seededRandom, seedFromText, type Random } from './random/prng.js';
export { PullError, type PullFailure } from './runtime/errors.js';
export { healthTimeline, type HealthChange } from './runtime/health-timeline.js';
export {
  DEFAULT_PROFILE,
  behaviourOf,
  profileProblems,
  type BehaviourProfile,
  type CrashBehaviour,
  type ServiceBehaviour,
  type ServiceMatch,
  type ServiceRule,
} from './runtime/profile.js';
export { SimRegistry, type ImageManifest, type SimRegistryOptions } from './runtime/registry.js';
export { SimRuntime, type SimRuntimeOptions } from './runtime/sim-runtime.js';
export { MemoryOutbox, type MemoryOutboxOptions } from './store/memory-outbox.js';
export { MemoryStateStore } from './store/memory-state-store.js';
export { ControllerApi, ControllerApiError, controllerOrigin } from './fleet/controller-api.js';
export { FaultyLink } from './fleet/faulty-link.js';
export { Fleet, type EnrollOptions, type FleetOptions, type FleetSettings, type Selection } from './fleet/fleet.js';
export { Limiter } from './fleet/limiter.js';
export { OutgoingSample } from './fleet/outgoing-sample.js';
export { MALFORMED_KINDS, malformedMessage, type MalformedKind } from './fleet/malformed.js';
export { SimGateway, type EnrolledGateway, type SimGatewayContext } from './fleet/sim-gateway.js';
export { gatewayStatus, summarize, summaryLine, type FleetSummary, type GatewayStatus } from './fleet/summary.js';
export { crashLoopProfile, pickIndices, type NamedProfile } from './fleet/profiles.js';
