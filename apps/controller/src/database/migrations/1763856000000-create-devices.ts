import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Creates the device registry: `devices` and `enrollment_tokens`. */
export class CreateDevices1763856000000 implements MigrationInterface {
  readonly name = 'CreateDevices1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The only type that differs between the two databases: an instant in time.
    const instant = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'devices',
        columns: [
          { name: 'id', type: 'varchar', length: '63', isPrimary: true },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'labels', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'last_seen_at', type: instant, isNullable: true },
          { name: 'agent_version', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_at', type: instant },
        ],
      }),
    );
    await queryRunner.createIndex('devices', new TableIndex({ name: 'idx_devices_status', columnNames: ['status'] }));
    await queryRunner.createTable(
      new Table({
        name: 'enrollment_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'expires_at', type: instant },
          { name: 'labels', type: 'text' },
          { name: 'used_at', type: instant, isNullable: true },
          { name: 'created_at', type: instant },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('enrollment_tokens');
    await queryRunner.dropTable('devices');
  }
}
