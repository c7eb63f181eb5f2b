// Applying a manifest over the agent's control API, as `gantry-agent apply` does without its CLI process.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the agent ships no library: the benchmark drives its control API as its CLI does
import type { ApplyRequest } from '../../../apps/agent/src/control/contract.js';
import type { AgentDaemon } from './agent-daemon.js';
import { nowMs } from './command.js';

/** When each line of the apply stream arrived (wall clock, ms): `accepted`, `step <action> <service>`, `done`. */
export interface ApplyTimeline {
  marks: { line: string; atMs: number }[];
  doneAtMs: number;
}

/** Applies `request` and resolves at the `done` line; anything but a healthy release is an error. */
export async function applyOverApi(agent: AgentDaemon, request: ApplyRequest): Promise<ApplyTimeline> {
  const marks: ApplyTimeline['marks'] = [];
  for await (const line of agent.client.apply(request, AbortSignal.timeout(120_000))) {
    const atMs = nowMs();
    if (line.type === 'invalid' || line.type === 'refused') throw new Error(`the agent did not take the app: ${JSON.stringify(line)}`);
    if (line.type === 'step') marks.push({ line: `step ${line.action}${line.service === undefined ? '' : ` ${line.service}`}`, atMs });
    if (line.type === 'accepted') marks.push({ line: 'accepted', atMs });
    if (line.type === 'done') {
      if (line.health.state !== 'healthy') throw new Error(`the app did not become healthy: ${JSON.stringify(line.health)}`);
      marks.push({ line: 'done', atMs });
      return { marks, doneAtMs: atMs };
    }
  }
  throw new Error('the apply stream ended without a done line');
}
