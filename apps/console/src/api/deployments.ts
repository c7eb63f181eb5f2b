/*
 * The deployments API as the console reads it. Mirrors apps/controller/src/deployments/
 * deployments.schemas.ts (DeploymentViewSchema, DeploymentDetailSchema, TargetViewSchema,
 * PreviewSchema, NewDeploymentSchema) and the apps/releases lists it picks from
 * (AppViewSchema, ReleaseSummarySchema in apps.schemas.ts).
 */

export const TARGET_STATUSES = ['pending', 'targeted', 'acked', 'converged', 'failed', 'rolled-back', 'superseded'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const ROLLOUT_PHASES = ['rolling', 'paused', 'halted', 'complete', 'rolled-back'] as const;
export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];

/** Gateways per rollout status (TargetTotalsSchema). */
export type TargetTotals = Record<TargetStatus, number>;

/** RolloutStrategySchema. */
export type RolloutStrategy =
  | { type: 'all-at-once' }
  | { type: 'waves'; waveSize: { count: number } | { percent: number }; pauseMs: number; failureThresholdPercent: number };

export interface DeploymentView {
  id: string;
  appId: string;
  releaseId: string;
  selector: string;
  priority: number;
  strategy: RolloutStrategy;
  healthyWithinMs: number | null;
  phase: RolloutPhase;
  phaseReason: string | null;
  /** The newest admitted wave, 1-based; 0 before the first. */
  currentWave: number;
  waveCount: number;
  total: number;
  totals: TargetTotals;
  createdAt: string;
  updatedAt: string;
}

export interface WaveTotals {
  wave: number;
  totals: TargetTotals;
}

export interface DeploymentDetail extends DeploymentView {
  waves: WaveTotals[];
}

export interface DeploymentPage {
  items: DeploymentView[];
  nextCursor: string | null;
}

export interface TargetView {
  deviceId: string;
  wave: number;
  status: TargetStatus;
  desiredVersion: number | null;
  reason: string | null;
  updatedAt: string;
}

export interface TargetPage {
  items: TargetView[];
  nextCursor: string | null;
}

export interface Preview {
  selector: string;
  count: number;
  deviceIds: string[];
}

/** Body of POST /deployments (NewDeploymentSchema). */
export interface NewDeployment {
  appId: string;
  releaseId: string;
  selector: string;
  priority: number;
  strategy: RolloutStrategy;
  healthyWithinMs?: number;
}

/** The `deployment.progress` live event. */
export interface DeploymentProgressEvent {
  deploymentId: string;
  phase: RolloutPhase;
  wave: number;
  totals: TargetTotals;
}

export interface AppSummary {
  id: string;
  description: string;
  releaseCount: number;
  latestRelease: { id: string; version: number } | null;
}

export interface AppPage {
  items: AppSummary[];
  nextCursor: string | null;
}

export interface ReleaseSummary {
  id: string;
  appId: string;
  version: number;
  notes: string;
  createdAt: string;
}

export interface ReleasePage {
  items: ReleaseSummary[];
  nextCursor: number | null;
}

/** A release id is `<appId>@<version>`; the version is what people say ("v3"). */
export function releaseVersion(releaseId: string): string {
  const at = releaseId.lastIndexOf('@');
  return at === -1 ? releaseId : `v${releaseId.slice(at + 1)}`;
}

/** Reads a `deployment.progress` event's data, or undefined when it is not one. */
export function toProgressEvent(data: Record<string, unknown>): DeploymentProgressEvent | undefined {
  const { deploymentId, phase, wave, totals } = data;
  if (typeof deploymentId !== 'string' || typeof wave !== 'number' || typeof totals !== 'object' || totals === null) return undefined;
  if (!ROLLOUT_PHASES.some((known) => known === phase)) return undefined;
  const counts = totals as Record<string, unknown>;
  if (!TARGET_STATUSES.every((status) => typeof counts[status] === 'number')) return undefined;
  return { deploymentId, phase: phase as RolloutPhase, wave, totals: totals as TargetTotals };
}

/** The preview request of a selector; the empty selector is sent too, since it means every gateway. */
export function previewPath(selector: string, limit: number): string {
  return `/deployments/preview?${new URLSearchParams({ selector, limit: String(limit) }).toString()}`;
}

/**
 * The halt reason without its API instructions: the controller ends it with the REST call
 * to roll back, which the console offers as a button instead.
 */
export function haltSummary(reason: string): string {
  const cut = reason.indexOf('. Roll back with POST');
  return cut === -1 ? reason : `${reason.slice(0, cut)}.`;
}
