// The doctor report: what `gantry-agent doctor --json` prints, and what the cloud's
// `diagnostics` command will carry. Check names fit the protocol's DiagnosticCheck name.
import * as z from 'zod/mini';

/** How a check came out: `fail` means the agent cannot do its job here until it is fixed. */
export const CheckStatusSchema = z.enum(['ok', 'warn', 'fail']);
/** How a check came out. */
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** A finding as data for machines: a version, a list of controllers, a byte count. */
const FactSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

/** What one check found. */
export const CheckFindingSchema = z.object({
  status: CheckStatusSchema,
  /** What was found, in a sentence a person reads. */
  found: z.string().check(z.minLength(1)),
  /** What to do next; null when nothing needs doing. */
  advice: z.nullable(z.string().check(z.minLength(1))),
  /** The findings as data (`{ engineVersion: '20.10.24', apiVersion: '1.41' }`). */
  facts: z.record(z.string(), FactSchema),
});
/** What one check found. */
export type CheckFinding = z.infer<typeof CheckFindingSchema>;

/** One check's result in the report. */
export const CheckResultSchema = z.extend(CheckFindingSchema, {
  /** Stable id, kebab-case (`docker`, `blkio-weight`); the protocol's DiagnosticCheck name. */
  name: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/)),
  /** What was checked, for people (`Docker Engine`). */
  title: z.string().check(z.minLength(1)),
  durationMs: z.number().check(z.nonnegative()),
});
/** One check's result in the report. */
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** Everything `gantry-agent doctor` found on this machine. */
export const DoctorReportSchema = z.object({
  agentVersion: z.string(),
  hostname: z.string(),
  /** When the checks ran (ISO 8601). */
  createdAt: z.string(),
  /** The config file the checks used (it may not exist: then every setting has its default). */
  configPath: z.string(),
  checks: z.array(CheckResultSchema),
  /** How many checks came out each way. */
  summary: z.object({ ok: z.int().check(z.nonnegative()), warn: z.int().check(z.nonnegative()), fail: z.int().check(z.nonnegative()) }),
});
/** Everything `gantry-agent doctor` found on this machine. */
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

type Facts = CheckFinding['facts'];

/** A check that passed. */
export function ok(found: string, facts: Facts = {}): CheckFinding {
  return { status: 'ok', found, advice: null, facts };
}

/** A check that found something worth fixing; the agent still runs. */
export function warn(found: string, advice: string, facts: Facts = {}): CheckFinding {
  return { status: 'warn', found, advice, facts };
}

/** A check that found something the agent cannot run properly with. */
export function fail(found: string, advice: string, facts: Facts = {}): CheckFinding {
  return { status: 'fail', found, advice, facts };
}
