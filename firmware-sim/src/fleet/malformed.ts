import { buildTopic, createMessage } from '@gantry/protocol';

/** The kinds of broken message a gateway can be made to send. */
export const MALFORMED_KINDS = ['not-json', 'wrong-schema', 'foreign-device', 'unknown-version'] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/**
 * A broken message on one of the gateway's own topics: what a buggy or hostile agent
 * might send. The controller must drop and count each one without changing anything;
 * each is harmless if it were wrongly accepted (an `online` status at most).
 */
export function malformedMessage(deviceId: string, kind: MalformedKind, now: Date, identity: { agentVersion: string; bootId: string }): { topic: string; payload: string } {
  const status = createMessage('status', { state: 'online', agentVersion: identity.agentVersion, bootId: identity.bootId }, { deviceId, now });
  switch (kind) {
    case 'not-json':
      return { topic: buildTopic({ kind: 'reported', deviceId }), payload: '{"protocol":"1.0", this is not json' };
    case 'wrong-schema':
      return { topic: buildTopic({ kind: 'reported', deviceId }), payload: JSON.stringify({ ...status, kind: 'reported', body: { ackedVersion: 'many' } }) };
    case 'foreign-device':
      return { topic: buildTopic({ kind: 'status', deviceId }), payload: JSON.stringify({ ...status, deviceId: `${deviceId}-not-me` }) };
    case 'unknown-version':
      return { topic: buildTopic({ kind: 'status', deviceId }), payload: JSON.stringify({ ...status, protocol: '99.0' }) };
  }
}
