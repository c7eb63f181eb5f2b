'use client';

import { useId } from 'react';
import { DEVICE_STATUSES, type DeviceStatus } from '@/api/devices';
import { isFiltered, type FleetQuery } from './fleet-query';
import { LabelFilter } from './label-filter';
import { SearchBox } from './search-box';

interface FleetFiltersProps {
  fleet: FleetQuery;
  onChange: (change: Partial<FleetQuery>) => void;
  onSearch: (text: string) => void;
}

/** Search, status and label filters above the fleet table. */
export function FleetFilters({ fleet, onChange, onSearch }: FleetFiltersProps) {
  const statusId = useId();
  return (
    <section className="card fl-filters" aria-label="Filters">
      <SearchBox value={fleet.q} onSearch={onSearch} />
      <div className="field">
        <label htmlFor={statusId}>Status</label>
        <select id={statusId} value={fleet.status ?? ''} onChange={(event) => onChange({ status: event.target.value === '' ? undefined : (event.target.value as DeviceStatus) })}>
          <option value="">Any</option>
          {DEVICE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </div>
      <LabelFilter selectors={fleet.labels} onChange={(labels) => onChange({ labels })} />
      {isFiltered(fleet) ? (
        <button type="button" className="button small fl-clear" onClick={() => onChange({ q: '', status: undefined, labels: [] })}>
          Clear filters
        </button>
      ) : null}
    </section>
  );
}
