/**
 * Reader for cited claims files: statements made by a public source (a press report, an NGO report,
 * a vendor page, the FedRAMP Marketplace) about how two entities relate, e.g. "Palantir's offering is
 * hosted on AWS GovCloud". They become `claim` edges in the relationship graph and are always shown
 * as claims, attributed to their source, never as records (docs/claims.md).
 *
 * Two formats, one row model:
 *  - YAML: a list of maps with keys from, to, kind, source, quote, date, note, from_type, to_type.
 *    Read with the failsafe schema (every scalar stays a string: 2018-10 stays text, not a number).
 *  - CSV: header `from,to,kind,source,quote,date[,note,from_type,to_type]`, RFC 4180.
 *
 * Validation is strict and stops at the first problem, reported as a BadInputError naming the file,
 * the line and the field. resolveClaims() then looks every endpoint up through an injected resolver and
 * returns nothing unless every row resolves, so a caller can apply a file all-or-nothing.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { BadInputError, InternalError, NotFoundError, type InputLocation } from '../errors.js';

/** Relationship kinds a claim may state, read "from <kind> to". */
export const CLAIM_KINDS = [
  'hosted_on',
  'uses',
  'supplies',
  'subcontracts',
  'resells',
  'partners_with',
  'owns',
  'other',
] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** What kind of thing an endpoint is; an offering is a product or cloud service (a FedRAMP offering, say). */
export const CLAIM_ENTITY_TYPES = ['company', 'agency', 'offering'] as const;
export type ClaimEntityType = (typeof CLAIM_ENTITY_TYPES)[number];

/** Column or key names of a claims file. */
export const CLAIM_FIELDS = ['from', 'to', 'kind', 'source', 'quote', 'date', 'note', 'from_type', 'to_type'] as const;
export type ClaimField = (typeof CLAIM_FIELDS)[number];

/** CSV columns that must be in the header (their values may be empty for quote and date). */
export const CLAIM_CSV_REQUIRED_COLUMNS: readonly ClaimField[] = ['from', 'to', 'kind', 'source', 'quote', 'date'];

/** Longest accepted value per field, in characters after cleaning. */
export const CLAIM_FIELD_LIMITS: Readonly<Record<ClaimField, number>> = {
  from: 300,
  to: 300,
  kind: 40,
  source: 2000,
  quote: 2000,
  date: 10,
  note: 1000,
  from_type: 20,
  to_type: 20,
};

/** One validated row of a claims file, endpoints still as written. */
export interface ClaimRow {
  from: string;
  /** Set when the file says what `from` is; otherwise resolution tries every lookup. */
  fromType?: ClaimEntityType;
  to: string;
  toType?: ClaimEntityType;
  kind: ClaimKind;
  /** Absolute http(s) URL of the source making the claim. */
  source: string;
  /** Short verbatim phrase from the source, at most CLAIM_FIELD_LIMITS.quote characters. */
  quote?: string;
  /** When the source made the claim: YYYY-MM-DD, YYYY-MM or YYYY. */
  date?: string;
  note?: string;
  file: string;
  /** First line of the row (YAML: the list item; CSV: the record's physical start line). */
  line: number;
  /** Line of each field present (YAML fields may sit on their own lines; CSV fields share the row's line). */
  fieldLines: Partial<Record<ClaimField, number>>;
}

/** An endpoint as the graph knows it. */
export interface ClaimEntityRef {
  id: string;
  name: string;
}

type LookupResult = ClaimEntityRef | undefined | Promise<ClaimEntityRef | undefined>;

/**
 * The graph's own entity lookups, injected. A lookup returns the entity, or undefined when nothing
 * matches, or throws NotFoundError (its suggestions are passed on to the user). Any other error is
 * not about the row and propagates unchanged. `suggest`, when given, supplies closest matches for
 * lookups that return undefined.
 */
export interface ClaimResolver {
  company(name: string): LookupResult;
  agency(name: string): LookupResult;
  offering?(name: string): LookupResult;
  suggest?(type: ClaimEntityType, name: string): readonly string[] | Promise<readonly string[]>;
}

/** A claim whose endpoints are graph entities; carries everything needed to show it with its source. */
export interface ResolvedClaim {
  fromId: string;
  fromType: ClaimEntityType;
  fromName: string;
  toId: string;
  toType: ClaimEntityType;
  toName: string;
  kind: ClaimKind;
  sourceUrl: string;
  quote?: string;
  date?: string;
  note?: string;
  file: string;
  line: number;
}

/** An endpoint that resolves to nothing (or to several things): names the value and the closest matches. */
export class UnknownClaimEntityError extends BadInputError {
  constructor(
    where: InputLocation,
    reason: string,
    readonly value: string,
    readonly suggestions: readonly string[],
  ) {
    super(where, suggestions.length ? `${reason}. Closest matches: ${suggestions.join('; ')}` : reason);
    this.name = 'UnknownClaimEntityError';
  }
}

export type ClaimsFormat = 'yaml' | 'csv';

const KIND_SET = new Set<string>(CLAIM_KINDS);
const TYPE_SET = new Set<string>(CLAIM_ENTITY_TYPES);
const FIELD_SET = new Set<string>(CLAIM_FIELDS);
const REQUIRED: readonly ClaimField[] = ['from', 'to', 'kind', 'source'];
// C0 and C1 controls, DEL, and invisible format characters that can disguise text: zero-width
// characters, bidirectional embeddings, overrides and isolates, the byte-order mark.
const INVISIBLE_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Decides the format: the extension when it says (.csv, .yaml, .yml), otherwise the content. */
export function detectClaimsFormat(text: string, fileName: string): ClaimsFormat {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  const firstLine = stripBom(text).split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  const cells = firstLine.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1').toLowerCase());
  return cells.length >= 2 && cells[0] === 'from' && cells[1] === 'to' ? 'csv' : 'yaml';
}

/** Parses and validates a claims file's text; fileName is used for the format and in errors. */
export function parseClaims(text: string, fileName: string): ClaimRow[] {
  const body = stripBom(text);
  const rows = detectClaimsFormat(body, fileName) === 'csv' ? parseCsvClaims(body, fileName) : parseYamlClaims(body, fileName);
  rejectRepeats(rows, (r) => `${nameKey(r.from)}\u0000${nameKey(r.to)}\u0000${r.kind}\u0000${urlKey(r.source)}`);
  return rows;
}

/**
 * Resolves every row's endpoints, in file order, before returning anything: the first row that
 * does not resolve throws (UnknownClaimEntityError, a BadInputError naming the row's line, the field
 * `from` or `to`, and the value), so a caller that applies the result applies all of it or none.
 */
export async function resolveClaims(rows: readonly ClaimRow[], resolver: ClaimResolver): Promise<ResolvedClaim[]> {
  const cache = new Map<string, Promise<EndpointOutcome>>();
  const lookup = (type: ClaimEntityType, name: string): Promise<EndpointOutcome> => {
    const key = `${type}\u0000${name}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = lookupOne(resolver, type, name);
      cache.set(key, hit);
    }
    return hit;
  };
  const out: ResolvedClaim[] = [];
  for (const row of rows) {
    const from = await resolveEndpoint(row, 'from', resolver, lookup);
    const to = await resolveEndpoint(row, 'to', resolver, lookup);
    if (from.type === to.type && from.ref.id === to.ref.id) {
      throw new BadInputError(
        { file: row.file, line: row.fieldLines.to ?? row.line, field: 'to' },
        `from and to are the same ${from.type} ("${from.ref.name}", id ${from.ref.id}); a claim relates two different entities`,
      );
    }
    const claim: ResolvedClaim = {
      fromId: from.ref.id,
      fromType: from.type,
      fromName: from.ref.name,
      toId: to.ref.id,
      toType: to.type,
      toName: to.ref.name,
      kind: row.kind,
      sourceUrl: row.source,
      file: row.file,
      line: row.line,
    };
    if (row.quote !== undefined) claim.quote = row.quote;
    if (row.date !== undefined) claim.date = row.date;
    if (row.note !== undefined) claim.note = row.note;
    out.push(claim);
  }
  // Two spellings of one entity make a repeat that only resolution can see.
  rejectRepeats(out, (c) => `${c.fromType}:${c.fromId}\u0000${c.toType}:${c.toId}\u0000${c.kind}\u0000${urlKey(c.sourceUrl)}`);
  return out;
}

/** Reads, parses and resolves one claims file. NotFoundError when the file does not exist. */
export async function loadClaimsFile(path: string, resolver: ClaimResolver): Promise<ResolvedClaim[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`claims file not found: ${path}`);
    throw new BadInputError({ file: path }, `cannot read claims file: ${(err as Error).message}`);
  }
  if (bytes.includes(0)) throw new BadInputError({ file: path }, 'not a text file (it holds NUL bytes): expected YAML or CSV claims');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadInputError({ file: path }, 'not UTF-8 text: save the claims file as UTF-8');
  }
  return resolveClaims(parseClaims(text, path), resolver);
}

// ---------------------------------------------------------------------------------------------
// Row validation shared by both formats

/** Raw field values of one row with the line of each, before validation. */
interface RawRow {
  values: Map<ClaimField, string>;
  lines: Map<ClaimField, number>;
  line: number;
}

function validateRow(raw: RawRow, file: string): ClaimRow {
  const fail = (field: ClaimField, reason: string): never => {
    throw new BadInputError({ file, line: raw.lines.get(field) ?? raw.line, field }, reason);
  };
  const clean = new Map<ClaimField, string>();
  for (const [field, value] of raw.values) {
    const s = cleanText(value);
    if (s === '') continue;
    const limit = CLAIM_FIELD_LIMITS[field];
    if (s.length > limit) fail(field, `${field} is ${s.length} characters long; at most ${limit} are allowed`);
    clean.set(field, s);
  }
  for (const field of REQUIRED) {
    if (!clean.has(field)) {
      const how = raw.values.has(field) ? 'is empty' : 'is missing';
      fail(field, `${field} ${how}: every claim needs from, to, kind and source${field === 'source' ? ' (the URL of the source making the claim)' : ''}`);
    }
  }
  const kind = clean.get('kind')!;
  if (!KIND_SET.has(kind)) {
    const near = kind.toLowerCase().replace(/[\s-]+/g, '_');
    const hint = KIND_SET.has(near) ? `; did you mean "${near}"?` : '';
    fail('kind', `unknown kind "${kind}"; allowed: ${CLAIM_KINDS.join(', ')}${hint}`);
  }
  const source = clean.get('source')!;
  const urlProblem = webUrlProblem(source);
  if (urlProblem) fail('source', `source "${source}" ${urlProblem}`);
  const row: ClaimRow = {
    from: clean.get('from')!,
    to: clean.get('to')!,
    kind: kind as ClaimKind,
    source,
    file,
    line: raw.line,
    fieldLines: Object.fromEntries(raw.lines) as Partial<Record<ClaimField, number>>,
  };
  for (const field of ['from_type', 'to_type'] as const) {
    const type = clean.get(field);
    if (type === undefined) continue;
    if (!TYPE_SET.has(type)) fail(field, `unknown ${field} "${type}"; allowed: ${CLAIM_ENTITY_TYPES.join(', ')}`);
    if (field === 'from_type') row.fromType = type as ClaimEntityType;
    else row.toType = type as ClaimEntityType;
  }
  const date = clean.get('date');
  if (date !== undefined) {
    const problem = dateProblem(date);
    if (problem) fail('date', `date "${date}" ${problem}`);
    row.date = date;
  }
  const quote = clean.get('quote');
  if (quote !== undefined) row.quote = quote;
  const note = clean.get('note');
  if (note !== undefined) row.note = note;
  return row;
}

/** Removes control and invisible format characters, turns line breaks and tabs into spaces, collapses spaces. */
export function cleanText(value: string): string {
  return value
    .replace(/\r\n|[\r\n\t\u2028\u2029\u0085]/g, ' ')
    .replace(INVISIBLE_RE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function webUrlProblem(s: string): string | undefined {
  if (/\s/.test(s)) return 'is not a URL: it contains spaces (percent-encode them as %20)';
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return 'is not an absolute URL: give the full address, starting with https://';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `is not a web address: the scheme must be http or https, not ${url.protocol.replace(/:$/, '')}`;
  if (!url.hostname.includes('.')) return `is not a public web address: host "${url.hostname}" has no domain`;
  if (url.username || url.password) return 'carries a user name or password; cite the public address';
  return undefined;
}

function dateProblem(s: string): string | undefined {
  const m = DATE_RE.exec(s);
  if (!m) return 'must be YYYY-MM-DD, YYYY-MM or YYYY';
  const year = Number(m[1]);
  if (year < 1900) return 'is before 1900';
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return `has no month ${m[2]}`;
    if (m[3] !== undefined) {
      const day = Number(m[3]);
      const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
      if (day < 1 || day > days) return `is not a calendar date (${year}-${m[2]} has ${days} days)`;
    }
  }
  // A claim cannot be older than its source: a date after today is a typo.
  const today = new Date().toISOString().slice(0, 10);
  if (s > today.slice(0, s.length)) return `is in the future (today is ${today})`;
  return undefined;
}

function rejectRepeats<T extends { file: string; line: number }>(items: readonly T[], keyOf: (item: T) => string): void {
  const seen = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first) {
      throw new BadInputError(
        { file: item.file, line: item.line },
        `repeats the claim at line ${first.line} (same from, to, kind and source); remove one of them`,
      );
    }
    seen.set(key, item);
  }
}

function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

function urlKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// ---------------------------------------------------------------------------------------------
// Resolution

type EndpointOutcome =
  | { found: true; ref: ClaimEntityRef }
  | { found: false; suggestions: readonly string[]; message?: string };

async function lookupOne(resolver: ClaimResolver, type: ClaimEntityType, name: string): Promise<EndpointOutcome> {
  let result: ClaimEntityRef | undefined;
  try {
    if (type === 'company') result = await resolver.company(name);
    else if (type === 'agency') result = await resolver.agency(name);
    else if (resolver.offering) result = await resolver.offering(name);
    else throw new InternalError('offering lookup called on a resolver without one');
  } catch (err) {
    if (err instanceof NotFoundError) {
      return { found: false, suggestions: err.suggestions, message: err.message.split('\n')[0] };
    }
    throw err;
  }
  if (result === undefined) {
    const suggestions = resolver.suggest ? await resolver.suggest(type, name) : [];
    return { found: false, suggestions };
  }
  if (typeof result.id !== 'string' || result.id === '' || typeof result.name !== 'string') {
    throw new InternalError(`claims resolver returned a ${type} without an id and name for "${name}"`);
  }
  return { found: true, ref: { id: result.id, name: result.name } };
}

async function resolveEndpoint(
  row: ClaimRow,
  field: 'from' | 'to',
  resolver: ClaimResolver,
  lookup: (type: ClaimEntityType, name: string) => Promise<EndpointOutcome>,
): Promise<{ type: ClaimEntityType; ref: ClaimEntityRef }> {
  const value = row[field];
  const typeField = field === 'from' ? 'from_type' : 'to_type';
  const declared = field === 'from' ? row.fromType : row.toType;
  const where = { file: row.file, line: row.fieldLines[field] ?? row.line, field };
  if (declared === 'offering' && !resolver.offering) {
    throw new BadInputError(
      { file: row.file, line: row.fieldLines[typeField] ?? row.line, field: typeField },
      `${typeField} is "offering" but offerings cannot be looked up here (no offering lookup was given)`,
    );
  }
  const types: ClaimEntityType[] = declared ? [declared] : resolver.offering ? ['company', 'agency', 'offering'] : ['company', 'agency'];
  const hits: Array<{ type: ClaimEntityType; ref: ClaimEntityRef }> = [];
  const suggestions: string[] = [];
  const messages: string[] = [];
  for (const type of types) {
    const outcome = await lookup(type, value);
    if (outcome.found) {
      hits.push({ type, ref: outcome.ref });
    } else {
      for (const s of outcome.suggestions) suggestions.push(declared ? s : `${s} (${type})`);
      if (outcome.message) messages.push(outcome.message);
    }
  }
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) {
    const listed = hits.map((h) => `${h.type} "${h.ref.name}" (id ${h.ref.id})`).join(', ');
    throw new UnknownClaimEntityError(
      where,
      `${field} "${value}" is ambiguous: it matches ${listed}; say which with ${typeField}`,
      value,
      [],
    );
  }
  const what = declared ?? types.join(', ').replace(/, (\w+)$/, ' or $1');
  const detail = messages.length === 1 ? ` (${messages[0]})` : '';
  throw new UnknownClaimEntityError(
    where,
    `unknown entity: ${field} "${value}" matches no ${what}${detail}`,
    value,
    [...new Set(suggestions)],
  );
}

// ---------------------------------------------------------------------------------------------
// YAML

function parseYamlClaims(text: string, file: string): ClaimRow[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new BadInputError({ file, line }, `not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const lineOf = (node: unknown, fallback: number): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : fallback;
  };
  const root = doc.contents;
  if (!root || (isScalar(root) && root.value === '')) {
    throw new BadInputError({ file }, 'holds no claims: expected a list of claims (or a CSV file with a from,to,kind,source,quote,date header)');
  }
  if (!isSeq(root)) {
    throw new BadInputError({ file, line: lineOf(root, 1) }, 'expected a list of claims at the top level, each a map with from, to, kind and source');
  }
  if (root.items.length === 0) throw new BadInputError({ file, line: lineOf(root, 1) }, 'holds no claims: the list is empty');
  return root.items.map((item, i) => {
    const line = lineOf(item, lineOf(root, 1));
    const node = item as Node | null;
    if (isAlias(node)) throw new BadInputError({ file, line }, 'YAML aliases are not supported in claims files');
    if (!isMap(node)) throw new BadInputError({ file, line }, `claim ${i + 1} is not a map: expected keys from, to, kind, source, quote, date`);
    const raw: RawRow = { values: new Map(), lines: new Map(), line };
    for (const pair of node.items) {
      const keyLine = lineOf(pair.key, line);
      if (!isScalar(pair.key)) throw new BadInputError({ file, line: keyLine }, 'keys must be plain text');
      const key = String(pair.key.value);
      if (!FIELD_SET.has(key)) {
        throw new BadInputError({ file, line: keyLine, field: key }, `unknown key "${key}"; allowed: ${CLAIM_FIELDS.join(', ')}`);
      }
      const field = key as ClaimField;
      const value = pair.value;
      if (isAlias(value)) throw new BadInputError({ file, line: lineOf(value, keyLine), field }, 'YAML aliases are not supported in claims files');
      if (value !== null && value !== undefined && !isScalar(value)) {
        throw new BadInputError({ file, line: lineOf(value, keyLine), field }, `${field} must be text, not a list or map`);
      }
      raw.values.set(field, value ? String(value.value ?? '') : '');
      raw.lines.set(field, keyLine);
    }
    return validateRow(raw, file);
  });
}

// ---------------------------------------------------------------------------------------------
// CSV

interface CsvRecord {
  fields: string[];
  line: number;
}

/** Splits RFC 4180 text into records with their physical start lines; strict about quotes. */
export function splitCsvRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  let state: 'start' | 'unquoted' | 'quoted' | 'closed' = 'start';
  const endRecord = (): void => {
    fields.push(field);
    records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    state = 'start';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const isBreak = ch === '\n' || ch === '\r';
    if (state === 'quoted') {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          state = 'closed';
        }
      } else {
        if (ch === '\r' && text[i + 1] === '\n') {
          field += '\r\n';
          i++;
          line++;
        } else {
          field += ch;
          if (isBreak) line++;
        }
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      state = 'start';
    } else if (isBreak) {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (ch === '"') {
      if (state !== 'start') {
        throw new BadInputError(
          { file, line },
          state === 'closed'
            ? 'a quoted field must be followed by a comma or the end of the line'
            : 'a quote inside an unquoted field: enclose the whole field in quotes and double the quote ("")',
        );
      }
      state = 'quoted';
      quoteLine = line;
    } else {
      if (state === 'closed') throw new BadInputError({ file, line }, 'a quoted field must be followed by a comma or the end of the line');
      field += ch;
      state = 'unquoted';
    }
  }
  if (state === 'quoted') throw new BadInputError({ file, line: quoteLine }, 'a quoted field is never closed');
  if (state !== 'start' || fields.length > 0 || field !== '') endRecord();
  return records;
}

function parseCsvClaims(text: string, file: string): ClaimRow[] {
  const records = splitCsvRecords(text, file).filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
  const header = records.shift();
  if (!header) throw new BadInputError({ file }, 'holds no claims: the file is empty (expected a from,to,kind,source,quote,date header)');
  const columns: ClaimField[] = [];
  for (const name of header.fields) {
    const col = name.trim().toLowerCase();
    if (!FIELD_SET.has(col)) {
      throw new BadInputError({ file, line: header.line, field: name.trim() }, `unknown column "${name.trim()}"; allowed: ${CLAIM_FIELDS.join(', ')}`);
    }
    if (columns.includes(col as ClaimField)) throw new BadInputError({ file, line: header.line, field: col }, `column "${col}" appears twice`);
    columns.push(col as ClaimField);
  }
  const missing = CLAIM_CSV_REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new BadInputError(
      { file, line: header.line, field: missing[0] },
      `header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected from,to,kind,source,quote,date[,note,from_type,to_type]`,
    );
  }
  if (records.length === 0) throw new BadInputError({ file, line: header.line }, 'holds no claims: only a header');
  return records.map((record) => {
    if (record.fields.length !== columns.length) {
      throw new BadInputError(
        { file, line: record.line },
        `has ${record.fields.length} fields but the header has ${columns.length} columns (quote fields that contain commas)`,
      );
    }
    const raw: RawRow = { values: new Map(), lines: new Map(), line: record.line };
    columns.forEach((col, i) => {
      raw.values.set(col, record.fields[i]!);
      raw.lines.set(col, record.line);
    });
    return validateRow(raw, file);
  });
}
