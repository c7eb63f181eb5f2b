import { contentHash, type Issue } from '@gantry/app-spec';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { z } from 'zod';
import { DeploymentTarget } from '../deployments/deployment-target.entity.js';
import { Deployment } from '../deployments/deployment.entity.js';
import { DomainError, DomainErrorCode } from '../domain-error.js';
import { FleetWriter } from '../database/fleet-writer.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { App } from './app.entity.js';
import type { AppPatch, DeletedApp, ListAppsQuery, ListReleasesQuery, NewApp, NewRelease } from './apps.schemas.js';
import { diffManifests, unifiedManifestDiff, type ManifestChange } from './manifest-diff.js';
import { readManifest } from './read-manifest.js';
import { Release } from './release.entity.js';

/** An app with what its list entry shows of its releases. */
export interface AppSummary {
  app: App;
  releaseCount: number;
  /** Version of the newest release; null before the first. */
  latestVersion: number | null;
}

/** The outcome of cutting a release: the release, or why the manifest cannot be released. */
export type CutOutcome =
  | { ok: true; release: Release; isCreated: boolean; warnings: Issue[] }
  | { ok: false; issues: Issue[]; hint?: string };

/** What changed from one release of an app to another. */
export interface ReleaseDiff {
  from: string;
  to: string;
  changes: ManifestChange[];
  unifiedDiff: string;
}

/** Release ids are derived, so a version is enough to name one. */
export const releaseId = (appId: string, version: number): string => `${appId}@${version}`;

// COUNT and MAX come back as strings from PostgreSQL and as numbers from SQLite.
const ReleaseStatsRowSchema = z.object({ appId: z.string(), count: z.coerce.number(), latest: z.coerce.number() });

// Two replicas cutting releases of one app at once each retry after the other; this many
// lost races in a row means something is hammering the app.
const MAX_VERSION_ATTEMPTS = 10;

/** Apps and their immutable releases. */
@Injectable()
export class AppsService {
  constructor(
    @InjectRepository(App) private readonly apps: Repository<App>,
    @InjectRepository(Release) private readonly releases: Repository<Release>,
    @Inject(FleetEvents) private readonly events: FleetEvents,
    @Inject(FleetWriter) private readonly writer: FleetWriter,
  ) {}

  async create(input: NewApp, now: Date = new Date()): Promise<AppSummary> {
    const conflict = () => new DomainError(DomainErrorCode.AppAlreadyExists, `an app with id "${input.id}" already exists; pick another id or cut a release of it`);
    if (await this.apps.existsBy({ id: input.id })) throw conflict();
    try {
      await this.apps.insert({ id: input.id, description: input.description, nextReleaseVersion: 1, createdAt: now });
    } catch (error) {
      // Another replica created it between the check and the insert.
      if (await this.apps.existsBy({ id: input.id })) throw conflict();
      throw error;
    }
    this.events.emit({ type: 'app.changed', appId: input.id });
    return this.get(input.id);
  }

  async get(id: string): Promise<AppSummary> {
    const app = await this.findApp(id);
    const [summary] = await this.summarize([app]);
    return summary ?? { app, releaseCount: 0, latestVersion: null };
  }

  async list(query: ListAppsQuery): Promise<{ items: AppSummary[]; nextCursor: string | null }> {
    const builder = this.apps.createQueryBuilder('app').orderBy('app.id', 'ASC').take(query.limit + 1);
    if (query.cursor !== undefined) builder.andWhere('app.id > :cursor', { cursor: query.cursor });
    const rows = await builder.getMany();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { items: await this.summarize(page), nextCursor: rows.length > query.limit && last !== undefined ? last.id : null };
  }

  async update(id: string, patch: AppPatch): Promise<AppSummary> {
    const app = await this.findApp(id);
    await this.apps.update({ id }, { description: patch.description });
    this.events.emit({ type: 'app.changed', appId: app.id });
    return this.get(id);
  }

  /** Deletes the app, its releases and its deployments with their targets, all or nothing. */
  async delete(id: string): Promise<DeletedApp> {
    const deleted = await this.writer.run(async (manager) => {
      if (!(await manager.existsBy(App, { id }))) throw this.appNotFound(id);
      await manager
        .createQueryBuilder()
        .delete()
        .from(DeploymentTarget)
        .where('deployment_id IN (SELECT id FROM deployments WHERE app_id = :id)', { id })
        .execute();
      const deployments = await manager.delete(Deployment, { appId: id });
      const releases = await manager.delete(Release, { appId: id });
      await manager.delete(App, { id });
      return { appId: id, releasesDeleted: releases.affected ?? 0, deploymentsDeleted: deployments.affected ?? 0 };
    });
    this.events.emit({ type: 'app.deleted', appId: id });
    return deleted;
  }

  /**
   * Reads the manifest and cuts release `<appId>@<next version>` of it, unless its content
   * hash equals the latest release's: then that release is the answer and nothing is cut.
   * An invalid manifest creates nothing.
   */
  async cutRelease(appId: string, input: NewRelease, now: Date = new Date()): Promise<CutOutcome> {
    await this.findApp(appId);
    const reading = readManifest(appId, input.manifest, input.format);
    if (!reading.ok) return reading;
    const hash = contentHash(reading.spec);
    for (let attempt = 0; attempt < MAX_VERSION_ATTEMPTS; attempt++) {
      const { nextReleaseVersion: version } = await this.findApp(appId);
      const latest = await this.releases.findOneBy({ appId, version: version - 1 });
      if (latest !== null && latest.contentHash === hash) return { ok: true, release: latest, isCreated: false, warnings: reading.warnings };
      const release = this.releases.create({
        id: releaseId(appId, version),
        appId,
        version,
        manifest: reading.spec,
        source: input.manifest,
        sourceFormat: input.format,
        contentHash: hash,
        notes: input.notes,
        createdAt: now,
      });
      if (await this.claimVersion(appId, version, release)) {
        this.events.emit({ type: 'app.changed', appId });
        return { ok: true, release, isCreated: true, warnings: reading.warnings };
      }
    }
    throw new DomainError(DomainErrorCode.ReleaseContention, `releases of app "${appId}" are being cut faster than they can be numbered; try again`);
  }

  async listReleases(appId: string, query: ListReleasesQuery): Promise<{ items: Release[]; nextCursor: number | null }> {
    await this.findApp(appId);
    const builder = this.releases
      .createQueryBuilder('release')
      .where('release.appId = :appId', { appId })
      .orderBy('release.version', 'DESC')
      .take(query.limit + 1);
    if (query.cursor !== undefined) builder.andWhere('release.version < :cursor', { cursor: query.cursor });
    const rows = await builder.getMany();
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last !== undefined ? last.version : null };
  }

  async getReleaseByVersion(appId: string, version: number): Promise<Release> {
    const release = await this.releases.findOneBy({ appId, version });
    if (release !== null) return release;
    await this.findApp(appId);
    throw new DomainError(
      DomainErrorCode.ReleaseNotFound,
      `app "${appId}" has no release ${version}; list its releases with GET /api/v1/apps/${appId}/releases`,
    );
  }

  /** A release by its id (`thermo@3`), in the shape the desired-state compiler takes. */
  async getRelease(id: string): Promise<Release> {
    const release = await this.releases.findOneBy({ id });
    if (release === null) throw new DomainError(DomainErrorCode.ReleaseNotFound, `no release with id "${id}" exists`);
    return release;
  }

  /** The releases among `ids` that exist, in the shape the desired-state compiler takes. */
  async releasesByIds(ids: readonly string[]): Promise<Release[]> {
    if (ids.length === 0) return [];
    return this.releases.findBy({ id: In([...new Set(ids)]) });
  }

  /** How release `version` differs from release `against` of the same app. */
  async diff(appId: string, version: number, against: number): Promise<ReleaseDiff> {
    const to = await this.getReleaseByVersion(appId, version);
    const from = await this.getReleaseByVersion(appId, against);
    return {
      from: from.id,
      to: to.id,
      changes: diffManifests(from.manifest, to.manifest),
      unifiedDiff: unifiedManifestDiff(from.id, from.manifest, to.id, to.manifest),
    };
  }

  /**
   * Takes `version` for `release` by moving the app's counter past it only if no one else
   * did first, and inserts the release in the same transaction. On PostgreSQL a racing
   * replica's update waits for ours and then matches no row; the unique (app, version)
   * index is the last guard. False when another release took the version.
   */
  private async claimVersion(appId: string, version: number, release: Release): Promise<boolean> {
    return this.writer.run(async (manager) => {
      const claimed = await manager.update(App, { id: appId, nextReleaseVersion: version }, { nextReleaseVersion: version + 1 });
      if (claimed.affected !== 1) return false;
      await manager.insert(Release, release);
      return true;
    });
  }

  private async findApp(id: string): Promise<App> {
    const app = await this.apps.findOneBy({ id });
    if (app === null) throw this.appNotFound(id);
    return app;
  }

  private appNotFound(id: string): DomainError {
    return new DomainError(DomainErrorCode.AppNotFound, `no app with id "${id}" exists; list apps with GET /api/v1/apps or create it with POST /api/v1/apps`);
  }

  private async summarize(apps: App[]): Promise<AppSummary[]> {
    if (apps.length === 0) return [];
    const raw: unknown[] = await this.releases
      .createQueryBuilder('release')
      .select('release.appId', 'appId')
      .addSelect('COUNT(*)', 'count')
      .addSelect('MAX(release.version)', 'latest')
      .where('release.appId IN (:...ids)', { ids: apps.map((app) => app.id) })
      .groupBy('release.appId')
      .getRawMany();
    const stats = new Map(raw.map((row) => ReleaseStatsRowSchema.parse(row)).map((row) => [row.appId, row]));
    return apps.map((app) => {
      const row = stats.get(app.id);
      return { app, releaseCount: row?.count ?? 0, latestVersion: row?.latest ?? null };
    });
  }
}
