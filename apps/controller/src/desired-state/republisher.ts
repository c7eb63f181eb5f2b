import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ControllerConfig } from '../config.js';
import { CONTROLLER_CONFIG } from '../config.module.js';
import { Device } from '../devices/device.entity.js';
import { DesiredPublisher, type DesiredDelivery } from './desired-publisher.js';

const PAGE = 500;

/**
 * Sends the stored desired state again to online gateways that have not acknowledged it
 * (acked < desired), so a lost message or a missed reconnect heals without anyone
 * noticing. A version stored less than one interval ago is left alone: its ack is still
 * on its way (during a large fan-out the last acks come many seconds after the first), and
 * resending it then only doubles the work of the broker, the gateway and this controller.
 * A gateway that reported this very version refused (its policy or capacity) heard it:
 * resending it would bring the same refusal from every such gateway, every interval, for as
 * long as the deployment stands; a reconnect delivers the retained message anyway.
 * Every replica may do this; a duplicate is re-acked by the agent and harmless.
 */
@Injectable()
export class Republisher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(Republisher.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<string[]> | undefined;

  constructor(
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @Inject(DesiredPublisher) private readonly publisher: DesiredPublisher,
    @Inject(CONTROLLER_CONFIG) private readonly config: ControllerConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.republish().catch((error: unknown) => this.logger.error(`republishing failed: ${String(error)}`)), this.config.republishIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * One pass over the online gateways that have not acknowledged a version stored at least
   * one interval before `now`; resolves with the ids of those sent to. One pass at a time.
   */
  republish(now: Date = new Date()): Promise<string[]> {
    this.running ??= this.pass(new Date(now.getTime() - this.config.republishIntervalMs)).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(storedBy: Date): Promise<string[]> {
    const sent: string[] = [];
    let after = '';
    for (;;) {
      const page = await this.devices
        .createQueryBuilder('device')
        .select(['device.id', 'device.desired', 'device.desiredVersion', 'device.reported'])
        .where('device.ackedVersion < device.desiredVersion')
        .andWhere('device.status = :online', { online: 'online' })
        .andWhere('device.revokedAt IS NULL')
        .andWhere('device.desired IS NOT NULL')
        .andWhere('(device.desiredAt IS NULL OR device.desiredAt <= :storedBy)', { storedBy })
        .andWhere('device.id > :after', { after })
        .orderBy('device.id', 'ASC')
        .take(PAGE)
        .getMany();
      const deliveries = page.flatMap((device): DesiredDelivery[] => (device.desired === null || hasRefused(device) ? [] : [{ deviceId: device.id, desired: device.desired }]));
      sent.push(...(await this.publisher.publishAll(deliveries)).map((delivery) => delivery.deviceId));
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE) return sent;
      after = last.id;
    }
  }
}

/** Whether the gateway's latest report refused the version stored for it. */
function hasRefused(device: Pick<Device, 'desiredVersion' | 'reported'>): boolean {
  const target = device.reported?.target;
  return target?.state === 'refused' && target.version === device.desiredVersion;
}
