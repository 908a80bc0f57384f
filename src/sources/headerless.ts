import type { LayoutDecl } from './layouts/layout.js';

// A value no header would use as a column name: a number or amount, a date, a timestamp.
const VALUE = /^(?:[+-]?\d+(?:\.\d+)?|\d{1,2}\/\d{1,2}\/\d{2,4}(?: \d{1,2}:\d{2}(?::\d{2})?)?|\d{4}-\d{2}-\d{2}(?:[ T][\d:.]+(?:\+\d{2}(?::?\d{2})?|Z)?)?)$/;

/**
 * True when a first line is a record rather than a header: a field is a number, amount or date, or
 * several fields are empty. Real headers (USAspending's, the API labels, the agency list) have neither; a
 * header with a single empty name (a stray trailing comma) is still reported as a header.
 */
export function looksLikeData(fields: readonly string[]): boolean {
  return fields.some((f) => VALUE.test(f)) || fields.filter((f) => f === '').length >= 2;
}

/** The sentence shown for a headerless file, naming the declared layouts it could be loaded under. */
export function headerlessMessage(fields: readonly string[], layouts: readonly LayoutDecl[]): string {
  const fits = layouts.filter((l) => l.header?.length === fields.length).map((l) => l.id);
  const named = layouts.filter((l) => l.header).map((l) => `${l.id} (${l.header!.length} columns)`);
  const how = fits.length
    ? `load it with --layout ${fits.join(' or --layout ')}`
    : `no declared layout has ${fields.length} columns (${named.join(', ') || 'none declare a full header'})`;
  return `line 1 looks like data: ${fields.length} values, no header; ${how}, or with --header-from FILE ` +
    '(a file of the same layout whose first line is its header)';
}
