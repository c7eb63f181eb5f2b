// The simulated gateways of one run, spread over worker processes (sim-worker.ts), gateways
// dealt round-robin, so the load generator holds none of its sessions in the controller's process.
// The workers run firmware-sim as built (`dist/`), as `gantry-sim` does.
import { join } from 'node:path';
import type { GatewayCredentials } from '../../controller/lib/enrollment.js';
import { SERVER_NODE_FLAGS, startNode, tsxArgs, type NodeProcess } from '../../controller/lib/node-process.js';
import type { SimAnswer, SimCounts, SimRequest } from './sim-messages.js';

const WORKER = join(import.meta.dirname, 'sim-worker.ts');

/** Requests without their id (each call gets one). */
type Ask = SimRequest extends infer R ? (R extends SimRequest ? Omit<R, 'id'> : never) : never;
type EnrollAsk = Omit<Extract<SimRequest, { type: 'enroll' }>, 'id' | 'type' | 'indices'>;
type AdoptAsk = Omit<Extract<SimRequest, { type: 'adopt' }>, 'id' | 'type' | 'gateways'>;

/** The worker processes of one simulated fleet. */
export interface SimFleet {
  readonly pids: number[];
  /** Enrolls gateways `first … first + count - 1` through the controller's API, dealt over the workers. */
  enroll(first: number, count: number, request: EnrollAsk): Promise<GatewayCredentials[]>;
  /** Takes gateways enrolled before onto `request.brokerUrl`, dealt over the workers as `enroll` deals them. */
  adopt(gateways: readonly GatewayCredentials[], request: AdoptAsk): Promise<void>;
  /** Starts every gateway's agent; sessions connect in the background. */
  start(): Promise<void>;
  /** The workers' counts added up. */
  counts(): Promise<SimCounts>;
  /** Stops every gateway (each says offline) and ends the workers. */
  dispose(): Promise<void>;
}

export function startSimFleet(workers: number): SimFleet {
  const procs: NodeProcess[] = [];
  const pending = new Map<number, { resolve(answer: SimAnswer): void; reject(error: Error): void }>();
  let nextId = 1;
  for (let i = 0; i < workers; i++) {
    const proc = startNode(tsxArgs(WORKER, [], { onBuiltLibraries: true }), { ipc: true, keepChars: 20_000, nodeFlags: SERVER_NODE_FLAGS });
    proc.child.on('message', (answer: SimAnswer) => {
      const waiter = pending.get(answer.id);
      pending.delete(answer.id);
      if (answer.type === 'error') waiter?.reject(new Error(`firmware-sim worker ${proc.pid}: ${answer.message}`));
      else waiter?.resolve(answer);
    });
    proc.child.once('exit', (code, signal) => {
      for (const [id, waiter] of pending) {
        waiter.reject(new Error(`firmware-sim worker ${proc.pid} exited (${code ?? signal}):\n${proc.output().slice(-2000)}`));
        pending.delete(id);
      }
    });
    procs.push(proc);
  }
  const ask = (proc: NodeProcess, request: Ask): Promise<SimAnswer> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (proc.hasExited()) {
        reject(new Error(`firmware-sim worker ${proc.pid} has exited:\n${proc.output().slice(-2000)}`));
        return;
      }
      pending.set(id, { resolve, reject });
      proc.child.send({ ...request, id });
    });
  };
  const askAll = (request: Ask) => Promise.all(procs.map((proc) => ask(proc, request)));

  return {
    pids: procs.map((p) => p.pid),
    async enroll(first, count, request) {
      const answers = await Promise.all(
        procs.map((proc, w) => {
          const indices = Array.from({ length: count }, (_, i) => first + i).filter((_, i) => i % procs.length === w);
          return ask(proc, { ...request, type: 'enroll', indices });
        }),
      );
      return answers.flatMap((answer) => {
        if (answer.type !== 'enrolled') throw new Error(`unexpected answer ${answer.type} to enroll`);
        return answer.gateways;
      });
    },
    async adopt(gateways, request) {
      await Promise.all(
        procs.map(async (proc, w) => {
          const answer = await ask(proc, { ...request, type: 'adopt', gateways: gateways.filter((_, i) => i % procs.length === w) });
          if (answer.type !== 'adopted') throw new Error(`unexpected answer ${answer.type} to adopt`);
        }),
      );
    },
    async start() {
      await askAll({ type: 'start' });
    },
    async counts() {
      const total: SimCounts = { gateways: 0, connected: 0, converged: 0, failing: 0, applying: 0, releases: {}, connectFailures: 0, connectionsLost: 0, reportsSent: 0, rssBytes: 0 };
      for (const answer of await askAll({ type: 'summary' })) {
        if (answer.type !== 'summary') throw new Error(`unexpected answer ${answer.type} to summary`);
        const c = answer.counts;
        total.gateways += c.gateways;
        total.connected += c.connected;
        total.converged += c.converged;
        total.failing += c.failing;
        total.applying += c.applying;
        for (const [release, n] of Object.entries(c.releases)) total.releases[release] = (total.releases[release] ?? 0) + n;
        total.connectFailures += c.connectFailures;
        total.connectionsLost += c.connectionsLost;
        total.reportsSent += c.reportsSent;
        total.rssBytes += c.rssBytes;
      }
      return total;
    },
    async dispose() {
      await Promise.all(
        procs.map(async (proc) => {
          if (!proc.hasExited()) {
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([ask(proc, { type: 'stop' }).catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 60_000)))]);
            clearTimeout(timer);
          }
          await proc.stop(5_000);
        }),
      );
    },
  };
}
