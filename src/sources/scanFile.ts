import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** What one streaming pass over a CSV file learns: its digest and where records start. */
export interface FileScan {
  sha256: string;
  bytes: number;
  /** Records after the header (a final record without a line break counts). */
  records: number;
  /**
   * Physical line numbers of records when quoted fields hold line breaks: [record index, line breaks
   * inside quotes so far]. Record r (1-based, header is 0) starts on line r + 1 + the count of the last
   * entry whose index is below r. Empty for the usual file without embedded line breaks.
   */
  breakpoints: Array<[number, number]>;
  endsWithLineBreak: boolean;
}

/** Physical line on which data record `record` (1-based) starts, given a scan's breakpoints. */
export function lineOfRecord(scan: Pick<FileScan, 'breakpoints'>, record: number): number {
  let lo = 0, hi = scan.breakpoints.length - 1, extra = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [index, count] = scan.breakpoints[mid]!;
    if (index < record) { extra = count; lo = mid + 1; } else hi = mid - 1;
  }
  return record + 1 + extra;
}

/**
 * Hashes a file and finds record boundaries in one pass, reading CSV the way DuckDB's strict reader
 * does: a quote opens a quoted field only at the start of a field (a bare quote inside an unquoted
 * field, as in 12" PIPE, is text), "" inside quotes is an escaped quote, and blank lines are skipped.
 * Only quotes and line feeds are visited, with native indexOf doing the scanning.
 */
export async function scanFile(path: string, onBytes?: (bytes: number) => void): Promise<FileScan> {
  const hash = createHash('sha256');
  let bytes = 0; // absolute offset of the current chunk's first byte, then the file size
  let lineFeeds = 0; // record terminators so far (the header's included)
  let extra = 0; // lines that start no record: breaks inside quotes, blank lines
  let inQuotes = false;
  let pendingQuote = false; // a quote ended the previous chunk while inside quotes
  let prevByte = -1; // last byte of the previous chunk
  let lastTerm = -3; // absolute offset of the last line feed outside quotes
  let tail = false; // bytes after the last terminator
  const breakpoints: Array<[number, number]> = [];
  const mark = (index: number): void => {
    const last = breakpoints[breakpoints.length - 1];
    if (last && last[0] === index) last[1] = extra;
    else breakpoints.push([index, extra]);
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    const before = (i: number): number => (i > 0 ? chunk[i - 1]! : prevByte);
    let from = 0;
    if (pendingQuote) {
      pendingQuote = false;
      if (chunk[0] === 0x22) from = 1; // escaped quote: still inside
      else inQuotes = false;
    }
    let q = chunk.indexOf(0x22, from);
    let n = chunk.indexOf(0x0a, from);
    while (n !== -1 || q !== -1) {
      if (n !== -1 && (q === -1 || n < q)) {
        if (inQuotes) {
          extra++;
          mark(lineFeeds);
        } else {
          const at = bytes + n;
          const blank = at === lastTerm + 1 || (at === lastTerm + 2 && before(n) === 0x0d);
          if (blank && lineFeeds > 0) {
            extra++;
            mark(lineFeeds - 1);
          } else lineFeeds++;
          lastTerm = at;
        }
        n = chunk.indexOf(0x0a, n + 1);
      } else {
        if (!inQuotes) {
          const b = before(q);
          if (bytes + q === 0 || b === 0x2c || b === 0x0a || b === 0x0d) inQuotes = true;
          q = chunk.indexOf(0x22, q + 1);
        } else if (q + 1 >= chunk.length) {
          pendingQuote = true;
          q = -1;
        } else if (chunk[q + 1] === 0x22) {
          q = chunk.indexOf(0x22, q + 2);
        } else {
          inQuotes = false;
          q = chunk.indexOf(0x22, q + 1);
        }
      }
    }
    prevByte = chunk[chunk.length - 1] ?? prevByte;
    bytes += chunk.length;
    tail = bytes - 1 > lastTerm;
    onBytes?.(bytes);
  }
  if (pendingQuote) inQuotes = false;
  const endsWithLineBreak = prevByte === 0x0a;
  // The header's own line feed is the first terminator; a last record without one still counts.
  const records = Math.max(0, lineFeeds - 1 + (tail && lineFeeds > 0 ? 1 : 0));
  return { sha256: hash.digest('hex'), bytes, records, breakpoints, endsWithLineBreak };
}
