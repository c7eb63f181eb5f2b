import type { TelemetrySample as Sample } from '@gantry/protocol';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One resource sample of a gateway and its services. */
@Entity({ name: 'telemetry_samples' })
@Index('idx_telemetry_device_at', ['deviceId', 'at'])
export class TelemetrySample {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'device_id', type: 'varchar', length: 63 })
  deviceId!: string;

  @Column({ type: Date })
  at!: Date;

  @Column({ type: 'simple-json' })
  sample!: Sample;
}
