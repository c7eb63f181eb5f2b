// Names and labels of everything the agent owns. The labels are the only way the runtime
// finds its objects: a container, network or volume without them does not exist for Gantry.
import { LABELS, type CreateStep } from '@gantry/agent-core';

/** The agent instance of a gateway that runs one agent, the usual case. */
export const DEFAULT_INSTANCE = 'default';

/**
 * Which agent owns an object: the value of its `io.gantry.managed` label, also folded into
 * Docker names, so several agents (tests, simulators) can share one engine without ever
 * touching each other's containers.
 */
export class Ownership {
  constructor(readonly instance: string = DEFAULT_INSTANCE) {}

  /** Label filter (`label=key=value`) matching only what this agent owns, optionally narrowed further. */
  filter(extra: Record<string, string> = {}): { label: string[] } {
    const pairs: [string, string][] = [[LABELS.managed, this.instance], ...Object.entries(extra)];
    return { label: pairs.map(([key, value]) => `${key}=${value}`) };
  }

  /** True when labels (possibly missing: Docker gives `null` for none) mark an object as this agent's. */
  owns(labels: Readonly<Record<string, string>> | null | undefined): boolean {
    return labels?.[LABELS.managed] === this.instance;
  }

  /** Docker name of a container the planner named. */
  containerName(name: string): string {
    return this.prefixed(name);
  }

  /** Docker name of an app's own network. */
  networkName(appId: string): string {
    return this.prefixed(`gantry_${appId}`);
  }

  /** Docker name of an app's named volume. */
  volumeName(appId: string, name: string): string {
    return this.prefixed(`gantry_${appId}_${name}`);
  }

  /** Labels of a service's container: the user's labels, then Gantry's (which win). */
  containerLabels(step: CreateStep): Record<string, string> {
    return {
      ...step.spec.labels,
      [LABELS.managed]: this.instance,
      [LABELS.app]: step.appId,
      [LABELS.service]: step.service,
      [LABELS.release]: step.releaseId,
      [LABELS.configHash]: step.configHash,
    };
  }

  /** Labels of an app's network. */
  networkLabels(appId: string): Record<string, string> {
    return { [LABELS.managed]: this.instance, [LABELS.app]: appId };
  }

  /** Labels of an app's named volume: the spec's labels, then Gantry's. */
  volumeLabels(appId: string, name: string, userLabels: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { ...userLabels, [LABELS.managed]: this.instance, [LABELS.app]: appId, [LABELS.volume]: name };
  }

  private prefixed(name: string): string {
    return this.instance === DEFAULT_INSTANCE ? name : `${this.instance}.${name}`;
  }
}
