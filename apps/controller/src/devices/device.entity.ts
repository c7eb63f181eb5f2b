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
}
