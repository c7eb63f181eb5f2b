import type { PullProgress, Step } from '@gantry/agent-core';
import type * as z from 'zod/mini';
import type { ApplyLine, ApplyRequestSchema } from './contract.js';
import { localTarget, readManifest } from './manifest.js';
import type { ControlContext } from './server.js';

const VERDICT_POLL_MS = 1_000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies a manifest in local mode and streams what happens until the release settles. */
export async function handleApply(request: z.output<typeof ApplyRequestSchema>, write: (line: ApplyLine) => void, ctx: ControlContext): Promise<void> {
  const manifest = readManifest(request);
  if (!manifest.ok) return write({ type: 'invalid', issues: manifest.issues, warnings: manifest.warnings });
  const { input, app } = localTarget(ctx.supervisor.status().state.target, manifest.spec, ctx.config.healthyWithin);
  const onPull = (p: PullProgress) => write({ type: 'pull', ...p });
  const onStep = (step: Step) => write({ type: 'step', action: step.action, ...('service' in step ? { service: step.service } : {}), reason: step.reason });
  ctx.bus.on('pull', onPull);
  ctx.bus.on('step', onStep);
  try {
    const result = await ctx.supervisor.setTarget(input);
    if (result.status === 'refused') return write({ type: 'refused', reasons: result.reasons });
    write({ type: 'accepted', appId: app.appId, releaseId: app.releaseId, unchanged: result.status === 'unchanged', warnings: manifest.warnings });
    const deadline = Date.now() + app.healthyWithinMs + 30_000;
    for (;;) {
      // A release that cannot settle (an image no registry has) keeps the loop busy
      // retrying: the verdict and the deadline are checked whether or not it goes idle.
      await ctx.supervisor.idle(AbortSignal.timeout(VERDICT_POLL_MS));
      const { health, state } = ctx.supervisor.status();
      const verdict = health[app.appId];
      const rolledBack = state.rolledBack[app.appId]?.releaseId === app.releaseId;
      if (verdict && verdict.state !== 'progressing') return write({ type: 'done', health: verdict, rolledBack });
      if (Date.now() > deadline) return write({ type: 'done', health: verdict ?? { state: 'failed', reason: 'no verdict in time' }, rolledBack });
      await delay(250);
    }
  } finally {
    ctx.bus.off('pull', onPull);
    ctx.bus.off('step', onStep);
  }
}
