/**
 * Entity resolution: turns the recipient fields of every stored record (prime recipients, primes of
 * subawards, subawardees) into recipients and company families, deterministically, with a stated
 * reason for every grouping.
 *
 * 1. Identity. A recipient is identified by its UEI, else its DUNS, else its normalized name with
 *    country and state. A UEI and a DUNS on the same record are the same recipient.
 * 2. Families join recipients by, in this order:
 *    - the curated family files (data/families.yaml and users' --families files), by UEI, DUNS, name
 *      or name pattern, each membership with its source URL;
 *    - judgements the user accepted (`entities accept`);
 *    - the self-reported parent fields (recipient_parent_uei/duns/name and the subaward parent fields).
 *    A join that would put two curated families together is refused and recorded as a conflict.
 * 3. Similar names across families are suggestions with scores, never merges.
 *
 * Same inputs (records, family files, judgements) give the same families: edges are applied in a
 * sorted order and family ids come from their content.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Database } from '../store/database.js';
import { BUILTIN_FAMILIES_PATH, loadAllFamilies, type FamilyDefinition } from './familiesFile.js';
import { matchFamily } from './familyMatch.js';
import { writeExhibit21Suggestions } from './exhibit21Matches.js';
import { normalizeName } from './normalizeName.js';
import { candidateScore, CANDIDATE_ALGORITHM } from './similarity.js';
import { UnionFind } from './unionFind.js';
import { DERIVED_ENTITY_TABLES } from './entityTables.js';
import { entityRowMatch, SUBAWARDEE, SUB_PRIME, TX_RECIPIENT } from '../analysis/recipientJoin.js';
import { answerFactsState, writeAnswerFacts } from '../analysis/answerFacts.js';

/** Bump when the rules change, so stored resolutions are redone. */
export const RESOLVER_VERSION = 'resolve-v5'; // v3: writes each record's family id (schema 4); v4/v5: answer facts (src/analysis/answerFacts.ts)

/** Suggestions below this score are not stored. */
export const MIN_STORED_SCORE = 0.75;

/** Parent names that name no company (self-reported placeholders). */
const PLACEHOLDER_PARENTS = new Set([
  '', 'NONE', 'N A', 'NA', 'NOT AVAILABLE', 'UNKNOWN', 'MULTIPLE PARENTS', 'MISCELLANEOUS FOREIGN AWARDEES',
  'MISCELLANEOUS FOREIGN CONTRACTORS', 'REDACTED DUE TO PII', 'NOT APPLICABLE',
]);

export interface ResolveOptions {
  /** Users' family files, checked together with the built-in one. */
  familiesFiles?: readonly string[];
  /** Clock for the state record (tests). */
  now?: () => Date;
}

export interface ResolveResult {
  recipients: number;
  families: number;
  curatedFamilies: number;
  suggestions: number;
  conflicts: number;
  observations: number;
  digest: string;
  ms: number;
}

interface Observation {
  role: 'prime' | 'sub';
  table: string;
  uei: string;
  duns: string;
  name: string;
  dba: string;
  pUei: string;
  pDuns: string;
  pName: string;
  country: string;
  state: string;
  records: number;
  firstRef: number;
}

/** One reason two nodes were joined. */
interface Edge {
  a: string;
  b: string;
  rule: 'curated' | 'judgement' | 'parent_field' | 'identity';
  detail: string;
  file: string | null;
  line: number | null;
  sourceUrl: string | null;
  order: string;
}

const KEY_RANK: Record<string, number> = { uei: 0, duns: 1, name: 2, parent: 3, family: 4, none: 5 };

function keyRank(key: string): number {
  return KEY_RANK[key.slice(0, key.indexOf(':'))] ?? 9;
}

function compareKeys(a: string, b: string): number {
  return keyRank(a) - keyRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** UEI as stored: 12 letters/digits, uppercase; anything else is no UEI. */
export function normalizeUei(raw: string): string {
  const u = raw.trim().toUpperCase();
  return /^[A-Z0-9]{12}$/.test(u) ? u : '';
}

/**
 * DUNS as nine digits. Spreadsheets drop leading zeros ("6928857" was 006928857), so 5–8 digits are
 * padded; all-zero and other lengths are no DUNS.
 */
export function normalizeDuns(raw: string): string {
  const d = raw.replace(/[^0-9]/g, '');
  if (d.length < 5 || d.length > 9) return '';
  const padded = d.padStart(9, '0');
  return /^0+$/.test(padded) ? '' : padded;
}

/** The identity key of a recipient as one record describes it, or '' when the record names nobody. */
export function identityKey(uei: string, duns: string, normName: string, country: string, state: string): string {
  if (uei) return `uei:${uei}`;
  if (duns) return `duns:${duns}`;
  if (normName) return `name:${normName}|${country.trim().toUpperCase()}|${state.trim().toUpperCase()}`;
  return '';
}

/** A stable, readable family id from the key of the family's head. */
function familyIdFromKey(key: string): string {
  const [kind, rest = ''] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const slug = rest.split('|')[0]!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${kind}-${slug || 'unnamed'}`;
}

const OBSERVATIONS_SQL = `
WITH obs AS (
  SELECT 'prime' AS role, 'transactions' AS tbl, recipient_uei AS uei, recipient_duns AS duns, recipient_name AS name,
    recipient_doing_business_as_name AS dba, recipient_parent_uei AS p_uei, recipient_parent_duns AS p_duns,
    recipient_parent_name AS p_name, recipient_country_code AS country, recipient_state_code AS state, source_id, source_line
  FROM tx_current
  UNION ALL
  SELECT 'prime', 'award_summaries', recipient_uei, recipient_duns, recipient_name, recipient_doing_business_as_name,
    recipient_parent_uei, recipient_parent_duns, recipient_parent_name, recipient_country_code, recipient_state_code,
    source_id, source_line
  FROM award_current
  UNION ALL
  SELECT 'prime', 'subawards', prime_awardee_uei, prime_awardee_duns, prime_awardee_name, prime_awardee_dba_name,
    prime_awardee_parent_uei, prime_awardee_parent_duns, prime_awardee_parent_name, NULL, NULL, source_id, source_line
  FROM sub_current
  UNION ALL
  SELECT 'sub', 'subawards', subawardee_uei, subawardee_duns, subawardee_name, subawardee_dba_name, subawardee_parent_uei,
    subawardee_parent_duns, subawardee_parent_name, subawardee_country_code, subawardee_state_code, source_id, source_line
  FROM sub_current
)
SELECT role, tbl, coalesce(uei, '') AS uei, coalesce(duns, '') AS duns, coalesce(name, '') AS name,
  coalesce(dba, '') AS dba, coalesce(p_uei, '') AS p_uei, coalesce(p_duns, '') AS p_duns, coalesce(p_name, '') AS p_name,
  coalesce(country, '') AS country, coalesce(state, '') AS state, count(*) AS n,
  min(CAST(source_id AS BIGINT) * 10000000000 + source_line) AS first_ref
FROM obs GROUP BY ALL ORDER BY ALL`;

/** Digest of everything a resolution depends on, to tell when stored families are stale. */
export async function resolutionDigest(db: Database, familiesFiles: readonly string[]): Promise<string> {
  const h = createHash('sha256').update(RESOLVER_VERSION);
  for (const path of [BUILTIN_FAMILIES_PATH, ...familiesFiles]) {
    h.update(`\0file\0${path}\0`);
    h.update(await readFile(path).catch(() => Buffer.from('(missing)')));
  }
  const snap = await db.one<{ s: number | null }>(`SELECT max(snapshot_id) AS s FROM snapshots WHERE finished_at IS NOT NULL`);
  h.update(`\0snapshot\0${snap?.s ?? 'none'}`);
  const judgements = await db.all<{ j: string }>(
    `SELECT left_key || '\t' || right_key || '\t' || decision AS j FROM entity_judgements ORDER BY decided_at, left_key, right_key`,
  );
  for (const j of judgements) h.update(`\0j\0${j.j}`);
  return h.digest('hex');
}

/** Stored resolution state: digest and the family files it used. */
export async function entityState(db: Database): Promise<{ digest: string | null; familiesFiles: string[]; resolvedAt: string | null; snapshotId: number | null }> {
  const rows = await db.all<{ key: string; value: string | null }>(`SELECT key, value FROM entity_state`);
  const get = (k: string): string | null => rows.find((r) => r.key === k)?.value ?? null;
  const files = get('families_files');
  const snap = get('snapshot_id');
  return {
    digest: get('digest'),
    familiesFiles: files ? (JSON.parse(files) as string[]) : [],
    resolvedAt: get('resolved_at'),
    snapshotId: snap ? Number(snap) : null,
  };
}

/** Resolves every recipient in the store into families and replaces the derived entity tables. */
export async function resolveEntities(db: Database, options: ResolveOptions = {}): Promise<ResolveResult> {
  const t0 = Date.now();
  const familiesFiles = [...(options.familiesFiles ?? [])];
  const families = await loadAllFamilies(familiesFiles);
  const digest = await resolutionDigest(db, familiesFiles);
  const sources = new Map(
    (await db.all<{ source_id: number; name: string }>(`SELECT source_id, name FROM sources`)).map((s) => [Number(s.source_id), s.name]),
  );
  const refOf = (firstRef: number): { file: string | null; line: number | null } => {
    const sid = Math.floor(firstRef / 1e10);
    return { file: sources.get(sid) ?? null, line: firstRef % 1e10 };
  };

  const obs: Observation[] = (await db.all(OBSERVATIONS_SQL)).map((r) => ({
    role: r['role'] as 'prime' | 'sub', table: String(r['tbl']), uei: String(r['uei']), duns: String(r['duns']),
    name: String(r['name']), dba: String(r['dba']), pUei: String(r['p_uei']), pDuns: String(r['p_duns']),
    pName: String(r['p_name']), country: String(r['country']), state: String(r['state']), records: Number(r['n']),
    firstRef: Number(r['first_ref']),
  }));

  const normCache = new Map<string, string>();
  const norm = (raw: string): string => {
    let v = normCache.get(raw);
    if (v === undefined) normCache.set(raw, (v = normalizeName(raw)));
    return v;
  };

  // 1. Identity: recipients are sets of identity keys linked by UEI+DUNS on one record.
  const ids = new UnionFind();
  const identityEdges = new Map<string, Edge>();
  const obsKey: string[] = [];
  for (const o of obs) {
    const uei = normalizeUei(o.uei);
    const duns = normalizeDuns(o.duns);
    const key = identityKey(uei, duns, norm(o.name), o.country, o.state) || 'none:';
    obsKey.push(key);
    ids.add(key);
    if (uei && duns) {
      ids.add(`duns:${duns}`);
      ids.union(key, `duns:${duns}`);
      const id = `uei:${uei}\0duns:${duns}`;
      const prev = identityEdges.get(id);
      const ref = refOf(o.firstRef);
      if (prev) prev.order = String(Number(prev.order) + o.records);
      else identityEdges.set(id, { a: key, b: `duns:${duns}`, rule: 'identity', detail: '', ...ref, sourceUrl: null, order: String(o.records) });
    }
  }
  // recipient id = best key of the set (UEI before DUNS before name, then alphabetical)
  const membersOf = new Map<string, string[]>();
  for (const k of ids.keys()) {
    const root = ids.find(k);
    const list = membersOf.get(root);
    if (list) list.push(k);
    else membersOf.set(root, [k]);
  }
  const recipientOfKey = new Map<string, string>();
  for (const keys of membersOf.values()) {
    keys.sort(compareKeys);
    for (const k of keys) recipientOfKey.set(k, keys[0]!);
  }

  interface RecipientInfo {
    id: string;
    names: Map<string, number>;
    ueis: Set<string>;
    duns: Set<string>;
    country: Map<string, number>;
    state: Map<string, number>;
    records: number;
    roles: Set<string>;
  }
  const recipients = new Map<string, RecipientInfo>();
  const bump = (m: Map<string, number>, k: string, n: number): void => {
    if (k) m.set(k, (m.get(k) ?? 0) + n);
  };
  obs.forEach((o, i) => {
    const rid = recipientOfKey.get(obsKey[i]!)!;
    let r = recipients.get(rid);
    if (!r) {
      r = { id: rid, names: new Map(), ueis: new Set(), duns: new Set(), country: new Map(), state: new Map(), records: 0, roles: new Set() };
      recipients.set(rid, r);
    }
    bump(r.names, o.name.trim(), o.records);
    const uei = normalizeUei(o.uei);
    const duns = normalizeDuns(o.duns);
    if (uei) r.ueis.add(uei);
    if (duns) r.duns.add(duns);
    bump(r.country, o.country, o.records);
    bump(r.state, o.state, o.records);
    r.records += o.records;
    r.roles.add(`${o.role === 'sub' ? 'subawardee' : 'prime'}`);
  });
  const topOf = (m: Map<string, number>): string => {
    let best = '';
    let n = -1;
    for (const [k, v] of m) if (v > n || (v === n && k < best)) [best, n] = [k, v];
    return best;
  };

  // 2. Families.
  const fam = new UnionFind();
  for (const rid of recipients.keys()) fam.add(rid);
  const nodeOf = (key: string): string => recipientOfKey.get(key) ?? key;
  const parentNames = new Map<string, Map<string, number>>(); // parent-only node → raw names seen
  const edges: Edge[] = [];
  const byFamilyId = new Map(families.map((f) => [f.id, f]));

  // 2a. curated memberships (recipients, and parents named on records)
  const curatedSeen = new Set<string>();
  const curatedEdge = (node: string, f: FamilyDefinition, explanation: string, line: number, url: string, order: string): void => {
    const id = `${node}\0${f.id}`;
    if (curatedSeen.has(id)) return;
    curatedSeen.add(id);
    edges.push({ a: node, b: `family:${f.id}`, rule: 'curated', detail: explanation, file: f.file, line, sourceUrl: url, order: `0 ${order}` });
  };
  obs.forEach((o, i) => {
    const rid = recipientOfKey.get(obsKey[i]!)!;
    const m = matchFamily(families, { uei: normalizeUei(o.uei), duns: normalizeDuns(o.duns), name: o.name });
    if (m) curatedEdge(rid, m.family, m.explanation, m.member.line, m.member.source, rid);
  });

  // parent nodes
  const parentEdges: Edge[] = [];
  obs.forEach((o, i) => {
    const child = recipientOfKey.get(obsKey[i]!)!;
    const pUei = normalizeUei(o.pUei);
    const pDuns = normalizeDuns(o.pDuns);
    const pNorm = norm(o.pName);
    let parentKey = '';
    let via = '';
    const fieldPrefix = o.role === 'sub' ? 'subawardee_parent' : o.table === 'subawards' ? 'prime_awardee_parent' : 'recipient_parent';
    if (pUei) [parentKey, via] = [`uei:${pUei}`, `${fieldPrefix}_uei = ${pUei}`];
    else if (pDuns) [parentKey, via] = [`duns:${pDuns}`, `${fieldPrefix}_duns = ${pDuns}`];
    else if (!PLACEHOLDER_PARENTS.has(pNorm)) [parentKey, via] = [`parent:${pNorm}`, `${fieldPrefix}_name`];
    if (!parentKey) return;
    const parent = nodeOf(parentKey);
    if (!recipients.has(parent)) {
      fam.add(parent);
      const names = parentNames.get(parent) ?? new Map<string, number>();
      bump(names, o.pName.trim(), o.records);
      parentNames.set(parent, names);
      const m = matchFamily(families, { uei: pUei, duns: pDuns, name: o.pName });
      if (m) curatedEdge(parent, m.family, `parent ${m.explanation}`, m.member.line, m.member.source, parent);
    }
    if (parent === child) return;
    const ref = refOf(o.firstRef);
    parentEdges.push({
      a: child, b: parent, rule: 'parent_field',
      detail: `${via}${o.pName ? ` ("${o.pName.trim()}")` : ''} on ${o.records} ${o.table} record(s)`,
      ...ref, sourceUrl: null, order: `2 ${child} ${parent} ${o.table}`,
    });
  });

  // 2b. accepted judgements
  const judgements = await db.all<{ left_key: string; right_key: string; decision: string; decided_at: string; score: number | null }>(
    `SELECT left_key, right_key, decision, CAST(decided_at AS VARCHAR) AS decided_at, score FROM entity_judgements ORDER BY left_key, right_key, decided_at`,
  );
  const latestJudgement = new Map<string, { decision: string; decided_at: string }>();
  for (const j of judgements) latestJudgement.set(`${j.left_key}\0${j.right_key}`, j);
  for (const [pair, j] of latestJudgement) {
    if (j.decision !== 'accept') continue;
    const [l, r] = pair.split('\0') as [string, string];
    const a = nodeOf(l);
    const b = nodeOf(r);
    if (!fam.has(a) || !fam.has(b)) continue; // keys no longer in the data: kept, inert
    edges.push({ a, b, rule: 'judgement', detail: `suggestion accepted ${j.decided_at} (${l} ~ ${r})`, file: null, line: null, sourceUrl: null, order: `1 ${l} ${r}` });
  }

  // merge parent edges of one child/parent pair (several names, tables) into one explanation with counts
  const mergedParents = new Map<string, Edge & { counts: Map<string, number> }>();
  for (const e of parentEdges) {
    const k = `${e.a}\0${e.b}`;
    const [what, n] = [e.detail.replace(/ on (\d+) (\S+) record\(s\)$/, ' on $2'), Number(/ on (\d+) /.exec(e.detail)?.[1] ?? 0)];
    const prev = mergedParents.get(k) ?? { ...e, counts: new Map<string, number>() };
    prev.counts.set(what, (prev.counts.get(what) ?? 0) + n);
    mergedParents.set(k, prev);
  }
  for (const e of mergedParents.values()) {
    e.detail = [...e.counts.entries()].map(([what, n]) => what.replace(/ on (\S+)$/, ` on ${n} $1 record(s)`)).join('; ');
  }

  // Apply: curated labels first, then judgements, then parent fields; each group in sorted order.
  for (const f of [...byFamilyId.keys()].sort()) {
    fam.add(`family:${f}`);
    fam.setLabel(`family:${f}`, f);
  }
  const ordered = [...edges, ...mergedParents.values()].sort((x, y) => (x.order < y.order ? -1 : x.order > y.order ? 1 : 0));
  const accepted: Edge[] = [];
  const conflicts: Array<{ left: string; right: string; rule: string; detail: string }> = [];
  for (const e of ordered) {
    const result = fam.union(e.a, e.b);
    if (result === 'conflict') {
      conflicts.push({
        left: e.a, right: e.b, rule: e.rule,
        detail: `not merged: ${e.detail} would join curated families "${fam.labelOf(e.a)}" and "${fam.labelOf(e.b)}"`,
      });
    } else {
      accepted.push(e);
    }
  }

  // 3. Name and id each family.
  const components = new Map<string, string[]>();
  for (const k of fam.keys()) {
    const root = fam.find(k);
    const list = components.get(root);
    if (list) list.push(k);
    else components.set(root, [k]);
  }
  const displayName = (node: string): string => {
    const r = recipients.get(node);
    if (r) return topOf(r.names) || node;
    const p = parentNames.get(node);
    if (p) return topOf(p);
    return node.slice(node.indexOf(':') + 1).split('|')[0]!;
  };
  const recordsOf = (node: string): number => recipients.get(node)?.records ?? 0;
  const childOf = new Set(accepted.filter((e) => e.rule === 'parent_field').map((e) => e.a));
  const parentRecords = new Map<string, number>();
  for (const e of accepted) if (e.rule === 'parent_field') parentRecords.set(e.b, (parentRecords.get(e.b) ?? 0) + recordsOf(e.a));

  interface FamilyRow {
    id: string;
    name: string;
    basis: string;
    curatedFile: string | null;
    members: string[];
    records: number;
    aliases: string;
    head: string;
  }
  const familyOfNode = new Map<string, string>();
  const familyRows: FamilyRow[] = [];
  const usedIds = new Set<string>();
  for (const nodes of components.values()) {
    const members = nodes.filter((n) => recipients.has(n)).sort(compareKeys);
    const label = fam.labelOf(nodes[0]!);
    if (members.length === 0) continue; // a curated family or parent with no records
    const records = members.reduce((s, n) => s + recordsOf(n), 0);
    let row: FamilyRow;
    if (label) {
      const f = byFamilyId.get(label)!;
      row = { id: f.id, name: f.family, basis: 'curated', curatedFile: f.file, members, records, aliases: f.aliases.join('; '), head: `family:${f.id}` };
    } else {
      // the head: a parent that is nobody's child here, with the most records under it; else the largest member
      const heads = nodes.filter((n) => parentRecords.has(n) && !childOf.has(n)).sort(
        (x, y) => (parentRecords.get(y)! - parentRecords.get(x)!) || compareKeys(x, y),
      );
      const head = heads[0] ?? [...members].sort((x, y) => recordsOf(y) - recordsOf(x) || compareKeys(x, y))[0]!;
      const basis = nodes.some((n) => childOf.has(n)) ? 'parent_field' : members.length > 1 ? 'judgement' : 'single';
      row = { id: familyIdFromKey(head), name: displayName(head), basis, curatedFile: null, members, records, aliases: '', head };
    }
    let id = row.id;
    for (let n = 2; usedIds.has(id); n++) id = `${row.id}-${n}`;
    row.id = id;
    usedIds.add(id);
    familyRows.push(row);
    for (const n of nodes) familyOfNode.set(n, id);
  }
  familyRows.sort((a, b) => (a.id < b.id ? -1 : 1));

  // 4. Membership explanations.
  const membership: Array<[string, string, string, string, string, string | null, number | null, string | null]> = [];
  for (const e of accepted) {
    const fid = familyOfNode.get(e.a)!;
    if (e.rule === 'curated') {
      if (recipients.has(e.a)) membership.push([fid, e.a, displayName(e.a), 'curated', e.detail, e.file, e.line, e.sourceUrl]);
      else membership.push([fid, e.a, displayName(e.a), 'curated_parent', e.detail, e.file, e.line, e.sourceUrl]);
    } else if (e.rule === 'parent_field') {
      const parentLabel = recipients.has(e.b) ? `${displayName(e.b)} (${e.b})` : `${displayName(e.b)} (${e.b}, named only as a parent)`;
      membership.push([fid, e.a, displayName(e.a), 'parent_field', `${e.detail} → parent ${parentLabel}`, e.file, e.line, null]);
    } else if (e.rule === 'judgement') {
      membership.push([fid, e.a, displayName(e.a), 'judgement', e.detail, null, null, null]);
      membership.push([fid, e.b, displayName(e.b), 'judgement', e.detail, null, null, null]);
    }
  }
  for (const e of identityEdges.values()) {
    const rid = recipientOfKey.get(e.a)!;
    membership.push([familyOfNode.get(rid)!, rid, displayName(rid), 'identity', `${e.a.replace(':', ' ')} and ${e.b.replace(':', ' ')} appear together on ${e.order} record(s)`, e.file, e.line, null]);
  }
  const explained = new Set(membership.map((m) => m[1]));
  for (const f of familyRows) {
    for (const m of f.members) {
      if (!explained.has(m)) membership.push([f.id, m, displayName(m), 'self', f.members.length === 1 ? 'the only member: no parent field, curated entry or accepted suggestion joins it to others' : 'family head', null, null, null]);
    }
  }
  // parents named on records whose family has no recipients here (a refused merge) explain nothing
  for (let i = membership.length - 1; i >= 0; i--) if (membership[i]![0] === undefined) membership.splice(i, 1);
  membership.sort((x, y) => { const a = `${x[0]}\0${x[1]}\0${x[3]}\0${x[4]}`; const b = `${y[0]}\0${y[1]}\0${y[3]}\0${y[4]}`; return a < b ? -1 : a > b ? 1 : 0; });

  // 5. Suggestions: similar names in different families.
  const suggestions = suggestPairs(
    [...recipients.values()].map((r) => ({ key: r.id, name: topOf(r.names), norm: norm(topOf(r.names)), family: familyOfNode.get(r.id)!, names: [...r.names.keys()].map(norm) })),
  );
  const judged = new Map<string, string>();
  for (const [pair, j] of latestJudgement) judged.set(pair, j.decision);

  // 6. Write.
  const now = (options.now ?? (() => new Date()))();
  const snapshot = await db.one<{ s: number | null }>(`SELECT max(snapshot_id) AS s FROM snapshots WHERE finished_at IS NOT NULL`);
  await db.transaction(async () => {
    for (const t of DERIVED_ENTITY_TABLES) await db.run(`DELETE FROM ${t}`);
    await db.run(`DELETE FROM entity_state`);
    await db.appendRows('entity_keys', [...recipientOfKey.entries()].filter(([k]) => recipients.has(recipientOfKey.get(k)!)).sort().map(([k, r]) => [k, r]));
    const rowKeys = new Map<string, [string, string, string, string, string, string, string]>();
    obs.forEach((o, i) => {
      const rid = recipientOfKey.get(obsKey[i]!)!;
      const k = [o.uei, o.duns, o.name, o.country, o.state].join('\0');
      if (!rowKeys.has(k)) rowKeys.set(k, [o.uei, o.duns, o.name, o.country, o.state, rid, familyOfNode.get(rid)!]);
    });
    await db.appendRows('entity_rows', [...rowKeys.values()]);
    // write each record's family onto the record, for answers to group by without a join
    for (const [table, cols] of [['tx_current', TX_RECIPIENT], ['award_current', TX_RECIPIENT], ['sub_current', SUB_PRIME], ['sub_current', SUBAWARDEE]] as const) {
      await db.run(`UPDATE ${table} r SET ${cols.family} = e.family_id FROM entity_rows e WHERE ${entityRowMatch(cols)}`);
    }
    await db.appendRows('entity_recipients', [...recipients.values()].sort((a, b) => compareKeys(a.id, b.id)).map((r) => [
      r.id, familyOfNode.get(r.id)!, topOf(r.names) || r.id, norm(topOf(r.names)), [...r.ueis].sort().join(', ') || null,
      [...r.duns].sort().join(', ') || null, [...r.names.keys()].sort().join(' | ') || null, topOf(r.country) || null,
      topOf(r.state) || null, r.records, [...r.roles].sort().join(', '),
    ]));
    await db.appendRows('entity_families', familyRows.map((f) => [f.id, f.name, f.basis, f.curatedFile, f.members.length, f.records, f.aliases || null]));
    await db.appendRows('entity_membership', membership);
    await db.appendRows('entity_conflicts', conflicts.map((c) => [c.left, c.right, c.rule, c.detail]));
    await db.appendRows('entity_suggestions', suggestions.map((s) => [
      s.id, s.left, s.right, s.leftName, s.rightName, s.leftFamily, s.rightFamily, s.score, CANDIDATE_ALGORITHM, s.reasons,
      judged.get(`${s.left}\0${s.right}`) ?? null,
    ]));
    // Exhibit 21 subsidiaries matched to recipients by name: suggestions only (src/entities/exhibit21Matches.ts)
    await writeExhibit21Suggestions(db);
    // the narrow tables answers read instead of scanning every record (after the families: subaward
    // labels name them), under this resolution's digest
    const facts = await writeAnswerFacts(db);
    await db.appendRows('entity_state', [
      ['digest', digest], ['families_files', JSON.stringify(familiesFiles)], ['resolved_at', now.toISOString()],
      ['snapshot_id', snapshot?.s === null || snapshot?.s === undefined ? null : String(snapshot.s)], ['resolver', RESOLVER_VERSION],
      ['answer_facts', answerFactsState(digest, facts.subawardRepeatsUniform)],
    ]);
  });
  return {
    recipients: recipients.size, families: familyRows.length, curatedFamilies: familyRows.filter((f) => f.basis === 'curated').length,
    suggestions: suggestions.length, conflicts: conflicts.length, observations: obs.length, digest, ms: Date.now() - t0,
  };
}

interface Candidate {
  key: string;
  name: string;
  norm: string;
  family: string;
  names: string[];
}

export interface Suggestion {
  id: string;
  left: string;
  right: string;
  leftName: string;
  rightName: string;
  leftFamily: string;
  rightFamily: string;
  score: number;
  reasons: string;
}

/** Stable id of a suggestion: the same pair always gets the same id. */
export function suggestionId(left: string, right: string): string {
  return `S${createHash('sha1').update(`${left}\0${right}`).digest('hex').slice(0, 10)}`;
}

const MAX_BLOCK = 400;

/**
 * Pairs of recipients in different families whose names look alike. Exact normalized-name matches
 * score 1; others are scored by candidateScore within blocks of names sharing their first word (and
 * their first two words where a first word is very common).
 */
function suggestPairs(candidates: Candidate[]): Suggestion[] {
  const out = new Map<string, Suggestion>();
  const add = (a: Candidate, b: Candidate, score: number, reasons: string): void => {
    if (a.family === b.family) return;
    const [l, r] = compareKeys(a.key, b.key) <= 0 ? [a, b] : [b, a];
    const id = suggestionId(l.key, r.key);
    const prev = out.get(id);
    if (prev && prev.score >= score) return;
    out.set(id, { id, left: l.key, right: r.key, leftName: l.name, rightName: r.name, leftFamily: l.family, rightFamily: r.family, score, reasons });
  };
  // exact normalized names (any name a recipient was seen with)
  const byName = new Map<string, Candidate[]>();
  for (const c of candidates) {
    for (const n of new Set(c.names)) {
      if (!n) continue;
      const list = byName.get(n);
      if (list) list.push(c);
      else byName.set(n, [c]);
    }
  }
  for (const [n, list] of byName) {
    if (list.length < 2) continue;
    list.sort((x, y) => compareKeys(x.key, y.key));
    const families = new Set(list.map((c) => c.family));
    if (families.size < 2) continue;
    // chain: each recipient against the first of another family
    for (const c of list) {
      const other = list.find((x) => x.family !== c.family);
      if (other) add(other, c, 1, `identical normalized names: "${n}"`);
    }
  }
  // fuzzy within blocks
  const blocks = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (!c.norm) continue;
    const first = c.norm.split(' ')[0]!;
    const list = blocks.get(first);
    if (list) list.push(c);
    else blocks.set(first, [c]);
  }
  const compareBlock = (list: Candidate[]): void => {
    list.sort((x, y) => compareKeys(x.key, y.key));
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.family === b.family || a.norm === b.norm) continue;
        const s = candidateScore(a.norm, b.norm);
        if (s.score >= MIN_STORED_SCORE) add(a, b, s.score, s.reasons.join('; '));
      }
    }
  };
  for (const list of blocks.values()) {
    if (list.length <= MAX_BLOCK) {
      compareBlock(list);
      continue;
    }
    const sub = new Map<string, Candidate[]>();
    for (const c of list) {
      const two = c.norm.split(' ').slice(0, 2).join(' ');
      const l = sub.get(two);
      if (l) l.push(c);
      else sub.set(two, [c]);
    }
    for (const l of sub.values()) if (l.length <= MAX_BLOCK) compareBlock(l);
  }
  return [...out.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
