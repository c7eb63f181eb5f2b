import type { DeviceSort, DeviceSortField, DeviceView } from '@/api/devices';
import { GatewayRow } from './gateway-row';
import { SortHeader } from './sort-header';

interface FleetTableProps {
  devices: readonly DeviceView[];
  sort: DeviceSort;
  onSort: (field: DeviceSortField) => void;
  now: number;
  isLoading: boolean;
}

/** The gateways of one page; headers of sortable columns are buttons. */
export function FleetTable({ devices, sort, onSort, now, isLoading }: FleetTableProps) {
  return (
    <div className="table-wrap">
      <table className="fl-table" aria-busy={isLoading}>
        <caption className="visually-hidden">Gateways of the fleet</caption>
        <thead>
          <tr>
            <SortHeader label="Gateway" field="name" sort={sort} onSort={onSort} />
            <SortHeader label="Status" field="status" sort={sort} onSort={onSort} />
            <SortHeader label="Last seen" field="lastSeen" sort={sort} onSort={onSort} />
            <th scope="col">Labels</th>
            <th scope="col">Agent</th>
            <th scope="col">Apps</th>
            <th scope="col">Use of allocatable</th>
            <SortHeader label="Enrolled" field="created" sort={sort} onSort={onSort} className="fl-optional" />
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <GatewayRow key={device.id} device={device} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
