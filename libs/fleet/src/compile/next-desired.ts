import { DesiredStateSchema, type DesiredState } from '@gantry/protocol';
import type { CompiledState } from './compile.js';

/** The compiled target does not pass the protocol's own schema (an id or setting out of range). */
export class InvalidDesiredStateError extends Error {
  override readonly name = 'InvalidDesiredStateError';
}

/**
 * The next `desired` document to publish, or `undefined` when the target's hash is the
 * one already published (so the gateway is not woken for nothing). The version grows by
 * one from the previous; the first is version 1. Validated against `DesiredStateSchema`
 * so the controller never publishes what every agent would drop.
 */
export function nextDesired(
  previous: Pick<DesiredState, 'version' | 'hash'> | undefined,
  compiled: CompiledState,
): DesiredState | undefined {
  if (previous !== undefined && previous.hash === compiled.hash) return undefined;
  const candidate = {
    version: (previous?.version ?? 0) + 1,
    hash: compiled.hash,
    apps: compiled.apps,
    ...(compiled.settings === undefined ? {} : { settings: compiled.settings }),
  };
  const parsed = DesiredStateSchema.safeParse(candidate);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new InvalidDesiredStateError(`the compiled target state is not a valid desired state: ${reasons}`);
  }
  return parsed.data;
}
