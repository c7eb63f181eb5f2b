import { checkPolicy, humanBytes, humanCpus, type GatewayPolicy } from '@gantry/app-spec';
import type { ResourceAmounts } from '@gantry/protocol';
import type { TargetState } from '../state/target.js';

/** What a gateway can give its apps: allocatable resources and the policy on what they may ask. */
export interface GatewayLimits {
  /** Capacity minus the reserve kept for the gateway's own functions. */
  allocatable: ResourceAmounts;
  policy: Partial<GatewayPolicy>;
}

/** Whether a target may run here; a refused target is refused whole. */
export type Admission = { ok: true } | { ok: false; reasons: string[] };

interface Claim {
  who: string;
  amount: number;
}

/**
 * Decides whether a target fits the gateway: every service obeys the policy, and the caps
 * summed over all apps stay within allocatable. A refusal names the services and numbers,
 * so a person can see what to change.
 */
export function admitTarget(target: TargetState, limits: GatewayLimits): Admission {
  const reasons: string[] = [];
  const memory: Claim[] = [];
  const cpu: Claim[] = [];
  const pids: Claim[] = [];
  for (const appId of Object.keys(target.apps).sort()) {
    const app = target.apps[appId];
    if (!app) continue;
    for (const violation of checkPolicy(app.spec, limits.policy)) {
      reasons.push(`app '${appId}': ${violation.message}`);
    }
    for (const [service, spec] of Object.entries(app.spec.services)) {
      const who = `${appId}/${service}`;
      const caps = spec.resources;
      if (caps.memoryBytes !== null) memory.push({ who, amount: caps.memoryBytes });
      if (caps.nanoCpus !== null) cpu.push({ who, amount: caps.nanoCpus });
      if (caps.pidsLimit !== null) pids.push({ who, amount: caps.pidsLimit });
    }
  }
  const { allocatable } = limits;
  const over = (what: string, claims: Claim[], available: number, format: (n: number) => string) => {
    const total = claims.reduce((sum, c) => sum + c.amount, 0);
    if (total <= available) return;
    const parts = [...claims].sort((a, b) => b.amount - a.amount).map((c) => `${c.who} ${format(c.amount)}`);
    reasons.push(`${what}: the target asks for ${format(total)} but this gateway has ${format(available)} allocatable (${parts.join(', ')})`);
  };
  over('memory', memory, allocatable.memoryBytes, humanBytes);
  over('CPU', cpu, allocatable.nanoCpus, humanCpus);
  if (allocatable.pids !== undefined) over('processes', pids, allocatable.pids, (n) => `${n} pids`);
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}
