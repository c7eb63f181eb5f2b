import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** How a deployment reaches the gateways it selects. */
export type RolloutStrategy =
  | { type: 'all-at-once' }
  | {
      type: 'waves';
      /** Gateways per wave: a count, or a percentage of the selected fleet (rounded up). */
      waveSize: { count: number } | { percent: number };
      /** Wait this long after a wave settles before starting the next. */
      pauseMs: number;
      /** Halt the rollout when more than this percentage of a wave failed. */
      failureThresholdPercent: number;
    };

/**
 * Where the rollout is. `rolling`: waves are being admitted; `paused`: by a person, no new
 * waves; `halted`: a wave passed its failure threshold; `complete`: every selected gateway
 * is admitted (gateways that match later are admitted at once); `rolled-back`: withdrawn,
 * gateways return to what they ran before.
 */
export const ROLLOUT_PHASES = ['rolling', 'paused', 'halted', 'complete', 'rolled-back'] as const;
export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];

/** Release R of app A to the gateways matching a selector, with a priority and a strategy. */
@Entity({ name: 'deployments' })
@Index('idx_deployments_app', ['appId'])
export class Deployment {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'app_id', type: 'varchar', length: 63 })
  appId!: string;

  @Column({ name: 'release_id', type: 'varchar', length: 128 })
  releaseId!: string;

  /** The label selector as written (`site=berlin,tier in (a,b)`); parsed with `parseSelector`. */
  @Column({ type: 'varchar', length: 1024 })
  selector!: string;

  @Column({ type: 'integer' })
  priority!: number;

  @Column({ type: 'simple-json' })
  strategy!: RolloutStrategy;

  @Column({ name: 'healthy_within_ms', type: 'integer', nullable: true })
  healthyWithinMs!: number | null;

  @Column({ type: 'varchar', length: 16 })
  phase!: RolloutPhase;

  /** Number of the newest admitted wave (1-based); 0 before the first. */
  @Column({ name: 'current_wave', type: 'integer', default: 0 })
  currentWave!: number;

  @Column({ name: 'phase_reason', type: 'varchar', length: 1024, nullable: true })
  phaseReason!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;

  /** Bumped by every write; writers compare it so two replicas never advance one rollout twice. */
  @Column({ name: 'row_version', type: 'integer', default: 1 })
  rowVersion!: number;
}
