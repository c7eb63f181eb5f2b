import { buildTopic, createMessage, DELIVERY, encode, type CommandResult, type MessageOf } from '@gantry/protocol';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '../domain-error.js';
import { DevicesService } from '../devices/devices.service.js';
import { Metrics } from '../metrics/metrics.js';
import { InboundRouter } from '../mqtt/inbound-router.js';
import { MqttGateway } from '../mqtt/mqtt-gateway.js';
import type { CommandRequest } from './command-request.schema.js';
import { PendingCommands } from './pending-commands.js';

/**
 * How much longer than the command's own `timeoutMs` the controller waits: a gateway
 * answers `timeout` when its time is up, and that answer still has to travel here.
 */
export const ANSWER_GRACE_MS = 2_000;

/**
 * Sends commands to gateways (`cmd/<requestId>`) and waits for their answers
 * (`cmd-res/<requestId>`, whose `parentId` is the request id).
 */
@Injectable()
export class CommandsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CommandsService.name);
  private readonly pending = new PendingCommands();

  constructor(
    @Inject(DevicesService) private readonly devices: DevicesService,
    @Inject(MqttGateway) private readonly mqtt: MqttGateway,
    @Inject(InboundRouter) private readonly router: InboundRouter,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.router.on('cmd-res', (message) => Promise.resolve(this.onResult(message)));
  }

  onModuleDestroy(): void {
    this.pending.cancelAll();
  }

  /** Sends `command` to gateway `deviceId` and resolves with its answer, ok or error. */
  async send(deviceId: string, command: CommandRequest): Promise<CommandResult> {
    const device = await this.devices.get(deviceId);
    if (device.revokedAt !== null) {
      throw new DomainError(DomainErrorCode.DeviceRevoked, `gateway ${deviceId} was revoked at ${device.revokedAt.toISOString()} and takes no commands`);
    }
    if (device.status !== 'online') {
      const since = device.lastSeenAt === null ? 'has never connected' : `is offline since ${device.lastSeenAt.toISOString()}`;
      throw new DomainError(DomainErrorCode.DeviceOffline, `gateway ${deviceId} ${since}; commands reach only connected gateways, try again once it is online`);
    }
    const requestId = this.pending.newRequestId();
    const encoded = encode('cmd', createMessage('cmd', command, { deviceId, id: requestId }));
    // The request body passed the same schema, so this is a bug, not the caller's mistake.
    if (!encoded.ok) throw new Error(`cannot encode a ${command.type} command: ${encoded.error.message}`);
    // Waiting starts before publishing: a fast gateway may answer before publish resolves.
    const answer = this.pending.wait(requestId, deviceId, command.timeoutMs + ANSWER_GRACE_MS);
    try {
      await this.mqtt.publish(buildTopic({ kind: 'cmd', deviceId, requestId }), Buffer.from(encoded.value), { qos: DELIVERY.cmd.qos, retain: DELIVERY.cmd.retain });
    } catch (error) {
      this.pending.cancel(requestId);
      throw error;
    }
    const result = await answer;
    if (result === undefined) {
      this.metrics.commands.inc({ type: command.type, outcome: 'timeout' });
      throw new DomainError(
        DomainErrorCode.CommandTimedOut,
        `gateway ${deviceId} did not answer the ${command.type} command within ${command.timeoutMs + ANSWER_GRACE_MS} ms (its timeoutMs of ${command.timeoutMs} plus ${ANSWER_GRACE_MS} for the answer to arrive); its connection may have dropped, or the command needs a longer timeoutMs`,
      );
    }
    this.metrics.commands.inc({ type: command.type, outcome: result.status });
    return result;
  }

  private onResult(message: MessageOf<'cmd-res'>): void {
    // decodeFromTopic made sure the parentId is the request id of the topic.
    const requestId = message.parentId ?? '';
    const settlement = this.pending.settle(requestId, message.deviceId, message.body);
    if (settlement === 'answered') return;
    // With an external broker every replica hears every answer; another one is waiting for this.
    if (settlement === 'foreign' && this.mqtt.describe().mode === 'external') return;
    const reason = settlement === 'late' ? 'late-command-result' : 'unknown-command-result';
    this.metrics.invalidPayloads.inc({ reason });
    this.logger.warn(`dropped the answer of gateway ${message.deviceId} to request ${requestId}: ${settlement === 'late' ? 'nobody waits for it any more (timed out)' : 'no such request was sent to it'}`);
  }
}
