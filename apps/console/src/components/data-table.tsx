import { Fragment, type ReactNode } from 'react';

export interface Column {
  /** The header's text, read by screen readers; unique within a table. */
  label: string;
  /** Keeps the label for screen readers only, for a column whose cells speak for themselves (actions). */
  isLabelHidden?: boolean;
  /** A header cell of the caller's own (a sort button), in place of the plain one; it renders the `<th scope="col">`. */
  header?: ReactNode;
}

interface DataTableProps {
  columns: readonly Column[];
  /** The body rows (`<tr>`). */
  children?: ReactNode;
  /** Names the table for screen readers. */
  caption?: ReactNode;
  className?: string;
  /** Marks the rows as about to change (a new page is loading). */
  isBusy?: boolean;
  /** Shown across the whole table instead of the rows: a loading note, or why there are none. */
  placeholder?: ReactNode;
}

/** The frame every console table shares: a scrolling card, column headers and the body rows. */
export function DataTable({ columns, children, caption, className, isBusy, placeholder }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table className={className} aria-busy={isBusy}>
        {caption === undefined ? null : <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) =>
              column.header === undefined ? (
                <th key={column.label} scope="col">
                  {column.isLabelHidden === true ? <span className="visually-hidden">{column.label}</span> : column.label}
                </th>
              ) : (
                <Fragment key={column.label}>{column.header}</Fragment>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {placeholder === undefined ? (
            children
          ) : (
            <tr>
              <td colSpan={columns.length} className="muted table-placeholder">
                {placeholder}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
