import { controllerUrl } from '@/lib/server/controller-url';

/*
 * The console's API is the controller's: every /api/* request is passed through to it, so
 * the browser stays on one origin (the session cookie is the controller's own, HttpOnly and
 * SameSite=Lax) and the controller's address is read at request time, not baked into the build.
 */

export const dynamic = 'force-dynamic';

// Hop-by-hop headers, and those fetch() recomputes or that would lie after decompression.
const DROPPED_REQUEST_HEADERS = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'accept-encoding'];
const DROPPED_RESPONSE_HEADERS = ['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length'];

async function pass(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = new URL(incoming.pathname + incoming.search, controllerUrl());
  const headers = new Headers(request.headers);
  for (const name of DROPPED_REQUEST_HEADERS) headers.delete(name);
  headers.set('x-forwarded-host', incoming.host);
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''));
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      signal: request.signal,
      cache: 'no-store',
    });
  } catch (error) {
    const message = `the console could not reach the controller at ${controllerUrl()}: ${(error as Error).message}. Is it running? Set GANTRY_CONTROLLER_URL to its address.`;
    return Response.json({ error: 'controller-unreachable', message }, { status: 502 });
  }
  const responseHeaders = new Headers(upstream.headers);
  for (const name of DROPPED_RESPONSE_HEADERS) responseHeaders.delete(name);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}

export { pass as DELETE, pass as GET, pass as PATCH, pass as POST, pass as PUT };
