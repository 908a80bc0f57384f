import type { QueryResult } from '../store/queryResult.js';

export type RowFormat = 'table' | 'csv' | 'json';

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe.
 * Numeric columns are left alone: "-12.50" is a de-obligation, not a formula.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(value: unknown, numeric: boolean): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (!numeric) s = neutraliseFormula(s);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** RFC 4180 CSV with a header line and CRLF records. */
export function toCsv(result: QueryResult): string {
  const lines = [result.columns.map((c) => csvCell(c.name, false)).join(',')];
  for (const row of result.rows) lines.push(result.columns.map((c) => csvCell(row[c.name], c.numeric)).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** A plain aligned text table; long cells are cut to keep lines readable. */
export function toTable(result: QueryResult, maxWidth = 60): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = (typeof v === 'object' ? JSON.stringify(v) : String(v)).replace(/[\r\n\t]+/g, ' ');
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
  };
  const header = result.columns.map((c) => c.name);
  const body = result.rows.map((r) => result.columns.map((c) => cell(r[c.name])));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cells: string[]): string =>
    cells.map((c, i) => (result.columns[i]!.numeric ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n') + '\n';
}

/** Formats a result as table, CSV or a JSON array of row objects. */
export function formatRows(result: QueryResult, format: RowFormat): string {
  if (format === 'csv') return toCsv(result);
  if (format === 'json') return JSON.stringify(result.rows, null, 2) + '\n';
  return toTable(result);
}
