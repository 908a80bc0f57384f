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
 * Hashes a file and finds record boundaries in one pass. Quote state toggles on every double quote,
 * which is exact for RFC 4180 ("" inside a quoted field toggles twice); only quotes and line feeds are
 * visited, with native indexOf doing the scanning.
 */
export async function scanFile(path: string, onBytes?: (bytes: number) => void): Promise<FileScan> {
  const hash = createHash('sha256');
  let bytes = 0;
  let lineFeeds = 0; // outside quotes: record terminators (the header's included)
  let embedded = 0;
  let inQuotes = false;
  let last = -1;
  const breakpoints: Array<[number, number]> = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    let q = chunk.indexOf(0x22);
    let n = chunk.indexOf(0x0a);
    while (n !== -1 || q !== -1) {
      if (n !== -1 && (q === -1 || n < q)) {
        if (inQuotes) {
          embedded++;
          const current = breakpoints[breakpoints.length - 1];
          if (current && current[0] === lineFeeds) current[1] = embedded;
          else breakpoints.push([lineFeeds, embedded]);
        } else lineFeeds++;
        n = chunk.indexOf(0x0a, n + 1);
      } else {
        inQuotes = !inQuotes;
        q = chunk.indexOf(0x22, q + 1);
      }
    }
    bytes += chunk.length;
    last = chunk[chunk.length - 1] ?? last;
    onBytes?.(bytes);
  }
  const endsWithLineBreak = last === 0x0a;
  // The header's own line feed is the first terminator; a last record without one still counts.
  const records = Math.max(0, lineFeeds - 1 + (bytes > 0 && !endsWithLineBreak && lineFeeds > 0 ? 1 : 0));
  return { sha256: hash.digest('hex'), bytes, records, breakpoints, endsWithLineBreak };
}
