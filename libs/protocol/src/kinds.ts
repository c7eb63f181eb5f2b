/**
 * Every kind of message. A kind is also the topic channel it travels on
 * (`gantry/v1/<deviceId>/<kind>[/<requestId>]`), so one word names both.
 */
export const MESSAGE_KINDS = ['desired', 'reported', 'status', 'events', 'telemetry', 'cmd', 'cmd-res'] as const;

/** One of {@link MESSAGE_KINDS}. */
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Kinds whose topic ends in a request id: a command and its result. */
export type RequestKind = Extract<MessageKind, 'cmd' | 'cmd-res'>;

/** Kinds whose topic is just the device prefix and the channel. */
export type DeviceKind = Exclude<MessageKind, RequestKind>;

/** Who publishes a kind: the cloud to a gateway, or a gateway to the cloud. */
export type Direction = 'cloud-to-edge' | 'edge-to-cloud';

/** How a kind is published over MQTT (DESIGN.md §3). */
export interface Delivery {
  readonly direction: Direction;
  readonly qos: 0 | 1;
  /** Retained so a (re)connecting subscriber gets the latest value at once. */
  readonly retain: boolean;
}

/**
 * The publishing rules of each kind. `desired` is retained so a gateway that connects
 * gets its target without asking; `status` is retained and is also the MQTT Will, so the
 * cloud always knows the last liveness; telemetry is QoS 0 because a lost sample is
 * replaced by the next one.
 */
export const DELIVERY: { readonly [K in MessageKind]: Delivery } = {
  desired: { direction: 'cloud-to-edge', qos: 1, retain: true },
  reported: { direction: 'edge-to-cloud', qos: 1, retain: false },
  status: { direction: 'edge-to-cloud', qos: 1, retain: true },
  events: { direction: 'edge-to-cloud', qos: 1, retain: false },
  telemetry: { direction: 'edge-to-cloud', qos: 0, retain: false },
  cmd: { direction: 'cloud-to-edge', qos: 1, retain: false },
  'cmd-res': { direction: 'edge-to-cloud', qos: 1, retain: false },
};

/** Whether `value` names a message kind (for input read from a topic or a payload). */
export function isMessageKind(value: string): value is MessageKind {
  return (MESSAGE_KINDS as readonly string[]).includes(value);
}

/** Whether a kind's topic carries a request id. */
export function isRequestKind(kind: MessageKind): kind is RequestKind {
  return kind === 'cmd' || kind === 'cmd-res';
}
