import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The controller's Prometheus metrics. Its own registry (not prom-client's global one), so
 * two controllers in one process (tests, benchmarks) never share counters.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly gatewaysConnected = new Gauge({
    name: 'gantry_gateways_connected',
    help: 'Gateways holding an MQTT session with this controller (embedded broker) or reporting online (external broker).',
    registers: [this.registry],
  });

  readonly messagesIn = new Counter({
    name: 'gantry_mqtt_messages_in_total',
    help: 'Valid MQTT messages received from gateways, by message kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly messagesOut = new Counter({
    name: 'gantry_mqtt_messages_out_total',
    help: 'MQTT messages published to gateways, by message kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly invalidPayloads = new Counter({
    name: 'gantry_mqtt_invalid_payloads_total',
    help: 'Inbound MQTT messages dropped, by reason (a protocol error code, or handler-failed).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'gantry_commands_total',
    help: 'Commands sent to gateways, by command type and outcome (ok, error, timeout).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly mqttRefusals = new Counter({
    name: 'gantry_mqtt_refusals_total',
    help: 'MQTT connections, publishes and subscriptions the broker refused, by action.',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  readonly eventGaps = new Counter({
    name: 'gantry_event_sequence_gaps_total',
    help: 'Gateway event sequence numbers found missing on arrival (some may arrive later).',
    registers: [this.registry],
  });

  // Only a total: a per-username count would list who is being attacked to anyone who can scrape.
  readonly loginFailures = new Counter({
    name: 'gantry_auth_login_failures_total',
    help: 'Logins refused for a wrong username or password.',
    registers: [this.registry],
  });

  readonly deploymentTargets = new Gauge({
    name: 'gantry_deployment_targets',
    help: 'Gateways of each deployment per rollout status.',
    labelNames: ['deployment', 'status'] as const,
    registers: [this.registry],
  });

  readonly sqliteCheckpoints = new Histogram({
    name: 'gantry_sqlite_checkpoint_duration_seconds',
    help: 'WAL checkpoints of the embedded SQLite database that copied pages (run off the event loop).',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'gantry_http_request_duration_seconds',
    help: 'REST API request latency, by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gantry_controller_' });
  }
}
