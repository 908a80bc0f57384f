import { BadInputError } from '../errors.js';

const MAX_HEADER_BYTES = 1 << 20;

export interface HeaderInfo {
  columns: string[];
  bom: boolean;
  /** Byte length of the header record including its line break. */
  headerBytes: number;
  lineBreak: 'CRLF' | 'LF' | 'CR' | 'none';
}

/**
 * Reads the header record from the first bytes of a file: detects BOM, encodings we cannot read,
 * binary content, and parses one RFC 4180 record (quoted names allowed).
 */
export function parseHeader(file: string, head: Buffer): HeaderInfo {
  if (head.length === 0) throw new BadInputError({ file }, 'file is empty (not even a header line)');
  if (head[0] === 0x50 && head[1] === 0x4b) throw new BadInputError({ file }, 'this is a zip archive, not a CSV file');
  if (head[0] === 0x1f && head[1] === 0x8b) throw new BadInputError({ file }, 'file is gzip-compressed: decompress it first');
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new BadInputError({ file }, 'file is UTF-16 encoded: save it as UTF-8');
  }
  const nul = head.indexOf(0);
  if (nul !== -1) throw new BadInputError({ file }, `binary content (NUL byte at offset ${nul}): not a CSV file`);

  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  let pos = bom ? 3 : 0;
  const columns: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStart = pos;
  const text = head.subarray(0, Math.min(head.length, MAX_HEADER_BYTES));
  for (; pos < text.length; pos++) {
    const c = text[pos]!;
    if (inQuotes) {
      if (c === 0x22) {
        if (text[pos + 1] === 0x22) { pos++; continue; }
        inQuotes = false;
      }
      continue;
    }
    if (c === 0x22) { inQuotes = true; continue; }
    if (c === 0x2c || c === 0x0a || c === 0x0d) {
      field = decodeField(file, text.subarray(fieldStart, pos));
      columns.push(field);
      if (c === 0x2c) { fieldStart = pos + 1; continue; }
      const lineBreak = c === 0x0d ? (text[pos + 1] === 0x0a ? 'CRLF' : 'CR') : 'LF';
      const headerBytes = pos + (lineBreak === 'CRLF' ? 2 : 1);
      return { columns, bom, headerBytes, lineBreak };
    }
  }
  if (inQuotes || text.length >= MAX_HEADER_BYTES) {
    throw new BadInputError({ file, line: 1 }, 'header line is not terminated (unbalanced quote or header over 1 MiB)');
  }
  columns.push(decodeField(file, text.subarray(fieldStart, pos)));
  return { columns, bom, headerBytes: text.length, lineBreak: 'none' };
}

function decodeField(file: string, raw: Buffer): string {
  let s: string;
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new BadInputError({ file, line: 1 }, 'header is not valid UTF-8: the file is in another encoding; save it as UTF-8');
  }
  s = s.trim();
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) s = s.slice(1, -1).replaceAll('""', '"');
  return s;
}
