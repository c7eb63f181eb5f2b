import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const NAME = 'idx_deployment_targets_progress';

/**
 * A deployment's gateways per wave and status, from the index alone: the rollout's tick and
 * the progress announcements count them several times a second during a rollout, and
 * without it each count read every row of the deployment from the table.
 */
export class DeploymentProgressIndex1764200000000 implements MigrationInterface {
  readonly name = 'DeploymentProgressIndex1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('deployment_targets', new TableIndex({ name: NAME, columnNames: ['deployment_id', 'wave', 'status'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('deployment_targets', NAME);
  }
}
