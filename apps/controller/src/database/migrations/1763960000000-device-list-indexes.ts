import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Each list order is its field then the id (the tie-break), so one index serves it whole,
// in both directions; the status index also serves the status filter.
const INDEXES: Record<string, string[]> = {
  idx_devices_name_id: ['name', 'id'],
  idx_devices_created_at_id: ['created_at', 'id'],
  idx_devices_status_id: ['status', 'id'],
};
const LAST_SEEN_INDEX = 'idx_devices_last_seen_at_id';

/** Indexes for the orders of `GET /devices`, so a page of a large fleet needs no full sort. */
export class DeviceListIndexes1763960000000 implements MigrationInterface {
  readonly name = 'DeviceListIndexes1763960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndices('devices', Object.entries(INDEXES).map(([name, columnNames]) => new TableIndex({ name, columnNames })));
    // The list puts never-seen gateways (null) first ascending and last descending. SQLite
    // sorts nulls first anyway; PostgreSQL sorts them last unless the index says otherwise.
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await queryRunner.query(`CREATE INDEX "${LAST_SEEN_INDEX}" ON "devices" ("last_seen_at" ASC NULLS FIRST, "id" ASC)`);
    } else {
      await queryRunner.createIndex('devices', new TableIndex({ name: LAST_SEEN_INDEX, columnNames: ['last_seen_at', 'id'] }));
    }
    // Superseded by idx_devices_status_id, which starts with the same column.
    await queryRunner.dropIndex('devices', 'idx_devices_status');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('devices', new TableIndex({ name: 'idx_devices_status', columnNames: ['status'] }));
    for (const name of [...Object.keys(INDEXES), LAST_SEEN_INDEX]) await queryRunner.dropIndex('devices', name);
  }
}
