import type { EntryCount, FedrampReject } from './types.js';

/**
 * Readers for the fields of one feed entry. They throw EntryProblem, which the array readers
 * catch and turn into a reject: one bad entry never stops the rest of the feed from loading.
 */

/** Longest accepted id or name; the longest in the 2026 feed (an offering name) is 162 characters. */
export const MAX_FIELD_CHARS = 1000;

/** Values the feed uses for "no date" in its date fields. */
const NO_DATE = new Set(['', 'NOT ACTIVE', 'NOT IN PROCESS', 'NO FRR DATE', 'N/A', 'NA', 'NONE', 'TBD']);

/** Why one entry cannot be loaded; carries the JSON path of the field at fault. */
export class EntryProblem extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'EntryProblem';
  }
}

export type JsonRecord = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entry as a JSON object, or an EntryProblem. */
export function asRecord(value: unknown, path: string): JsonRecord {
  if (!isRecord(value)) throw new EntryProblem(path, `expected an object, found ${describe(value)}`);
  return value;
}

/** A required, non-empty, trimmed string field. */
export function requiredText(entry: JsonRecord, key: string, path: string): string {
  const value = optionalText(entry, key, path);
  if (value === undefined) throw new EntryProblem(`${path}.${key}`, `${key} is missing or empty`);
  return value;
}

/** An optional string field: trimmed, with inner whitespace runs collapsed; undefined when empty. */
export function optionalText(entry: JsonRecord, key: string, path: string): string | undefined {
  return cleanText(entry[key], `${path}.${key}`);
}

/** One JSON value as clean text (see optionalText); `path` names where it sits. */
export function cleanText(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  // Ids sometimes arrive as numbers in hand-edited copies; a number is unambiguous text.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new EntryProblem(path, `expected text, found ${describe(value)}`);
  if (value.length > MAX_FIELD_CHARS) {
    throw new EntryProblem(path, `${value.length} characters, more than the ${MAX_FIELD_CHARS} accepted`);
  }
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/**
 * A date field as YYYY-MM-DD. The feed writes ISO timestamps at 20:00 UTC (midnight US Eastern
 * time), so the UTC calendar date is the date meant; a few hand-typed values are M/D/YYYY.
 * Placeholders ("Not Active", "No FRR Date") mean no date.
 */
export function optionalDate(entry: JsonRecord, key: string, path: string): string | undefined {
  const text = optionalText(entry, key, path);
  if (text === undefined || NO_DATE.has(text.toUpperCase())) return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : [];
  if (y !== undefined && m !== undefined && d !== undefined) {
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    if (date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d)) {
      return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    }
    throw new EntryProblem(`${path}.${key}`, `${JSON.stringify(text)} is not a calendar date`);
  }
  throw new EntryProblem(`${path}.${key}`, `unreadable date ${JSON.stringify(text)}`);
}

/**
 * A date that is a detail of its entry, not its substance: when unreadable it is left out and
 * the problem noted in `problems`, so that one mistyped expiry date does not lose an authorization.
 */
export function lenientDate(entry: JsonRecord, key: string, path: string, problems: string[]): string | undefined {
  try {
    return optionalDate(entry, key, path);
  } catch (err) {
    if (!(err instanceof EntryProblem)) throw err;
    problems.push(`${key}: ${err.reason}; left out`);
    return undefined;
  }
}

/** An optional array of strings; blank items (the feed writes `[""]` for "none") are dropped. */
export function textList(entry: JsonRecord, key: string, path: string): string[] {
  const value = entry[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EntryProblem(`${path}.${key}`, `expected a list, found ${describe(value)}`);
  const out: string[] = [];
  value.forEach((item, i) => {
    const text = cleanText(item, `${path}.${key}[${i}]`);
    if (text !== undefined) out.push(text);
  });
  return out;
}

/** An optional array field as raw items; each is checked by the caller. */
export function rawList(entry: JsonRecord, key: string, path: string): unknown[] {
  const value = entry[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EntryProblem(`${path}.${key}`, `expected a list, found ${describe(value)}`);
  return value;
}

/** The entry as compact JSON cut to 200 characters, for a reject's excerpt. */
export function excerpt(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length > 200 ? `${json.slice(0, 199)}…` : json;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${excerpt(value)}`;
}

/** Read each item of a feed array with `readOne`; items it cannot read become rejects, counted. */
export function readEntries<T>(
  items: readonly unknown[],
  basePath: string,
  readOne: (item: unknown, path: string) => T,
  rejects: FedrampReject[],
): { loaded: T[]; count: EntryCount } {
  const loaded: T[] = [];
  let rejected = 0;
  items.forEach((item, i) => {
    const path = `${basePath}[${i}]`;
    try {
      loaded.push(readOne(item, path));
    } catch (err) {
      if (!(err instanceof EntryProblem)) throw err;
      rejects.push({ path: err.path, reason: err.reason, excerpt: excerpt(item) });
      rejected++;
    }
  });
  return { loaded, count: { read: items.length, loaded: loaded.length, rejected } };
}
