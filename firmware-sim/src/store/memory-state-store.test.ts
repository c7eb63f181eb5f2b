import { initialAgentState, type AgentState } from '@gantry/agent-core';
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from './memory-state-store.js';

const target: AgentState['target'] = { source: 'local', version: 3, hash: 'h3', apps: {}, receivedAt: '2026-11-23T10:00:00.000Z' };

describe('MemoryStateStore', () => {
  it('gives back what was saved, as a copy of its own', async () => {
    const store = new MemoryStateStore();
    const state: AgentState = { ...initialAgentState(), target };
    await store.save(state);
    const loaded = await store.load();
    expect(loaded).toEqual(state);
    expect(loaded).not.toBe(state);
    loaded.lastGood.x = { appId: 'x', releaseId: 'r', spec: {} as never, healthyWithinMs: 1 };
    expect((await store.load()).lastGood).toEqual({});
  });

  it('keeps what was saved from any later change to the object', async () => {
    const store = new MemoryStateStore();
    const state: AgentState = { ...initialAgentState(), target: { ...target } };
    await store.save(state);
    expect(() => {
      if (state.target) state.target.version = 4;
    }).toThrow(TypeError);
    expect((await store.load()).target?.version).toBe(3);
  });

  it('refuses to load a state that is not valid, as the agent refuses its state file', async () => {
    const store = new MemoryStateStore();
    await store.save({ ...initialAgentState(), target: { ...target, version: -1 } });
    await expect(store.load()).rejects.toThrow(/version/);
  });
});
