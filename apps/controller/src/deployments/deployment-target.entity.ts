import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Where one gateway is with one deployment. `pending`: selected, its wave not admitted
 * yet; `targeted`: in a desired state sent to it; `acked`: the gateway stored that state;
 * `converged`: the release runs healthy there; `failed`: refused, or did not become
 * healthy; `rolled-back`: the gateway went back to its last good release by itself;
 * `superseded`: a higher-priority deployment of the same app wins on this gateway.
 */
export const TARGET_STATUSES = ['pending', 'targeted', 'acked', 'converged', 'failed', 'rolled-back', 'superseded'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

@Entity({ name: 'deployment_targets' })
@Index('idx_deployment_targets_device', ['deviceId'])
@Index('idx_deployment_targets_progress', ['deploymentId', 'wave', 'status'])
export class DeploymentTarget {
  @PrimaryColumn({ name: 'deployment_id', type: 'varchar', length: 36 })
  deploymentId!: string;

  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 63 })
  deviceId!: string;

  /** The wave this gateway belongs to (1-based). */
  @Column({ type: 'integer' })
  wave!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: TargetStatus;

  /** The first desired version that carried this deployment's release to the gateway. */
  @Column({ name: 'desired_version', type: 'integer', nullable: true })
  desiredVersion!: number | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  reason!: string | null;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
