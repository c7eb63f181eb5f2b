import { timingSafeEqual } from 'node:crypto';
import { DeviceIdSchema, isValidDeviceId } from '@gantry/protocol';
import { canonicalJson } from '@gantry/app-spec';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { z } from 'zod';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { DomainError, DomainErrorCode } from '../domain-error.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { DEVICE_STATUSES, Device, type DeviceStatus } from './device.entity.js';
import { encodeCursor, type DeviceCursor } from './device-cursor.js';
import { isTimeField, sortKey, sortOrder, type SortField } from './device-sort.js';
import type { ListDevicesQuery } from './list-devices.query.js';
import { hashSecret } from './secrets.js';
import type { UpdateDevice } from './update-device.schema.js';

/** What registering a device needs; the rest has defaults (offline, no labels, never seen). */
export const NewDeviceSchema = z.strictObject({
  id: DeviceIdSchema,
  name: z.string().min(1).max(255),
  labels: z.record(z.string(), z.string()).default({}),
  status: z.enum(DEVICE_STATUSES).default('offline'),
  lastSeenAt: z.date().nullable().default(null),
  agentVersion: z.string().max(64).nullable().default(null),
});
export type NewDevice = z.input<typeof NewDeviceSchema>;

/** One page of devices; `total` counts every match, `nextCursor` is null on the last page. */
/** The fleet in numbers: every gateway, and how many are in each status. */
export interface DeviceSummary {
  total: number;
  byStatus: Record<DeviceStatus, number>;
}

export interface DevicePage {
  items: Device[];
  total: number;
  offset: number;
  limit: number;
  nextCursor: string | null;
}

// Entity property paths; the query builder turns them into each database's column names.
const SORT_COLUMNS: { readonly [F in SortField]: string } = {
  name: 'device.name',
  lastSeen: 'device.lastSeenAt',
  status: 'device.status',
  created: 'device.createdAt',
};

/** The device registry. */
@Injectable()
export class DevicesService {
  constructor(
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @Inject(FleetEvents) private readonly events: FleetEvents,
  ) {}

  async register(input: NewDevice, now: Date = new Date()): Promise<Device> {
    const fields = NewDeviceSchema.parse(input);
    if (await this.devices.existsBy({ id: fields.id })) {
      throw new DomainError(DomainErrorCode.DeviceAlreadyExists, `device ${fields.id} is already registered`);
    }
    const device = this.devices.create({ ...fields, createdAt: now });
    await this.devices.insert(device);
    this.events.emit({ type: 'device.enrolled', deviceId: device.id });
    return device;
  }

  /**
   * Whether `secret` is the MQTT credential issued to device `id` at enrollment. False for
   * unknown and revoked devices. Compared in constant time: the hash is not secret, but the
   * comparison should not leak how much of it matched.
   */
  async authenticate(id: string, secret: string): Promise<boolean> {
    if (!isValidDeviceId(id)) return false;
    const device = await this.devices.findOne({ where: { id }, select: { id: true, credentialHash: true, revokedAt: true } });
    if (device === null || device.revokedAt !== null || device.credentialHash === null) return false;
    return timingSafeEqual(Buffer.from(hashSecret(secret), 'hex'), Buffer.from(device.credentialHash, 'hex'));
  }

  async get(id: string): Promise<Device> {
    const device = await this.devices.findOneBy({ id });
    if (device === null) {
      throw new DomainError(DomainErrorCode.DeviceNotFound, `no device with id "${id}" is registered; list devices with GET /api/v1/devices`);
    }
    return device;
  }

  /** Renames and/or relabels; a label change is announced so the gateway's target is recompiled. */
  async update(id: string, change: UpdateDevice): Promise<Device> {
    const device = await this.get(id);
    const labelsChanged = change.labels !== undefined && canonicalJson(change.labels) !== canonicalJson(device.labels);
    // Only the changed columns: a whole-row save could write back a desired version compiled meanwhile.
    await this.devices.update({ id }, { ...(change.name === undefined ? {} : { name: change.name }), ...(change.labels === undefined ? {} : { labels: change.labels }) });
    if (labelsChanged) this.events.emit({ type: 'device.labels-changed', deviceId: id });
    return this.get(id);
  }

  /**
   * Marks every gateway offline: for a broker that starts with no sessions (the embedded
   * one), since gateways whose controller went down with them never sent a Will. Each one
   * is online again when it reconnects and says so. Answers how many were online.
   */
  async markAllOffline(): Promise<number> {
    const result = await this.devices.update({ status: 'online' }, { status: 'offline' });
    return result.affected ?? 0;
  }

  /**
   * Revokes a gateway: its credentials are refused from now on and its session is ended
   * (the broker listens for `device.revoked`). The row stays, for its history.
   */
  async revoke(id: string, now = new Date()): Promise<Device> {
    const device = await this.get(id);
    if (device.revokedAt === null) {
      await this.devices.update({ id }, { revokedAt: now, credentialHash: null, status: 'offline' });
      this.events.emit({ type: 'device.revoked', deviceId: id });
    }
    return this.get(id);
  }

  /**
   * A page of the devices matching the query's filters, in its order (ties broken by id,
   * so every order is total and pages never overlap). A gateway never seen counts as the
   * longest unseen: first by `lastSeen`, last by `-lastSeen`, on both databases.
   */
  /** How many gateways there are, in all and by status: one grouped count. */
  async summary(): Promise<DeviceSummary> {
    const rows = await this.devices
      .createQueryBuilder('device')
      .select('device.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('device.status')
      .getRawMany<{ status: DeviceStatus; count: number | string }>();
    const byStatus: Record<DeviceStatus, number> = { online: 0, offline: 0 };
    // PostgreSQL answers COUNT(*) as a bigint string, SQLite as a number.
    for (const { status, count } of rows) byStatus[status] = Number(count);
    return { total: Object.values(byStatus).reduce((sum, n) => sum + n, 0), byStatus };
  }

  async list(query: ListDevicesQuery): Promise<DevicePage> {
    const matching = this.devices.createQueryBuilder('device');
    if (query.status !== undefined) matching.andWhere('device.status = :status', { status: query.status });
    if (query.q !== undefined) {
      const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
      // Ids are lower case by protocol, so only names need folding.
      matching.andWhere(String.raw`(LOWER(device.name) LIKE :pattern ESCAPE '\' OR device.id LIKE :pattern ESCAPE '\')`, { pattern });
    }
    query.label.forEach(({ key, value }, index) => this.whereLabel(matching, index, key, value));
    const total = await matching.clone().getCount();

    const { field, isDescending } = sortOrder(query.sort);
    const column = SORT_COLUMNS[field];
    const direction = isDescending ? 'DESC' : 'ASC';
    const page = matching.orderBy(column, direction, field === 'lastSeen' ? (isDescending ? 'NULLS LAST' : 'NULLS FIRST') : undefined).addOrderBy('device.id', direction);
    if (query.cursor === undefined) page.offset(query.offset);
    else this.whereAfter(page, query.cursor, field, isDescending);
    const rows = await page.limit(query.limit + 1).getMany();

    const items = rows.slice(0, query.limit);
    const offset = query.cursor?.offset ?? query.offset;
    const last = items.at(-1);
    const nextCursor =
      rows.length > query.limit && last !== undefined ? encodeCursor({ sort: query.sort, key: sortKey(last, field), id: last.id, offset: offset + items.length }) : null;
    return { items, total, offset, limit: query.limit, nextCursor };
  }

  /** Keeps the devices that come after the cursor's in the page's order. */
  private whereAfter(builder: SelectQueryBuilder<Device>, cursor: DeviceCursor, field: SortField, isDescending: boolean): void {
    const column = SORT_COLUMNS[field];
    const after = isDescending ? '<' : '>';
    if (cursor.key === null) {
      // Only `lastSeen` is ever null, and null sorts as the oldest.
      const condition = isDescending ? `(${column} IS NULL AND device.id < :cursorId)` : `((${column} IS NULL AND device.id > :cursorId) OR ${column} IS NOT NULL)`;
      builder.andWhere(condition, { cursorId: cursor.id });
      return;
    }
    const laterNulls = field === 'lastSeen' && isDescending ? ` OR ${column} IS NULL` : '';
    builder.andWhere(`(${column} ${after} :cursorKey OR (${column} = :cursorKey AND device.id ${after} :cursorId)${laterNulls})`, {
      cursorKey: isTimeField(field) ? new Date(cursor.key) : cursor.key,
      cursorId: cursor.id,
    });
  }

  /** Labels are JSON text on both databases; only the JSON accessor differs. */
  private whereLabel(builder: SelectQueryBuilder<Device>, index: number, key: string, value: string): void {
    const keyParam = `labelKey${index}`;
    const valueParam = `labelValue${index}`;
    if (this.devices.manager.connection.options.type === 'postgres') {
      builder.andWhere(`(CAST(device.labels AS jsonb) ->> :${keyParam}) = :${valueParam}`, { [keyParam]: key, [valueParam]: value });
    } else {
      // LABEL_KEY_PATTERN admits no quote, so the key is safe inside a quoted JSON path.
      builder.andWhere(`json_extract(device.labels, :${keyParam}) = :${valueParam}`, { [keyParam]: `$."${key}"`, [valueParam]: value });
    }
  }
}
