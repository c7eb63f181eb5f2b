import Table from 'cli-table3';
import type { CheckStatus, DoctorReport } from '../../doctor/index.js';

const COLOURS: Record<CheckStatus, [number, number]> = { ok: [32, 39], warn: [33, 39], fail: [31, 39] };

/** The doctor report as a table: status, check, and what was found with what to do next below it. */
export function formatDoctorReport(report: DoctorReport, options: { colour: boolean; width: number }): string {
  const statusWidth = 6;
  const titleWidth = 26;
  // cli-table3 widths include padding; two spaces separate the columns.
  const findingWidth = Math.max(40, options.width - statusWidth - titleWidth - 4);
  const table = new Table({
    head: ['STATUS', 'CHECK', 'FOUND / NEXT STEP'],
    colWidths: [statusWidth, titleWidth, findingWidth],
    wordWrap: true,
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: options.colour ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const check of report.checks) {
    const status = options.colour ? paint(check.status) : check.status;
    const finding = check.advice === null ? check.found : `${check.found}\n→ ${check.advice}`;
    table.push([status, check.title, finding]);
  }
  const lines = table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
  const { ok, warn, fail } = report.summary;
  const verdict =
    fail > 0
      ? `${fail} failed, ${warn} to look at, ${ok} ok: the agent cannot do its job here until the failed checks are fixed`
      : warn > 0
        ? `no failures; ${warn} to look at, ${ok} ok`
        : `all ${ok} checks ok`;
  return `${lines.join('\n')}\n\n${verdict}\n`;
}

function paint(status: CheckStatus): string {
  const [open, close] = COLOURS[status];
  return `\u001b[${open}m${status}\u001b[${close}m`;
}
