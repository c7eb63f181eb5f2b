// Benchmark: what a simulated gateway's agent spends, in one process, on the pure steps of
// taking a new desired state: decoding the message, admitting its target, saving its state.
// Each step is timed on a document the gateway holds alone (what a real gateway pays) and on
// one shared by every gateway of the process (the simulator's case: validated once, frozen),
// next to JSON.parse / JSON.stringify of the same data in the same run, the floor a step
// that reads or writes the whole document cannot go under.
// Run: node --conditions=@gantry/source --import tsx bench/fleet/gateway-costs.ts [--reps 20000] [--json]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { admitTarget, initialAgentState, type AgentState, type GatewayLimits } from '@gantry/agent-core';
import { desiredToTarget } from '@gantry/agent-core/sync';
import { MemoryStateStore } from '@gantry/firmware-sim';
import { buildTopic, decodeFromTopic, KnownDesiredDocuments, type DesiredState } from '@gantry/protocol';
import { machineFacts, printJson, printTable, ratio } from '../controller/lib/report.js';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '20000' }, json: { type: 'boolean', default: false } }, strict: true });
const reps = Number(values.reps);
if (!Number.isInteger(reps) || reps < 100 || reps > 10_000_000) throw new Error(`--reps takes a whole number from 100 to 10000000, not ${values.reps}`);
const isJson = values.json;

// The message as the controller sends it: one line, the body last.
const fixture: unknown = JSON.parse(readFileSync(new URL(import.meta.resolve('@gantry/protocol/fixtures/desired.json')), 'utf8'));
const payload = Buffer.from(JSON.stringify(fixture));
const deviceId = String(Reflect.get(fixture as object, 'deviceId'));
const topic = buildTopic({ kind: 'desired', deviceId });
const known = new KnownDesiredDocuments();
const limits: GatewayLimits = { allocatable: { memoryBytes: 64 * 2 ** 30, nanoCpus: 64e9 }, policy: {} };

function desiredOf(options: { knownDesired?: KnownDesiredDocuments }): DesiredState {
  const decoded = decodeFromTopic(topic, payload, options);
  if (!decoded.ok) throw new Error(`the desired fixture does not decode: ${decoded.error.message}`);
  if (decoded.value.message.kind !== 'desired') throw new Error('the desired fixture is not a desired message');
  return decoded.value.message.body;
}

function stateOf(desired: DesiredState): AgentState {
  return { ...initialAgentState(), target: { ...desiredToTarget(desired, 120_000), receivedAt: new Date().toISOString() } };
}

const ROUNDS = 6;

/** Microseconds per call: the median of five rounds of `reps` calls, after one round of warm-up; `call` is the call's number. */
function timed(step: (call: number) => unknown): number {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) step(round * reps + i);
    if (round > 0) rounds.push(((performance.now() - start) * 1000) / reps);
  }
  return rounds.sort((a, b) => a - b)[2] ?? Number.NaN;
}

const own = desiredOf({});
const shared = desiredOf({ knownDesired: known });
const ownTarget = desiredToTarget(own, 120_000);
const sharedTarget = desiredToTarget(shared, 120_000);
const store = new MemoryStateStore();
const sharedState = stateOf(shared);
// Built before the clock starts: each save of the new-target step gets a state of its own.
const newTargetStates = Array.from({ length: ROUNDS * reps }, () => stateOf(shared));

interface Step {
  step: string;
  ownUs: number;
  sharedUs: number;
  baseline: string;
  baselineUs: number;
}

const steps: Step[] = [
  {
    step: 'decode the desired message',
    ownUs: timed(() => decodeFromTopic(topic, payload)),
    sharedUs: timed(() => decodeFromTopic(topic, payload, { knownDesired: known })),
    baseline: 'JSON.parse of the payload',
    baselineUs: timed(() => JSON.parse(payload.toString())),
  },
  {
    step: 'admit the target (policy, caps)',
    ownUs: timed(() => admitTarget(ownTarget, limits)),
    sharedUs: timed(() => admitTarget(sharedTarget, limits)),
    baseline: '',
    baselineUs: Number.NaN,
  },
  {
    // As `setTarget` saves: a new state around a new target; the shared document under it
    // was frozen once (a gateway's own document is frozen by its first save, and never read
    // again by a process that holds one gateway).
    step: 'save the agent state with a new target (simulated disk)',
    ownUs: Number.NaN,
    sharedUs: timed((call) => store.save(newTargetStates[call] ?? sharedState)),
    baseline: "JSON.stringify of the state (the agent's state file)",
    baselineUs: timed(() => JSON.stringify(sharedState)),
  },
  {
    // As the judge saves when a release turns healthy: the same target, new records beside it.
    step: 'save the agent state, same target',
    ownUs: Number.NaN,
    sharedUs: timed(() => store.save({ ...sharedState, applying: {} })),
    baseline: 'JSON.stringify of the state',
    baselineUs: timed(() => JSON.stringify(sharedState)),
  },
];

const us = (value: number) => (Number.isNaN(value) ? '—' : `${value.toFixed(1)} µs`);
printTable(
  isJson,
  `One gateway taking a desired state of ${payload.byteLength.toLocaleString('en')} bytes (median of 5 × ${reps.toLocaleString('en')} calls)`,
  ['step', 'document of its own', 'document shared by the process', 'shared ÷ own', 'baseline', 'baseline time'],
  steps.map((s) => [s.step, us(s.ownUs), us(s.sharedUs), Number.isNaN(s.ownUs) ? '—' : ratio(s.sharedUs, s.ownUs), s.baseline || '—', us(s.baselineUs)]),
);
printJson(isJson, { benchmark: 'gateway-costs', machine: await machineFacts(), reps, payloadBytes: payload.byteLength, steps });
