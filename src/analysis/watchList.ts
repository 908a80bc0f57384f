/**
 * Watch lists: the agencies, companies and keywords a campaign or newsroom follows. One YAML file
 * shape serves `report --watch` (the evidence paths to watched companies) and `watch` (a digest of
 * what changed for them):
 *
 * ```yaml
 * # every key is optional; each is a list of strings
 * agencies: [ICE, "Customs and Border Protection"]
 * companies: [Palantir, Amazon]
 * keywords: [detention, "facial recognition"]
 * ```
 *
 * Names are kept as written; callers look them up (findAgency, findCompany) so that a name that
 * matches nothing is reported with its closest matches. Read with the failsafe schema (every scalar
 * stays a string: 7012 stays "7012"). Validation is strict and names file, line and field.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { BadInputError } from '../errors.js';

export const WATCH_LIST_KEYS = ['agencies', 'companies', 'keywords'] as const;
export type WatchListKey = (typeof WATCH_LIST_KEYS)[number];

/** One watched name and the line it was written on. */
export interface WatchedName {
  name: string;
  line: number;
}

export interface WatchList {
  file: string;
  agencies: WatchedName[];
  companies: WatchedName[];
  keywords: WatchedName[];
}

/** Longest accepted entry, in characters; more entries than this per list are refused. */
export const WATCH_NAME_LIMIT = 300;
export const WATCH_LIST_LIMIT = 1000;
/** Files larger than this are refused before parsing. */
export const WATCH_FILE_BYTES_LIMIT = 1_000_000;

const KEY_SET = new Set<string>(WATCH_LIST_KEYS);
// Controls and invisible format characters that can disguise a name.
const INVISIBLE_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/** Reads and validates a watch list file. */
export async function loadWatchList(path: string): Promise<WatchList> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BadInputError({ file: path }, code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`);
  }
  if (bytes.length > WATCH_FILE_BYTES_LIMIT) {
    throw new BadInputError({ file: path }, `file is ${bytes.length} bytes; a watch list may be at most ${WATCH_FILE_BYTES_LIMIT}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadInputError({ file: path }, 'file is not UTF-8 text');
  }
  return parseWatchList(text, path);
}

/** Parses watch list text; `file` names it in errors. */
export function parseWatchList(text: string, file: string): WatchList {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: Node | null | undefined, fallback = 1): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : fallback;
  const firstError = doc.errors[0];
  if (firstError) {
    throw new BadInputError({ file, line: lineCounter.linePos(firstError.pos[0]).line }, `not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const list: WatchList = { file, agencies: [], companies: [], keywords: [] };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === '' || root.value === null))) return list;
  if (!isMap(root)) {
    throw new BadInputError({ file, line: lineOf(root) }, `a watch list is a map with the keys ${WATCH_LIST_KEYS.join(', ')}`);
  }
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const keyLine = lineOf(keyNode);
    if (!KEY_SET.has(key)) {
      throw new BadInputError({ file, line: keyLine, field: key || '(key)' }, `unknown key; expected one of ${WATCH_LIST_KEYS.join(', ')}`);
    }
    const value = pair.value as Node | null;
    if (value === null || (isScalar(value) && (value.value === '' || value.value === null))) continue;
    if (!isSeq(value)) throw new BadInputError({ file, line: lineOf(value, keyLine), field: key }, 'must be a list of names');
    if (value.items.length > WATCH_LIST_LIMIT) {
      throw new BadInputError({ file, line: keyLine, field: key }, `has ${value.items.length} entries; at most ${WATCH_LIST_LIMIT}`);
    }
    const target = list[key as WatchListKey];
    const seen = new Set<string>();
    for (const item of value.items as (Node | null)[]) {
      const line = lineOf(item, keyLine);
      if (!isScalar(item)) throw new BadInputError({ file, line, field: key }, 'each entry must be a plain name, not a list or map');
      const raw = String(item.value ?? '');
      if (INVISIBLE_RE.test(raw)) throw new BadInputError({ file, line, field: key }, 'entry contains control or invisible characters');
      const name = raw.replace(/\s+/g, ' ').trim();
      if (name === '') throw new BadInputError({ file, line, field: key }, 'empty entry');
      if (name.length > WATCH_NAME_LIMIT) throw new BadInputError({ file, line, field: key }, `entry is ${name.length} characters; at most ${WATCH_NAME_LIMIT}`);
      const folded = name.toLowerCase();
      if (seen.has(folded)) continue;
      seen.add(folded);
      target.push({ name, line });
    }
  }
  return list;
}
