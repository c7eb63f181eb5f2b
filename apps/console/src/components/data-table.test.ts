import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable, type Column } from './data-table';

const row = (name: string) => h('tr', { key: name }, h('td', null, name));

describe('DataTable', () => {
  it('frames the rows with one column header per column, the actions header read to screen readers only', () => {
    const columns: Column[] = [{ label: 'Name' }, { label: 'Actions', isLabelHidden: true }];
    const sut = renderToStaticMarkup(h(DataTable, { columns }, [row('gw-1'), row('gw-2')]));
    expect(sut).toBe(
      '<div class="table-wrap"><table><thead><tr>' +
        '<th scope="col">Name</th><th scope="col"><span class="visually-hidden">Actions</span></th>' +
        '</tr></thead><tbody><tr><td>gw-1</td></tr><tr><td>gw-2</td></tr></tbody></table></div>',
    );
  });

  it('names the table with a hidden caption, and carries its class and busy state', () => {
    const sut = renderToStaticMarkup(h(DataTable, { columns: [{ label: 'Name' }], caption: 'Gateways of the fleet', className: 'fl-table', isBusy: true }));
    expect(sut).toContain('<table class="fl-table" aria-busy="true"><caption class="visually-hidden">Gateways of the fleet</caption><thead>');
  });

  it("puts a column's own header cell in place of the plain one", () => {
    const columns: Column[] = [{ label: 'Gateway', header: h('th', { scope: 'col', 'aria-sort': 'ascending' }, h('button', { type: 'button' }, 'Gateway')) }, { label: 'Agent' }];
    const sut = renderToStaticMarkup(h(DataTable, { columns }));
    expect(sut).toContain('<tr><th scope="col" aria-sort="ascending"><button type="button">Gateway</button></th><th scope="col">Agent</th></tr>');
  });

  it('shows the placeholder across every column instead of the rows', () => {
    const columns: Column[] = [{ label: 'Gateway' }, { label: 'Wave' }, { label: 'Status' }];
    const sut = renderToStaticMarkup(h(DataTable, { columns, placeholder: 'No gateway matches this filter.' }, [row('gw-1')]));
    expect(sut).toContain('<tbody><tr><td colSpan="3" class="muted table-placeholder">No gateway matches this filter.</td></tr></tbody>');
    expect(sut).not.toContain('gw-1');
  });
});
