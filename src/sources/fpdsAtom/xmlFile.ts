import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { BadInputError } from '../../errors.js';

/** Largest XML page accepted: a real page of 10 entries is about 200 KB, so this bounds a hostile file. */
export const MAX_XML_BYTES = 64 * 1024 * 1024;

/** True when the first byte after an optional UTF-8 BOM and white space is `<`. */
export function looksLikeXml(head: Buffer): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x3c;
}

/** An XML file read whole for ingest: its text (strict UTF-8), digest and size. */
export function readXmlFile(path: string, name: string): { text: string; sha256: string; bytes: number } {
  const size = statSync(path).size;
  if (size > MAX_XML_BYTES) throw new BadInputError({ file: name }, `${size} bytes: larger than the ${MAX_XML_BYTES} an ATOM feed page may be (a page holds 10 entries)`);
  const buf = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new BadInputError({ file: name }, 'not valid UTF-8: FPDS pages are UTF-8; the file is damaged or in another encoding');
  }
  if (text.includes('\0')) throw new BadInputError({ file: name }, 'holds NUL bytes: a binary file, not an XML page');
  return { text, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length };
}
