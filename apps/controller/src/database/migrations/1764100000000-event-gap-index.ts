import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const NAME = 'idx_device_events_gaps';

/**
 * The gap rows of a gateway up to a sequence number, as an index range: without it, finding
 * them walked every event the gateway ever sent, for every batch of events it sends.
 */
export class EventGapIndex1764100000000 implements MigrationInterface {
  readonly name = 'EventGapIndex1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('device_events', new TableIndex({ name: NAME, columnNames: ['device_id', 'seq'], where: "type = 'gap'" }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('device_events', NAME);
  }
}
