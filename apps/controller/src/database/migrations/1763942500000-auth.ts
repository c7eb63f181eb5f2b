import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Users, their login sessions and their API tokens. */
export class Auth1763942500000 implements MigrationInterface {
  readonly name = 'Auth1763942500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const ownedByUser = () => new TableForeignKey({ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' });

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'username', type: 'varchar', length: '64', isUnique: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'created_at', type: instant },
          { name: 'last_login_at', type: instant, isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'created_at', type: instant },
          { name: 'expires_at', type: instant },
        ],
        foreignKeys: [ownedByUser()],
        // Expired sessions are deleted by expiry; the index keeps that cheap.
        indices: [new TableIndex({ name: 'idx_sessions_expires_at', columnNames: ['expires_at'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'created_at', type: instant },
          { name: 'expires_at', type: instant, isNullable: true },
          { name: 'last_used_at', type: instant, isNullable: true },
        ],
        foreignKeys: [ownedByUser()],
        indices: [new TableIndex({ name: 'idx_api_tokens_user_id', columnNames: ['user_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_tokens');
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('users');
  }
}
