import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiToken } from '../src/auth/api-token.entity.js';
import { CreatedApiTokenSchema, LoginResponseSchema } from '../src/auth/auth.schemas.js';
import { Session } from '../src/auth/session.entity.js';
import { SESSION_TTL_MS } from '../src/auth/sessions.service.js';
import { UsersService } from '../src/auth/users.service.js';
import { testDatabaseEnv } from './test-database.js';
import { logIn, makeDataDir, startController, TEST_ADMIN_PASSWORD, type ApiResponse, type RunningController } from './controller-app.js';

const HOUR_MS = 60 * 60 * 1000;

/** `api()` with one given bearer token instead of the admin's session. */
function withToken(controller: RunningController, token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResponse> {
  return controller.api(path, { ...init, anonymous: true, headers: { authorization: `Bearer ${token}` } });
}

/** Makes an API token as the controller's admin; its id and the token itself. */
async function createApiToken(controller: RunningController, body: unknown): Promise<z.infer<typeof CreatedApiTokenSchema>> {
  return CreatedApiTokenSchema.parse((await controller.api('/api-tokens', { method: 'POST', body })).body);
}

function expectUnauthenticated(response: ApiResponse): void {
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ error: 'unauthenticated', message: expect.stringContaining('POST /api/v1/auth/login') });
}

describe('sessions', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let sut: RunningController;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    sut = await startController(dataDir.path);
  });

  afterAll(async () => {
    await sut?.close();
    await dataDir?.remove();
  });

  const login = (body: unknown) => sut.api('/auth/login', { method: 'POST', body, anonymous: true });

  it('logs in with the right password: a token, its expiry and the user', async () => {
    const before = Date.now();
    const response = await login({ username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      token: expect.stringMatching(/^gts_[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
      user: { id: expect.any(String), username: 'admin', createdAt: expect.any(String), lastLoginAt: expect.any(String) },
    });
    const { expiresAt } = LoginResponseSchema.parse(response.body);
    expect(Date.parse(expiresAt) - before).toBeGreaterThanOrEqual(SESSION_TTL_MS - 1000);
    expect(Date.parse(expiresAt) - before).toBeLessThanOrEqual(SESSION_TTL_MS + 60_000);
  });

  it('sets the token as an HttpOnly, SameSite=Lax session cookie', async () => {
    const response = await login({ username: 'admin', password: TEST_ADMIN_PASSWORD });
    const { token } = LoginResponseSchema.parse(response.body);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`gantry_session=${token};`);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//);
  });

  it('answers /auth/me for a bearer token and for the cookie alone', async () => {
    const token = await logIn(sut, 'admin', TEST_ADMIN_PASSWORD);
    const viaHeader = await withToken(sut, token, '/auth/me');
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body).toMatchObject({ user: { username: 'admin' }, via: 'session', expiresAt: expect.any(String) });
    const viaCookie = await sut.api('/auth/me', { anonymous: true, headers: { cookie: `theme=dark; gantry_session=${token}` } });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body).toMatchObject({ user: { username: 'admin' }, via: 'session' });
  });

  it('ends the session on logout, for the header and the cookie', async () => {
    const token = await logIn(sut, 'admin', TEST_ADMIN_PASSWORD);
    const logout = await withToken(sut, token, '/auth/logout', { method: 'POST' });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/^gantry_session=;.*Expires=Thu, 01 Jan 1970/);
    expectUnauthenticated(await withToken(sut, token, '/auth/me'));
    expectUnauthenticated(await sut.api('/auth/me', { anonymous: true, headers: { cookie: `gantry_session=${token}` } }));
    // Other sessions of the same user live on.
    expect((await sut.api('/auth/me')).status).toBe(200);
  });

  it('refuses a wrong password and an unknown user alike, and counts the failures', async () => {
    const countFailures = async () => {
      const metrics = await (await fetch(new URL('/metrics', sut.baseUrl))).text();
      return Number(/^gantry_auth_login_failures_total (\d+)/m.exec(metrics)?.[1]);
    };
    const failuresBefore = await countFailures();
    const wrongPassword = await login({ username: 'admin', password: 'not-the-password' });
    const unknownUser = await login({ username: 'nobody', password: TEST_ADMIN_PASSWORD });
    expect(wrongPassword).toMatchObject({ status: 401, body: { error: 'invalid-credentials', message: 'wrong username or password' } });
    expect(unknownUser.status).toBe(wrongPassword.status);
    expect(unknownUser.body).toEqual(wrongPassword.body);
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
    expect(await countFailures()).toBe(failuresBefore + 2);
  });

  it.each([
    ['a missing password', { username: 'admin' }, ['password']],
    ['an empty username', { username: '', password: 'x' }, ['username']],
    ['a number for a name', { username: 7, password: 'x' }, ['username']],
    ['an unknown field', { username: 'admin', password: 'x', remember: true }, ['']],
  ])('answers 400 naming the field for %s', async (_label, body, paths) => {
    const response = await login(body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid-request' });
    expect(z.object({ issues: z.array(z.object({ path: z.string() })) }).parse(response.body).issues.map((issue) => issue.path)).toEqual(paths);
  });

  it('refuses a session past its expiry', async () => {
    const token = await logIn(sut, 'admin', TEST_ADMIN_PASSWORD);
    expect((await withToken(sut, token, '/auth/me')).status).toBe(200);
    const sessions = sut.app.get(DataSource).getRepository(Session);
    const [newest] = await sessions.find({ order: { createdAt: 'DESC' }, take: 1 });
    expect(newest).toBeDefined();
    await sessions.update({ id: newest?.id ?? '' }, { expiresAt: new Date(Date.now() - 1000) });
    expectUnauthenticated(await withToken(sut, token, '/auth/me'));
  });

  it('documents its routes, with login needing no credentials', async () => {
    const document = z
      .object({ paths: z.record(z.string(), z.record(z.string(), z.looseObject({ tags: z.array(z.string()), security: z.array(z.unknown()).optional() }))) })
      .parse(await (await fetch(new URL('/api/docs/openapi.json', sut.baseUrl))).json());
    const operations = ['post /api/v1/auth/login', 'post /api/v1/auth/logout', 'get /api/v1/auth/me', 'post /api/v1/api-tokens', 'get /api/v1/api-tokens', 'delete /api/v1/api-tokens/{id}'];
    for (const name of operations) {
      const [method = '', path = ''] = name.split(' ');
      expect({ name, tags: document.paths[path]?.[method]?.tags }).toEqual({ name, tags: ['auth'] });
    }
    expect(document.paths['/api/v1/auth/login']?.['post']?.security).toEqual([]);
    expect(document.paths['/api/v1/auth/me']?.['get']?.security).toBeUndefined();
  });

  it('refuses a malformed Authorization header even with a valid cookie', async () => {
    const token = await logIn(sut, 'admin', TEST_ADMIN_PASSWORD);
    const response = await sut.api('/auth/me', { anonymous: true, headers: { authorization: `Basic ${token}`, cookie: `gantry_session=${token}` } });
    expectUnauthenticated(response);
    expect(response.body).toMatchObject({ message: expect.stringContaining('Bearer <token>') });
  });
});

describe('API tokens', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let sut: RunningController;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    sut = await startController(dataDir.path);
  });

  afterAll(async () => {
    await sut?.close();
    await dataDir?.remove();
  });

  it('makes a token, shows it once, lists it without the secret, and refuses it once revoked', async () => {
    const created = await sut.api('/api-tokens', { method: 'POST', body: { name: 'ci-deploy', expiresInDays: 30 } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'ci-deploy',
      token: expect.stringMatching(/^gty_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: expect.any(String),
    });
    const { id, token, createdAt, expiresAt } = CreatedApiTokenSchema.parse(created.body);
    if (expiresAt === null) throw new Error('the token was made without its expiry');
    expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBe(30 * 24 * HOUR_MS);

    const me = await withToken(sut, token, '/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { username: 'admin' }, via: 'api-token', expiresAt });

    const listed = await sut.api('/api-tokens');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [{ id, name: 'ci-deploy', createdAt, lastUsedAt: expect.any(String), expiresAt }] });
    const stored = await sut.app.get(DataSource).getRepository(ApiToken).findOneByOrFail({ id });
    expect(JSON.stringify(listed.body)).not.toContain(token.slice(4));
    expect(JSON.stringify(listed.body)).not.toContain(stored.tokenHash);
    expect(stored.tokenHash).not.toContain(token.slice(4));

    expect((await sut.api(`/api-tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expectUnauthenticated(await withToken(sut, token, '/auth/me'));
    expect(await sut.api('/api-tokens')).toMatchObject({ status: 200, body: { items: [] } });
    expect(await sut.api(`/api-tokens/${id}`, { method: 'DELETE' })).toMatchObject({ status: 404, body: { error: 'api-token-not-found' } });
  });

  it('makes tokens that never expire when no expiry is given', async () => {
    const created = await sut.api('/api-tokens', { method: 'POST', body: { name: 'nightly' } });
    expect(created).toMatchObject({ status: 201, body: { name: 'nightly', expiresAt: null } });
    const { token } = CreatedApiTokenSchema.parse(created.body);
    expect(await withToken(sut, token, '/auth/me')).toMatchObject({ status: 200, body: { via: 'api-token', expiresAt: null } });
  });

  it('lets an API token call other routes, but not log out', async () => {
    const { token } = await createApiToken(sut, { name: 'scripts' });
    expect(await withToken(sut, token, '/api-tokens')).toMatchObject({ status: 200 });
    expect(await withToken(sut, token, '/auth/logout', { method: 'POST' })).toMatchObject({ status: 400, body: { error: 'not-a-session' } });
    expect((await withToken(sut, token, '/auth/me')).status).toBe(200);
  });

  it('refuses a token past its expiry', async () => {
    const { id, token } = await createApiToken(sut, { name: 'short', expiresInDays: 1 });
    expect((await withToken(sut, token, '/auth/me')).status).toBe(200);
    await sut.app.get(DataSource).getRepository(ApiToken).update({ id }, { expiresAt: new Date(Date.now() - 1000) });
    expectUnauthenticated(await withToken(sut, token, '/auth/me'));
  });

  it.each([
    ['an empty name', { name: '  ' }, 'name'],
    ['a zero expiry', { name: 'x', expiresInDays: 0 }, 'expiresInDays'],
    ['a fractional expiry', { name: 'x', expiresInDays: 1.5 }, 'expiresInDays'],
  ])('answers 400 naming the field for %s', async (_label, body, path) => {
    const response = await sut.api('/api-tokens', { method: 'POST', body });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid-request', issues: [{ path }] } });
  });

  it('answers 400 for a token id that is not a UUID', async () => {
    expect(await sut.api('/api-tokens/not-a-uuid', { method: 'DELETE' })).toMatchObject({ status: 400, body: { issues: [{ path: 'id' }] } });
  });
});

describe('two replicas on one database', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let first: RunningController;
  let second: RunningController;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    const database = await testDatabaseEnv();
    first = await startController(dataDir.path, database);
    second = await startController(dataDir.path, database);
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await dataDir?.remove();
  });

  it('accepts on one replica what the other issued, and a logout on either ends it on both', async () => {
    expect(first.baseUrl).not.toBe(second.baseUrl);
    const session = first.token ?? '';
    expect((await withToken(second, session, '/auth/me')).status).toBe(200);
    const { token: apiToken } = await createApiToken(first, { name: 'shared' });
    expect((await withToken(second, apiToken, '/auth/me')).status).toBe(200);

    expect((await withToken(second, session, '/auth/logout', { method: 'POST' })).status).toBe(204);
    expectUnauthenticated(await withToken(first, session, '/auth/me'));
  });
});

describe('the bootstrap admin', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  // The same database on every start (on PostgreSQL each start would otherwise get a fresh one).
  let database: Record<string, string>;
  let sut: RunningController | undefined;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    database = await testDatabaseEnv();
  });

  afterEach(async () => {
    await sut?.close();
    sut = undefined;
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await dataDir?.remove();
  });

  /** Starts a controller with no ADMIN_PASSWORD and returns what it wrote about users. */
  async function startWithoutPassword(): Promise<string[]> {
    const write = vi.spyOn(process.stdout, 'write');
    sut = await startController(dataDir.path, { ...database, ADMIN_PASSWORD: '' });
    return write.mock.calls.map(([chunk]) => String(chunk)).filter((line) => line.includes('created user'));
  }

  it('generates a password on first start, prints it once, and it logs in', async () => {
    const lines = await startWithoutPassword();
    expect(lines).toHaveLength(1);
    const match = /^gantry controller: created user "admin" with password (\S+) — store it now, it is not shown again\n$/.exec(lines[0] ?? '');
    expect(match).not.toBeNull();
    const password = match?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(32);
    if (sut === undefined) throw new Error('the controller did not start');
    expect(sut.token).toBeUndefined();
    await expect(logIn(sut, 'admin', password)).resolves.toMatch(/^gts_/);
  });

  it('prints nothing about users on a later start', async () => {
    expect(await startWithoutPassword()).toEqual([]);
  });

  it('lets exactly one of several racing starts create a user', async () => {
    sut = await startController(dataDir.path, { ...database, ADMIN_PASSWORD: '' });
    const users = sut.app.get(UsersService);
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => users.createIfAbsent('racer', 'a-long-enough-password')));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await users.verifyCredentials('racer', 'a-long-enough-password')).not.toBeNull();
  });
});
