import type { ManagedContainer } from '@gantry/agent-core';
import { CommandError, type CommandHandlers, type GatewayDiagnostics } from '@gantry/agent-core/sync';
import type { LogLine, ServiceRef } from '@gantry/protocol';
import type { SimRuntime } from '../runtime/sim-runtime.js';

/** What the simulated gateway's command handlers read besides the runtime. */
export interface SimCommandContext {
  deviceId: string;
  agentVersion: string;
  runtime: SimRuntime;
  /** The gateway's clock, milliseconds since the epoch. */
  now: () => number;
  /** When the current agent process started, on the same clock. */
  bootedAtMs: () => number;
}

// How long a restart waits for the process to exit before it is killed, as `docker restart` does.
const RESTART_STOP_TIMEOUT_MS = 10_000;

/** The commands of one simulated gateway (logs, restart, diagnostics), answered by its simulated engine. */
export function simCommandHandlers(context: SimCommandContext): CommandHandlers {
  const { runtime } = context;
  const containerOf = async (ref: ServiceRef): Promise<ManagedContainer> => {
    // Newest first, as `docker ps -a` lists them: the container the service runs now.
    const container = (await runtime.readCurrent()).containers.find((c) => c.appId === ref.app && c.service === ref.service);
    if (!container) throw new CommandError('unknown-service', `gateway ${context.deviceId} runs no service ${ref.service} of app ${ref.app}`);
    return container;
  };
  return {
    async logs({ app, service, tail, since }, signal) {
      const container = await containerOf({ app, service });
      const sinceMs = since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(since);
      const lines: LogLine[] = [];
      let isTruncated = false;
      for await (const line of runtime.logs(container.id, { tail: tail + 1, signal })) {
        const atMs = line.at?.getTime() ?? context.now();
        if (atMs < sinceMs) continue;
        lines.push({ ts: new Date(atMs).toISOString(), stream: line.stream, text: line.text });
      }
      // One line more than asked for was read: if it came, there is more than the tail.
      if (lines.length > tail) {
        lines.splice(0, lines.length - tail);
        isTruncated = true;
      }
      return { lines, isTruncated };
    },
    async restart(ref, signal) {
      const container = await containerOf(ref);
      signal.throwIfAborted();
      await runtime.stop(container.id, RESTART_STOP_TIMEOUT_MS);
      signal.throwIfAborted();
      await runtime.start(container.id);
      return { containerId: container.id, restartedAt: new Date(context.now()).toISOString() };
    },
    async diagnostics(): Promise<GatewayDiagnostics> {
      return {
        agentVersion: context.agentVersion,
        uptimeMs: Math.max(0, Math.round(context.now() - context.bootedAtMs())),
        dockerVersion: 'gantry-sim',
        cgroupVersion: 2,
        checks: [
          { name: 'runtime', isOk: true, detail: 'simulated container engine' },
          { name: 'disk', isOk: true, detail: `${runtime.diskUsedBytes} bytes of images` },
        ],
      };
    },
  };
}
