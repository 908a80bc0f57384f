/**
 * The agency hierarchy (toptier → subtier → office) and agency lookup; rules in docs/agencies.md.
 *
 * The directory joins three sources: the official agency codes list when the user ingested it (names and
 * abbreviations from it always win), every agency code and name seen in the records (awarding and funding,
 * in transactions, award summaries and subawards), and a small bundled fallback (data/agencies.yaml) that
 * supplies abbreviations the official list lacks, or, when the list is not loaded, lets well-known agencies
 * such as ICE or DHS resolve at all.
 *
 * Codes: a toptier is identified as USAspending identifies it in records: the 3-digit CGAC ('070'), or the
 * 4-digit FREC where the official list says IS_FREC (Department of Labor '1601'). A subtier is the 4-character
 * SUBTIER CODE ('7012'); an office the FPDS office code ('70CTD0', some are 5 characters). All-digit codes
 * a spreadsheet shortened ('70' for '070', '100' for '0100') are padded back; the spellings seen in records
 * are kept on the node, so conditions match them too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { BadInputError, NotFoundError, UsageError } from '../errors.js';
import { bundledDataFile } from '../dataFiles.js';
import type { Database } from '../store/database.js';
import { ident, literal } from '../store/sql.js';
import { AGENCY_CODES, AWARD_SUMMARIES, SUBAWARDS, TABLES, TRANSACTIONS } from '../store/tables.js';
import { candidateScore, jaroWinkler } from './similarity.js';

export type AgencyLevel = 'toptier' | 'subtier' | 'office';
export const AGENCY_LEVELS: readonly AgencyLevel[] = ['toptier', 'subtier', 'office'];
/** Where a node was seen: the official agency codes list, the records, or only the bundled fallback. */
export type AgencySource = 'official' | 'records' | 'bundled';
/** The views that carry agency columns. */
export type AgencyView = 'transactions' | 'award_summaries' | 'subawards';
export const AGENCY_VIEWS: readonly AgencyView[] = ['transactions', 'award_summaries', 'subawards'];
/** Which agency columns of a record: the awarding or the funding agency. */
export type AgencyBasis = 'awarding' | 'funding';

/** Rows of one view carrying the node's code as awarding and as funding agency. */
export interface AgencyRecordCounts {
  awarding: number;
  funding: number;
}
export type AgencyCounts = Record<AgencyView, AgencyRecordCounts>;

export interface AgencyKey {
  level: AgencyLevel;
  code: string;
}

/** One agency, subtier or office of the directory. */
export interface AgencyNode {
  level: AgencyLevel;
  /** Canonical code: '070', '1601' (FREC toptier), '7012', '70CTD0'. */
  code: string;
  /** Every spelling of the code that means this node: the code first, then others seen in records ('70'). */
  codes: string[];
  /** Official name, else the name records use most, else the bundled name; null when nothing names it. */
  name: string | null;
  nameSource: AgencySource | null;
  abbreviation: string | null;
  abbreviationSource: AgencySource | null;
  /**
   * The level above: toptiers of a subtier; subtiers of an office (the toptier, for an office recorded without
   * a subtier). Usually one; several when records place the code under more than one.
   */
  parents: AgencyKey[];
  /** Other spellings of the name (records, the official list, bundled aliases), most used first. */
  aliases: string[];
  seenIn: AgencySource[];
  /** The official list's "user selectable on USAspending" flag (current agencies); null when not in the list. */
  selectable: boolean | null;
  /** Record counts per view and basis (0 everywhere: the agency has no records in this store). */
  counts: AgencyCounts;
}

export interface AgencyDirectory {
  /** Every node, toptiers first, then by code. */
  nodes: readonly AgencyNode[];
  /** Nodes by agencyKeyString(level, code). */
  byKey: ReadonlyMap<string, AgencyNode>;
  /** True when the official agency codes list is in the store. */
  officialList: boolean;
  /** True when the bundled fallback (data/agencies.yaml) was consulted. */
  bundled: boolean;
}

/** How a query matched. */
export type AgencyMatch = 'code' | 'abbreviation' | 'name' | 'alias' | 'partial name';

/** A parent as a reference carries it. */
export interface AgencyParentRef {
  level: AgencyLevel;
  code: string;
  name: string | null;
  abbreviation: string | null;
}

/** An agency a query resolved to: what answers filter on and describe. */
export interface AgencyRef {
  level: AgencyLevel;
  code: string;
  /** The code's spellings (conditions match all of them). */
  codes: string[];
  name: string | null;
  abbreviation: string | null;
  parents: AgencyParentRef[];
  seenIn: AgencySource[];
  counts: AgencyCounts;
  /** False when no record of the store names this agency (answers then say "no records"). */
  hasRecords: boolean;
  matchedBy: AgencyMatch;
  /** The query as given. */
  query: string;
}

/** What agencyCondition needs of a reference. */
export type AgencyCodeRef = Pick<AgencyRef, 'level' | 'code'> & { codes?: readonly string[] };

/** 'subtier:7012'. */
export function agencyKeyString(level: AgencyLevel, code: string): string {
  return `${level}:${code}`;
}

/** The node of a level and code, if the directory has it. */
export function getAgency(dir: AgencyDirectory, level: AgencyLevel, code: string): AgencyNode | undefined {
  return dir.byKey.get(agencyKeyString(level, canonicalAgencyCode(level, code)));
}

/** Nodes whose parents include this one (subtiers of a toptier, offices of a subtier). */
export function agencyChildren(dir: AgencyDirectory, key: AgencyKey): AgencyNode[] {
  return dir.nodes.filter((n) => n.parents.some((p) => p.level === key.level && p.code === key.code));
}

/**
 * Canonical form of a code: trimmed, uppercase, and all-digit codes a spreadsheet shortened padded back
 * (toptier to 3 digits, subtier to 4). Office codes are alphanumeric and kept as they are.
 */
export function canonicalAgencyCode(level: AgencyLevel, raw: string): string {
  const code = raw.trim().toUpperCase();
  if (level === 'toptier' && /^\d{1,2}$/.test(code)) return code.padStart(3, '0');
  if (level === 'subtier' && /^\d{1,3}$/.test(code)) return code.padStart(4, '0');
  return code;
}

/**
 * Canonical form of an agency name for lookup: uppercase, no accents or punctuation, '&' as AND, a trailing
 * parenthesised note dropped ('Department of Homeland Security (DHS)'), and a leading THE, U.S. or UNITED
 * STATES dropped, so 'Immigration and Customs Enforcement' meets 'U.S. Immigration and Customs Enforcement'.
 */
export function normalizeAgencyName(raw: string): string {
  let s = raw.normalize('NFKD').replace(/\p{M}+/gu, '').toUpperCase();
  const withoutNote = s.replace(/\s*\([^()]*\)\s*$/, '');
  if (withoutNote.trim()) s = withoutNote;
  s = s.replace(/&/g, ' AND ').replace(/[.'’`]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  let tokens = s ? s.split(' ') : [];
  const drop = (n: number): void => {
    if (tokens.length > n) tokens = tokens.slice(n);
  };
  if (tokens[0] === 'THE') drop(1);
  if (tokens[0] === 'US') drop(1);
  else if (tokens[0] === 'U' && tokens[1] === 'S') drop(2);
  else if (tokens[0] === 'UNITED' && tokens[1] === 'STATES') drop(2);
  return tokens.join(' ');
}

/** An abbreviation as compared: uppercase, without spaces and periods ('u.s.c.g.' → 'USCG'). */
function compactAbbreviation(raw: string): string {
  return raw.toUpperCase().replace(/[\s.]+/g, '');
}

// ---------------------------------------------------------------------------------------------------------
// Bundled fallback (data/agencies.yaml)

/** One entry of the bundled fallback file. */
export interface BundledAgency {
  level: 'toptier' | 'subtier';
  code: string;
  name: string;
  abbreviation: string;
  /** Toptier code of a subtier. */
  parent?: string;
  aliases: string[];
  line: number;
}

const BUNDLED_KEYS = new Set(['level', 'code', 'name', 'abbreviation', 'parent', 'aliases']);
const CODE_PATTERNS: Record<'toptier' | 'subtier', RegExp> = { toptier: /^[0-9A-Z]{3,4}$/, subtier: /^[0-9A-Z]{4}$/ };

/** data/agencies.yaml of this installation, found upwards from this module (src/ or dist/src/). */
export function bundledAgenciesPath(): string {
  return bundledDataFile('agencies.yaml', 'bundled agency list');
}

/** Parses the bundled fallback file's text; every problem names the file, line and field. */
export function parseBundledAgencies(text: string, fileName: string): BundledAgency[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const fail = (node: Node | null | undefined, field: string | undefined, reason: string): never => {
    const line = lineOf(node);
    throw new BadInputError({ file: fileName, ...(line === undefined ? {} : { line }), ...(field ? { field } : {}) }, reason);
  };
  const firstError = doc.errors[0];
  if (firstError) {
    throw new BadInputError({ file: fileName, line: lineCounter.linePos(firstError.pos[0]).line }, `not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root)) return fail(root, undefined, 'expected a mapping with version and agencies');
  const version = root.get('version', true);
  if (!isScalar(version) || String(version.value) !== '1') fail(version ?? root, 'version', 'expected version: 1');
  const list = root.get('agencies', true);
  if (!isSeq(list)) return fail(list ?? root, 'agencies', 'expected a list of agencies');
  const out: BundledAgency[] = [];
  const seen = new Set<string>();
  for (const item of list.items as Node[]) {
    if (!isMap(item)) fail(item, undefined, 'expected a mapping with level, code, name and abbreviation');
    const map = item as unknown as { items: Array<{ key: Node; value: Node | null }> };
    const values = new Map<string, Node | null>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!BUNDLED_KEYS.has(key)) fail(pair.key, key, `unknown field "${key}" (expected ${[...BUNDLED_KEYS].join(', ')})`);
      values.set(key, pair.value);
    }
    const text = (field: string, required: boolean): string | undefined => {
      const v = values.get(field);
      if (v === undefined || v === null) return required ? fail(item, field, `missing ${field}`) : undefined;
      if (!isScalar(v) || typeof v.value !== 'string' || !v.value.trim()) return fail(v, field, `${field} must be non-empty text`);
      return v.value.trim();
    };
    const level = text('level', true)!;
    if (level !== 'toptier' && level !== 'subtier') fail(values.get('level'), 'level', `level must be toptier or subtier, not "${level}"`);
    const lvl = level as 'toptier' | 'subtier';
    const code = text('code', true)!;
    if (!CODE_PATTERNS[lvl].test(code)) fail(values.get('code'), 'code', `"${code}" is not a ${lvl} code`);
    const parent = text('parent', lvl === 'subtier');
    if (lvl === 'toptier' && parent !== undefined) fail(values.get('parent'), 'parent', 'a toptier has no parent');
    if (parent !== undefined && !CODE_PATTERNS.toptier.test(parent)) fail(values.get('parent'), 'parent', `"${parent}" is not a toptier code`);
    const aliasesNode = values.get('aliases');
    const aliases: string[] = [];
    if (aliasesNode !== undefined && aliasesNode !== null) {
      if (!isSeq(aliasesNode)) fail(aliasesNode, 'aliases', 'aliases must be a list');
      for (const a of (aliasesNode as unknown as { items: Node[] }).items) {
        if (!isScalar(a) || typeof a.value !== 'string' || !a.value.trim()) fail(a, 'aliases', 'each alias must be non-empty text');
        aliases.push((a as unknown as { value: string }).value.trim());
      }
    }
    const key = agencyKeyString(lvl, code);
    if (seen.has(key)) fail(values.get('code'), 'code', `${lvl} ${code} is listed twice`);
    seen.add(key);
    out.push({
      level: lvl, code, name: text('name', true)!, abbreviation: text('abbreviation', true)!,
      ...(parent === undefined ? {} : { parent }), aliases, line: lineOf(item) ?? 0,
    });
  }
  return out;
}

const bundledCache = new Map<string, BundledAgency[]>();

/** The bundled fallback entries (read once per path). */
export function loadBundledAgencies(path: string = bundledAgenciesPath()): BundledAgency[] {
  let entries = bundledCache.get(path);
  if (!entries) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new BadInputError({ file: path }, `cannot read the agency list (${err instanceof Error ? err.message : String(err)})`);
    }
    entries = parseBundledAgencies(text, path);
    bundledCache.set(path, entries);
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------------------
// Building the directory

export interface LoadAgencyDirectoryOptions {
  /** Bundled fallback file; null leaves it out (default: data/agencies.yaml). */
  bundledPath?: string | null;
}

interface OfficialRow {
  [key: string]: unknown;
  cgac_agency_code: string | null;
  agency_name: string | null;
  agency_abbreviation: string | null;
  frec: string | null;
  frec_entity_description: string | null;
  frec_abbreviation: string | null;
  subtier_code: string | null;
  subtier_name: string | null;
  subtier_abbreviation: string | null;
  toptier_flag: boolean | null;
  is_frec: boolean | null;
  user_selectable_on_usaspending: boolean | null;
}

/** One code of one level as the records have it, aggregated over all views and both bases. */
interface RecordNode {
  level: AgencyLevel;
  /** As spelled in the records. */
  code: string;
  /** Names it appears with → rows. */
  names: Record<string, number> | null;
  /** Subtier abbreviations it appears with (API projection rows) → rows. */
  abbreviations: Record<string, number> | null;
  /** 'toptier:070' (the spelling in records) for each parent it appears under. */
  parents: string[] | null;
  counts: Record<AgencyView, { awarding: number | null; funding: number | null }>;
}

const VIEW_NAMES: Record<AgencyView, string> = {
  transactions: TRANSACTIONS.view, award_summaries: AWARD_SUMMARIES.view, subawards: SUBAWARDS.view,
};

const COLUMN_SUFFIXES = ['agency_code', 'agency_name', 'sub_agency_code', 'sub_agency_name', 'office_code', 'office_name'] as const;

/** One scan of a view: rows per distinct awarding and per distinct funding agency/subtier/office combination. */
function combinationsQuery(view: AgencyView): string {
  const prefix = view === 'subawards' ? 'prime_award_' : '';
  const hasFundingOffice = view !== 'subawards';
  const aw = COLUMN_SUFFIXES.map((c) => ident(`${prefix}awarding_${c}`));
  const fu = COLUMN_SUFFIXES.map((c, i) => (i >= 4 && !hasFundingOffice ? null : ident(`${prefix}funding_${c}`)));
  const abbr = view === 'transactions' ? ident('awarding_sub_agency_abbreviation') : null;
  const isAwarding = `grouping(${aw[0]}) = 0`;
  const names = ['tc', 'tn', 'sc', 'sn', 'oc', 'on'];
  const pick = names.map((n, i) => `CASE WHEN ${isAwarding} THEN ${aw[i]} ELSE ${fu[i] ?? 'NULL'} END AS ${ident(n)}`);
  const awardingSet = [...aw, ...(abbr ? [abbr] : [])].join(', ');
  const fundingSet = fu.filter((c): c is string => c !== null).join(', ');
  return `SELECT ${literal(view)} AS v, CASE WHEN ${isAwarding} THEN 'awarding' ELSE 'funding' END AS basis,
      ${pick.join(', ')}, ${abbr ? `CASE WHEN ${isAwarding} THEN ${abbr} END` : 'NULL'} AS ab, count(*) AS n
    FROM ${ident(VIEW_NAMES[view])} GROUP BY GROUPING SETS ((${awardingSet}), (${fundingSet}))`;
}

/**
 * Every agency code in the records with its names, parents and counts: one GROUP BY per view (awarding and
 * funding as two grouping sets), reduced to one row per level and code inside DuckDB and returned as one
 * JSON text (turning tens of thousands of result rows into JS objects would cost more than the scan).
 */
function recordsQuery(): string {
  const sum = (view: AgencyView, basis: AgencyBasis): string =>
    `sum(n) FILTER (WHERE v = ${literal(view)} AND basis = ${literal(basis)})`;
  const counts = AGENCY_VIEWS.map((v) => `${literal(v)}: {'awarding': ${sum(v, 'awarding')}, 'funding': ${sum(v, 'funding')}}`).join(', ');
  return `WITH combos AS MATERIALIZED (${AGENCY_VIEWS.map(combinationsQuery).join('\nUNION ALL\n')}),
    levels AS (
      SELECT 'toptier' AS level, tc AS code, tn AS name, NULL AS parent, NULL AS ab, v, basis, n FROM combos WHERE tc IS NOT NULL
      UNION ALL SELECT 'subtier', sc, sn, 'toptier:' || tc, ab, v, basis, n FROM combos WHERE sc IS NOT NULL
      UNION ALL SELECT 'office', oc, "on", CASE WHEN sc IS NOT NULL THEN 'subtier:' || sc WHEN tc IS NOT NULL THEN 'toptier:' || tc END,
        NULL, v, basis, n FROM combos WHERE oc IS NOT NULL),
    nodes AS (
      SELECT level, code, to_json(histogram(name)) AS names, to_json(histogram(ab)) AS abbreviations,
        to_json(list(DISTINCT parent) FILTER (WHERE parent IS NOT NULL)) AS parents, {${counts}} AS counts
      FROM levels GROUP BY level, code)
    SELECT CAST(to_json(list(nodes)) AS VARCHAR) AS j FROM nodes`;
}

/** A node while it is built: names and abbreviations from records are counted and the most used wins. */
class Draft {
  readonly codes = new Set<string>();
  officialName: string | null = null;
  officialAbbreviation: string | null = null;
  bundledName: string | null = null;
  bundledAbbreviation: string | null = null;
  readonly recordNames = new Map<string, number>();
  readonly recordAbbreviations = new Map<string, number>();
  readonly extraNames: string[] = [];
  readonly parents = new Map<string, AgencyKey>();
  readonly seenIn = new Set<AgencySource>();
  selectable: boolean | null = null;
  readonly counts: AgencyCounts = {
    transactions: { awarding: 0, funding: 0 },
    award_summaries: { awarding: 0, funding: 0 },
    subawards: { awarding: 0, funding: 0 },
  };
  constructor(readonly level: AgencyLevel, readonly code: string) {
    this.codes.add(code);
  }
  addParent(level: AgencyLevel, code: string): void {
    this.parents.set(agencyKeyString(level, code), { level, code });
  }
}

function vote(map: Map<string, number>, value: string | null, n: number): void {
  const v = value?.trim();
  if (v) map.set(v, (map.get(v) ?? 0) + n);
}

/** Entries of a vote map, most votes first, then alphabetically (deterministic). */
function ranked(map: Map<string, number>): string[] {
  return [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([v]) => v);
}

const spellingKey = (s: string): string => s.toUpperCase().replace(/\s+/g, ' ').trim();
const LEVEL_ORDER: Record<AgencyLevel, number> = { toptier: 0, subtier: 1, office: 2 };

/**
 * Builds the directory: the official agency codes list (when loaded), every agency code and name in the
 * records (one GROUP BY per view), and the bundled fallback.
 */
export async function loadAgencyDirectory(db: Database, options: LoadAgencyDirectoryOptions = {}): Promise<AgencyDirectory> {
  // the directory depends only on the stored records and the bundled file: kept per open store until a
  // snapshot or any row count changes (ingest, deletion), which a cheap query tells
  const bundledKey = options.bundledPath === undefined ? '(default)' : String(options.bundledPath);
  const stamp = await db.one<{ k: string }>(
    `SELECT concat_ws('/', (SELECT max(snapshot_id) FROM snapshots), (SELECT count(*) FROM snapshots WHERE finished_at IS NOT NULL),
       ${TABLES.map((t) => `(SELECT count(*) FROM ${ident(t.table)})`).join(', ')}) AS k`,
  );
  const key = `${bundledKey}\0${stamp?.k ?? ''}`;
  const cached = directoryCache.get(db);
  if (cached && cached.key === key) return cached.dir;
  const dir = await readAgencyDirectory(db, options);
  directoryCache.set(db, { key, dir });
  return dir;
}

const directoryCache = new WeakMap<Database, { key: string; dir: AgencyDirectory }>();

async function readAgencyDirectory(db: Database, options: LoadAgencyDirectoryOptions): Promise<AgencyDirectory> {
  const official = await db.all<OfficialRow>(
    `SELECT cgac_agency_code, agency_name, agency_abbreviation, frec, frec_entity_description, frec_abbreviation,
            subtier_code, subtier_name, subtier_abbreviation, toptier_flag, is_frec, user_selectable_on_usaspending
     FROM ${ident(AGENCY_CODES.view)}`,
  );
  const row = await db.one<{ j: string | null }>(recordsQuery());
  const records = row?.j ? (JSON.parse(row.j) as RecordNode[] | null) ?? [] : [];
  const bundledPath = options.bundledPath === undefined ? bundledAgenciesPath() : options.bundledPath;
  const bundled = bundledPath === null ? [] : loadBundledAgencies(bundledPath);
  return buildDirectory(official, records, bundled, bundledPath !== null);
}

function buildDirectory(official: readonly OfficialRow[], records: readonly RecordNode[], bundled: readonly BundledAgency[], bundledUsed: boolean): AgencyDirectory {
  const drafts = new Map<string, Draft>();
  const draft = (level: AgencyLevel, rawCode: string): Draft => {
    const code = canonicalAgencyCode(level, rawCode);
    const key = agencyKeyString(level, code);
    let d = drafts.get(key);
    if (!d) drafts.set(key, (d = new Draft(level, code)));
    return d;
  };
  const nameOnce = (d: Draft, name: string | null, abbr: string | null): void => {
    const n = name?.trim() || null;
    if (d.officialName === null) d.officialName = n;
    else if (n && spellingKey(n) !== spellingKey(d.officialName)) d.extraNames.push(n);
    d.officialAbbreviation ??= abbr?.trim() || null;
  };

  // The official list: toptier = CGAC, or the FREC where IS_FREC (as USAspending keys its toptier agencies).
  for (const r of official) {
    const frec = r.is_frec === true && !!r.frec?.trim();
    const topCode = (frec ? r.frec : r.cgac_agency_code)?.trim();
    if (!topCode) continue;
    const top = draft('toptier', topCode);
    top.seenIn.add('official');
    nameOnce(top, frec ? r.frec_entity_description : r.agency_name, frec ? r.frec_abbreviation : r.agency_abbreviation);
    // Current ("user selectable on USAspending") when any of its rows is.
    const selectable = r.user_selectable_on_usaspending === true;
    top.selectable = (top.selectable ?? false) || selectable;
    const subCode = r.subtier_code?.trim();
    if (!subCode) continue;
    const sub = draft('subtier', subCode);
    sub.seenIn.add('official');
    nameOnce(sub, r.subtier_name, r.subtier_abbreviation);
    sub.selectable = (sub.selectable ?? false) || selectable;
    sub.addParent('toptier', top.code);
  }

  // The records: every code seen, with the names (and subtier abbreviations) it appears with.
  for (const r of records) {
    const d = draft(r.level, r.code);
    d.codes.add(r.code);
    d.seenIn.add('records');
    for (const view of AGENCY_VIEWS) {
      d.counts[view].awarding += Number(r.counts[view].awarding ?? 0);
      d.counts[view].funding += Number(r.counts[view].funding ?? 0);
    }
    for (const [name, n] of Object.entries(r.names ?? {})) vote(d.recordNames, name, Number(n));
    for (const [abbr, n] of Object.entries(r.abbreviations ?? {})) vote(d.recordAbbreviations, abbr, Number(n));
    for (const parent of [...(r.parents ?? [])].sort()) {
      const colon = parent.indexOf(':');
      const level = parent.slice(0, colon) as AgencyLevel;
      d.addParent(level, canonicalAgencyCode(level, parent.slice(colon + 1)));
    }
  }

  // The bundled fallback: abbreviations (and names) where nothing better exists; new nodes only without the list.
  const officialList = official.length > 0;
  for (const b of bundled) {
    const key = agencyKeyString(b.level, b.code);
    if (!drafts.has(key) && officialList) continue;
    const d = draft(b.level, b.code);
    if (!d.seenIn.has('official') && !d.seenIn.has('records')) d.seenIn.add('bundled');
    d.bundledName = b.name;
    d.bundledAbbreviation = b.abbreviation;
    d.extraNames.push(...b.aliases);
    if (b.parent !== undefined && d.parents.size === 0) d.addParent('toptier', canonicalAgencyCode('toptier', b.parent));
  }

  const nodes: AgencyNode[] = [];
  for (const d of drafts.values()) {
    const recordNames = ranked(d.recordNames);
    let name: string | null = d.officialName;
    let nameSource: AgencySource | null = name === null ? null : 'official';
    if (name === null && recordNames.length) {
      name = recordNames[0]!;
      nameSource = 'records';
    }
    if (name === null && d.bundledName !== null) {
      name = d.bundledName;
      nameSource = 'bundled';
    }
    const aliases: string[] = [];
    const keys = new Set(name === null ? [] : [spellingKey(name)]);
    for (const alias of [...recordNames, ...d.extraNames, ...(d.bundledName ? [d.bundledName] : [])]) {
      const k = spellingKey(alias);
      if (keys.has(k)) continue;
      keys.add(k);
      aliases.push(alias);
    }
    let abbreviation: string | null = d.officialAbbreviation;
    let abbreviationSource: AgencySource | null = abbreviation === null ? null : 'official';
    const recordAbbr = ranked(d.recordAbbreviations)[0];
    if (abbreviation === null && recordAbbr !== undefined) {
      abbreviation = recordAbbr;
      abbreviationSource = 'records';
    }
    if (abbreviation === null && d.bundledAbbreviation !== null) {
      abbreviation = d.bundledAbbreviation;
      abbreviationSource = 'bundled';
    }
    const codes = [d.code, ...[...d.codes].filter((c) => c !== d.code).sort()];
    nodes.push({
      level: d.level, code: d.code, codes, name, nameSource, abbreviation, abbreviationSource,
      parents: [...d.parents.values()], aliases,
      seenIn: (['official', 'records', 'bundled'] as const).filter((s) => d.seenIn.has(s)),
      selectable: d.selectable, counts: d.counts,
    });
  }
  nodes.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    nodes,
    byKey: new Map(nodes.map((n) => [agencyKeyString(n.level, n.code), n])),
    officialList,
    bundled: bundledUsed,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Lookup

interface SearchName {
  normalized: string;
  kind: 'name' | 'alias';
}

interface SearchIndex {
  byCode: Map<string, AgencyNode[]>;
  byAbbreviation: Map<string, AgencyNode[]>;
  byName: Map<string, Array<{ node: AgencyNode; kind: 'name' | 'alias' }>>;
  names: Map<AgencyNode, SearchName[]>;
}

const indexes = new WeakMap<AgencyDirectory, SearchIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function searchIndex(dir: AgencyDirectory): SearchIndex {
  let index = indexes.get(dir);
  if (index) return index;
  index = { byCode: new Map(), byAbbreviation: new Map(), byName: new Map(), names: new Map() };
  for (const node of dir.nodes) {
    for (const code of node.codes) {
      const key = code.toUpperCase();
      if (!index.byCode.get(key)?.includes(node)) push(index.byCode, key, node);
    }
    if (node.abbreviation) push(index.byAbbreviation, compactAbbreviation(node.abbreviation), node);
    const names: SearchName[] = [];
    const seen = new Set<string>();
    const add = (raw: string, kind: 'name' | 'alias'): void => {
      const normalized = normalizeAgencyName(raw);
      if (!normalized || seen.has(normalized)) return;
      seen.add(normalized);
      names.push({ normalized, kind });
      push(index!.byName, normalized, { node, kind });
    };
    if (node.name) add(node.name, 'name');
    for (const a of node.aliases) add(a, 'alias');
    index.names.set(node, names);
  }
  indexes.set(dir, index);
  return index;
}

/** True when `ancestor` is a parent (or a parent's parent) of `node`. */
function isAncestor(dir: AgencyDirectory, ancestor: AgencyNode, node: AgencyNode): boolean {
  for (const p of node.parents) {
    if (p.level === ancestor.level && p.code === ancestor.code) return true;
    const parent = dir.byKey.get(agencyKeyString(p.level, p.code));
    if (parent && parent !== node && parent.parents.some((g) => g.level === ancestor.level && g.code === ancestor.code)) return true;
  }
  return false;
}

interface Candidate {
  node: AgencyNode;
  matchedBy: AgencyMatch;
}

/**
 * Narrows several equally good name or abbreviation matches: an agency beats its own units that match
 * the same way (DHS the toptier over subtier 7000 "Department of Homeland Security"); current agencies
 * (user-selectable on USAspending) beat retired ones (USSS 7009 over the Treasury's old 2028); primary
 * names beat aliases. Each rule applies only when it leaves at least one candidate.
 */
function narrow(dir: AgencyDirectory, candidates: Candidate[]): Candidate[] {
  const rules: Array<(c: Candidate, all: Candidate[]) => boolean> = [
    (c, all) => !all.some((o) => o !== c && isAncestor(dir, o.node, c.node)),
    (c) => c.node.selectable === true,
    (c) => c.matchedBy !== 'alias',
  ];
  let current = candidates;
  for (const keep of rules) {
    if (current.length < 2) break;
    const kept = current.filter((c) => keep(c, current));
    if (kept.length) current = kept;
  }
  return current;
}

/** 'ICE — U.S. Immigration and Customs Enforcement (subtier 7012)'. */
export function formatAgencySuggestion(node: Pick<AgencyNode, 'level' | 'code' | 'name' | 'abbreviation'>): string {
  const name = node.name ?? '(no name on record)';
  const abbr = node.abbreviation && node.abbreviation !== node.name ? `${node.abbreviation} — ` : '';
  return `${abbr}${name} (${node.level} ${node.code})`;
}

function toRef(dir: AgencyDirectory, node: AgencyNode, matchedBy: AgencyMatch, query: string): AgencyRef {
  const parents = node.parents.map((p): AgencyParentRef => {
    const parent = dir.byKey.get(agencyKeyString(p.level, p.code));
    return { level: p.level, code: p.code, name: parent?.name ?? null, abbreviation: parent?.abbreviation ?? null };
  });
  const hasRecords = AGENCY_VIEWS.some((v) => node.counts[v].awarding + node.counts[v].funding > 0);
  return {
    level: node.level, code: node.code, codes: [...node.codes], name: node.name, abbreviation: node.abbreviation,
    parents, seenIn: [...node.seenIn], counts: node.counts, hasRecords, matchedBy, query,
  };
}

const MAX_LISTED = 10;

function resolve(dir: AgencyDirectory, query: string, candidates: Candidate[], how: string, narrowing: boolean): AgencyRef {
  const unique = [...new Map(candidates.map((c) => [c.node, c])).values()];
  const final = narrowing ? narrow(dir, unique) : unique;
  if (final.length === 1) return toRef(dir, final[0]!.node, final[0]!.matchedBy, query);
  const listed = final.slice(0, MAX_LISTED).map((c) => formatAgencySuggestion(c.node));
  const more = final.length > MAX_LISTED ? ` (first ${MAX_LISTED} listed)` : '';
  const hint = how === 'code'
    ? `write ${final.map((c) => agencyKeyString(c.node.level, c.node.code)).join(' or ')} to pick one`
    : 'give a code, a full name, or level:code (e.g. subtier:7012) to pick one';
  throw new NotFoundError(`agency "${query}" is ambiguous: it matches ${final.length} agencies by ${how}${more}; ${hint}`, listed);
}

/** Up to five nodes closest to a query that matched nothing. */
function closest(dir: AgencyDirectory, index: SearchIndex, query: string, level: AgencyLevel | null): AgencyNode[] {
  const qName = normalizeAgencyName(query);
  const qAbbr = compactAbbreviation(query);
  const qCode = query.trim().toUpperCase();
  const looksLikeCode = /\d/.test(qCode) && !/\s/.test(qCode);
  const scored: Array<{ node: AgencyNode; score: number }> = [];
  for (const node of dir.nodes) {
    if (level && node.level !== level) continue;
    let score = 0;
    if (qName) for (const n of index.names.get(node) ?? []) score = Math.max(score, candidateScore(qName, n.normalized).score);
    if (node.abbreviation && qAbbr.length <= 8) score = Math.max(score, jaroWinkler(qAbbr, compactAbbreviation(node.abbreviation)) * 0.9);
    if (looksLikeCode) score = Math.max(score, jaroWinkler(qCode, node.code) * 0.9);
    scored.push({ node, score });
  }
  // Highest score first; among equals, agencies with records, then toptiers before their units.
  const hasRecords = (n: AgencyNode): number => (n.seenIn.includes('records') ? 1 : 0);
  scored.sort((a, b) => b.score - a.score || hasRecords(b.node) - hasRecords(a.node) || LEVEL_ORDER[a.node.level] - LEVEL_ORDER[b.node.level]);
  // good matches when there are any; otherwise still the five nearest, so a user always sees something to try
  const good = scored.filter((s) => s.score >= 0.6);
  return (good.length ? good : scored).slice(0, 5).map((s) => s.node);
}

/**
 * Resolves a query to one agency, trying in turn (the first kind that matches anything decides):
 * 1. a code at any level: '070' (or '70', padded), FREC toptier '1601', subtier '7012', office '70CTD0';
 * 2. an abbreviation ('ice'), or a full name or alias ('Immigration and Customs Enforcement'), compared
 *    without case, punctuation, a leading U.S./THE or a trailing '(DHS)';
 * 3. part of a name starting at a word ('Immigration and Cust').
 * 'toptier:', 'subtier:' or 'office:' before the query restricts it to that level. Several matches of the
 * same kind are narrowed (see narrow); if more than one remains, or nothing matches, NotFoundError says so,
 * with the candidates or the closest matches.
 */
export function findAgency(dir: AgencyDirectory, query: string): AgencyRef {
  const trimmed = query.trim();
  if (!trimmed) throw new UsageError('no agency given: name one by code, abbreviation or name (e.g. ICE, 7012, 070)');
  const prefixed = /^(toptier|subtier|office)\s*:\s*(.*)$/i.exec(trimmed);
  const level = prefixed ? (prefixed[1]!.toLowerCase() as AgencyLevel) : null;
  const q = prefixed ? prefixed[2]!.trim() : trimmed;
  if (!q) throw new UsageError(`no agency given after "${prefixed![1]}:"`);
  const index = searchIndex(dir);
  const atLevel = (nodes: readonly AgencyNode[] | undefined): AgencyNode[] => (nodes ?? []).filter((n) => !level || n.level === level);

  // 1. Codes.
  const qCode = q.toUpperCase();
  const codeHits = new Set<AgencyNode>(atLevel(index.byCode.get(qCode)));
  // 1-2 digits mean a toptier code without its leading zeros ('70' = '070').
  if (/^\d{1,2}$/.test(qCode)) for (const n of atLevel(index.byCode.get(qCode.padStart(3, '0')))) if (n.level === 'toptier') codeHits.add(n);
  if (codeHits.size) return resolve(dir, query, [...codeHits].map((node) => ({ node, matchedBy: 'code' })), 'code', false);

  // 2. Abbreviations, names and aliases.
  const exact: Candidate[] = atLevel(index.byAbbreviation.get(compactAbbreviation(q))).map((node) => ({ node, matchedBy: 'abbreviation' }));
  const qName = normalizeAgencyName(q);
  for (const hit of index.byName.get(qName) ?? []) {
    if (!level || hit.node.level === level) exact.push({ node: hit.node, matchedBy: hit.kind });
  }
  if (exact.length) return resolve(dir, query, exact, 'abbreviation or name', true);

  // 3. Part of a name, from the start of a word.
  if (qName) {
    const needle = ` ${qName}`;
    const partial: Candidate[] = [];
    for (const node of dir.nodes) {
      if (level && node.level !== level) continue;
      const names = index.names.get(node) ?? [];
      if (names.some((n) => ` ${n.normalized}`.includes(needle))) partial.push({ node, matchedBy: 'partial name' });
    }
    if (partial.length) return resolve(dir, query, partial, 'part of a name', true);
  }

  const where = level ? ` among ${level} agencies` : '';
  const source = dir.officialList ? '' : ' (the official agency codes list is not loaded: ingest data-act-broker agency_codes.csv to know every agency)';
  throw new NotFoundError(
    `no agency matches "${query}"${where}${source}`,
    closest(dir, index, q, level).map(formatAgencySuggestion),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Conditions and descriptions

const LEVEL_COLUMN: Record<AgencyLevel, string> = { toptier: 'agency_code', subtier: 'sub_agency_code', office: 'office_code' };

/**
 * The column of a view holding an agency's code on a basis, or null where the view has none (subawards
 * carry no funding office).
 */
export function agencyColumn(level: AgencyLevel, basis: AgencyBasis, view: AgencyView): string | null {
  if (view === 'subawards' && basis === 'funding' && level === 'office') return null;
  return `${view === 'subawards' ? 'prime_award_' : ''}${basis}_${LEVEL_COLUMN[level]}`;
}

/**
 * SQL boolean selecting the rows of a view that belong to the agency on a basis: toptier →
 * *_agency_code, subtier → *_sub_agency_code, office → *_office_code (prime_award_* on subawards), matching
 * every spelling of the code seen in records. Subawards record no funding office, so an office on the
 * funding basis there is FALSE: no subaward can be attributed to a funding office.
 */
export function agencyCondition(ref: AgencyCodeRef, basis: AgencyBasis, view: AgencyView, alias?: string): string {
  const column = agencyColumn(ref.level, basis, view);
  if (column === null) return 'FALSE';
  const codes = [...new Set([ref.code, ...(ref.codes ?? [])])];
  const q = alias ? `${ident(alias)}.${ident(column)}` : ident(column);
  return codes.length === 1 ? `(${q} = ${literal(codes[0]!)})` : `(${q} IN (${codes.map(literal).join(', ')}))`;
}

/** Awarding OR funding (on subawards an office is matched on awarding only: there is no funding office). */
export function agencyEitherCondition(ref: AgencyCodeRef, view: AgencyView, alias?: string): string {
  const awarding = agencyCondition(ref, 'awarding', view, alias);
  const funding = agencyCondition(ref, 'funding', view, alias);
  return funding === 'FALSE' ? awarding : `(${awarding} OR ${funding})`;
}

/**
 * 'U.S. Immigration and Customs Enforcement (ICE, subtier 7012 of 070 Department of Homeland Security)';
 * 'Department of Homeland Security (DHS, toptier 070)'; 'INFORMATION TECHNOLOGY DIVISION (office 70CTD0 of
 * 7012 U.S. Immigration and Customs Enforcement)'.
 */
export function describeAgency(ref: Pick<AgencyRef, 'level' | 'code' | 'name' | 'abbreviation' | 'parents'>): string {
  const parts: string[] = [];
  if (ref.abbreviation && ref.abbreviation !== ref.name) parts.push(ref.abbreviation);
  let where = `${ref.level} ${ref.code}`;
  if (ref.parents.length) where += ` of ${ref.parents.map((p) => (p.name ? `${p.code} ${p.name}` : p.code)).join(' and ')}`;
  parts.push(where);
  return `${ref.name ?? '(no name on record)'} (${parts.join(', ')})`;
}
