import { chmod, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ContainerRuntime, Supervisor } from '@gantry/agent-core';
import type { CapsMonitor } from '../caps/caps-monitor.js';
import type { Capacity } from '../capacity/capacity.js';
import type { AgentConfig } from '../config/config.js';
import type { DaemonBus } from '../daemon/bus.js';
import { handleApply } from './apply-handler.js';
import { ApplyRequestSchema, RollbackRequestSchema, type CloudStatus, type PsResponse, type StatusResponse } from './contract.js';
import { ControlError, readBody, sendJson, startNdjson } from './http.js';
import { psRows } from './ps.js';
import { isoTimestamp } from '@gantry/protocol/timestamp';

/** What the control API answers from. */
export interface ControlContext {
  supervisor: Supervisor;
  runtime: ContainerRuntime;
  monitor: CapsMonitor;
  bus: DaemonBus;
  config: AgentConfig;
  capacity: Capacity;
  docker: { version: string; cgroup: string };
  agentVersion: string;
  /** The cloud connection; absent in local mode. */
  cloud?: () => Promise<CloudStatus>;
}

/** Serves the control API on a unix socket only root can reach; resolves once listening. */
export async function startControlServer(socketPath: string, ctx: ControlContext): Promise<Server> {
  await rm(socketPath, { force: true });
  const server = createServer((request, response) => {
    route(request, response, ctx).catch((error: unknown) => {
      const known = error instanceof ControlError ? error : new ControlError(500, 'internal', error instanceof Error ? error.message : String(error));
      if (response.headersSent) response.end();
      else sendJson(response, known.status, { error: known.code, message: known.message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  await chmod(socketPath, 0o600);
  return server;
}

async function route(request: IncomingMessage, response: ServerResponse, ctx: ControlContext): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://agent');
  const key = `${request.method ?? 'GET'} ${url.pathname}`;
  switch (key) {
    case 'GET /v1/status':
      return sendJson(response, 200, { ...status(ctx), cloud: ctx.cloud ? await ctx.cloud() : null });
    case 'GET /v1/ps': {
      const body: PsResponse = { services: await psRows(ctx) };
      return sendJson(response, 200, body);
    }
    case 'POST /v1/apply':
      await handleApply(await readBody(request, ApplyRequestSchema), startNdjson(response), ctx);
      response.end();
      return;
    case 'POST /v1/rollback': {
      const { app } = await readBody(request, RollbackRequestSchema);
      return sendJson(response, 200, { rolledBack: await ctx.supervisor.rollback(app) });
    }
    case 'GET /v1/logs':
      return streamLogs(url, request, response, ctx);
    default:
      throw new ControlError(404, 'not-found', `no such endpoint: ${key}`);
  }
}

function status(ctx: ControlContext): StatusResponse {
  const { state, target, health, lastReconcile } = ctx.supervisor.status();
  return {
    agentVersion: ctx.agentVersion,
    dataDir: ctx.config.dataDir,
    docker: ctx.docker,
    target: state.target ? { source: state.target.source, version: state.target.version, hash: state.target.hash, receivedAt: state.target.receivedAt } : null,
    apps: Object.values(target.apps).map((app) => ({
      appId: app.appId,
      name: app.spec.name,
      releaseId: app.releaseId,
      targetReleaseId: state.target?.apps[app.appId]?.releaseId ?? app.releaseId,
      lastGoodReleaseId: state.lastGood[app.appId]?.releaseId ?? null,
      health: health[app.appId] ?? null,
      rolledBack: state.rolledBack[app.appId] ?? null,
      services: Object.keys(app.spec.services).length,
    })),
    capacity: ctx.capacity.capacity,
    allocatable: ctx.capacity.allocatable,
    lastReconcile: lastReconcile
      ? {
          at: lastReconcile.at,
          ...(lastReconcile.outcome ? { steps: lastReconcile.outcome.steps, waiting: lastReconcile.outcome.waiting.map((w) => `${w.appId}/${w.service}: ${w.reason}`) } : {}),
          ...(lastReconcile.error ? { error: lastReconcile.error } : {}),
        }
      : null,
  };
}

async function streamLogs(url: URL, request: IncomingMessage, response: ServerResponse, ctx: ControlContext): Promise<void> {
  const app = url.searchParams.get('app');
  const service = url.searchParams.get('service');
  const tail = Number.parseInt(url.searchParams.get('tail') ?? '100', 10);
  if (!app || !service) throw new ControlError(400, 'invalid-request', 'logs needs app and service');
  const current = await ctx.runtime.readCurrent();
  const container = current.containers.find((c) => c.appId === app && c.service === service && c.state !== 'removing');
  if (!container) throw new ControlError(404, 'no-such-service', `no container for ${app}/${service} on this gateway`);
  const abort = new AbortController();
  request.once('close', () => abort.abort());
  response.once('close', () => abort.abort());
  const write = startNdjson(response);
  try {
    for await (const line of ctx.runtime.logs(container.id, { tail: Number.isFinite(tail) ? tail : 100, follow: url.searchParams.get('follow') === '1', signal: abort.signal })) {
      write({ stream: line.stream, at: line.at === null ? null : isoTimestamp(line.at), text: line.text });
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  }
  response.end();
}
