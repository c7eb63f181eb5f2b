import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeDataDir, startController, type RunningController } from './controller-app.js';

/**
 * Every route open to anonymous callers, as `METHOD path` exactly as Express registered it.
 * Adding a line here is a security decision: the route is reachable by anyone on the network.
 */
const PUBLIC_ROUTES = new Set([
  'POST /api/v1/auth/login',
  // Gateways enroll with their own one-time token, before they have any other credential.
  'POST /api/v1/enroll',
  // Probes and scrapers that carry no credentials.
  'GET /healthz',
  'GET /healthz/live',
  'GET /metrics',
  // The API's own description, and the Swagger UI that renders it.
  'GET /api/docs',
  'GET /api/docs/',
  'GET /api/docs/index.html',
  'GET /api/docs/LICENSE',
  'GET /api/docs/swagger-ui-init.js',
  'GET /api/docs/docs/swagger-ui-init.js',
  'GET /api/docs/openapi.json',
  'GET /api/docs-yaml',
]);

/**
 * Middleware (layers without a route) cannot be enumerated by path; these are the known ones:
 * Nest's hooks and body parsers, its not-found and error routers, Swagger UI's static assets.
 * Any other middleware must be looked at and named here.
 */
const KNOWN_MIDDLEWARE = new Set(['<anonymous>', 'jsonParser', 'urlencodedParser', 'serveStatic', 'router']);

// Express's internal router, read as far as this test needs it (Express ships no types here).
const LayerSchema = z.looseObject({
  name: z.string(),
  route: z.looseObject({ path: z.string(), methods: z.record(z.string(), z.boolean()) }).optional(),
  handle: z.unknown(),
});

/** The live layer stack (not a copy) of an Express app's router or of a Router: functions carrying a `stack`. */
function stackOf(router: unknown): unknown[] | undefined {
  if (typeof router !== 'function' || !('stack' in router)) return undefined;
  return Array.isArray(router.stack) ? router.stack : undefined;
}

interface Route {
  method: string;
  path: string;
}

function expressStack(controller: RunningController): unknown[] {
  const express: unknown = controller.app.getHttpAdapter().getInstance();
  const stack = typeof express === 'function' && 'router' in express ? stackOf(express.router) : undefined;
  if (stack === undefined) throw new Error('the HTTP adapter is not Express 5 (no app.router.stack): teach this test to read its routes');
  return stack;
}

/** Every (method, path) the Express router answers, and the problems that keep a route from being checked. */
function enumerateRoutes(stack: unknown[]): { routes: Route[]; problems: string[] } {
  const routes: Route[] = [];
  const problems: string[] = [];
  for (const layer of z.array(LayerSchema).parse(stack)) {
    if (layer.route !== undefined) {
      // CONNECT never reaches Express: Node's HTTP server hands it to 'connect' listeners as a tunnel.
      const methods = Object.keys(layer.route.methods).filter((method) => method !== '_all' && method !== 'connect');
      routes.push(...methods.map((method) => ({ method: method.toUpperCase(), path: layer.route?.path ?? '' })));
      continue;
    }
    if (!KNOWN_MIDDLEWARE.has(layer.name)) problems.push(`unknown middleware "${layer.name}"`);
    const nested = stackOf(layer.handle);
    if (nested !== undefined) {
      // A mounted router hides its mount path, so its routes could not be called here; Nest
      // mounts only its catch-all not-found router (`*path`) and its error handler this way.
      const hidden = z.array(LayerSchema).parse(nested).filter((inner) => inner.route !== undefined && inner.route.path !== '*path');
      problems.push(...hidden.map((inner) => `route ${inner.route?.path ?? ''} is mounted in a sub-router; register it on the app so it can be checked`));
    }
  }
  return { routes, problems };
}

/** A concrete URL path for an Express 5 path pattern: parameters and wildcards filled, optional groups kept. */
function concretePath(pattern: string): string {
  return pattern.replace(/[{}]/g, '').replace(/[:*](\w+|"[^"]*")/g, 'x');
}

interface Answer {
  status: number;
  body: string;
}

/** One request with any HTTP method (fetch refuses some, such as TRACE). */
function send(baseUrl: string, route: Route, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(concretePath(route.path), baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: route.method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * Whether the answer shows the route refused the caller: 401 `unauthenticated`, or Nest's
 * own 404 for a method no handler takes (its catch-all routes are registered for every method).
 */
function isRefusal(route: Route, answer: Answer): boolean {
  if (answer.status === 401) return route.method === 'HEAD' || /"error":"unauthenticated"/.test(answer.body);
  const notFound = `Cannot ${route.method} ${concretePath(route.path)}`;
  return answer.status === 404 && (route.method === 'HEAD' || answer.body.includes(JSON.stringify(notFound)));
}

const CREDENTIALS: Record<string, Record<string, string>> = {
  'no credentials': {},
  'an unknown session token': { authorization: 'Bearer gts_not-a-session' },
  'an unknown API token': { authorization: 'Bearer gty_not-a-token' },
  'a session cookie nobody issued': { cookie: 'gantry_session=gts_not-a-session' },
};

/** Whether anyone may call the route; Express answers HEAD with the GET handler, so a public GET makes HEAD public too. */
function isPublic({ method, path }: Route): boolean {
  return PUBLIC_ROUTES.has(`${method} ${path}`) || (method === 'HEAD' && PUBLIC_ROUTES.has(`GET ${path}`));
}

/** Every registered route outside the allow-list that answers a caller without valid credentials. */
async function findUnguardedRoutes(controller: RunningController, routes: Route[]): Promise<string[]> {
  const origin = new URL(controller.baseUrl).origin;
  const unguarded: string[] = [];
  for (const route of routes.filter((route) => !isPublic(route))) {
    for (const [label, headers] of Object.entries(CREDENTIALS)) {
      const answer = await send(origin, route, headers);
      if (!isRefusal(route, answer)) unguarded.push(`${route.method} ${route.path} answered ${answer.status} with ${label}: ${answer.body.slice(0, 200)}`);
    }
  }
  return unguarded;
}

describe('every route requires credentials unless it is on the public allow-list', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let sut: RunningController;
  let routes: Route[];

  beforeAll(async () => {
    dataDir = await makeDataDir();
    sut = await startController(dataDir.path);
    const found = enumerateRoutes(expressStack(sut));
    expect(found.problems).toEqual([]);
    routes = found.routes;
  });

  afterAll(async () => {
    await sut?.close();
    await dataDir?.remove();
  });

  it('finds the routes the app registers', () => {
    const names = routes.map(({ method, path }) => `${method} ${path}`);
    expect(names).toEqual(expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'DELETE /api/v1/api-tokens/:id', 'GET /metrics', 'GET /api/v1/devices']));
  });

  it('refuses callers without valid credentials on every route not on the allow-list', async () => {
    expect(await findUnguardedRoutes(sut, routes)).toEqual([]);
  });

  it('answers anonymous callers on the public routes that exist', async () => {
    const origin = new URL(sut.baseUrl).origin;
    const present = routes.filter(({ method, path }) => PUBLIC_ROUTES.has(`${method} ${path}`));
    expect(present.map(({ method, path }) => `${method} ${path}`)).toEqual(expect.arrayContaining(['POST /api/v1/auth/login', 'GET /metrics', 'GET /api/docs/openapi.json']));
    for (const route of present) expect({ route, status: (await send(origin, route, {})).status }).not.toMatchObject({ status: 401 });
  });

  it('tells an anonymous caller how to log in', async () => {
    const answer = await sut.api('/devices', { anonymous: true });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'unauthenticated', message: expect.stringContaining('POST /api/v1/auth/login') });
  });

  it('would catch a route added without auth', async () => {
    const stack = expressStack(sut);
    const express = sut.app.getHttpAdapter();
    express.get('/api/v1/open-by-mistake', (_request: unknown, response: { json(body: unknown): void }) => response.json({ secret: true }));
    // Ahead of Nest's catch-all not-found router, where a route added at start-up would sit.
    const added = stack.pop();
    if (added !== undefined) stack.unshift(added);
    const routes = enumerateRoutes(stack).routes;
    expect(routes).toContainEqual({ method: 'GET', path: '/api/v1/open-by-mistake' });
    expect(await findUnguardedRoutes(sut, routes)).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/api\/v1\/open-by-mistake answered 200/)]));
  });
});
