import { hostname } from 'node:os';
import type { DoctorContext } from './context.js';
import { fail, type CheckFinding, type CheckResult, type DoctorReport } from './report.js';
import { isoTimestamp } from '@gantry/protocol/timestamp';

/** One check of the machine. */
export interface DoctorCheck {
  /** Stable kebab-case id (`docker`); also the protocol's DiagnosticCheck name. */
  name: string;
  /** What is checked, for people. */
  title: string;
  /** Looks and says what it found; `signal` aborts when the check runs out of time. */
  run(ctx: DoctorContext, signal: AbortSignal): Promise<CheckFinding>;
}

/** Options for {@link runDoctor}. */
export interface RunDoctorOptions {
  checks: readonly DoctorCheck[];
  agentVersion: string;
  /** How long each check may take before it counts as failed. */
  timeoutMs?: number;
  now?: () => Date;
}

/** Runs every check side by side, each within its own time limit, and puts the report together. */
export async function runDoctor(ctx: DoctorContext, options: RunDoctorOptions): Promise<DoctorReport> {
  const now = options.now ?? (() => new Date());
  const createdAt = isoTimestamp(now());
  const checks = await Promise.all(options.checks.map((check) => runCheck(check, ctx, options.timeoutMs ?? 5000)));
  const count = (status: CheckResult['status']): number => checks.filter((check) => check.status === status).length;
  return {
    agentVersion: options.agentVersion,
    hostname: hostname(),
    createdAt,
    configPath: ctx.configPath,
    checks,
    summary: { ok: count('ok'), warn: count('warn'), fail: count('fail') },
  };
}

/** Runs one check; a check that throws or overruns its time fails, and the others still run. */
export async function runCheck(check: DoctorCheck, ctx: DoctorContext, timeoutMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<CheckFinding>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(fail(`did not finish within ${timeoutMs / 1000} s`, 'something it reads is hanging (a stuck socket or filesystem); look at what this check reads'));
    }, timeoutMs);
  });
  const running = check.run(ctx, controller.signal).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    return fail(`could not complete: ${message}`, 'fix what the message names, then run `gantry-agent doctor` again');
  });
  try {
    const finding = await Promise.race([running, overrun]);
    return { name: check.name, title: check.title, ...finding, durationMs: Math.round(performance.now() - startedAt) };
  } finally {
    clearTimeout(timer);
  }
}
