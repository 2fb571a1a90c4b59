/** Plain-text tables for the console commands' human output (stdout). */

/** Prints `rows` under `head`, columns padded to their widest cell; the last column is not padded. */
export function formatTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

/** {@link formatTable} on stdout. */
export function printTable(head: readonly string[], rows: readonly (readonly string[])[]): void {
  process.stdout.write(formatTable(head, rows));
}
