import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config.js';
import { App } from '../apps/app.entity.js';
import { Release } from '../apps/release.entity.js';
import { ApiToken } from '../auth/api-token.entity.js';
import { Session } from '../auth/session.entity.js';
import { User } from '../auth/user.entity.js';
import { DeploymentTarget } from '../deployments/deployment-target.entity.js';
import { Deployment } from '../deployments/deployment.entity.js';
import { Device } from '../devices/device.entity.js';
import { EnrollmentToken } from '../enrollment/enrollment-token.entity.js';
import { DeviceEvent } from '../telemetry/device-event.entity.js';
import { TelemetrySample } from '../telemetry/telemetry-sample.entity.js';
import { CreateDevices1763856000000 } from './migrations/1763856000000-create-devices.js';
import { FleetSchema1763942400000 } from './migrations/1763942400000-fleet-schema.js';
import { Auth1763942500000 } from './migrations/1763942500000-auth.js';
import { DeviceListIndexes1763960000000 } from './migrations/1763960000000-device-list-indexes.js';
import { DesiredAt1764000000000 } from './migrations/1764000000000-desired-at.js';
import { EventGapIndex1764100000000 } from './migrations/1764100000000-event-gap-index.js';
import { DeploymentProgressIndex1764200000000 } from './migrations/1764200000000-deployment-progress-index.js';

/** Every entity the controller maps; listed explicitly so builds and tests see the same set. */
export const ENTITIES = [Device, EnrollmentToken, App, Release, Deployment, DeploymentTarget, DeviceEvent, TelemetrySample, User, Session, ApiToken];

/** Every migration, oldest first. The schema changes only through these (never `synchronize`). */
export const MIGRATIONS = [CreateDevices1763856000000, FleetSchema1763942400000, Auth1763942500000, DeviceListIndexes1763960000000, DesiredAt1764000000000, EventGapIndex1764100000000, DeploymentProgressIndex1764200000000];

/** SQLite's page cache, KiB. */
const SQLITE_CACHE_KIB = 128 * 1024;
/** WAL pages after which a commit checkpoints, unless the checkpoint thread runs (`WalCheckpoints`). */
export const SQLITE_CHECKPOINT_PAGES = 16_384;
/**
 * The WAL file kept on disk after a checkpoint, bytes. Commits past the end of the file
 * extend it, and each frame written there has the filesystem allocate and zero new blocks
 * on the committing thread (a 10,000-gateway fan-out writes ~250 MB of frames: 0.5 core-s
 * of it went to extending a file cut back to 64 MiB). Kept, the next burst writes into
 * blocks the file already has, as PostgreSQL recycles its WAL segments.
 */
const SQLITE_WAL_KEEP_BYTES = 512 * 1024 * 1024;

/** TypeORM options for the configured database; migrations run on every start (each runs once). */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    // One transaction per migration, so a failed one leaves the earlier ones applied.
    migrationsTransactionMode: 'each',
    synchronize: false,
  } as const;
  switch (database.type) {
    case 'sqlite':
      return {
        ...common,
        type: 'better-sqlite3',
        database: database.path,
        // WAL lets readers run beside the writer, and with synchronous=NORMAL a commit is an
        // append without fsync (checkpoints sync): a power cut may lose the last commits but
        // never corrupts the file. Every report and ack of the fleet is a commit; at FULL
        // each one waited for the disk.
        enableWAL: true,
        prepareDatabase: (db: { pragma(source: string): unknown }) => {
          db.pragma('synchronous = NORMAL');
          // SQLite's default page cache is 2 MiB; a fleet's devices table (desired and reported
          // documents, a few KiB a gateway) is tens of MiB, and with the default every batch
          // re-read its pages from the OS. The cache holds up to this much, only as it fills.
          db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
          db.pragma(`wal_autocheckpoint = ${SQLITE_CHECKPOINT_PAGES}`);
          // A checkpoint leaves the WAL file at its largest size; past this it is truncated.
          db.pragma(`journal_size_limit = ${SQLITE_WAL_KEEP_BYTES}`);
        },
      };
    case 'postgres':
      return { ...common, type: 'postgres', url: database.url };
  }
}
