import type { DesiredState, GatewayUsage, Platform, ReportedState, ResourceAmounts } from '@gantry/protocol';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Whether the gateway currently holds an MQTT session with the controller. */
export const DEVICE_STATUSES = ['online', 'offline'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** Free-form `key=value` labels used to select gateways (`site=berlin`). */
export type Labels = Record<string, string>;

// Column types are given explicitly (no reflected metadata) and chosen to exist on both
// SQLite and PostgreSQL: varchar, text (JSON as text) and Date (datetime | timestamp).
@Entity({ name: 'devices' })
export class Device {
  /** The gateway's id; matches `DEVICE_ID_PATTERN` of `@gantry/protocol`. */
  @PrimaryColumn({ type: 'varchar', length: 63 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'simple-json' })
  labels!: Labels;

  @Column({ type: 'varchar', length: 16 })
  status!: DeviceStatus;

  @Column({ name: 'last_seen_at', type: Date, nullable: true })
  lastSeenAt!: Date | null;

  @Column({ name: 'agent_version', type: 'varchar', length: 64, nullable: true })
  agentVersion!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  /** Hex SHA-256 of the MQTT secret issued at enrollment; the secret itself is never stored. */
  @Column({ name: 'credential_hash', type: 'varchar', length: 64, nullable: true })
  credentialHash!: string | null;

  /** Set when the gateway was revoked: its credentials are refused from then on. */
  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt!: Date | null;

  /** The agent process's boot id from its latest `online`; a Will from an older boot is stale. */
  @Column({ name: 'boot_id', type: 'varchar', length: 36, nullable: true })
  bootId!: string | null;

  /** `Platform` from `status` (os, arch, cgroup version). */
  @Column({ type: 'simple-json', nullable: true })
  platform!: Platform | null;

  /** What targets may ask for, from the latest `reported` (or enrollment). */
  @Column({ type: 'simple-json', nullable: true })
  allocatable!: ResourceAmounts | null;

  /** The latest complete `reported` body. */
  @Column({ type: 'simple-json', nullable: true })
  reported!: ReportedState | null;

  @Column({ name: 'reported_at', type: Date, nullable: true })
  reportedAt!: Date | null;

  /** Version of the newest desired state compiled for the gateway; 0 before the first. */
  @Column({ name: 'desired_version', type: 'integer', default: 0 })
  desiredVersion!: number;

  @Column({ name: 'desired_hash', type: 'varchar', length: 80, nullable: true })
  desiredHash!: string | null;

  /** When the newest desired version was stored; null for versions stored before this was kept. */
  @Column({ name: 'desired_at', type: Date, nullable: true })
  desiredAt!: Date | null;

  /** The newest desired document as published, so any replica can republish it. */
  @Column({ name: 'desired', type: 'simple-json', nullable: true })
  desired!: DesiredState | null;

  /** Highest desired version the gateway has acknowledged. */
  @Column({ name: 'acked_version', type: 'integer', default: 0 })
  ackedVersion!: number;

  /** The gateway's own resource use from its newest telemetry sample. */
  @Column({ type: 'simple-json', nullable: true })
  usage!: GatewayUsage | null;

  /** Sequence number of the newest event stored; the next batch should start right after it. */
  @Column({ name: 'last_event_seq', type: 'integer', default: 0 })
  lastEventSeq!: number;
}
