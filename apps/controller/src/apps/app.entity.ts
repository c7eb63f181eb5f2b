import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An app: a name under which immutable releases are cut and deployed. */
@Entity({ name: 'apps' })
export class App {
  /** Matches `APP_ID_PATTERN` of `@gantry/protocol`; also the manifest's `name`. */
  @PrimaryColumn({ type: 'varchar', length: 63 })
  id!: string;

  @Column({ type: 'varchar', length: 1024, default: '' })
  description!: string;

  /** Version number the next release gets (1, 2, 3...). */
  @Column({ name: 'next_release_version', type: 'integer', default: 1 })
  nextReleaseVersion!: number;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
