import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EnrollRequest } from '@gantry/protocol';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { FleetWriter } from '../database/fleet-writer.js';
import { Device } from '../devices/device.entity.js';
import { hashSecret, newSecret } from '../devices/secrets.js';
import { DomainError, DomainErrorCode } from '../domain-error.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { SERVICE_USERNAME } from '../mqtt/broker-auth.js';
import { EnrollmentToken } from './enrollment-token.entity.js';
import type { CreateEnrollmentToken, EnrollmentTokenView } from './enrollment.schemas.js';

/** Prefix of enrollment tokens, so they are recognisable in logs and by secret scanners. */
export const ENROLLMENT_TOKEN_PREFIX = 'gte_';

/** A gateway just enrolled: its row and the secret to hand it (once). */
export interface Enrolled {
  device: Device;
  secret: string;
}

/** One-time, expiring enrollment tokens, and the enrollment that spends them. */
@Injectable()
export class EnrollmentService {
  constructor(
    @InjectRepository(EnrollmentToken) private readonly tokens: Repository<EnrollmentToken>,
    @Inject(FleetWriter) private readonly writer: FleetWriter,
    @Inject(FleetEvents) private readonly events: FleetEvents,
  ) {}

  async createToken(input: CreateEnrollmentToken, now = new Date()): Promise<{ row: EnrollmentToken; token: string }> {
    const token = newSecret(ENROLLMENT_TOKEN_PREFIX);
    const row = this.tokens.create({
      id: randomUUID(),
      tokenHash: hashSecret(token),
      expiresAt: new Date(now.getTime() + input.expiresInMinutes * 60_000),
      labels: input.labels,
      note: input.note,
      usedAt: null,
      usedByDeviceId: null,
      createdAt: now,
    });
    await this.tokens.insert(row);
    return { row, token };
  }

  /** Newest first; used and expired tokens stay listed so people see what happened to them. */
  listTokens(): Promise<EnrollmentToken[]> {
    return this.tokens.find({ order: { createdAt: 'DESC' }, take: 500 });
  }

  async deleteToken(id: string): Promise<void> {
    const result = await this.tokens.delete({ id });
    if (result.affected === 0) throw new DomainError(DomainErrorCode.EnrollmentTokenNotFound, `no enrollment token with id "${id}"`);
  }

  /**
   * Spends a token and registers the gateway, in one transaction: either the device exists
   * with its credentials and the token is used, or nothing changed. The token is marked used
   * with a conditional update, so two gateways racing with one token cannot both win.
   */
  async enroll(request: EnrollRequest, now = new Date()): Promise<Enrolled> {
    const secret = newSecret();
    const device = await this.writer.run(async (manager) => {
      const token = await manager.findOneBy(EnrollmentToken, { tokenHash: hashSecret(request.token) });
      if (token === null) {
        throw new DomainError(DomainErrorCode.EnrollmentTokenInvalid, 'the enrollment token is not known; create one with POST /api/v1/enrollment-tokens (or in the console) and use it within its expiry');
      }
      if (token.usedAt !== null) {
        throw new DomainError(
          DomainErrorCode.EnrollmentTokenUsed,
          `the enrollment token was already used at ${token.usedAt.toISOString()} by gateway ${token.usedByDeviceId ?? '(unknown)'}; tokens are one-time, create a new one`,
        );
      }
      if (token.expiresAt <= now) {
        throw new DomainError(DomainErrorCode.EnrollmentTokenExpired, `the enrollment token expired at ${token.expiresAt.toISOString()}; create a new one`);
      }
      const deviceId = request.deviceId ?? `gw-${randomBytes(5).toString('hex')}`;
      // The controller's own MQTT identity shares the device id charset; no gateway may take it.
      if (deviceId === SERVICE_USERNAME || (await manager.existsBy(Device, { id: deviceId }))) {
        throw new DomainError(
          DomainErrorCode.DeviceAlreadyExists,
          deviceId === SERVICE_USERNAME
            ? `"${deviceId}" is reserved for the controller's own MQTT identity; enroll under another id (--device-id)`
            : `a gateway with id "${deviceId}" is already enrolled; enroll under another id (--device-id), or delete the old one first`,
        );
      }
      const spent = await manager.update(
        EnrollmentToken,
        { id: token.id, usedAt: IsNull(), expiresAt: MoreThan(now) },
        { usedAt: now, usedByDeviceId: deviceId },
      );
      if (spent.affected !== 1) {
        throw new DomainError(DomainErrorCode.EnrollmentTokenUsed, 'the enrollment token was used by another gateway a moment ago; tokens are one-time, create a new one');
      }
      const device = manager.create(Device, {
        id: deviceId,
        name: request.name ?? deviceId,
        labels: { ...request.labels, ...token.labels },
        status: 'offline',
        lastSeenAt: null,
        agentVersion: request.agentVersion ?? null,
        createdAt: now,
        credentialHash: hashSecret(secret),
        revokedAt: null,
        bootId: null,
        platform: request.platform ?? null,
        allocatable: request.allocatable ?? null,
        reported: null,
        reportedAt: null,
        desiredVersion: 0,
        desiredHash: null,
        desired: null,
        ackedVersion: 0,
        lastEventSeq: 0,
        usage: null,
      });
      await manager.insert(Device, device);
      return device;
    });
    this.events.emit({ type: 'device.enrolled', deviceId: device.id });
    return { device, secret };
  }
}

export function toEnrollmentTokenView(row: EnrollmentToken, now = new Date()): EnrollmentTokenView {
  return {
    id: row.id,
    note: row.note,
    labels: row.labels,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    usedAt: row.usedAt?.toISOString() ?? null,
    usedByDeviceId: row.usedByDeviceId,
    state: row.usedAt !== null ? 'used' : row.expiresAt <= now ? 'expired' : 'unused',
  };
}
