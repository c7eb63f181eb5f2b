import type { ContainerRuntime, PullProgress } from '../runtime/runtime.js';
import type { Step } from '../plan/steps.js';

/**
 * Runs one step through the runtime; returns the container id a `create` made. Exhaustive
 * over `Step`: a new action does not compile until it runs here.
 */
export async function executeStep(
  runtime: ContainerRuntime,
  step: Step,
  signal: AbortSignal,
  onPullProgress?: (progress: PullProgress) => void,
): Promise<string | undefined> {
  switch (step.action) {
    case 'pull':
      await runtime.pull(step.image, onPullProgress, signal);
      return undefined;
    case 'createNetwork':
      await runtime.createNetwork(step.appId);
      return undefined;
    case 'removeNetwork':
      await runtime.removeNetwork(step.appId);
      return undefined;
    case 'createVolume':
      await runtime.createVolume(step.appId, step.volume, step.spec);
      return undefined;
    case 'removeVolume':
      await runtime.removeVolume(step.appId, step.volume);
      return undefined;
    case 'create':
      return runtime.create(step);
    case 'start':
      await runtime.start(step.containerId);
      return undefined;
    case 'stop':
      await runtime.stop(step.containerId, step.timeoutMs);
      return undefined;
    case 'remove':
      await runtime.remove(step.containerId);
      return undefined;
    case 'updateCaps':
      await runtime.updateCaps(step.containerId, step.caps);
      return undefined;
    default:
      return assertUnreachable(step);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`no executor for step ${JSON.stringify(value)}`);
}
