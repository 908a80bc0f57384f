import { BadInputError } from '../../errors.js';
import { EntryProblem, isRecord } from '../fedramp/entryFields.js';
import { childPointer } from './jsonPointer.js';
import { readFiling } from './readFiling.js';
import { scrubFiling } from './scopeLine.js';
import type { LdaConstantEntry, LdaConstants, LdaConstantsList, LdaDocument, LdaFiling, LdaReject } from './types.js';

/** Longest reject excerpt kept. */
const EXCERPT_CHARS = 300;

/** The entry, scrubbed of personal fields, as compact JSON cut to EXCERPT_CHARS. */
export function ldaExcerpt(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(scrubFiling(value)) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length > EXCERPT_CHARS ? `${json.slice(0, EXCERPT_CHARS - 1)}…` : json;
}

/** Django REST Framework's page: `{count, next, previous, results}`, which is how /api/v1/filings/ answers. */
function isFilingsPage(document: unknown): document is Record<string, unknown> {
  return isRecord(document) && 'results' in document && 'count' in document && ('next' in document || 'previous' in document);
}

function isSingleFiling(document: unknown): document is Record<string, unknown> {
  return isRecord(document) && 'filing_uuid' in document && 'filing_type' in document;
}

/** Which constants list an array is, from its entries' shape; undefined when it is none of them. */
function constantsListOf(document: unknown): LdaConstantsList | undefined {
  if (!Array.isArray(document) || document.length === 0) return undefined;
  const keysOf = (e: unknown): string => (isRecord(e) ? Object.keys(e).sort().join(',') : '');
  const shape = keysOf(document[0]);
  // The shape is decided by the first entry; the others are checked one by one (and rejected if wrong).
  if (shape === 'id,name') return 'government_entities';
  if (shape !== 'name,value') return undefined;
  const values = document.map((e) => (isRecord(e) ? e.value : undefined));
  if (values.includes('RR') && values.includes('Q1')) return 'filing_types';
  const codes = values.filter((v) => typeof v === 'string' && /^[A-Z]{3}$/.test(v)).length;
  return codes >= document.length / 2 ? 'issue_codes' : undefined;
}

/** True for JSON shaped like one of the LDA API's answers (a page of filings, a filing, a constants list). */
export function isLdaDocument(document: unknown): boolean {
  return isFilingsPage(document) || isSingleFiling(document) || constantsListOf(document) !== undefined;
}

function readFilings(items: readonly unknown[], base: string, rejects: LdaReject[]): LdaFiling[] {
  const filings: LdaFiling[] = [];
  items.forEach((item, i) => {
    const pointer = childPointer(base, i);
    try {
      filings.push(readFiling(item, pointer));
    } catch (err) {
      if (!(err instanceof EntryProblem)) throw err;
      rejects.push({ pointer: err.path, reason: err.reason, excerpt: ldaExcerpt(item) });
    }
  });
  return filings;
}

function readConstants(document: unknown[], list: LdaConstantsList, file: string): LdaConstants {
  const rejects: LdaReject[] = [];
  const entries: LdaConstantEntry[] = [];
  const seen = new Set<string>();
  document.forEach((item, i) => {
    const pointer = childPointer('', i);
    const valueKey = list === 'government_entities' ? 'id' : 'value';
    const reject = (reason: string, at = pointer): void => { rejects.push({ pointer: at, reason, excerpt: ldaExcerpt(item) }); };
    if (!isRecord(item)) return reject(`expected an object with ${valueKey} and name`);
    const raw = item[valueKey];
    const value = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    const name = typeof item.name === 'string' ? item.name.replace(/\s+/g, ' ').trim() : '';
    const valid = list === 'government_entities' ? /^\d{1,9}$/.test(value) : list === 'issue_codes' ? /^[A-Z]{3}$/.test(value) : /^[0-9A-Z@]{2,3}$/.test(value);
    if (!valid) return reject(`${valueKey} ${JSON.stringify(raw)} is not a ${list === 'government_entities' ? 'numeric id' : 'code'}`, childPointer(pointer, valueKey));
    if (name === '' || name.length > 1000) return reject('name is missing, empty or too long', childPointer(pointer, 'name'));
    if (seen.has(value)) return reject(`${valueKey} ${value} is listed twice`, childPointer(pointer, valueKey));
    seen.add(value);
    entries.push({ value, name });
  });
  if (entries.length === 0) throw new BadInputError({ file, field: '/' }, `no readable entries in the LDA ${list.replace('_', ' ')} list`);
  return { kind: 'constants', list, entries, rejects, counts: { read: document.length, loaded: entries.length, rejected: rejects.length } };
}

function optionalUrl(document: Record<string, unknown>, key: string, file: string): string | undefined {
  const value = document[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/i.test(value) || value.length > 2000) {
    throw new BadInputError({ file, field: `/${key}` }, `expected the URL of a page of filings or null, found ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value;
}

/**
 * Reads an already parsed (and shape-checked, see parseJsonDocument) LDA API answer: a page of
 * `/api/v1/filings/`, a single filing, or one of the constants lists. A page whose `results` is not
 * a list of objects is refused as a whole, naming the file and the JSON pointer at fault; a filing
 * with a bad field becomes a reject (pointer, reason, an excerpt without personal fields).
 */
export function readLdaDocument(document: unknown, file: string): LdaDocument {
  if (isFilingsPage(document)) {
    const results = document.results;
    if (!Array.isArray(results)) {
      throw new BadInputError({ file, field: '/results' }, `broken page of LDA filings: results must be a list of filings, found ${results === null ? 'null' : typeof results}`);
    }
    const bad = results.findIndex((r) => !isRecord(r));
    if (bad !== -1) {
      const found = results[bad] === null ? 'null' : Array.isArray(results[bad]) ? 'a list' : typeof results[bad];
      throw new BadInputError({ file, field: `/results/${bad}` }, `broken page of LDA filings: entry ${bad} of results is ${found}, not a filing object; the page is refused`);
    }
    const count = document.count;
    if (count !== null && count !== undefined && !(typeof count === 'number' && Number.isSafeInteger(count) && count >= 0)) {
      throw new BadInputError({ file, field: '/count' }, `count must be a whole number of filings, found ${JSON.stringify(count)}`);
    }
    const rejects: LdaReject[] = [];
    const filings = readFilings(results, '/results', rejects);
    const page: LdaDocument = { kind: 'filings_page', filings, rejects, counts: { read: results.length, loaded: filings.length, rejected: rejects.length } };
    if (typeof count === 'number') page.count = count;
    const next = optionalUrl(document, 'next', file);
    if (next !== undefined) page.next = next;
    const previous = optionalUrl(document, 'previous', file);
    if (previous !== undefined) page.previous = previous;
    return page;
  }
  if (isSingleFiling(document)) {
    const rejects: LdaReject[] = [];
    const filings: LdaFiling[] = [];
    try {
      filings.push(readFiling(document, ''));
    } catch (err) {
      if (!(err instanceof EntryProblem)) throw err;
      rejects.push({ pointer: err.path, reason: err.reason, excerpt: ldaExcerpt(document) });
    }
    return { kind: 'filing', filings, rejects, counts: { read: 1, loaded: filings.length, rejected: rejects.length } };
  }
  const list = constantsListOf(document);
  if (list !== undefined) return readConstants(document as unknown[], list, file);
  throw new BadInputError({ file, field: '/' }, 'not an LDA API answer: expected a page of /api/v1/filings/ ({count, next, previous, results}), one filing (with filing_uuid) or a constants list');
}
