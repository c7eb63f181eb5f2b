import { Injectable, Logger } from '@nestjs/common';
import { decodeFromTopic, type MessageOf } from '@gantry/protocol';
import { Metrics } from '../metrics/metrics.js';

/** Kinds a gateway sends to the cloud. */
export type InboundKind = 'reported' | 'status' | 'events' | 'telemetry' | 'cmd-res';

export type InboundHandler<K extends InboundKind> = (message: MessageOf<K>, deviceId: string) => Promise<void>;

const INBOUND: ReadonlySet<string> = new Set<InboundKind>(['reported', 'status', 'events', 'telemetry', 'cmd-res']);

/**
 * The single door for gateway traffic: decodes every payload with `@gantry/protocol`, drops
 * and counts invalid ones by reason, and hands valid ones to the handler of their kind.
 * Messages of one gateway are handled one at a time, in arrival order (a `status` then a
 * `reported` must not race); different gateways proceed in parallel. Never throws.
 */
@Injectable()
export class InboundRouter {
  private readonly logger = new Logger(InboundRouter.name);
  private readonly handlers = new Map<InboundKind, InboundHandler<InboundKind>>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly metrics: Metrics) {}

  on<K extends InboundKind>(kind: K, handler: InboundHandler<K>): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for ${kind} is already registered`);
    this.handlers.set(kind, handler as InboundHandler<InboundKind>);
  }

  /** Routes one message; resolves when it has been handled (or dropped). */
  dispatch(topic: string, payload: Uint8Array): Promise<void> {
    const decoded = decodeFromTopic(topic, payload);
    if (!decoded.ok) {
      this.drop(decoded.error.code, topic, decoded.error.message);
      return Promise.resolve();
    }
    const { message } = decoded.value;
    if (!INBOUND.has(message.kind)) {
      this.drop('wrong-direction', topic, `${message.kind} is sent by the cloud, not by gateways`);
      return Promise.resolve();
    }
    const handler = this.handlers.get(message.kind as InboundKind);
    if (handler === undefined) {
      this.drop('unhandled-kind', topic, `no handler for ${message.kind}`);
      return Promise.resolve();
    }
    this.metrics.messagesIn.inc({ kind: message.kind });
    const deviceId = message.deviceId;
    const previous = this.chains.get(deviceId) ?? Promise.resolve();
    const next = previous.then(() =>
      handler(message as MessageOf<InboundKind>, deviceId).catch((error: unknown) => {
        this.drop('handler-failed', topic, error instanceof Error ? error.message : String(error));
      }),
    );
    this.chains.set(deviceId, next);
    void next.finally(() => {
      if (this.chains.get(deviceId) === next) this.chains.delete(deviceId);
    });
    return next;
  }

  /** Resolves once every message dispatched so far has been handled. */
  async drain(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  private drop(reason: string, topic: string, detail: string): void {
    this.metrics.invalidPayloads.inc({ reason });
    this.logger.warn(`dropped a message on ${topic.slice(0, 200)}: ${reason}: ${detail.slice(0, 500)}`);
  }
}
