/**
 * A small reference CSV read by column name: checks the header holds the columns asked for and every
 * record has the header's width, and hands back each record's fields by name (trimmed: the Treasury
 * account list pads names with spaces) with its line.
 */
import { BadInputError } from '../../errors.js';
import { csvRecords } from '../csvRecords.js';

/** Reads `text` and calls `row` with each record's named fields and line, in file order. */
export function readReferenceCsv<C extends string, T>(
  text: string,
  file: string,
  what: string,
  columns: readonly C[],
  row: (get: (c: C) => string, line: number) => T,
): T[] {
  const records = csvRecords(text, file);
  const head = records.next();
  if (head.done) throw new BadInputError({ file }, 'file is empty (not even a header line)');
  const header = head.value.fields.map((h) => h.trim());
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length) throw new BadInputError({ file, line: 1 }, `not ${what}: no column ${missing.map((m) => `"${m}"`).join(', ')}`);
  const idx = new Map(columns.map((c) => [c, header.indexOf(c)]));
  const out: T[] = [];
  for (const { line, fields } of records) {
    if (fields.length !== header.length) throw new BadInputError({ file, line }, `${fields.length} fields where the header has ${header.length}`);
    out.push(row((c) => fields[idx.get(c)!]!.trim(), line));
  }
  return out;
}

/** True when every name is in the header (for recognising a file by its columns). */
export const hasColumns = (header: readonly string[], columns: readonly string[]): boolean => columns.every((c) => header.includes(c));
