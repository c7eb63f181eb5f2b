import { decode, parseTopic, type MessageKind, type MessageOf } from '@gantry/protocol';
import type { MqttConnectOptions, MqttLink, MqttLinkHandlers, MqttPublishOptions } from '../sync/mqtt-link.js';

/** One message as the broker saw it. */
export interface BrokerMessage {
  readonly topic: string;
  readonly payload: string;
  readonly qos: 0 | 1;
  readonly retain: boolean;
}

/**
 * An MQTT broker in memory, for tests of the sync engine: it records what clients
 * publish, delivers to subscriptions (retained messages included), fires Wills, and can
 * refuse connections, withhold PUBACKs and drop every connection like a restart.
 */
export class MemoryBroker {
  /** Every publish that reached the broker, acknowledged or not, in arrival order. */
  readonly received: BrokerMessage[] = [];
  /** Publishes the broker accepted (and PUBACKed, at QoS 1), in order; Wills included. */
  readonly accepted: BrokerMessage[] = [];
  readonly retained = new Map<string, string>();
  /** What each connection attempt presented, refused ones included. */
  readonly connects: MqttConnectOptions[] = [];
  /** Every filter subscribed, per connection, in order. */
  readonly subscriptions: string[][] = [];
  /** While true, connection attempts fail as if the broker were down. */
  isRefusingConnections = false;
  /** QoS 1 publishes it matches get no PUBACK: they stay pending until their connection drops. */
  withholdPuback: ((message: BrokerMessage) => boolean) | undefined;
  private readonly links = new Set<MemoryMqttLink>();

  /** A client of this broker. */
  link(): MemoryMqttLink {
    return new MemoryMqttLink(this);
  }

  /** Publishes as the cloud would (QoS 1), delivering to every matching subscription. */
  publish(topic: string, payload: string, { retain = false } = {}): void {
    this.accept({ topic, payload, qos: 1, retain });
  }

  /** Ends every connection as a crash or restart would: Wills fire, pending publishes fail. */
  dropAll(): void {
    for (const link of [...this.links]) link.drop(new Error('connection reset by the broker'));
  }

  /** Accepted messages of one kind, decoded (a test fails loudly on anything undecodable). */
  messages<K extends MessageKind>(kind: K): MessageOf<K>[] {
    return this.accepted
      .filter((m) => kindOf(m.topic) === kind)
      .map((m) => {
        const decoded = decode(kind, m.payload);
        if (!decoded.ok) throw new Error(`the broker holds an invalid ${kind} message: ${decoded.error.message}`);
        return decoded.value;
      });
  }

  /** @internal */
  attach(link: MemoryMqttLink, options: MqttConnectOptions): void {
    this.connects.push(options);
    if (this.isRefusingConnections) throw new Error('connection refused: the broker is unavailable');
    this.links.add(link);
  }

  /** @internal */
  detach(link: MemoryMqttLink): void {
    this.links.delete(link);
  }

  /** @internal */
  accept(message: BrokerMessage): void {
    this.accepted.push(message);
    if (message.retain) this.retained.set(message.topic, message.payload);
    for (const link of this.links) link.deliver(message.topic, message.payload);
  }
}

/** A client connection to a {@link MemoryBroker}. */
export class MemoryMqttLink implements MqttLink {
  private handlers: MqttLinkHandlers | undefined;
  private options: MqttConnectOptions | undefined;
  private filters: string[] = [];
  private pending: ((error: Error) => void)[] = [];

  constructor(private readonly broker: MemoryBroker) {}

  get isConnected(): boolean {
    return this.handlers !== undefined;
  }

  async connect(options: MqttConnectOptions, handlers: MqttLinkHandlers): Promise<void> {
    await Promise.resolve();
    if (this.handlers) throw new Error('already connected');
    this.broker.attach(this, options);
    this.handlers = handlers;
    this.options = options;
    this.filters = [];
  }

  async publish(topic: string, payload: string, options: MqttPublishOptions): Promise<void> {
    await Promise.resolve();
    if (!this.handlers) throw new Error('not connected');
    const message = { topic, payload, qos: options.qos, retain: options.retain };
    this.broker.received.push(message);
    if (options.qos === 1 && this.broker.withholdPuback?.(message)) {
      await new Promise<void>((_, reject) => this.pending.push(reject));
    }
    this.broker.accept(message);
  }

  async subscribe(filters: readonly string[]): Promise<void> {
    await Promise.resolve();
    if (!this.handlers) throw new Error('not connected');
    this.filters.push(...filters);
    this.broker.subscriptions.push([...filters]);
    for (const [topic, payload] of this.broker.retained) if (filters.some((f) => matches(f, topic))) this.deliver(topic, payload);
  }

  async end(): Promise<void> {
    this.close(new Error('connection closed'));
  }

  /** @internal The broker lost this connection: the Will fires and the client hears of it. */
  drop(error: Error): void {
    const handlers = this.handlers;
    const will = this.options?.will;
    this.close(error);
    if (will) this.broker.accept({ topic: will.topic, payload: will.payload, qos: will.qos, retain: will.retain });
    if (handlers) queueMicrotask(() => handlers.onConnectionLost(error));
  }

  /** @internal */
  deliver(topic: string, payload: string): void {
    const handlers = this.handlers;
    if (!handlers || !this.filters.some((f) => matches(f, topic))) return;
    queueMicrotask(() => {
      if (this.handlers === handlers) handlers.onMessage(topic, payload);
    });
  }

  private close(error: Error): void {
    this.handlers = undefined;
    this.broker.detach(this);
    for (const reject of this.pending.splice(0)) reject(error);
  }
}

function kindOf(topic: string): string | undefined {
  const parsed = parseTopic(topic);
  return parsed.ok ? parsed.value.kind : undefined;
}

/** MQTT filter matching with `+` (one level) and `#` (the rest). */
function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i += 1) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}
