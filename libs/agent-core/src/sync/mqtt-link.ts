/*
 * The MQTT connection as the sync engine sees it. The agent implements it with mqtt.js
 * (automatic reconnect off: the session decides when to try again), the simulator with
 * one shared client or an in-process broker. The session never touches a socket.
 */

/** A message the broker publishes for us if the connection dies without a clean goodbye. */
export interface MqttWill {
  readonly topic: string;
  readonly payload: string;
  readonly qos: 0 | 1;
  readonly retain: boolean;
}

/** What one connection attempt presents to the broker. */
export interface MqttConnectOptions {
  /** The device id: the broker allows one session per gateway. */
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
  readonly will: MqttWill;
  readonly keepaliveS: number;
}

/** How one message is published. */
export interface MqttPublishOptions {
  readonly qos: 0 | 1;
  readonly retain: boolean;
}

/** What the link tells the session about the connection it opened. */
export interface MqttLinkHandlers {
  /** A message arrived on a subscribed topic. */
  onMessage(topic: string, payload: Uint8Array | string): void;
  /** The connection opened by `connect` is gone (broker restart, network loss); not called after `end`. */
  onConnectionLost(error?: Error): void;
}

/** One MQTT connection at a time, opened and closed by the sync session. */
export interface MqttLink {
  /**
   * Opens a connection; resolves on the broker's CONNACK and rejects when the broker is
   * unreachable or refuses us. It never reconnects by itself.
   */
  connect(options: MqttConnectOptions, handlers: MqttLinkHandlers): Promise<void>;
  /**
   * Publishes one message. At QoS 1 it resolves on the broker's PUBACK, and rejects if the
   * connection ends first: the message may or may not have arrived, so it is sent again.
   */
  publish(topic: string, payload: string, options: MqttPublishOptions): Promise<void>;
  /** Subscribes at QoS 1; resolves on SUBACK, rejects if a filter was refused. */
  subscribe(filters: readonly string[]): Promise<void>;
  /** Closes the connection cleanly (no Will); publishes still waiting reject. */
  end(): Promise<void>;
}
