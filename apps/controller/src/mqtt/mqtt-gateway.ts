import { parseTopic, type MessageKind } from '@gantry/protocol';

/** How a message leaves the controller. */
export interface PublishOptions {
  qos: 0 | 1;
  retain: boolean;
}

/** Which broker the controller speaks through, for logs, health and the start banner. */
export type BrokerDescription =
  | { mode: 'embedded'; tcpUrl: string; wsPath: string }
  | { mode: 'external'; url: string };

/**
 * The controller's side of MQTT, whichever broker carries it: the embedded aedes broker
 * (default) or an external cluster (`MQTT_URL`). Inbound gateway traffic goes to the
 * `InboundRouter`; this is the outbound half and the session controls.
 */
export abstract class MqttGateway {
  /** Publishes to a gateway topic; resolves once the broker has it (QoS 1: acknowledged). */
  abstract publish(topic: string, payload: Buffer, options: PublishOptions): Promise<void>;

  /** Ends a gateway's session now (revocation); its credentials are refused from then on. */
  abstract disconnect(deviceId: string): Promise<void>;

  /** Whether the broker is up and (external mode) the controller's session is connected. */
  abstract isReady(): boolean;

  abstract describe(): BrokerDescription;
}

/**
 * The kind a controller publish is counted under. Throws for a topic that is not a Gantry
 * topic: publishing anywhere else is a programming error, and failing loudly beats it.
 */
export function outboundKind(topic: string): MessageKind {
  const address = parseTopic(topic);
  if (!address.ok) throw new RangeError(`refusing to publish to a topic that is not a Gantry topic: ${address.error.message}`);
  return address.value.kind;
}
