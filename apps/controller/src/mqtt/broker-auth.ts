import { timingSafeEqual } from 'node:crypto';
import { isValidDeviceId, mayDevicePublish, mayDeviceSubscribe } from '@gantry/protocol';

/** MQTT username of the controller's own identity; never a gateway. */
export const SERVICE_USERNAME = 'gantry-controller';

/** Who holds an MQTT session with the embedded broker. */
export type BrokerIdentity = { readonly kind: 'service' } | { readonly kind: 'gateway'; readonly deviceId: string };

/** CONNACK return codes of MQTT 3.1.1 (§3.2.2.3) the broker refuses with. */
export const ConnectRefusal = {
  identifierRejected: 2,
  serverUnavailable: 3,
  badUsernameOrPassword: 4,
  notAuthorized: 5,
} as const;
export type ConnectRefusalCode = (typeof ConnectRefusal)[keyof typeof ConnectRefusal];

/** What a CONNECT asks for, before any database lookup. */
export type ConnectClaim =
  | { readonly kind: 'service'; readonly password: string }
  | { readonly kind: 'gateway'; readonly deviceId: string; readonly secret: string }
  | { readonly kind: 'refused'; readonly code: ConnectRefusalCode; readonly reason: string };

/**
 * Reads a CONNECT's credentials. A gateway's client id must be its username (its device
 * id), so each gateway has exactly one session and cannot take over another's.
 */
export function claimOf(clientId: string, username: string | undefined, password: Buffer | undefined): ConnectClaim {
  if (username === undefined || username === '' || password === undefined || password.length === 0) {
    return { kind: 'refused', code: ConnectRefusal.badUsernameOrPassword, reason: 'no username or password' };
  }
  const secret = password.toString('utf8');
  if (username === SERVICE_USERNAME) return { kind: 'service', password: secret };
  if (!isValidDeviceId(username)) {
    return { kind: 'refused', code: ConnectRefusal.badUsernameOrPassword, reason: 'username is not a device id' };
  }
  if (clientId !== username) {
    return { kind: 'refused', code: ConnectRefusal.identifierRejected, reason: `client id must be the device id "${username}"` };
  }
  return { kind: 'gateway', deviceId: username, secret };
}

/** Constant-time comparison of the service password (lengths are not secret). */
export function isServicePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `identity` may publish to `topic`: gateways only their own edge-to-cloud topics. */
export function mayPublish(identity: BrokerIdentity, topic: string): boolean {
  return identity.kind === 'service' || mayDevicePublish(topic, identity.deviceId);
}

/** Whether `identity` may subscribe to `filter`: gateways only under their own prefix, no wildcards above it. */
export function maySubscribe(identity: BrokerIdentity, filter: string): boolean {
  return identity.kind === 'service' || mayDeviceSubscribe(filter, identity.deviceId);
}
