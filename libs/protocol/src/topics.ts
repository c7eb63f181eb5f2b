import { DEVICE_ID_PATTERN, REQUEST_ID_PATTERN, SHARE_GROUP_PATTERN } from './ids.js';
import {
  DELIVERY,
  MESSAGE_KINDS,
  isMessageKind,
  isRequestKind,
  type DeviceKind,
  type MessageKind,
  type RequestKind,
} from './kinds.js';
import { err, ok, type Result } from './result.js';
import { PROTOCOL_MAJOR } from './version.js';

/*
 * The one place that knows the shape of a topic. Everything else builds and reads
 * topics through these functions, so no address is ever packed into a string by hand
 * and split apart again somewhere else.
 *
 *   gantry/v1/<deviceId>/desired|reported|status|events|telemetry
 *   gantry/v1/<deviceId>/cmd/<requestId>
 *   gantry/v1/<deviceId>/cmd-res/<requestId>
 */

/** First level of every Gantry topic. */
export const TOPIC_ROOT = 'gantry';

/** Prefix of every topic of this protocol major, `gantry/v1`; a new major gets new topics. */
export const TOPIC_PREFIX = `${TOPIC_ROOT}/v${PROTOCOL_MAJOR}`;

// Longest topic we ever build is well under this; anything longer is rejected before splitting.
const MAX_TOPIC_LENGTH = 256;

/** Where a message travels: its kind, its gateway and, for commands, its request id. */
export type TopicAddress =
  | { readonly kind: DeviceKind; readonly deviceId: string }
  | { readonly kind: RequestKind; readonly deviceId: string; readonly requestId: string };

/** Why a topic is not a Gantry topic this side can route. */
export type TopicErrorCode =
  | 'malformed'
  | 'not-gantry'
  | 'unsupported-version'
  | 'invalid-device-id'
  | 'unknown-kind'
  | 'invalid-request-id';

/** A topic that could not be parsed, with a reason fit for a log line. */
export interface TopicError {
  readonly code: TopicErrorCode;
  readonly message: string;
}

/**
 * The topic of a message. Throws a `RangeError` for an invalid id: building a topic
 * from an unchecked id is a programming error, and publishing to the wrong topic is
 * worse than failing loudly.
 */
export function buildTopic(address: TopicAddress): string {
  const base = `${TOPIC_PREFIX}/${requireDeviceId(address.deviceId)}/${address.kind}`;
  if (address.kind === 'cmd' || address.kind === 'cmd-res') return `${base}/${requireRequestId(address.requestId)}`;
  return base;
}

/** Reads a topic back into its address; never throws, whatever the input. */
export function parseTopic(topic: string): Result<TopicAddress, TopicError> {
  if (typeof topic !== 'string' || topic.length === 0 || topic.length > MAX_TOPIC_LENGTH) {
    return err({ code: 'malformed', message: `topic must be 1-${MAX_TOPIC_LENGTH} characters` });
  }
  const [root, version, deviceId, kind, requestId, ...rest] = topic.split('/');
  if (root !== TOPIC_ROOT || version === undefined) {
    return err({ code: 'not-gantry', message: `topic ${quote(topic)} is not under "${TOPIC_ROOT}/"` });
  }
  if (version !== `v${PROTOCOL_MAJOR}`) {
    const message = /^v[0-9]{1,4}$/.test(version)
      ? `topic ${quote(topic)} is for protocol ${version}; this side speaks v${PROTOCOL_MAJOR}`
      : `topic ${quote(topic)} has no protocol version level ("v${PROTOCOL_MAJOR}")`;
    return err({ code: /^v[0-9]{1,4}$/.test(version) ? 'unsupported-version' : 'not-gantry', message });
  }
  if (deviceId === undefined || !DEVICE_ID_PATTERN.test(deviceId)) {
    return err({ code: 'invalid-device-id', message: `topic ${quote(topic)} has an invalid device id` });
  }
  if (kind === undefined || !isMessageKind(kind)) {
    return err({ code: 'unknown-kind', message: `topic ${quote(topic)} has no known channel (${MESSAGE_KINDS.join(', ')})` });
  }
  if (rest.length > 0) {
    return err({ code: 'malformed', message: `topic ${quote(topic)} has extra levels` });
  }
  if (kind === 'cmd' || kind === 'cmd-res') {
    if (requestId === undefined || !REQUEST_ID_PATTERN.test(requestId)) {
      return err({ code: 'invalid-request-id', message: `topic ${quote(topic)} needs a valid request id after "${kind}/"` });
    }
    return ok({ kind, deviceId, requestId });
  }
  if (requestId !== undefined) {
    return err({ code: 'malformed', message: `topic ${quote(topic)} has extra levels` });
  }
  return ok({ kind, deviceId });
}

/**
 * Filter for one kind from every gateway: `gantry/v1/+/reported`, or
 * `gantry/v1/+/cmd-res/+` for kinds that carry a request id.
 */
export function fleetFilter(kind: MessageKind): string {
  return isRequestKind(kind) ? `${TOPIC_PREFIX}/+/${kind}/+` : `${TOPIC_PREFIX}/+/${kind}`;
}

/** Filter for one gateway: all its topics (`gantry/v1/<id>/#`), or one kind of them. */
export function deviceFilter(deviceId: string, kind?: MessageKind): string {
  const prefix = `${TOPIC_PREFIX}/${requireDeviceId(deviceId)}`;
  if (kind === undefined) return `${prefix}/#`;
  return isRequestKind(kind) ? `${prefix}/${kind}/+` : `${prefix}/${kind}`;
}

/**
 * MQTT 5 shared subscription (`$share/<group>/<filter>`): the broker hands each message
 * to one subscriber of the group, so controller replicas split the fleet between them.
 * Retained messages are not delivered on shared subscriptions (MQTT 5 §4.8.2).
 */
export function sharedFilter(group: string, filter: string): string {
  if (!SHARE_GROUP_PATTERN.test(group)) throw new RangeError(`share group ${quote(group)} is not valid`);
  return `$share/${group}/${filter}`;
}

/** What an agent subscribes to: its own desired state and the commands sent to it. */
export function agentSubscriptions(deviceId: string): string[] {
  return MESSAGE_KINDS.filter((kind) => DELIVERY[kind].direction === 'cloud-to-edge').map((kind) =>
    deviceFilter(deviceId, kind),
  );
}

/**
 * What the controller subscribes to: every kind gateways publish, from every gateway;
 * through a shared subscription when a group is given (several replicas).
 */
export function controllerSubscriptions(group?: string): string[] {
  const filters = MESSAGE_KINDS.filter((kind) => DELIVERY[kind].direction === 'edge-to-cloud').map(fleetFilter);
  return group === undefined ? filters : filters.map((filter) => sharedFilter(group, filter));
}

/**
 * Whether a topic or subscription filter lies strictly under `gantry/v1/<deviceId>/`.
 * Wildcards may appear only below the device level, so `gantry/v1/+/...` or
 * `gantry/v1/#` never pass. This is the broker ACL's prefix rule.
 */
export function isUnderDevicePrefix(topicOrFilter: string, deviceId: string): boolean {
  if (typeof topicOrFilter !== 'string' || topicOrFilter.length > MAX_TOPIC_LENGTH) return false;
  if (!DEVICE_ID_PATTERN.test(deviceId)) return false;
  const prefix = `${TOPIC_PREFIX}/${deviceId}/`;
  if (!topicOrFilter.startsWith(prefix)) return false;
  const levels = topicOrFilter.slice(prefix.length).split('/');
  return levels.every((level, index) => {
    if (level === '#') return index === levels.length - 1;
    return level === '+' || /^[A-Za-z0-9._-]+$/.test(level);
  });
}

/**
 * Whether a gateway may publish to `topic`: a well-formed topic of its own, of a kind
 * that flows edge to cloud. A gateway that could publish its own (retained) `desired`
 * would overwrite the controller's target, so prefix ownership alone is not enough.
 */
export function mayDevicePublish(topic: string, deviceId: string): boolean {
  const parsed = parseTopic(topic);
  return parsed.ok && parsed.value.deviceId === deviceId && DELIVERY[parsed.value.kind].direction === 'edge-to-cloud';
}

/** Whether a gateway may subscribe to `filter`: anything under its own prefix, nothing else. */
export function mayDeviceSubscribe(filter: string, deviceId: string): boolean {
  return isUnderDevicePrefix(filter, deviceId);
}

function requireDeviceId(deviceId: string): string {
  if (!DEVICE_ID_PATTERN.test(deviceId)) throw new RangeError(`device id ${quote(deviceId)} is not valid`);
  return deviceId;
}

function requireRequestId(requestId: string): string {
  if (!REQUEST_ID_PATTERN.test(requestId)) throw new RangeError(`request id ${quote(requestId)} is not valid`);
  return requestId;
}

// JSON quoting escapes control characters, so a hostile topic cannot forge log lines.
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
