import type { PsRow } from '../../control/contract.js';
import { cpuCell, memoryCell, shortRelease } from './cells.js';
import { createTable, renderTable } from './table.js';

/** The columns of `ps`, in order. */
export const PS_COLUMNS = ['APP', 'SERVICE', 'STATE', 'HEALTH', 'RELEASE', 'MEMORY', 'CPU', 'RESTARTS', 'CAPS'] as const;

/** The rows as the table `ps` prints, with the details of caps that are not verified below it. */
export function formatPs(rows: readonly PsRow[], colour: boolean): string {
  if (rows.length === 0) return 'no services: the target has no apps (apply one with `gantry-agent apply -f <file>`)\n';
  const table = createTable(PS_COLUMNS, { colour });
  for (const row of rows) {
    table.push([
      row.appId,
      row.service,
      row.state,
      row.health,
      shortRelease(row.releaseId),
      memoryCell(row.memoryBytes, row.memoryLimitBytes),
      cpuCell(row.cpuNanoCpus, row.cpuLimitNanoCpus),
      String(row.restarts),
      row.caps,
    ]);
  }
  // Drift and unsupported caps are why an operator runs ps; say exactly which cap.
  const notes = rows
    .filter((row) => row.caps !== 'verified' && row.capsDetail.length > 0)
    .flatMap((row) => row.capsDetail.map((detail) => `${row.appId}/${row.service}: ${detail}`));
  const text = renderTable(table);
  return notes.length === 0 ? text : `${text}\n${notes.join('\n')}\n`;
}
