import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * Everything past the device registry: device credentials and state, apps and releases,
 * deployments and their per-gateway targets, events and telemetry.
 */
export class FleetSchema1763942400000 implements MigrationInterface {
  readonly name = 'FleetSchema1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const column = (name: string, type: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type, ...extra });
    const json = (name: string, extra: Partial<TableColumnOptions> = {}) => column(name, 'text', extra);
    const autoId = column('id', 'integer', { isPrimary: true, isGenerated: true, generationStrategy: 'increment' });

    await queryRunner.addColumns('devices', [
      new TableColumn(column('credential_hash', 'varchar', { length: '64', isNullable: true })),
      new TableColumn(column('revoked_at', instant, { isNullable: true })),
      new TableColumn(column('boot_id', 'varchar', { length: '36', isNullable: true })),
      new TableColumn(json('platform', { isNullable: true })),
      new TableColumn(json('allocatable', { isNullable: true })),
      new TableColumn(json('reported', { isNullable: true })),
      new TableColumn(column('reported_at', instant, { isNullable: true })),
      new TableColumn(column('desired_version', 'integer', { default: 0 })),
      new TableColumn(column('desired_hash', 'varchar', { length: '80', isNullable: true })),
      new TableColumn(json('desired', { isNullable: true })),
      new TableColumn(column('acked_version', 'integer', { default: 0 })),
      new TableColumn(column('last_event_seq', 'integer', { default: 0 })),
      new TableColumn(json('usage', { isNullable: true })),
    ]);

    await queryRunner.createTable(
      new Table({
        name: 'apps',
        columns: [
          column('id', 'varchar', { length: '63', isPrimary: true }),
          column('description', 'varchar', { length: '1024', default: "''" }),
          column('next_release_version', 'integer', { default: 1 }),
          column('created_at', instant),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'releases',
        columns: [
          column('id', 'varchar', { length: '128', isPrimary: true }),
          column('app_id', 'varchar', { length: '63' }),
          column('version', 'integer'),
          json('manifest'),
          column('source', 'text'),
          column('source_format', 'varchar', { length: '16' }),
          column('content_hash', 'varchar', { length: '80' }),
          column('notes', 'varchar', { length: '1024', default: "''" }),
          column('created_at', instant),
        ],
        indices: [{ name: 'idx_releases_app_version', columnNames: ['app_id', 'version'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'deployments',
        columns: [
          column('id', 'varchar', { length: '36', isPrimary: true }),
          column('app_id', 'varchar', { length: '63' }),
          column('release_id', 'varchar', { length: '128' }),
          column('selector', 'varchar', { length: '1024' }),
          column('priority', 'integer'),
          json('strategy'),
          column('healthy_within_ms', 'integer', { isNullable: true }),
          column('phase', 'varchar', { length: '16' }),
          column('current_wave', 'integer', { default: 0 }),
          column('phase_reason', 'varchar', { length: '1024', isNullable: true }),
          column('created_at', instant),
          column('updated_at', instant),
          column('row_version', 'integer', { default: 1 }),
        ],
        indices: [{ name: 'idx_deployments_app', columnNames: ['app_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'deployment_targets',
        columns: [
          column('deployment_id', 'varchar', { length: '36', isPrimary: true }),
          column('device_id', 'varchar', { length: '63', isPrimary: true }),
          column('wave', 'integer'),
          column('status', 'varchar', { length: '16' }),
          column('desired_version', 'integer', { isNullable: true }),
          column('reason', 'varchar', { length: '1024', isNullable: true }),
          column('updated_at', instant),
        ],
        indices: [{ name: 'idx_deployment_targets_device', columnNames: ['device_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'device_events',
        columns: [autoId, column('device_id', 'varchar', { length: '63' }), column('seq', 'integer'), column('type', 'varchar', { length: '64' }), column('at', instant), json('detail')],
        indices: [
          { name: 'idx_device_events_device_seq', columnNames: ['device_id', 'seq'] },
          { name: 'idx_device_events_at', columnNames: ['at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'telemetry_samples',
        columns: [{ ...autoId }, column('device_id', 'varchar', { length: '63' }), column('at', instant), json('sample')],
        indices: [{ name: 'idx_telemetry_device_at', columnNames: ['device_id', 'at'] }],
      }),
    );
    await queryRunner.addColumns('enrollment_tokens', [
      new TableColumn(column('used_by_device_id', 'varchar', { length: '63', isNullable: true })),
      new TableColumn(column('note', 'varchar', { length: '255', default: "''" })),
    ]);
    await queryRunner.createIndex('enrollment_tokens', new TableIndex({ name: 'idx_enrollment_tokens_expires', columnNames: ['expires_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('enrollment_tokens', 'idx_enrollment_tokens_expires');
    await queryRunner.dropColumn('enrollment_tokens', 'note');
    await queryRunner.dropColumn('enrollment_tokens', 'used_by_device_id');
    for (const table of ['telemetry_samples', 'device_events', 'deployment_targets', 'deployments', 'releases', 'apps']) await queryRunner.dropTable(table);
    for (const name of ['usage', 'last_event_seq', 'acked_version', 'desired', 'desired_hash', 'desired_version', 'reported_at', 'reported', 'allocatable', 'platform', 'boot_id', 'revoked_at', 'credential_hash']) {
      await queryRunner.dropColumn('devices', name);
    }
  }
}
