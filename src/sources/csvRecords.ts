/**
 * RFC 4180 records from CSV text held in memory, with the physical line each record starts on. Record
 * separators may be CRLF, LF or a bare CR (the Treasury account list uses old-Mac CR line ends); quoted
 * fields may hold separators and doubled quotes. For the small reference tables read in Node; the large
 * USAspending files stream through DuckDB's reader instead.
 */
import { BadInputError } from '../errors.js';

/** One record and the line it starts on (1-based, the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Splits `text` into records; an unterminated quote is refused with the line it opened on. */
export function* csvRecords(text: string, file: string): Generator<CsvRecord> {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        // quoted field
        const open = line;
        let j = i + 1;
        let out = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new BadInputError({ file, line: open }, 'a quoted field is never closed (truncated file?)');
          const chunk = text.slice(j, q);
          line += countBreaks(chunk);
          out += chunk;
          if (text.charCodeAt(q + 1) === 34) {
            out += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        value = out;
        const c = text.charCodeAt(i);
        if (i < n && c !== 44 && c !== 10 && c !== 13) throw new BadInputError({ file, line }, `text after a closing quote in field ${fields.length + 1}`);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      // end of record: CRLF, LF, CR or end of text
      if (c === 13) i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
      else if (c === 10) i++;
      line++;
      break;
    }
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    yield { line: start, fields };
  }
}

function countBreaks(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) k++;
    else if (c === 13) {
      k++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return k;
}
