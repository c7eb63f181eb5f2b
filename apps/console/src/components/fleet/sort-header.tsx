import type { DeviceSort, DeviceSortField } from '@/api/devices';
import { ariaSort } from './fleet-query';

const ARROWS = { ascending: '▲', descending: '▼', none: '↕' } as const;

/** A column header that sorts the fleet by its field; `aria-sort` tells screen readers the order. */
export function SortHeader({ label, field, sort, onSort, className }: { label: string; field: DeviceSortField; sort: DeviceSort; onSort: (field: DeviceSortField) => void; className?: string }) {
  const order = ariaSort(sort, field);
  return (
    <th aria-sort={order} scope="col" className={className}>
      <button type="button" className={order === 'none' ? 'fl-sort' : 'fl-sort fl-sorted'} onClick={() => onSort(field)}>
        {label} <span aria-hidden>{ARROWS[order]}</span>
      </button>
    </th>
  );
}
