import { readFileSync } from 'node:fs';

/**
 * Minimal RFC 4180 reader for test fixtures: quoted fields may hold commas, doubled quotes and
 * line breaks; records end with CRLF or LF. Returns one object per record, keyed by header.
 */
export function readCsv(path: string): Array<Record<string, string>> {
  const rows = parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  const [header, ...records] = rows;
  if (!header) return [];
  return records
    .filter((r) => !(r.length === 1 && r[0] === ''))
    .map((r) => {
      if (r.length !== header.length) throw new Error(`${path}: record of ${r.length} fields, header has ${header.length}`);
      return Object.fromEntries(header.map((h, i) => [h, r[i]!]));
    });
}

/** Split CSV text into records of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
