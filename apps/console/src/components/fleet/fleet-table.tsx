import type { DeviceSort, DeviceSortField, DeviceView } from '@/api/devices';
import { DataTable, type Column } from '@/components/data-table';
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
  const sortable = (label: string, field: DeviceSortField, className?: string): Column => ({ label, header: <SortHeader label={label} field={field} sort={sort} onSort={onSort} className={className} /> });
  const columns: readonly Column[] = [
    sortable('Gateway', 'name'),
    sortable('Status', 'status'),
    sortable('Last seen', 'lastSeen'),
    { label: 'Labels' },
    { label: 'Agent' },
    { label: 'Apps' },
    { label: 'Use of allocatable' },
    sortable('Enrolled', 'created', 'fl-optional'),
  ];
  return (
    <DataTable columns={columns} className="fl-table" caption="Gateways of the fleet" isBusy={isLoading}>
      {devices.map((device) => (
        <GatewayRow key={device.id} device={device} now={now} />
      ))}
    </DataTable>
  );
}
