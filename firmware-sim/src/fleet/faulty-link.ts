import type { MqttConnectOptions, MqttLink, MqttLinkHandlers, MqttPublishOptions } from '@gantry/agent-core/sync';
import type { Scheduler } from '../clock/scheduler.js';
import type { MqttJsLink } from '@gantry/mqtt-link';
import type { Limiter } from './limiter.js';

/**
 * A gateway's link with the faults a fleet run injects: a partition (the connection is
 * cut and every reconnect fails until healed) and a slow uplink (each publish waits
 * first). Connection handshakes share the fleet's limiter.
 */
export class FaultyLink implements MqttLink {
  private isPartitioned = false;
  private publishDelayMs = 0;

  constructor(
    private readonly inner: MqttJsLink,
    private readonly scheduler: Scheduler,
    private readonly connects: Limiter,
  ) {}

  /** Whether the connection is up now. */
  get isConnected(): boolean {
    return this.inner.isConnected;
  }

  /** Whether the gateway is cut off. */
  get partitioned(): boolean {
    return this.isPartitioned;
  }

  /** Whether publishes are delayed. */
  get isSlow(): boolean {
    return this.publishDelayMs > 0;
  }

  async connect(options: MqttConnectOptions, handlers: MqttLinkHandlers): Promise<void> {
    if (this.isPartitioned) throw new Error('network unreachable (simulated partition)');
    await this.connects.run(() => {
      // Partitioned while waiting for a slot: the attempt fails as it would on the wire.
      if (this.isPartitioned) return Promise.reject(new Error('network unreachable (simulated partition)'));
      return this.inner.connect(options, handlers);
    });
  }

  async publish(topic: string, payload: string, options: MqttPublishOptions): Promise<void> {
    if (this.publishDelayMs > 0) await this.scheduler.sleep(this.publishDelayMs);
    // The socket may not have noticed the cut yet; nothing gets through a partition.
    if (this.isPartitioned) throw new Error('network unreachable (simulated partition)');
    await this.inner.publish(topic, payload, options);
  }

  subscribe(filters: readonly string[]): Promise<void> {
    return this.inner.subscribe(filters);
  }

  end(): Promise<void> {
    return this.inner.end();
  }

  /** Cuts the connection without a goodbye (the broker sends the Will) and refuses reconnects until {@link heal}. */
  partition(): void {
    this.isPartitioned = true;
    this.inner.sever();
  }

  heal(): void {
    this.isPartitioned = false;
  }

  /** Delays every publish by `delayMs` (0: no delay). */
  slowDown(delayMs: number): void {
    this.publishDelayMs = Math.max(0, delayMs);
  }

  /** Cuts the connection as a crashed process would leave it (no DISCONNECT). */
  sever(): void {
    this.inner.sever();
  }

  /** Publishes a payload as is, bypassing the protocol (malformed-message injection). */
  publishRaw(topic: string, payload: string): Promise<void> {
    if (this.isPartitioned) return Promise.reject(new Error('network unreachable (simulated partition)'));
    return this.inner.publish(topic, payload, { qos: 1, retain: false });
  }
}
