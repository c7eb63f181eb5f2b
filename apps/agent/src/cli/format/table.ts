import Table from 'cli-table3';

/** Borderless, like `docker ps`: columns line up, and `grep`/`awk` still work on the lines. */
const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** A table with these column headings; the headings are bold on a colour terminal, plain otherwise. */
export function createTable(head: readonly string[], options: { colour: boolean }): Table.Table {
  return new Table({
    head: [...head],
    chars: PLAIN_CHARS,
    // cli-table3 colours headings red by default, even into a pipe: say what we want.
    style: { head: options.colour ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
}

/** The table's text with trailing spaces trimmed from each line, ending in a newline. */
export function renderTable(table: Table.Table): string {
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}
