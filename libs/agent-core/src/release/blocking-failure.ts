import type { StepFailure } from '../reconcile/reconcile.js';
import type { TargetApp } from '../state/target.js';

// Room for the release's own words around it: a protocol reason is at most 2,048 characters.
const MAX_FAILURE_CHARS = 1_536;

/**
 * Why an app's release cannot get further, from the steps of a reconcile that failed: a
 * failed pull of an image one of its services uses (a pull serves every app that uses its
 * image, whichever app the planner named on it), else the first failed step of the app
 * itself. Undefined when no failure holds this app back.
 */
export function blockingFailure(app: TargetApp, failures: readonly StepFailure[]): string | undefined {
  const images = new Set(Object.values(app.spec.services).map((service) => service.image));
  const pull = failures.find(({ step }) => step.action === 'pull' && images.has(step.image));
  const own = pull ?? failures.find(({ step }) => step.action !== 'pull' && step.appId === app.appId);
  return own && clip(failureText(own));
}

/** A failed step in words that name what it was for: the image of a pull, else the step and service. */
export function failureText({ step, error }: StepFailure): string {
  const message = error instanceof Error ? error.message : String(error);
  if (step.action === 'pull') return message.includes(step.image) ? message : `cannot pull ${step.image}: ${message}`;
  const what = 'service' in step ? `${step.appId}/${step.service}` : step.appId;
  return `${step.action} ${what} failed: ${message}`;
}

function clip(text: string): string {
  return text.length <= MAX_FAILURE_CHARS ? text : `${text.slice(0, MAX_FAILURE_CHARS - 1)}…`;
}
