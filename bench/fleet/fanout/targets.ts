// Every gateway's row of a deployment (`GET /api/v1/deployments/:id/targets`, page by page):
// its status, the desired version that carried the release, and when the status last changed
// (the controller's clock; for a converged row, when the report that converged it came in).
import { z } from 'zod';
import type { ControllerApi } from '../../controller/lib/controller-api.js';

const TargetPage = z.object({
  items: z.array(z.object({ deviceId: z.string(), status: z.string(), desiredVersion: z.number().nullable(), updatedAt: z.iso.datetime() })),
  nextCursor: z.string().nullable(),
});

export type DeploymentTargetRow = z.infer<typeof TargetPage>['items'][number];

export async function listTargets(api: ControllerApi, deploymentId: string): Promise<DeploymentTargetRow[]> {
  const rows: DeploymentTargetRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page: z.infer<typeof TargetPage> = await api.get(`/deployments/${deploymentId}/targets?limit=500${query}`, TargetPage);
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}
