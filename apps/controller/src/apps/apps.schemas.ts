import { AppSpecSchema } from '@gantry/app-spec';
import { AppIdSchema, ReleaseIdSchema } from '@gantry/protocol';
import { z } from 'zod';
import { MANIFEST_FORMATS } from './release.entity.js';

/*
 * What the apps API accepts and answers. Requests are parsed with these schemas; responses
 * are built to them and documented from them, so the OpenAPI document cannot drift.
 */

const DescriptionSchema = z.string().max(1024);

/** Body of `POST /apps`. */
export const NewAppSchema = z.strictObject({
  id: AppIdSchema,
  description: DescriptionSchema.default(''),
});
export type NewApp = z.output<typeof NewAppSchema>;

/** Body of `PATCH /apps/:id`. */
export const AppPatchSchema = z.strictObject({ description: DescriptionSchema });
export type AppPatch = z.output<typeof AppPatchSchema>;

/** Query of `GET /apps`: keyset pagination by id. */
export const ListAppsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The `nextCursor` of the previous page: the last app id seen. */
  cursor: z.optional(AppIdSchema),
});
export type ListAppsQuery = z.output<typeof ListAppsQuerySchema>;

/** Query of `DELETE /apps/:id`: the app id again, so that a stray request cannot delete an app. */
export const DeleteAppQuerySchema = z.strictObject({
  confirm: z.string({ error: 'repeat the app id as ?confirm=<appId> to delete the app with its releases and deployments' }),
});

/** A release version as it appears in a path or query (`thermo@3` has version 3). */
export const ReleaseVersionSchema = z.coerce.number().int().min(1);

/**
 * Body of `POST /apps/:id/releases`. `format` says which reader the text goes to: `gantry`
 * (the default) is the native manifest, `compose` a docker-compose file. There is no
 * guessing: a native manifest with a typo must not be read as a compose file with a
 * warning. When a native manifest fails but the text imports as compose, the 400 says so.
 */
export const NewReleaseSchema = z.strictObject({
  manifest: z.string().min(1, 'the manifest text is empty').max(100_000),
  format: z.enum(MANIFEST_FORMATS).default('gantry'),
  notes: z.string().max(1024).default(''),
});
export type NewRelease = z.output<typeof NewReleaseSchema>;

/** Query of `GET /apps/:id/releases`: newest first, keyset pagination by version. */
export const ListReleasesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The `nextCursor` of the previous page: the oldest version seen. */
  cursor: ReleaseVersionSchema.optional(),
});
export type ListReleasesQuery = z.output<typeof ListReleasesQuerySchema>;

/** Query of `GET /apps/:id/releases/:version/diff`. */
export const DiffQuerySchema = z.strictObject({ against: ReleaseVersionSchema });

/** A manifest problem, with the line and column in the text that was sent. */
export const ManifestIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: z.int().optional(),
  column: z.int().optional(),
});

/** The 400 answer to a manifest that cannot be released. */
export const InvalidManifestSchema = z.object({
  error: z.literal('invalid-manifest'),
  message: z.string(),
  issues: z.array(ManifestIssueSchema),
});

const ReleaseRefSchema = z.object({ id: ReleaseIdSchema, version: z.int() });

/** An app as the API shows it. */
export const AppViewSchema = z.object({
  id: AppIdSchema,
  description: z.string(),
  createdAt: z.iso.datetime(),
  releaseCount: z.int(),
  latestRelease: ReleaseRefSchema.nullable(),
});
export type AppView = z.infer<typeof AppViewSchema>;

export const AppPageSchema = z.object({ items: z.array(AppViewSchema), nextCursor: z.nullable(AppIdSchema) });

/** A release without its manifest and source, as lists show it. */
export const ReleaseSummarySchema = z.object({
  id: ReleaseIdSchema,
  appId: AppIdSchema,
  version: z.int(),
  contentHash: z.string(),
  sourceFormat: z.enum(MANIFEST_FORMATS),
  notes: z.string(),
  createdAt: z.iso.datetime(),
});
export type ReleaseSummary = z.infer<typeof ReleaseSummarySchema>;

export const ReleasePageSchema = z.object({ items: z.array(ReleaseSummarySchema), nextCursor: z.int().nullable() });

/** A release in full: the canonical manifest gateways get and the text it was read from. */
export const ReleaseViewSchema = ReleaseSummarySchema.extend({
  manifest: AppSpecSchema,
  source: z.string(),
});
export type ReleaseView = z.infer<typeof ReleaseViewSchema>;

/** The answer to cutting a release: the new one (201), or the latest when nothing changed (200). */
export const CutReleaseSchema = ReleaseViewSchema.extend({
  created: z.boolean(),
  warnings: z.array(ManifestIssueSchema),
});

export const ReleaseDiffSchema = z.object({
  from: ReleaseIdSchema,
  to: ReleaseIdSchema,
  changes: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['added', 'removed', 'changed']),
      before: z.unknown().optional(),
      after: z.unknown().optional(),
    }),
  ),
  unifiedDiff: z.string(),
});

export const DeletedAppSchema = z.object({ appId: AppIdSchema, releasesDeleted: z.int(), deploymentsDeleted: z.int() });
export type DeletedApp = z.infer<typeof DeletedAppSchema>;
