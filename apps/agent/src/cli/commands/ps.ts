import type { Command } from 'commander';
import type { PsRow } from '../../control/contract.js';
import type { CliContext } from '../context.js';
import { cpuCell, memoryCell, shortRelease } from '../format/cells.js';
import { createTable, renderTable } from '../format/table.js';
import { hasColour } from '../io.js';

/** The columns of `ps`, in order. */
export const PS_COLUMNS = ['APP', 'SERVICE', 'STATE', 'HEALTH', 'RELEASE', 'MEMORY', 'CPU', 'RESTARTS', 'CAPS'] as const;

/** `gantry-agent ps`: every managed service with its usage against its caps. */
export function registerPs(program: Command, ctx: CliContext): void {
  program
    .command('ps')
    .description('list the services of every app with state, health, memory and CPU against their caps, and whether the caps are verified')
    .option('--json', 'print the rows as a JSON array')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { services } = await (await ctx.client(command)).ps();
      if (options.json === true) ctx.io.stdout.write(`${JSON.stringify(services, null, 2)}\n`);
      else ctx.io.stdout.write(formatPs(services, hasColour(ctx.io)));
    });
}

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
