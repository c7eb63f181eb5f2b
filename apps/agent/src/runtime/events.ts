// The Engine API's event stream, narrowed to managed containers and to the events the
// agent reacts to, as RuntimeEvents.
import { LABELS, type RuntimeEvent } from '@gantry/agent-core';
import { HealthSchema } from '@gantry/protocol/messages/common';
import type Docker from 'dockerode';
import * as z from 'zod/mini';
import { jsonLines, onAbort, destroyStream } from './json-lines.js';
import type { Ownership } from './labels.js';

/** Docker event actions that become {@link RuntimeEvent}s (health_status matches `health_status: <state>`). */
const ACTIONS = ['start', 'die', 'oom', 'health_status', 'destroy', 'update'] as const;

/** One line of Docker's event stream (the fields the agent reads). */
export const DockerEventSchema = z.looseObject({
  Type: z.optional(z.string()),
  Action: z.string(),
  Actor: z.looseObject({ ID: z.string(), Attributes: z.nullish(z.record(z.string(), z.string())) }),
  time: z.optional(z.number()),
  timeNano: z.optional(z.number()),
});

/** One line of Docker's event stream. */
export type DockerEvent = z.infer<typeof DockerEventSchema>;

/** The runtime event for a Docker event, or null for one the agent does not follow. */
export function toRuntimeEvent(event: DockerEvent): RuntimeEvent | null {
  if (event.Type !== undefined && event.Type !== 'container') return null;
  // Docker copies a container's labels into its events' attributes.
  const attributes = event.Actor.Attributes ?? {};
  const appId = attributes[LABELS.app];
  const service = attributes[LABELS.service];
  if (appId === undefined || service === undefined) return null;
  const at = event.timeNano !== undefined ? new Date(Math.floor(event.timeNano / 1e6)) : new Date((event.time ?? 0) * 1000);
  const base = { containerId: event.Actor.ID, appId, service, at };
  // Older engines put the state in the action (`health_status: healthy`), newer ones also in attributes.
  const [action = '', detail = ''] = event.Action.split(':', 2).map((part) => part.trim());
  switch (action) {
    case 'start':
    case 'oom':
    case 'destroy':
    case 'update':
      return { type: action, ...base };
    case 'die': {
      const exitCode = Number(attributes['exitCode']);
      return Number.isInteger(exitCode) ? { type: 'die', ...base, exitCode } : { type: 'die', ...base };
    }
    case 'health_status': {
      const health = HealthSchema.safeParse(detail || attributes['health_status']);
      return health.success ? { type: 'health', ...base, health: health.data } : null;
    }
    default:
      return null;
  }
}

/**
 * Follows managed containers' events until `signal` aborts, then resolves. Subscribes from
 * the moment it is called (`since`), so an event between the call and the stream being
 * open is not lost. Rejects if Docker ends the stream itself (the daemon restarted): the
 * caller should read the current state again and watch anew.
 */
export async function watchEvents(docker: Docker, onEvent: (event: RuntimeEvent) => void, signal: AbortSignal, owner: Ownership): Promise<void> {
  if (signal.aborted) return;
  const since = Date.now() / 1000;
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.getEvents({
      since,
      filters: { type: ['container'], event: [...ACTIONS], ...owner.filter() },
      abortSignal: signal,
    });
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
  const unsubscribe = onAbort(signal, () => destroyStream(stream));
  try {
    for await (const line of jsonLines(stream)) {
      const event = toRuntimeEvent(DockerEventSchema.parse(line));
      if (event) onEvent(event);
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  } finally {
    unsubscribe();
  }
  if (signal.aborted) return;
  throw new Error("Docker's event stream ended (did dockerd restart?); read the current state again and watch anew");
}
