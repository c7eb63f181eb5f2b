import { parseSelector } from '@gantry/fleet';
import { AppIdSchema, DeviceIdSchema, ReleaseIdSchema } from '@gantry/protocol';
import { z } from 'zod';
import { TARGET_STATUSES } from './deployment-target.entity.js';
import { ROLLOUT_PHASES } from './deployment.entity.js';
import { RolloutStrategySchema } from './rollout-strategy.js';

/*
 * What the deployments API accepts and answers. Requests are parsed with these schemas;
 * responses are built to them and documented from them.
 */

/** A label selector as text (`site=berlin,tier in (edge,core)`); refused with the parser's own words. */
export const SelectorTextSchema = z
  .string()
  .max(1024)
  .superRefine((text, context) => {
    const parsed = parseSelector(text);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error.message });
  });

/** Body of `POST /deployments`. */
export const NewDeploymentSchema = z.strictObject({
  appId: AppIdSchema,
  releaseId: ReleaseIdSchema,
  selector: SelectorTextSchema,
  /** A higher priority deployment of the same app wins on the gateways both select. */
  priority: z.int().min(-1_000_000).max(1_000_000).default(0),
  strategy: RolloutStrategySchema.default({ type: 'all-at-once' }),
  /** How long the release may take to become healthy before the agent rolls back. */
  healthyWithinMs: z.int().min(1_000).max(86_400_000).optional(),
});
export type NewDeployment = z.output<typeof NewDeploymentSchema>;

const LimitSchema = z.coerce.number().int().min(1).max(500).default(50);

/** Where a page of deployments ends: newest first, so the creation time and id of the last one. */
const DeploymentCursorSchema = z.string().transform((text, context) => {
  const separator = text.indexOf('_');
  const at = new Date(text.slice(0, separator));
  const id = text.slice(separator + 1);
  if (separator === -1 || Number.isNaN(at.getTime()) || !z.uuid().safeParse(id).success) {
    context.addIssue({ code: 'custom', message: 'must be the nextCursor of a previous page' });
    return z.NEVER;
  }
  return { createdAt: at, id };
});
export type DeploymentCursor = z.output<typeof DeploymentCursorSchema>;

export const formatDeploymentCursor = (cursor: DeploymentCursor): string => `${cursor.createdAt.toISOString()}_${cursor.id}`;

/** Query of `GET /deployments`: newest first, optionally of one app or in one phase. */
export const ListDeploymentsQuerySchema = z.strictObject({
  appId: z.optional(AppIdSchema),
  phase: z.enum(ROLLOUT_PHASES).optional(),
  limit: LimitSchema,
  cursor: DeploymentCursorSchema.optional(),
});
export type ListDeploymentsQuery = z.output<typeof ListDeploymentsQuerySchema>;

/** Query of `GET /deployments/:id/targets`: gateways in id order, optionally of one status or wave. */
export const ListTargetsQuerySchema = z.strictObject({
  status: z.enum(TARGET_STATUSES).optional(),
  wave: z.coerce.number().int().min(1).optional(),
  limit: LimitSchema,
  /** The `nextCursor` of the previous page: the last gateway id seen. */
  cursor: z.optional(DeviceIdSchema),
});
export type ListTargetsQuery = z.output<typeof ListTargetsQuerySchema>;

/** Query of `GET /deployments/preview`. */
export const PreviewQuerySchema = z.strictObject({
  selector: SelectorTextSchema,
  /** How many of the matching gateway ids to list. */
  limit: z.coerce.number().int().min(0).max(100).default(10),
});
export type PreviewQuery = z.output<typeof PreviewQuerySchema>;

/** A deployment id in a path. */
export const DeploymentIdSchema = z.uuid({ error: 'must be a deployment id (a UUID)' });

const count = z.int().nonnegative();

/** Gateways per rollout status. */
export const TargetTotalsSchema = z.object({
  pending: count,
  targeted: count,
  acked: count,
  converged: count,
  failed: count,
  'rolled-back': count,
  superseded: count,
}) satisfies z.ZodType<Record<(typeof TARGET_STATUSES)[number], number>>;

/** A deployment as the API shows it. */
export const DeploymentViewSchema = z.object({
  id: z.string(),
  appId: z.string(),
  releaseId: z.string(),
  selector: z.string(),
  priority: z.int(),
  strategy: RolloutStrategySchema,
  healthyWithinMs: z.int().nullable(),
  phase: z.enum(ROLLOUT_PHASES),
  /** Why the rollout is halted (the failure figures), when it is. */
  phaseReason: z.string().nullable(),
  /** The newest admitted wave (1-based). */
  currentWave: z.int(),
  /** How many waves the selected gateways were split into. */
  waveCount: z.int(),
  total: count,
  totals: TargetTotalsSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type DeploymentView = z.infer<typeof DeploymentViewSchema>;

/** One deployment with its totals per wave. */
export const DeploymentDetailSchema = DeploymentViewSchema.extend({
  waves: z.array(z.object({ wave: z.int(), totals: TargetTotalsSchema })),
});
export type DeploymentDetail = z.infer<typeof DeploymentDetailSchema>;

export const DeploymentPageSchema = z.object({ items: z.array(DeploymentViewSchema), nextCursor: z.string().nullable() });
export type DeploymentPage = z.infer<typeof DeploymentPageSchema>;

/** Where one gateway is with a deployment. */
export const TargetViewSchema = z.object({
  deviceId: z.string(),
  wave: z.int(),
  status: z.enum(TARGET_STATUSES),
  desiredVersion: z.int().nullable(),
  reason: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type TargetView = z.infer<typeof TargetViewSchema>;

export const TargetPageSchema = z.object({ items: z.array(TargetViewSchema), nextCursor: z.string().nullable() });
export type TargetPage = z.infer<typeof TargetPageSchema>;

/** How many gateways a selector matches now, and the first few of them. */
export const PreviewSchema = z.object({ selector: z.string(), count, deviceIds: z.array(z.string()) });
export type Preview = z.infer<typeof PreviewSchema>;
