import type { DataSource, Logger } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteFile, type SqliteFile } from '../../test/sqlite-file.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { Metrics } from '../metrics/metrics.js';
import { DeploymentProgress } from './deployment-progress.js';
import { DeploymentTarget, type TargetStatus } from './deployment-target.entity.js';
import { Deployment } from './deployment.entity.js';

const DEPLOYMENT = '00000000-0000-4000-8000-000000000001';

describe('DeploymentProgress on SQLite', () => {
  let file: SqliteFile;
  let dataSource: DataSource;
  const queries: { sql: string; parameters: unknown[] }[] = [];
  const recorder: Logger = {
    logQuery: (sql, parameters) => void queries.push({ sql, parameters: Array.isArray(parameters) ? parameters : [] }),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };

  beforeEach(async () => {
    file = await openSqliteFile('progress', recorder);
    dataSource = file.dataSource;
    const statuses: TargetStatus[] = ['targeted', 'acked', 'converged', 'converged', 'failed'];
    const rows = Array.from({ length: 40 }, (_, index) => ({
      deploymentId: DEPLOYMENT,
      deviceId: `gw-${index}`,
      wave: index < 10 ? 1 : 2,
      status: index < 10 ? (statuses[index % statuses.length] ?? 'targeted') : 'pending',
      desiredVersion: null,
      reason: null,
      updatedAt: new Date('2026-11-23T10:00:00Z'),
    }));
    await dataSource.getRepository(DeploymentTarget).insert(rows);
    queries.length = 0;
  });

  afterEach(async () => {
    await file.close();
  });

  it('counts a deployment per wave and status from the progress index alone', async () => {
    const progress = new DeploymentProgress(dataSource.getRepository(Deployment), dataSource.getRepository(DeploymentTarget), new FleetEvents(), new Metrics());
    const totals = await progress.totals(DEPLOYMENT);
    expect(totals.totals).toMatchObject({ pending: 30, targeted: 2, acked: 2, converged: 4, failed: 2 });
    expect(totals.waves.map(({ wave, totals: { pending, converged } }) => ({ wave, pending, converged }))).toEqual([
      { wave: 1, pending: 0, converged: 4 },
      { wave: 2, pending: 30, converged: 0 },
    ]);
    const [count] = queries.filter(({ sql }) => sql.includes('COUNT(*)'));
    if (count === undefined) throw new Error('no count query ran');
    const plan: { detail: string }[] = await dataSource.query(`EXPLAIN QUERY PLAN ${count.sql}`, count.parameters);
    expect(plan.map((step) => step.detail).join(' | ')).toContain('USING COVERING INDEX idx_deployment_targets_progress');
  });
});
