export { admitTarget, type Admission, type GatewayLimits } from './admit/admission.js';
export { configHash, containerName } from './plan/config-hash.js';
export { startOrder } from './plan/order.js';
export { planSteps, type PlanContext, type UpdateStrategy } from './plan/planner.js';
export type * from './plan/steps.js';
export { UPDATABLE_CAPS, capsDiff, updatableCaps, type UpdatableCap, type UpdatableCaps } from './state/caps.js';
export type { CurrentState, ManagedContainer, ManagedVolume } from './state/current.js';
export { EMPTY_TARGET, type TargetApp, type TargetState } from './state/target.js';
export { LABELS, type ContainerRuntime, type LogLine, type LogOptions, type PullProgress, type RuntimeEvent } from './runtime/runtime.js';
