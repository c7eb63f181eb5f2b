import { z } from 'zod';
import type { RolloutStrategy } from './deployment.entity.js';

/** What a client may send as `strategy`; all at once when absent. */
export const RolloutStrategySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('all-at-once') }),
  z.strictObject({
    type: z.literal('waves'),
    waveSize: z.union([
      z.strictObject({ count: z.int().min(1).max(1_000_000) }),
      z.strictObject({ percent: z.number().gt(0).max(100) }),
    ]),
    pauseMs: z.int().min(0).max(7 * 86_400_000),
    failureThresholdPercent: z.number().min(0).max(100),
  }),
]) satisfies z.ZodType<RolloutStrategy>;

/** Gateways per wave for a fleet of `total`: a percentage is rounded up, and a wave has at least one gateway. */
export function waveSize(strategy: RolloutStrategy, total: number): number {
  if (strategy.type === 'all-at-once') return Math.max(total, 1);
  if ('count' in strategy.waveSize) return strategy.waveSize.count;
  return Math.max(1, Math.ceil((total * strategy.waveSize.percent) / 100));
}

/**
 * Splits the selected gateways into waves, in id order so every replica (and every
 * retry) computes the same waves. All at once is one wave; no gateways, no waves.
 */
export function splitIntoWaves(deviceIds: readonly string[], strategy: RolloutStrategy): string[][] {
  const ordered = [...new Set(deviceIds)].sort();
  const size = waveSize(strategy, ordered.length);
  const waves: string[][] = [];
  for (let start = 0; start < ordered.length; start += size) waves.push(ordered.slice(start, start + size));
  return waves;
}
