import Link from 'next/link';
import { releaseVersion, type DeploymentDetail } from '@/api/deployments';
import { absoluteTime, relativeTime } from '@/lib/format';
import { describeStrategy, formatPause } from './strategy-form';

/** What the deployment is: app, release, selector, priority, strategy. */
export function RolloutFacts({ deployment }: { deployment: DeploymentDetail }) {
  const version = releaseVersion(deployment.releaseId);
  return (
    <dl className="deploy-facts">
      <div>
        <dt>App</dt>
        <dd>
          <Link href={`/apps/${encodeURIComponent(deployment.appId)}`}>{deployment.appId}</Link>
        </dd>
      </div>
      <div>
        <dt>Release</dt>
        <dd>
          <span className="label-chip">{version}</span>
        </dd>
      </div>
      <div>
        <dt>Selector</dt>
        <dd>{deployment.selector === '' ? <span className="muted">every gateway</span> : <code>{deployment.selector}</code>}</dd>
      </div>
      <div>
        <dt>Priority</dt>
        <dd>{deployment.priority}</dd>
      </div>
      <div className="deploy-fact-wide">
        <dt>Strategy</dt>
        <dd>{describeStrategy(deployment.strategy)}</dd>
      </div>
      <div>
        <dt>Healthy within</dt>
        <dd>{deployment.healthyWithinMs === null ? <span className="muted">gateway default</span> : formatPause(deployment.healthyWithinMs)}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd title={absoluteTime(deployment.createdAt)}>{relativeTime(deployment.createdAt)}</dd>
      </div>
    </dl>
  );
}
