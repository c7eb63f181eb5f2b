import type { AppSpec } from '@gantry/app-spec';
import type { Release as FleetRelease } from '@gantry/fleet';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** How the release's manifest was written. */
export const MANIFEST_FORMATS = ['gantry', 'compose'] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

/**
 * An immutable release of an app: a validated, normalised manifest and its content hash.
 * It is also the desired-state compiler's `Release`, so rows go to the compiler as they are.
 */
@Entity({ name: 'releases' })
@Index('idx_releases_app_version', ['appId', 'version'], { unique: true })
export class Release implements FleetRelease {
  /** `<appId>@<version>`, e.g. `thermo@3`; matches `RELEASE_ID_PATTERN`. */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Column({ name: 'app_id', type: 'varchar', length: 63 })
  appId!: string;

  @Column({ type: 'integer' })
  version!: number;

  /** The canonical manifest every gateway running this release gets. */
  @Column({ type: 'simple-json' })
  manifest!: AppSpec;

  /** The text the user sent (YAML, JSON or a compose file), kept for diffs and audits. */
  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'source_format', type: 'varchar', length: 16 })
  sourceFormat!: ManifestFormat;

  /** `contentHash` of the normalised manifest. */
  @Column({ name: 'content_hash', type: 'varchar', length: 80 })
  contentHash!: string;

  @Column({ type: 'varchar', length: 1024, default: '' })
  notes!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
