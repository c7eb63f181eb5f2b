import * as z from 'zod/mini';
import { DeviceIdSchema, MessageIdSchema } from './ids.js';
import type { MessageKind } from './kinds.js';
import { CommandResultSchema } from './messages/command-results.js';
import { CommandSchema } from './messages/commands.js';
import { TimestampSchema } from './messages/common.js';
import { DesiredStateSchema } from './messages/desired.js';
import { EventBatchSchema } from './messages/events.js';
import { ReportedStateSchema } from './messages/reported.js';
import { StatusSchema } from './messages/status.js';
import { TelemetryBatchSchema } from './messages/telemetry.js';
import { PROTOCOL_VERSION, ProtocolVersionSchema } from './version.js';
import { isoTimestamp } from './timestamp.js';

/*
 * One envelope for every message (DESIGN.md §3). The envelope is forward compatible:
 * zod objects strip fields they do not know, so a reader of 1.0 accepts a 1.3 message
 * and sees the 1.0 part of it. Only the app manifest inside `desired` is strict.
 */

/** The body schema of each kind. */
export const BODY_SCHEMAS = {
  desired: DesiredStateSchema,
  reported: ReportedStateSchema,
  status: StatusSchema,
  events: EventBatchSchema,
  telemetry: TelemetryBatchSchema,
  cmd: CommandSchema,
  'cmd-res': CommandResultSchema,
} as const satisfies { [K in MessageKind]: z.ZodMiniType };

/** The body of a message of kind `K`. */
export type BodyOf<K extends MessageKind> = z.output<(typeof BODY_SCHEMAS)[K]>;

/** The fields every message has, whatever its kind. */
export const EnvelopeHeadSchema = z.object({
  /** Unique per message; for a command, also the request id in its topic. */
  id: MessageIdSchema,
  /** The message this one answers: the command for a result, the desired state for the report that acks it. */
  parentId: z.optional(MessageIdSchema),
  /** When the sender created the message, by the sender's clock. */
  ts: TimestampSchema,
  /** The gateway the message is from or for; must match the topic's. */
  deviceId: DeviceIdSchema,
  /** The sender's protocol version, `major.minor`. */
  protocol: ProtocolVersionSchema,
});
/** The fields every message has, whatever its kind. */
export type EnvelopeHead = z.infer<typeof EnvelopeHeadSchema>;

/** The message of kind `K`, e.g. `MessageOf<'desired'>`. */
export type MessageOf<K extends MessageKind> = EnvelopeHead & { kind: K; body: BodyOf<K> };

/** Any message, discriminated on `kind`. */
export type Message = { [K in MessageKind]: MessageOf<K> }[MessageKind];

function envelopeOf<K extends MessageKind>(kind: K) {
  return z.extend(EnvelopeHeadSchema, { kind: z.literal(kind), body: BODY_SCHEMAS[kind] });
}

const desiredMessage = envelopeOf('desired');
const reportedMessage = envelopeOf('reported');
const statusMessage = envelopeOf('status');
const eventsMessage = envelopeOf('events');
const telemetryMessage = envelopeOf('telemetry');
const commandMessage = envelopeOf('cmd');
const commandResultMessage = envelopeOf('cmd-res');

/** Any message, discriminated on `kind`. */
export const MessageSchema = z.discriminatedUnion('kind', [
  desiredMessage,
  reportedMessage,
  statusMessage,
  eventsMessage,
  telemetryMessage,
  commandMessage,
  commandResultMessage,
]);

/** The full message schema of each kind: envelope and body. */
export const MESSAGE_SCHEMAS: { readonly [K in MessageKind]: z.ZodMiniType<MessageOf<K>> } = {
  desired: desiredMessage,
  reported: reportedMessage,
  status: statusMessage,
  events: eventsMessage,
  telemetry: telemetryMessage,
  cmd: commandMessage,
  'cmd-res': commandResultMessage,
};

/** A `desired` message. */
export type DesiredMessage = MessageOf<'desired'>;
/** A `reported` message. */
export type ReportedMessage = MessageOf<'reported'>;
/** A `status` message. */
export type StatusMessage = MessageOf<'status'>;
/** An `events` message. */
export type EventsMessage = MessageOf<'events'>;
/** A `telemetry` message. */
export type TelemetryMessage = MessageOf<'telemetry'>;
/** A `cmd` message. */
export type CommandMessage = MessageOf<'cmd'>;
/** A `cmd-res` message. */
export type CommandResultMessage = MessageOf<'cmd-res'>;

/** Envelope fields a sender chooses; the rest are filled in. */
export interface EnvelopeOptions {
  readonly deviceId: string;
  readonly parentId?: string;
  /** Defaults to a random UUID. For a command, this is the request id of its topic. */
  readonly id?: string;
  /** Defaults to the current time; pass a clock's time to keep tests deterministic. */
  readonly now?: Date;
}

/**
 * Wraps a body in an envelope stamped with this side's {@link PROTOCOL_VERSION}. It does
 * not validate: `encode` does, so a bad message is caught before it is sent.
 */
export function createMessage<K extends MessageKind>(kind: K, body: BodyOf<K>, options: EnvelopeOptions): MessageOf<K> {
  // Written out, not spread: V8 gives `{ ...head, kind, body }` a hidden class of its own
  // nearly every time, and an agent (or thousands in a simulator) makes one per message.
  const { id, ts, deviceId, protocol } = createEnvelope(options);
  const { parentId } = options;
  return parentId === undefined ? { id, ts, deviceId, protocol, kind, body } : { id, parentId, ts, deviceId, protocol, kind, body };
}

/** The envelope alone, as {@link createMessage} stamps it (for `encodeWithBody`). */
export function createEnvelope(options: EnvelopeOptions): EnvelopeHead {
  const id = options.id ?? globalThis.crypto.randomUUID();
  const ts = isoTimestamp(options.now ?? Date.now());
  const { deviceId, parentId } = options;
  return parentId === undefined ? { id, ts, deviceId, protocol: PROTOCOL_VERSION } : { id, parentId, ts, deviceId, protocol: PROTOCOL_VERSION };
}
