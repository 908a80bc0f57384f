import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { BadInputError } from '../../errors.js';
import type { LayoutDecl } from '../layouts/layout.js';
import { isRecord } from './entryFields.js';
import { DEFAULT_JSON_LIMITS, parseJsonDocument } from './jsonDocument.js';
import { jsonPathLines } from './jsonLines.js';
import { readFedrampDocument } from './parseFedrampFeed.js';
import type { FedrampFeed } from './types.js';

/**
 * The FedRAMP feed as ingest reports it (progress lines, `sources.layout`). It is not in LAYOUTS:
 * the feed is JSON, recognised by its content (isFedrampDocument), never by a CSV header.
 */
export const FEDRAMP_MARKETPLACE: LayoutDecl = {
  id: 'fedramp_marketplace',
  title: 'FedRAMP Marketplace feed',
  signature: [],
  required: [],
};

/** One feed file read for ingest: the feed, the file's digest, and the line of each reject. */
export interface FeedFile {
  feed: FedrampFeed;
  sha256: string;
  bytes: number;
  /** Line on which each reject's JSON path (or its nearest existing ancestor) starts. */
  rejectLines: Map<string, number>;
}

/** True when the first byte after an optional UTF-8 BOM and white space is `{`. */
export function looksLikeJson(head: Buffer): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x7b;
}

const FEED_ARRAYS = ['Products', 'Agencies', 'AtoMapping'] as const;

/**
 * True for a document shaped like GSA's feed: an object whose `data` (or, for a copy holding only
 * the inner object, itself) has `Products`, `Agencies` and `AtoMapping`. The reader then checks
 * each array in detail, naming the JSON path of whatever is wrong.
 */
export function isFedrampDocument(document: unknown): boolean {
  const container = isRecord(document) && isRecord(document.data) ? document.data : document;
  return isRecord(container) && FEED_ARRAYS.every((name) => name in container);
}

function describeDocument(document: unknown): string {
  if (Array.isArray(document)) return 'a list';
  if (!isRecord(document)) return document === null ? 'null' : typeof document;
  const keys = Object.keys(document);
  const shown = keys.slice(0, 8).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 39)}…` : k)).join(', ');
  const inner = isRecord(document.data) ? ` and data with ${Object.keys(document.data).length} key(s)` : '';
  return keys.length === 0 ? 'an empty object' : `an object with key(s) ${shown}${keys.length > 8 ? ', …' : ''}${inner}`;
}

/**
 * Reads a JSON file that must be a FedRAMP Marketplace feed. `name` is how the file is shown in
 * errors (`dir/data.json`, `archive.zip!data.json`). Any other JSON, invalid UTF-8, invalid or
 * truncated JSON fails with a BadInputError naming the file and line or JSON path; bad entries
 * become the feed's rejects, as the reader decides.
 */
export function readFeedFile(path: string, name: string): FeedFile {
  const bytes = statSync(path).size;
  if (bytes > DEFAULT_JSON_LIMITS.maxChars) {
    throw new BadInputError({ file: name }, `file is ${bytes} bytes; the FedRAMP reader refuses more than ${DEFAULT_JSON_LIMITS.maxChars}`);
  }
  const buffer = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new BadInputError({ file: name }, 'not valid UTF-8: a JSON feed must be saved as UTF-8');
  }
  const document = parseJsonDocument(text, name);
  if (!isFedrampDocument(document)) {
    throw new BadInputError(
      { file: name, field: '(root)' },
      `not a FedRAMP Marketplace feed: expected an object with data.Products, data.Agencies, data.AtoMapping ` +
        `and data.ReuseMapping; found ${describeDocument(document)}`,
    );
  }
  const feed = readFedrampDocument(document, name);
  return {
    feed,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    bytes,
    rejectLines: jsonPathLines(text, feed.rejects.map((r) => r.path)),
  };
}
