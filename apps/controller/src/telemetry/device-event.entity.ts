import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One lifecycle event a gateway reported (or `gap`, recorded when sequence numbers skip). */
@Entity({ name: 'device_events' })
@Index('idx_device_events_device_seq', ['deviceId', 'seq'])
@Index('idx_device_events_at', ['at'])
@Index('idx_device_events_gaps', ['deviceId', 'seq'], { where: "type = 'gap'" })
export class DeviceEvent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'device_id', type: 'varchar', length: 63 })
  deviceId!: string;

  /** The gateway's monotonic sequence number; for a `gap`, the first missing one. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  /** When it happened on the gateway. */
  @Column({ type: Date })
  at!: Date;

  @Column({ type: 'simple-json' })
  detail!: object;
}
