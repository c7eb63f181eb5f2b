import type { DeviceDetailView } from '@/api/devices';
import { StatusBadge } from '@/components/status-badge';
import { UsageMeter } from '@/components/usage-meter';
import { formatBytes, formatCpus } from '@/lib/format';

/** The gateway's capacity and use now, and how far it got with its newest target. */
export function ResourcesCard({ device }: { device: DeviceDetailView }) {
  const capacity = device.reported?.gateway.capacity;
  const target = device.reported?.target;
  return (
    <section className="card" aria-labelledby="resources-heading">
      <h2 id="resources-heading">Resources and target</h2>
      <dl className="gw-facts">
        <dt>Memory</dt>
        <dd>
          <UsageMeter label="Memory in use of allocatable" used={device.usage?.memoryBytes} total={device.allocatable?.memoryBytes} format={formatBytes} />
        </dd>
        <dt>CPU</dt>
        <dd>
          <UsageMeter label="CPU in use of allocatable" used={device.usage?.cpuNanoCpus} total={device.allocatable?.nanoCpus} format={formatCpus} />
        </dd>
        <dt>Allocatable</dt>
        <dd>
          {device.allocatable === null ? '—' : `${formatBytes(device.allocatable.memoryBytes)}, ${formatCpus(device.allocatable.nanoCpus)}`}
          {capacity === undefined ? null : <span className="muted"> of {`${formatBytes(capacity.memoryBytes)}, ${formatCpus(capacity.nanoCpus)}`}</span>}
        </dd>
        <dt>Desired</dt>
        <dd>
          version {device.desired.version}, acked {device.desired.ackedVersion}{' '}
          {device.desired.ackedVersion < device.desired.version ? <StatusBadge status="pending" title="The gateway has not stored the newest target yet" /> : null}
        </dd>
        <dt>Target</dt>
        <dd>
          {target === undefined ? (
            <span className="muted">no report yet</span>
          ) : (
            <>
              <StatusBadge status={target.state} /> <span className="muted">version {target.version}</span>
              {target.reason === undefined ? null : <p className="gw-reason">{target.reason}</p>}
            </>
          )}
        </dd>
      </dl>
    </section>
  );
}
