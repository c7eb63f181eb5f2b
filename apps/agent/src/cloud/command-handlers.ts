import type { ContainerRuntime, ManagedContainer } from '@gantry/agent-core';
import { CommandError, type CommandHandlers, type GatewayDiagnostics, type LogsRequest } from '@gantry/agent-core/sync';
import { isoTimestamp, type LogLine, type ServiceRef } from '@gantry/protocol';
import type { DoctorReport } from '../doctor/index.js';

/** How long a service gets to stop on a `restart` command before Docker kills it. */
const RESTART_STOP_TIMEOUT_MS = 10_000;
/** The protocol's longest log line. */
const MAX_LINE_CHARS = 16_384;

/** What the cloud's commands act on. */
export interface CommandParts {
  runtime: ContainerRuntime;
  /** The doctor's checks on this machine, as `gantry-agent doctor` runs them. */
  doctor: () => Promise<DoctorReport>;
  agentVersion: string;
  dockerVersion: string | null;
  cgroupVersion: 1 | 2;
  startedAtMs: number;
}

/** The cloud's commands on Docker: logs and restart through the runtime, diagnostics from the doctor. */
export function dockerCommandHandlers(parts: CommandParts): CommandHandlers {
  return {
    async logs(request: LogsRequest, signal: AbortSignal) {
      const container = await findService(parts.runtime, request);
      const since = request.since === undefined ? undefined : Date.parse(request.since);
      const lines: LogLine[] = [];
      let isTruncated = false;
      for await (const line of parts.runtime.logs(container.id, { tail: request.tail, signal })) {
        const at = line.at ?? new Date();
        if (since !== undefined && at.getTime() < since) continue;
        const isLong = line.text.length > MAX_LINE_CHARS;
        isTruncated ||= isLong;
        lines.push({ ts: isoTimestamp(at), stream: line.stream, text: isLong ? line.text.slice(0, MAX_LINE_CHARS) : line.text });
      }
      return { lines, isTruncated };
    },

    async restart(ref: ServiceRef, signal: AbortSignal) {
      const container = await findService(parts.runtime, ref);
      await parts.runtime.stop(container.id, RESTART_STOP_TIMEOUT_MS);
      signal.throwIfAborted();
      await parts.runtime.start(container.id);
      return { containerId: container.id, restartedAt: isoTimestamp() };
    },

    async diagnostics(): Promise<GatewayDiagnostics> {
      const report = await parts.doctor();
      return {
        agentVersion: parts.agentVersion,
        uptimeMs: Math.max(0, Math.round(Date.now() - parts.startedAtMs)),
        dockerVersion: parts.dockerVersion,
        cgroupVersion: parts.cgroupVersion,
        checks: report.checks.slice(0, 64).map((check) => {
          const detail = check.advice === null ? check.found : `${check.found}; ${check.advice}`;
          return { name: check.name, isOk: check.status !== 'fail', detail: detail.slice(0, 2048) };
        }),
      };
    },
  };
}

async function findService(runtime: ContainerRuntime, ref: ServiceRef): Promise<ManagedContainer> {
  const current = await runtime.readCurrent();
  const container = current.containers.find((c) => c.appId === ref.app && c.service === ref.service && c.state !== 'removing');
  if (!container) throw new CommandError('unknown-service', `no container for ${ref.app}/${ref.service} on this gateway`);
  return container;
}
