// A fleet of simulated gateway sessions spread over worker processes (lib/fleet-worker.ts),
// so the broker's process holds only its own side of each connection.
import { join } from 'node:path';
import type { GatewayCredentials } from './enrollment.js';
import type { Arrivals, FleetAnswer, FleetRequest, FleetStats } from './fleet-messages.js';
import { SERVER_NODE_FLAGS, startNode, tsxArgs, type NodeProcess } from './node-process.js';

const WORKER = join(import.meta.dirname, 'fleet-worker.ts');

/** Requests without their id (each call gets one). */
type Ask = FleetRequest extends infer R ? (R extends FleetRequest ? Omit<R, 'id'> : never) : never;

/** The worker processes of one fleet. */
export interface Fleet {
  readonly pids: number[];
  /** Opens every gateway's session, `concurrency` connects in flight per worker. */
  connect(url: string, gateways: readonly GatewayCredentials[], options: { concurrency: number; keepaliveS: number }): Promise<{ ok: number; failed: number; errors: string[]; durationMs: number }>;
  /** The workers' counts added up (errors: the first few of each). */
  stats(): Promise<FleetStats>;
  /** First arrival of a `desired` carrying `releaseId`, on every gateway that got one. */
  arrivals(releaseId: string): Promise<Arrivals>;
  /** Closes every session and ends the workers. */
  dispose(): Promise<void>;
}

/** Starts `workers` worker processes and waits for their IPC channels. */
export function startFleet(workers: number): Fleet {
  const procs: NodeProcess[] = [];
  const pending = new Map<number, { resolve(answer: FleetAnswer): void; reject(error: Error): void }>();
  let nextId = 1;
  for (let i = 0; i < workers; i++) {
    const proc = startNode(tsxArgs(WORKER), { ipc: true, keepChars: 20_000, nodeFlags: SERVER_NODE_FLAGS });
    proc.child.on('message', (answer: FleetAnswer) => {
      const waiter = pending.get(answer.id);
      pending.delete(answer.id);
      if (answer.type === 'error') waiter?.reject(new Error(`fleet worker ${proc.pid}: ${answer.message}`));
      else waiter?.resolve(answer);
    });
    proc.child.once('exit', (code, signal) => {
      for (const [id, waiter] of pending) {
        waiter.reject(new Error(`fleet worker ${proc.pid} exited (${code ?? signal}):\n${proc.output().slice(-2000)}`));
        pending.delete(id);
      }
    });
    procs.push(proc);
  }
  const ask = (proc: NodeProcess, request: Ask): Promise<FleetAnswer> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (proc.hasExited()) {
        pending.delete(id);
        reject(new Error(`fleet worker ${proc.pid} has exited:\n${proc.output().slice(-2000)}`));
        return;
      }
      proc.child.send({ ...request, id });
    });
  };
  const askAll = (request: Ask) => Promise.all(procs.map((proc) => ask(proc, request)));

  return {
    pids: procs.map((p) => p.pid),
    async connect(url, gateways, { concurrency, keepaliveS }) {
      const slices = procs.map((_, w) => gateways.filter((_g, i) => i % procs.length === w));
      const answers = await Promise.all(procs.map((proc, w) => ask(proc, { type: 'connect', url, gateways: slices[w] ?? [], concurrency, keepaliveS })));
      const result = { ok: 0, failed: 0, errors: [] as string[], durationMs: 0 };
      for (const answer of answers) {
        if (answer.type !== 'connected') throw new Error(`unexpected answer ${answer.type} to connect`);
        result.ok += answer.ok;
        result.failed += answer.failed;
        result.errors.push(...answer.errors.slice(0, 5));
        result.durationMs = Math.max(result.durationMs, answer.durationMs);
      }
      return result;
    },
    async stats() {
      const total: FleetStats = { connected: 0, failed: 0, dropped: 0, withDesired: 0, desiredMessages: 0, acks: 0, errors: [], rssBytes: 0 };
      for (const answer of await askAll({ type: 'stats' })) {
        if (answer.type !== 'stats') throw new Error(`unexpected answer ${answer.type} to stats`);
        const s = answer.stats;
        total.connected += s.connected;
        total.failed += s.failed;
        total.dropped += s.dropped;
        total.withDesired += s.withDesired;
        total.desiredMessages += s.desiredMessages;
        total.acks += s.acks;
        total.errors.push(...s.errors.slice(0, 5));
        total.rssBytes += s.rssBytes;
      }
      return total;
    },
    async arrivals(releaseId) {
      const total: Arrivals = { atMs: [], samplePayload: undefined, sampleDeviceId: undefined };
      for (const answer of await askAll({ type: 'arrivals', releaseId })) {
        if (answer.type !== 'arrivals') throw new Error(`unexpected answer ${answer.type} to arrivals`);
        total.atMs.push(...answer.arrivals.atMs);
        total.samplePayload ??= answer.arrivals.samplePayload;
        total.sampleDeviceId ??= answer.arrivals.sampleDeviceId;
      }
      return total;
    },
    async dispose() {
      await Promise.all(
        procs.map(async (proc) => {
          if (!proc.hasExited()) {
            await Promise.race([ask(proc, { type: 'close' }).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 30_000))]);
          }
          await proc.stop(5_000);
        }),
      );
    },
  };
}
