import type { FieldIssue } from '@/lib/api';
import type { NewDeployment } from '@/api/deployments';
import { checkSelector } from './selector-check';
import { strategyFromForm, type StrategyField, type StrategyForm } from './strategy-form';

/** The new-deployment form as typed; numbers stay text until they are checked. */
export interface DeploymentForm {
  appId: string;
  releaseId: string;
  selector: string;
  priority: string;
  /** Seconds the release may take to become healthy; empty for the gateway's default. */
  healthyWithin: string;
  strategy: StrategyForm;
}

export type FormField = 'appId' | 'releaseId' | 'selector' | 'priority' | 'healthyWithin' | StrategyField;
export type FormErrors = Partial<Record<FormField, string>>;

const PRIORITY_LIMIT = 1_000_000;

/** The POST /deployments body, or the errors to show beside each field (limits of NewDeploymentSchema). */
export function deploymentFromForm(form: DeploymentForm): { body: NewDeployment; errors?: undefined } | { body?: undefined; errors: FormErrors } {
  const errors: FormErrors = {};
  if (form.appId === '') errors.appId = 'choose an app';
  if (form.releaseId === '') errors.releaseId = form.appId === '' ? 'choose an app first' : 'choose a release';

  const selector = checkSelector(form.selector);
  if (!selector.ok) errors.selector = selector.message;

  const priority = form.priority.trim() === '' ? 0 : Number(form.priority);
  if (!Number.isInteger(priority) || Math.abs(priority) > PRIORITY_LIMIT) errors.priority = `a whole number from -${PRIORITY_LIMIT.toLocaleString('en')} to ${PRIORITY_LIMIT.toLocaleString('en')}`;

  let healthyWithinMs: number | undefined;
  if (form.healthyWithin.trim() !== '') {
    const seconds = Number(form.healthyWithin);
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > 86_400) errors.healthyWithin = 'from 1 to 86,400 seconds (a day), or empty for the default';
    else healthyWithinMs = Math.round(seconds * 1000);
  }

  const strategy = strategyFromForm(form.strategy);
  if (strategy.errors !== undefined) Object.assign(errors, strategy.errors);

  if (Object.keys(errors).length > 0 || strategy.strategy === undefined) return { errors };
  const body: NewDeployment = { appId: form.appId, releaseId: form.releaseId, selector: form.selector.trim(), priority, strategy: strategy.strategy };
  if (healthyWithinMs !== undefined) body.healthyWithinMs = healthyWithinMs;
  return { body };
}

/** Which form field an API issue path (e.g. `strategy.waveSize.count`) belongs to. */
const ISSUE_FIELDS: ReadonlyArray<[prefix: string, field: FormField]> = [
  ['appId', 'appId'],
  ['releaseId', 'releaseId'],
  ['selector', 'selector'],
  ['priority', 'priority'],
  ['healthyWithinMs', 'healthyWithin'],
  ['strategy.waveSize', 'waveSize'],
  ['strategy.pauseMs', 'pause'],
  ['strategy.failureThresholdPercent', 'failureThresholdPercent'],
];

/** The controller's field issues placed beside the form's fields; the rest are left for a banner. */
export function errorsFromIssues(issues: readonly FieldIssue[]): { errors: FormErrors; unplaced: FieldIssue[] } {
  const errors: FormErrors = {};
  const unplaced: FieldIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.replace(/^body\./, '');
    const field = ISSUE_FIELDS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
    if (field === undefined) unplaced.push(issue);
    else errors[field] ??= issue.message;
  }
  return { errors, unplaced };
}
