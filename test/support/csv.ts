/**
 * A small, independent RFC 4180 CSV reader and writer for tests. Expected values are computed with this,
 * never with the code under test. Handles a UTF-8 BOM, CRLF or LF record ends, quoted fields holding
 * commas, "" escapes and bare line feeds, and reports the physical line each record starts on.
 */

/** One record and the physical (1-based) line it starts on; line feeds inside quotes count as lines. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Parses a whole CSV text (or UTF-8 bytes) into records; throws on an unterminated quote. */
export function parseCsv(input: string | Buffer): CsvRecord[] {
  let text = typeof input === 'string' ? input : input.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quotedField = false;
  let fieldStarted = false;
  const endField = (): void => {
    fields.push(field);
    field = '';
    quotedField = false;
    fieldStarted = false;
  };
  const endRecord = (): void => {
    endField();
    records.push({ fields, line: recordLine });
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted && !quotedField) { inQuotes = true; quotedField = true; fieldStarted = true; continue; }
    if (c === ',') { endField(); continue; }
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n') {
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    fieldStarted = true;
  }
  if (inQuotes) throw new Error(`unterminated quoted field in record starting on line ${recordLine}`);
  if (fieldStarted || fields.length > 0) endRecord();
  return records;
}

/** A parsed file: its header and each data row as a name → value map with its physical line. */
export interface CsvTable {
  header: string[];
  rows: Array<{ line: number; values: Record<string, string> }>;
}

/** Parses a CSV with a header line; throws when a row's field count differs from the header's. */
export function parseCsvTable(input: string | Buffer): CsvTable {
  const [head, ...rest] = parseCsv(input);
  if (!head) return { header: [], rows: [] };
  const header = head.fields;
  const rows = rest.map((r) => {
    if (r.fields.length !== header.length) {
      throw new Error(`line ${r.line}: ${r.fields.length} fields where the header has ${header.length}`);
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => { values[h] = r.fields[i]!; });
    return { line: r.line, values };
  });
  return { header, rows };
}

/** One CSV field, quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface WriteCsvOptions {
  /** Record terminator (default CRLF, as USAspending writes). */
  eol?: '\r\n' | '\n';
  bom?: boolean;
  /** Terminate the last record too (default true). */
  finalEol?: boolean;
}

/** Writes a header and rows (by column name; absent names are empty fields) as CSV text. */
export function writeCsv(header: readonly string[], rows: ReadonlyArray<Record<string, string>>, options: WriteCsvOptions = {}): string {
  const eol = options.eol ?? '\r\n';
  const lines = [header.map(csvField).join(','), ...rows.map((r) => header.map((h) => csvField(r[h] ?? '')).join(','))];
  return (options.bom ? '\uFEFF' : '') + lines.join(eol) + (options.finalEol === false ? '' : eol);
}
