'use client';

import { useId } from 'react';
import { pageInfo, PAGE_SIZES } from './fleet-query';

interface FleetPagerProps {
  offset: number;
  limit: number;
  total: number;
  shown: number;
  onOffset: (offset: number) => void;
  onLimit: (limit: number) => void;
}

const count = new Intl.NumberFormat('en');

/** Where this page sits in the filtered fleet, with first/previous/next/last and the page size. */
export function FleetPager({ offset, limit, total, shown, onOffset, onLimit }: FleetPagerProps) {
  const sizeId = useId();
  const info = pageInfo(offset, limit, total, shown);
  return (
    <nav className="pager" aria-label="Pages of gateways">
      <p className="muted" aria-live="polite">
        {info.from === 0 ? (
          `none of ${count.format(total)}`
        ) : (
          <>
            Showing <strong>{count.format(info.from)}</strong>–<strong>{count.format(info.to)}</strong> of <strong>{count.format(total)}</strong>
          </>
        )}
      </p>
      <div className="actions">
        <label htmlFor={sizeId} className="muted">
          Per page
        </label>
        <select id={sizeId} value={limit} onChange={(event) => onLimit(Number(event.target.value))}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
        <button type="button" className="button small" disabled={!info.hasPrevious} onClick={() => onOffset(0)} aria-label="First page">
          « First
        </button>
        <button type="button" className="button small" disabled={!info.hasPrevious} onClick={() => onOffset(Math.max(0, offset - limit))} aria-label="Previous page">
          ‹ Prev
        </button>
        <span className="muted fl-page-of">
          Page {count.format(info.page)} of {count.format(info.pageCount)}
        </span>
        <button type="button" className="button small" disabled={!info.hasNext} onClick={() => onOffset(offset + limit)} aria-label="Next page">
          Next ›
        </button>
        <button type="button" className="button small" disabled={!info.hasNext} onClick={() => onOffset(info.lastOffset)} aria-label="Last page">
          Last »
        </button>
      </div>
    </nav>
  );
}
