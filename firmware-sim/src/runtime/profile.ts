import { distributionProblem, type Distribution } from '../random/distribution.js';

/** Which services a rule applies to; a field left out matches anything. `image` may use `*` as a wildcard. */
export interface ServiceMatch {
  appId?: string;
  service?: string;
  releaseId?: string;
  image?: string;
}

/** How a crashing service ends its runs. */
export interface CrashBehaviour {
  /** How long a run lasts before the process exits. */
  afterMs: Distribution;
  /** Exit code of the crash (0 models a job that finishes). */
  exitCode?: number;
  /** How many runs end this way; later runs stay up. Unset: every run (a crash loop under a restart policy). */
  runs?: number;
}

/** How one service's container behaves once started. Unset fields keep the defaults (stays up, healthy). */
export interface ServiceBehaviour {
  crash?: CrashBehaviour | null;
  /** Memory the process grows to; above the container's memory cap, the kernel kills it (OOM). */
  memoryBytes?: Distribution;
  /** How long the process takes to grow to `memoryBytes` (linearly). */
  memoryRampMs?: Distribution;
  /** Whether health probes ever pass. */
  health?: 'healthy' | 'unhealthy';
  /** Probes fail until the process has run this long (a slow start). */
  readyAfterMs?: Distribution;
  /** Probes fail again once the process has run this long (a leak, a deadlock). */
  unhealthyAfterMs?: Distribution | null;
  /** How often the process writes a log line. */
  logEveryMs?: number;
}

/** A behaviour for the services a match selects. */
export interface ServiceRule extends ServiceBehaviour {
  match?: ServiceMatch;
}

/**
 * How one simulated gateway and its engine behave: registry reach, disk, how long Docker
 * calls take, and how each service's containers behave. A fleet run gives different
 * gateways different profiles ("30% of gateways crash-loop release X").
 */
export interface BehaviourProfile {
  /** Images this gateway's pulls do not find (exact references or `*` patterns), besides those the registry lacks. */
  missingImages?: readonly string[];
  /** Chance that one pull breaks off part-way (`unexpected EOF`); a retry may succeed. */
  pullFailureRate?: number;
  /** Time until the registry answers a pull. */
  pullLatencyMs?: Distribution;
  /** Download speed of one pull. */
  pullBytesPerSecond?: Distribution;
  /** Image bytes the gateway's disk holds; a pull past it fails with "no space left on device". */
  diskBytes?: number;
  createMs?: Distribution;
  startMs?: Distribution;
  /** How long a process takes to exit after SIGTERM; past the stop timeout it is killed (exit 137). */
  stopMs?: Distribution;
  removeMs?: Distribution;
  /** Exit code of a process that ends on SIGTERM in time (143: killed by the signal's default action). */
  stopExitCode?: number;
  /** Rules applied in order to each service; every matching rule applies, a later one over an earlier one. */
  services?: readonly ServiceRule[];
}

/** Docker-like timings where the profile says nothing (the figures seen on a small gateway). */
export const DEFAULT_PROFILE = {
  pullFailureRate: 0,
  pullLatencyMs: { kind: 'uniform', min: 100, max: 400 },
  pullBytesPerSecond: { kind: 'lognormal', median: 8_000_000, sigma: 0.4, min: 500_000 },
  diskBytes: Number.POSITIVE_INFINITY,
  createMs: { kind: 'uniform', min: 30, max: 80 },
  startMs: { kind: 'normal', mean: 490, stdDev: 80, min: 150 },
  stopMs: { kind: 'uniform', min: 50, max: 300 },
  removeMs: { kind: 'uniform', min: 20, max: 60 },
  stopExitCode: 143,
} as const satisfies BehaviourProfile;

/** The service a container runs, as rules see it. */
export interface ServiceIdentity {
  appId: string;
  service: string;
  releaseId: string;
  image: string;
}

/** The behaviour of one service: every matching rule folded over the last. */
export function behaviourOf(profile: BehaviourProfile, who: ServiceIdentity): ServiceBehaviour {
  let behaviour: ServiceBehaviour = {};
  for (const { match, ...rule } of profile.services ?? []) {
    if (matches(match, who)) behaviour = { ...behaviour, ...rule };
  }
  return behaviour;
}

function matches(match: ServiceMatch | undefined, who: ServiceIdentity): boolean {
  if (!match) return true;
  return (
    (match.appId === undefined || match.appId === who.appId) &&
    (match.service === undefined || match.service === who.service) &&
    (match.releaseId === undefined || match.releaseId === who.releaseId) &&
    (match.image === undefined || globMatches(match.image, who.image))
  );
}

/** `*` matches any run of characters; everything else literally. */
export function globMatches(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(text);
}

/** Every problem with a profile, in words that name the field; empty when it is usable. */
export function profileProblems(profile: BehaviourProfile): string[] {
  const problems: (string | undefined)[] = [];
  const rate = profile.pullFailureRate;
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) problems.push('pullFailureRate: must be between 0 and 1');
  if (profile.diskBytes !== undefined && !(profile.diskBytes >= 0)) problems.push('diskBytes: must be ≥ 0');
  for (const key of ['pullLatencyMs', 'createMs', 'startMs', 'stopMs', 'removeMs'] as const) {
    const d = profile[key];
    if (d !== undefined) problems.push(distributionProblem(d, key));
  }
  if (profile.pullBytesPerSecond !== undefined) problems.push(distributionProblem(profile.pullBytesPerSecond, 'pullBytesPerSecond'));
  (profile.services ?? []).forEach((rule, i) => {
    const at = `services[${i}]`;
    if (rule.crash) problems.push(distributionProblem(rule.crash.afterMs, `${at}.crash.afterMs`));
    for (const key of ['memoryBytes', 'memoryRampMs', 'readyAfterMs'] as const) {
      const d = rule[key];
      if (d !== undefined) problems.push(distributionProblem(d, `${at}.${key}`));
    }
    if (rule.unhealthyAfterMs) problems.push(distributionProblem(rule.unhealthyAfterMs, `${at}.unhealthyAfterMs`));
    if (rule.logEveryMs !== undefined && !(rule.logEveryMs > 0)) problems.push(`${at}.logEveryMs: must be > 0`);
  });
  return problems.filter((p): p is string => p !== undefined);
}
