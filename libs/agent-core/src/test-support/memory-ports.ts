import { EventSchema, type GantryEvent } from '@gantry/protocol';
import type { CreateStep } from '../plan/steps.js';
import type { ContainerRuntime, LogLine, RuntimeEvent } from '../runtime/runtime.js';
import type { UpdatableCaps } from '../state/caps.js';
import type { CurrentState } from '../state/current.js';
import { initialAgentState, type AgentState } from '../store/agent-state.js';
import type { NewEvent, Outbox, StateStore } from '../store/ports.js';
import { applyStep, emptyGateway } from './world.js';

/**
 * An in-memory engine on the planner's model of Docker, for tests of the supervisor's
 * logic (not of Docker: the agent's own tests run against the real engine). A container
 * whose image name contains `unhealthy` fails its health check; one with `slow` stays starting.
 */
export class MemoryRuntime implements ContainerRuntime {
  state: CurrentState = emptyGateway();
  readonly calls: string[] = [];
  private listeners: ((event: RuntimeEvent) => void)[] = [];
  private n = 0;

  async readCurrent(): Promise<CurrentState> {
    return structuredClone(this.state);
  }
  async pull(image: string): Promise<void> {
    this.apply({ action: 'pull', appId: '', image, reason: '' });
  }
  async createNetwork(appId: string): Promise<void> {
    this.apply({ action: 'createNetwork', appId, reason: '' });
  }
  async removeNetwork(appId: string): Promise<void> {
    this.apply({ action: 'removeNetwork', appId, reason: '' });
  }
  async createVolume(appId: string, volume: string): Promise<void> {
    this.apply({ action: 'createVolume', appId, volume, spec: { driver: 'local', driverOpts: {}, labels: {} }, reason: '' });
  }
  async removeVolume(appId: string, volume: string): Promise<void> {
    this.apply({ action: 'removeVolume', appId, volume, reason: '' });
  }
  async create(step: CreateStep): Promise<string> {
    this.apply(step);
    return this.state.containers.at(-1)?.id ?? '';
  }
  async start(containerId: string): Promise<void> {
    this.apply({ action: 'start', appId: '', service: '', containerId, reason: '' });
    const c = this.state.containers.find((x) => x.id === containerId);
    if (c && c.health !== 'none') c.health = c.image.includes('unhealthy') ? 'unhealthy' : c.image.includes('slow') ? 'starting' : 'healthy';
  }
  async stop(containerId: string, timeoutMs: number): Promise<void> {
    this.apply({ action: 'stop', appId: '', service: '', containerId, timeoutMs, reason: '' });
  }
  async remove(containerId: string): Promise<void> {
    this.apply({ action: 'remove', appId: '', service: '', containerId, reason: '' });
  }
  async updateCaps(containerId: string, caps: UpdatableCaps): Promise<void> {
    this.apply({ action: 'updateCaps', appId: '', service: '', containerId, caps, current: caps, changed: [], reason: '' });
  }
  async watch(onEvent: (event: RuntimeEvent) => void, signal: AbortSignal): Promise<void> {
    this.listeners.push(onEvent);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  // eslint-disable-next-line require-yield -- the memory engine has no output
  async *logs(): AsyncIterable<LogLine> {
    return;
  }

  /** Tells watchers something happened, as Docker's event stream would. */
  emit(event: RuntimeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private apply(step: Parameters<typeof applyStep>[1]): void {
    this.calls.push(step.action);
    this.state = applyStep(this.state, step, () => String(++this.n).padStart(12, '0'));
  }
}

/** A state store in memory that counts its saves. */
export class MemoryStore implements StateStore {
  saved: AgentState = initialAgentState();
  saves = 0;
  async load(): Promise<AgentState> {
    return structuredClone(this.saved);
  }
  async save(state: AgentState): Promise<void> {
    this.saved = structuredClone(state);
    this.saves += 1;
  }
}

/** An outbox in memory. */
export class MemoryOutbox implements Outbox {
  events: GantryEvent[] = [];
  private seq = 0;
  async append(events: readonly NewEvent[]): Promise<GantryEvent[]> {
    const numbered = events.map((e) => EventSchema.parse({ ...e, seq: ++this.seq, ts: new Date(0).toISOString() }));
    this.events.push(...numbered);
    return numbered;
  }
  async peek(limit: number): Promise<GantryEvent[]> {
    return this.events.slice(0, limit);
  }
  async ack(seq: number): Promise<void> {
    this.events = this.events.filter((e) => e.seq > seq);
  }
}
