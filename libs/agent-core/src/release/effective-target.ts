import type { AgentState } from '../store/agent-state.js';
import type { TargetState } from '../state/target.js';

/**
 * The target the agent actually runs: the stored target, except that an app whose
 * release was rolled back runs its last good release until the target names another one.
 */
export function effectiveTarget(state: AgentState): TargetState {
  const apps: TargetState['apps'] = {};
  for (const [appId, app] of Object.entries(state.target?.apps ?? {})) {
    const rolledBack = state.rolledBack[appId];
    const lastGood = state.lastGood[appId];
    apps[appId] = rolledBack?.releaseId === app.releaseId && lastGood ? lastGood : app;
  }
  return { apps };
}
