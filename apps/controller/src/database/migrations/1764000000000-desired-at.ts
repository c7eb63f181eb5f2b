import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** When each gateway's desired version was stored, so the republisher gives a gateway time to ack it first. */
export class DesiredAt1764000000000 implements MigrationInterface {
  readonly name = 'DesiredAt1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.addColumn('devices', new TableColumn({ name: 'desired_at', type: instant, isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('devices', 'desired_at');
  }
}
