/**
 * The records behind graph edges, fetched when a path or partner list shows them: each kind's evidence
 * queries are declared with the kind (src/model/edgeKinds.ts); this module binds the edges asked for,
 * narrows money evidence to the agency asked where the declaration says so, counts and sums every record
 * and returns the largest few, in one query per kind for any number of edges.
 */
import type { Database } from '../store/database.js';
import { centsToString, toCents } from '../analysis/money.js';
import type { Basis } from '../analysis/answer.js';
import type { FiscalYearRange } from '../analysis/fiscalYears.js';
import { EDGE_KINDS, edgeKind, type EvidenceQuery } from '../model/edgeKinds.js';
import type { GraphEdge } from './paths.js';

/**
 * Beyond the agencies asked: which agency field counts (awarding, funding or either) and which fiscal
 * years. Money records are kept when their agency field on that basis is an agency asked and their date
 * falls in the years; records without money (FedRAMP entries) are not dated by fiscal year.
 */
export interface EvidenceScope {
  basis?: Basis;
  years?: FiscalYearRange | null;
}

/** The SQL fiscal year of a VARCHAR ISO date column (October–December count for the next year). */
const FY_OF = (col: string): string =>
  `(year(TRY_CAST(${col} AS DATE)) + CASE WHEN month(TRY_CAST(${col} AS DATE)) >= 10 THEN 1 ELSE 0 END)`;

export interface EdgeEvidenceRecord {
  table: string;
  key: string;
  amount: string | null;
  date: string | null;
  /** The recipient, subawardee or offering the record names. */
  party: string | null;
  /** Description, quoted; for brand evidence the words that matched and a snippet around them. */
  text: string | null;
  matched?: string;
  /** For brand evidence: the rule of data/brands.yaml that classed the record (resale, services, or why it only names the brand). */
  rule?: string;
  sourceFile: string | null;
  line: number | null;
}

export interface EdgeEvidence {
  /** Records shown (largest first), at most `limit`. */
  records: EdgeEvidenceRecord[];
  /** All records behind the figure and their exact sum (when money). */
  count: number;
  total: string | null;
  /** Which agency the money evidence was narrowed to, if any. */
  agencyFilter: string[] | null;
  note: string | null;
  /** Whether repeated reports were dropped from every figure here, and how many (with their sum). */
  deduplicated: boolean;
  repeatsDropped: { count: number; total: string | null };
  /** Member recipients carrying the records counted, largest amount first (all of them). */
  members: Array<{ name: string; count: number; total: string | null }>;
  /** With `agencyFilter`: the same figures at every agency (in the years asked), labelled as such where shown. */
  allAgencies: { count: number; total: string | null; agencies: string[] } | null;
  /** The basis and fiscal years the money records were kept by (null years: every year). */
  basis: Basis;
  years: FiscalYearRange | null;
}

const endId = (node: string): string => node.slice(node.indexOf(':') + 1);

/** The agency end of an edge whose kind has one (prime: agency → family), else null. */
function agencyEnd(e: GraphEdge): string | null {
  for (const n of [e.from, e.to]) if (n.startsWith('agency:')) return endId(n);
  return null;
}

interface Counted {
  rows: Array<Record<string, unknown>>;
  count: number;
  total: bigint;
  repeats: number;
  repeatTotal: bigint;
  members: Map<string, { count: number; total: bigint }>;
}

const emptyCounted = (): Counted => ({ rows: [], count: 0, total: 0n, repeats: 0, repeatTotal: 0n, members: new Map() });

function finish(rows: Array<Record<string, unknown>>, limit: number, agencyFilter: string[] | null, note: string | null, money: boolean,
  counted: Counted, deduplicated: boolean, all: EdgeEvidence['allAgencies'], scope: Required<EvidenceScope>): EdgeEvidence {
  const records = rows
    .slice()
    .sort((a, b) => {
      const d = toCents((b['amount'] as string | null) ?? '0') - toCents((a['amount'] as string | null) ?? '0');
      if (d !== 0n) return d > 0n ? 1 : -1;
      // ties (FedRAMP entries have no amount; one agency can reuse an offering several times): key, then text
      // (a FedRAMP entry's JSON path, in feed order), then date
      return String(a['key']).localeCompare(String(b['key'])) || String(a['text'] ?? '').localeCompare(String(b['text'] ?? ''), 'en', { numeric: true })
        || String(a['d'] ?? '').localeCompare(String(b['d'] ?? ''));
    })
    .slice(0, limit)
    .map((r) => ({
      table: String(r['tbl']), key: String(r['key']), amount: (r['amount'] as string | null) ?? null, date: (r['d'] as string | null) ?? null,
      party: (r['party'] as string | null) ?? null, text: (r['text'] as string | null) ?? null,
      ...(r['matched'] ? { matched: String(r['matched']) } : {}),
      ...(r['rule'] ? { rule: String(r['rule']) } : {}),
      sourceFile: (r['file'] as string | null) ?? null, line: r['line'] === null || r['line'] === undefined ? null : Number(r['line']),
    }));
  const members = [...counted.members.entries()]
    .sort((a, b) => (b[1].total > a[1].total ? 1 : b[1].total < a[1].total ? -1 : a[0].localeCompare(b[0])))
    .map(([name, m]) => ({ name, count: m.count, total: money ? centsToString(m.total) : null }));
  return {
    records, count: counted.count, total: money ? centsToString(counted.total) : null, agencyFilter, note, deduplicated,
    repeatsDropped: { count: counted.repeats, total: money ? centsToString(counted.repeatTotal) : null }, members, allAgencies: all,
    basis: scope.basis, years: scope.years,
  };
}

/** Which agencies an edge's evidence is narrowed to under the query's rule, given the agencies asked (null: none asked). */
export function evidenceNarrowing(q: EvidenceQuery, e: GraphEdge, agencies: readonly string[] | null): string[] | null {
  return narrowing(q, e, agencies);
}

function narrowing(q: EvidenceQuery, e: GraphEdge, agencies: readonly string[] | null): string[] | null {
  if (q.narrow === 'own-agency') {
    const own = agencyEnd(e);
    return own ? [own] : null;
  }
  // an answer about an agency counts only the records at that agency, whether or not the edge lists it
  if (q.narrow === 'asked-if-listed' && agencies) return [...agencies];
  return null;
}

/**
 * The rows of one evidence query for many edges: every row counted and summed per edge, and only the
 * rows that can be among the `limit` largest (every row tied at the `limit`-th amount) returned.
 */
async function runQuery(db: Database, q: EvidenceQuery, edges: readonly GraphEdge[], agencies: readonly string[] | null, limit: number,
  scope: Required<EvidenceScope>): Promise<Map<string, Counted>> {
  const params: Array<string | number | null> = [];
  const values = edges.map((e) => {
    params.push(e.id, endId(e.from), endId(e.to), e.from, e.to, e.agencies.join(','));
    return '(?, ?, ?, ?, ?, ?)';
  }).join(', ');
  // narrowed edges keep only rows at their agencies (the agencies asked, or the own agency end) on the basis asked
  const conds: string[] = [];
  const on = (col: string): string => (scope.basis === 'awarding' ? `b.ag_awarding ${col}` : scope.basis === 'funding' ? `b.ag_funding ${col}`
    : `(b.ag_awarding ${col} OR b.ag_funding ${col})`);
  if (q.narrow === 'asked-if-listed' && agencies) {
    const narrowed = edges.filter((e) => narrowing(q, e, agencies));
    if (narrowed.length) {
      const ags = agencies.map(() => '?').join(', ');
      conds.push(`(b.edge_key NOT IN (${narrowed.map(() => '?').join(', ')}) OR ${on(`IN (${ags})`)})`);
      params.push(...narrowed.map((e) => e.id), ...agencies, ...(scope.basis === 'either' ? agencies : []));
    }
  }
  // own-agency queries match either field already; another basis keeps the rows on that field only
  if (q.narrow === 'own-agency' && scope.basis !== 'either') {
    const pairs = edges.flatMap((e) => (narrowing(q, e, agencies) ?? []).map((ag) => [e.id, ag] as const));
    if (pairs.length) {
      conds.push(`EXISTS (SELECT 1 FROM (VALUES ${pairs.map(() => '(?, ?)').join(', ')}) n(k, ag) WHERE n.k = b.edge_key AND ${on('= n.ag')})`);
      params.push(...pairs.flat());
    }
  }
  if (scope.years && q.money) {
    conds.push(`${FY_OF('b.d')} BETWEEN ? AND ?`);
    params.push(scope.years.from, scope.years.to);
  }
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  const lim = Math.max(0, Math.floor(limit));
  const cte = `WITH p(k, from_id, to_id, from_node, to_node, agencies) AS (VALUES ${values}), b AS (SELECT * FROM (${q.sql}) b ${where})`;
  // repeats are left out of the rows shown and of every figure, and counted apart
  const rows = await db.all(
    `${cte}
     SELECT * FROM (
       SELECT b.*, count(*) OVER (PARTITION BY b.edge_key) AS all_n,
         CAST(sum(b.amount_value) OVER (PARTITION BY b.edge_key) AS VARCHAR) AS all_s,
         rank() OVER (PARTITION BY b.edge_key ORDER BY coalesce(b.amount_value, 0) DESC) AS rk
       FROM b WHERE NOT coalesce(b.is_repeat, FALSE))
     WHERE rk <= ${lim} OR rk = 1`, params);
  const byEdge = new Map<string, Counted>();
  const get = (k: string): Counted => {
    let c = byEdge.get(k);
    if (!c) byEdge.set(k, (c = emptyCounted()));
    return c;
  };
  for (const r of rows) {
    const c = get(String(r['edge_key']));
    c.count = Number(r['all_n']);
    c.total = toCents((r['all_s'] as string | null) ?? '0');
    if (Number(r['rk']) <= lim) c.rows.push(r);
  }
  const extra = await db.all(
    `${cte}
     SELECT b.edge_key, coalesce(b.is_repeat, FALSE) AS rep, b.member, count(*) AS n, CAST(coalesce(sum(b.amount_value), 0) AS VARCHAR) AS s
     FROM b WHERE b.member IS NOT NULL OR coalesce(b.is_repeat, FALSE) GROUP BY ALL`, params);
  for (const r of extra) {
    const c = get(String(r['edge_key']));
    const n = Number(r['n']);
    const cents = toCents((r['s'] as string | null) ?? '0');
    if (r['rep']) {
      c.repeats += n;
      c.repeatTotal += cents;
    } else if (r['member'] !== null) {
      const name = String(r['member']);
      const m = c.members.get(name) ?? { count: 0, total: 0n };
      m.count += n;
      m.total += cents;
      c.members.set(name, m);
    }
  }
  return byEdge;
}

/**
 * Evidence of many edges at once, each edge once (by id), one query per kind and evidence query.
 * `agencies` (subtier codes, the path's agency) narrows money evidence as each kind declares; null
 * narrows nothing.
 */
export async function edgeEvidenceMany(db: Database, edges: readonly GraphEdge[], agencies: string[] | null, limit = 5, scopeAsked: EvidenceScope = {}): Promise<Map<string, EdgeEvidence>> {
  const out = new Map<string, EdgeEvidence>();
  const scope: Required<EvidenceScope> = { basis: agencies ? scopeAsked.basis ?? 'either' : 'either', years: scopeAsked.years ?? null };
  const unique = [...new Map(edges.map((e) => [e.id, e])).values()];
  for (const kind of EDGE_KINDS) {
    const ofKind = unique.filter((e) => e.kind === kind);
    if (!ofKind.length) continue;
    const decl = edgeKind(kind);
    if (!decl.evidence.length) {
      // the edge is its own record: counted and summed as stored
      for (const e of ofKind) {
        out.set(e.id, {
          records: [], count: e.records, total: e.amount, agencyFilter: null, note: e.detail, deduplicated: false,
          repeatsDropped: { count: 0, total: null }, members: [], allAgencies: null, basis: scope.basis, years: scope.years,
        });
      }
      continue;
    }
    const merge = (into: Map<string, Counted>, from: Map<string, Counted>): void => {
      for (const [k, b] of from) {
        const had = into.get(k);
        if (!had) { into.set(k, b); continue; }
        had.rows.push(...b.rows);
        had.count += b.count;
        had.total += b.total;
        had.repeats += b.repeats;
        had.repeatTotal += b.repeatTotal;
        for (const [name, m] of b.members) {
          const x = had.members.get(name) ?? { count: 0, total: 0n };
          had.members.set(name, { count: x.count + m.count, total: x.total + m.total });
        }
      }
    };
    const found = new Map<string, Counted>();
    for (const q of decl.evidence) merge(found, await runQuery(db, q, ofKind, agencies, limit, scope));
    const q0 = decl.evidence[0]!;
    const money = decl.evidence.some((q) => q.money);
    const deduplicated = decl.evidence.some((q) => q.deduplicates);
    // where narrowed to the agencies asked, the same figures at every agency (labelled as such where shown)
    const narrowedEdges = ofKind.filter((e) => q0.narrow === 'asked-if-listed' && narrowing(q0, e, agencies));
    const everywhere = new Map<string, Counted>();
    if (narrowedEdges.length) for (const q of decl.evidence) merge(everywhere, await runQuery(db, q, narrowedEdges, null, 0, { basis: 'either', years: scope.years }));
    for (const e of ofKind) {
      const b = found.get(e.id) ?? emptyCounted();
      const filter = narrowing(q0, e, agencies);
      const all = filter && q0.narrow === 'asked-if-listed' ? everywhere.get(e.id) ?? emptyCounted() : null;
      out.set(e.id, finish(b.rows, limit, filter, q0.note ?? e.detail, money, b, deduplicated,
        all ? { count: all.count, total: money ? centsToString(all.total) : null, agencies: [...e.agencies] } : null, scope));
    }
  }
  return out;
}

/** Evidence of one edge (see edgeEvidenceMany). */
export async function edgeEvidence(db: Database, edge: GraphEdge, agencies: string[] | null, limit = 5, scope: EvidenceScope = {}): Promise<EdgeEvidence> {
  return (await edgeEvidenceMany(db, [edge], agencies, limit, scope)).get(edge.id)!;
}
