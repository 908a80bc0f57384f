/**
 * The records behind one graph edge, fetched when a path or partner list shows it: transactions of a
 * prime edge, subaward reports, the descriptions that name a brand (quoted, with amounts), FedRAMP
 * entries, the claim's source. Where the path is about one agency, money evidence is narrowed to it.
 */
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';
import { familyIdSql, SUBAWARDEE, SUB_PRIME, TX_RECIPIENT } from '../analysis/recipientJoin.js';
import { centsToString, toCents } from '../analysis/money.js';
import type { GraphEdge } from './paths.js';

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
}

const inList = (values: readonly string[]): string => `(${values.map(literal).join(', ') || 'NULL'})`;
const familyOf = (node: string): string => node.slice('family:'.length);

function finish(rows: Array<Record<string, unknown>>, limit: number, agencyFilter: string[] | null, note: string | null, money = true,
  counted?: { count: number; total: bigint }): EdgeEvidence {
  let total = 0n;
  if (counted) total = counted.total;
  else for (const r of rows) total += toCents((r['amount'] as string | null) ?? '0');
  const records = rows
    .slice()
    .sort((a, b) => {
      const d = toCents((b['amount'] as string | null) ?? '0') - toCents((a['amount'] as string | null) ?? '0');
      return d > 0n ? 1 : d < 0n ? -1 : String(a['key']).localeCompare(String(b['key']));
    })
    .slice(0, limit)
    .map((r) => ({
      table: String(r['tbl']), key: String(r['key']), amount: (r['amount'] as string | null) ?? null, date: (r['d'] as string | null) ?? null,
      party: (r['party'] as string | null) ?? null, text: (r['text'] as string | null) ?? null,
      ...(r['matched'] ? { matched: String(r['matched']) } : {}),
      sourceFile: (r['file'] as string | null) ?? null, line: r['line'] === null || r['line'] === undefined ? null : Number(r['line']),
    }));
  return { records, count: counted?.count ?? rows.length, total: money ? centsToString(total) : null, agencyFilter, note };
}

/**
 * Money evidence of `sql` (rows with amount and key): counted and totalled in SQL, and only the rows that
 * can be among the `limit` largest (ties included) fetched, then ordered as `finish` orders them; an
 * edge of 100,000 transactions no longer travels whole to JavaScript to show five.
 */
async function finishInSql(db: Database, sql: string, limit: number, agencyFilter: string[] | null, note: string | null): Promise<EdgeEvidence> {
  // amounts are stored as DECIMAL(18,2): text back to DECIMAL(18,2) is fast where DECIMAL(38,2) is not
  // (about 25 µs a row in DuckDB 1.5); the count and total need only the amount column, and only the rows
  // that can be among the `limit` largest (ties included) are fetched with their text
  const amount = 'coalesce(CAST(b.amount AS DECIMAL(18,2)), 0)';
  const agg = await db.one(`SELECT count(*) AS n, CAST(coalesce(sum(CAST(b.amount AS DECIMAL(18,2))), 0) AS VARCHAR) AS s FROM (${sql}) b`);
  const n = Math.max(0, Math.floor(limit));
  const rows = n === 0 ? [] : await db.all(
    `SELECT b.* FROM (${sql}) b
     WHERE ${amount} >= coalesce((SELECT ${amount} FROM (${sql}) b ORDER BY 1 DESC LIMIT 1 OFFSET ${n - 1}), CAST(-9999999999999999.99 AS DECIMAL(18,2)))`,
  );
  return finish(rows, limit, agencyFilter, note, true, { count: Number(agg?.['n'] ?? 0), total: toCents((agg?.['s'] as string | null) ?? '0') });
}

const PRIME_NOTE = 'prime transactions awarded or funded by the agency; de-obligations included';
const SUBAWARD_NOTE = 'subawards as reported by the prime (self-reported; repeated reports possible)';

/**
 * Evidence of many edges at once, each edge once (by id): what `edgeEvidence` gives for each, with the
 * prime and subaward edges each read by one query that counts, sums and ranks in SQL and returns only
 * the rows that can be shown (every row tied at the `limit`-th amount, so the order of ties is decided
 * as `edgeEvidence` decides it).
 */
export async function edgeEvidenceMany(db: Database, edges: readonly GraphEdge[], agencies: string[] | null, limit = 5): Promise<Map<string, EdgeEvidence>> {
  const out = new Map<string, EdgeEvidence>();
  const unique = [...new Map(edges.map((e) => [e.id, e])).values()];
  const lim = Math.max(0, Math.floor(limit));
  const ranked = async (keyed: string, select: string, from: string): Promise<Map<string, { rows: Array<Record<string, unknown>>; count: number; total: string | null }>> => {
    const rows = await db.all(
      `SELECT * FROM (
         SELECT ${keyed} AS edge_key, ${select}, count(*) OVER (PARTITION BY ${keyed}) AS all_n,
           CAST(sum(r.amount_value) OVER (PARTITION BY ${keyed}) AS VARCHAR) AS all_s,
           rank() OVER (PARTITION BY ${keyed} ORDER BY coalesce(r.amount_value, 0) DESC) AS rk
         ${from}) WHERE rk <= ${lim} OR rk = 1`,
    );
    const byEdge = new Map<string, { rows: Array<Record<string, unknown>>; count: number; total: string | null }>();
    for (const r of rows) {
      const k = String(r['edge_key']);
      let b = byEdge.get(k);
      if (!b) byEdge.set(k, (b = { rows: [], count: Number(r['all_n']), total: (r['all_s'] as string | null) ?? null }));
      if (Number(r['rk']) <= lim) b.rows.push(r);
    }
    return byEdge;
  };
  const values = (list: string[][]): string => list.map((v) => `(${v.map(literal).join(', ')})`).join(', ');

  const primes = unique.filter((e) => e.kind === 'prime');
  if (primes.length) {
    const byEdge = await ranked('p.k',
      `'transactions' AS tbl, r.contract_transaction_unique_key AS key, CAST(r.amount_value AS VARCHAR) AS amount,
       CAST(r.action_date AS VARCHAR) AS d, r.recipient_name AS party, coalesce(r.transaction_description, r.prime_award_base_transaction_description) AS text,
       s.name AS file, r.source_line AS line`,
      `FROM (SELECT *, federal_action_obligation AS amount_value FROM tx_current) r JOIN sources s ON s.source_id = r.source_id
       JOIN (VALUES ${values(primes.map((e) => [e.id, familyOf(e.to), e.from.slice('agency:'.length)]))}) p(k, fam, ag)
         ON ${familyIdSql(TX_RECIPIENT)} = p.fam AND (r.awarding_sub_agency_code = p.ag OR r.funding_sub_agency_code = p.ag)`);
    for (const e of primes) {
      const b = byEdge.get(e.id) ?? { rows: [], count: 0, total: null };
      out.set(e.id, finish(b.rows, limit, [e.from.slice('agency:'.length)], PRIME_NOTE, true, { count: b.count, total: toCents(b.total ?? '0') }));
    }
  }
  const subs = unique.filter((e) => e.kind === 'subaward');
  if (subs.length) {
    const narrowed = (e: GraphEdge): boolean => !!agencies && e.agencies.some((a) => agencies.includes(a));
    const byEdge = await ranked('p.k',
      `'subawards' AS tbl, r.subaward_key AS key, CAST(r.amount_value AS VARCHAR) AS amount, CAST(r.subaward_action_date AS VARCHAR) AS d,
       r.subawardee_name || ' under ' || coalesce(r.prime_award_piid, r.prime_award_unique_key) AS party, r.subaward_description AS text,
       s.name AS file, r.source_line AS line`,
      `FROM (SELECT *, subaward_amount AS amount_value FROM sub_current) r JOIN sources s ON s.source_id = r.source_id
       JOIN (VALUES ${values(subs.map((e) => [e.id, familyOf(e.from), familyOf(e.to), narrowed(e) ? 'y' : 'n']))}) p(k, pfam, sfam, narrow)
         ON ${familyIdSql(SUB_PRIME)} = p.pfam AND ${familyIdSql(SUBAWARDEE)} = p.sfam
       WHERE p.narrow = 'n' OR r.prime_award_awarding_sub_agency_code IN ${inList(agencies ?? [])}`);
    for (const e of subs) {
      const b = byEdge.get(e.id) ?? { rows: [], count: 0, total: null };
      out.set(e.id, finish(b.rows, limit, narrowed(e) ? agencies : null, SUBAWARD_NOTE, true, { count: b.count, total: toCents(b.total ?? '0') }));
    }
  }
  for (const e of unique) if (!out.has(e.id)) out.set(e.id, await edgeEvidence(db, e, agencies, limit));
  return out;
}

/**
 * Evidence of an edge. `agencies` narrows money evidence to those subtier codes (the path's agency);
 * pass null for everything.
 */
export async function edgeEvidence(db: Database, edge: GraphEdge, agencies: string[] | null, limit = 5): Promise<EdgeEvidence> {
  const fam = familyIdSql(TX_RECIPIENT);
  switch (edge.kind) {
    case 'prime': {
      const ag = edge.from.slice('agency:'.length);
      return finishInSql(db,
        `SELECT 'transactions' AS tbl, r.contract_transaction_unique_key AS key, CAST(r.federal_action_obligation AS VARCHAR) AS amount,
           CAST(r.action_date AS VARCHAR) AS d, r.recipient_name AS party, coalesce(r.transaction_description, r.prime_award_base_transaction_description) AS text,
           s.name AS file, r.source_line AS line
         FROM tx_current r JOIN sources s ON s.source_id = r.source_id
         WHERE ${fam} = ${literal(familyOf(edge.to))} AND (r.awarding_sub_agency_code = ${literal(ag)} OR r.funding_sub_agency_code = ${literal(ag)})`,
        limit, [ag], PRIME_NOTE);
    }
    case 'subaward': {
      const narrow = agencies && edge.agencies.some((a) => agencies.includes(a)) ? agencies : null;
      return finishInSql(db,
        `SELECT 'subawards' AS tbl, r.subaward_key AS key, CAST(r.subaward_amount AS VARCHAR) AS amount, CAST(r.subaward_action_date AS VARCHAR) AS d,
           r.subawardee_name || ' under ' || coalesce(r.prime_award_piid, r.prime_award_unique_key) AS party, r.subaward_description AS text,
           s.name AS file, r.source_line AS line
         FROM sub_current r JOIN sources s ON s.source_id = r.source_id
         WHERE ${familyIdSql(SUB_PRIME)} = ${literal(familyOf(edge.from))} AND ${familyIdSql(SUBAWARDEE)} = ${literal(familyOf(edge.to))}
           ${narrow ? `AND r.prime_award_awarding_sub_agency_code IN ${inList(narrow)}` : ''}`,
        limit, narrow, SUBAWARD_NOTE);
    }
    case 'resells': {
      const narrow = agencies && edge.agencies.some((a) => agencies.includes(a)) ? agencies : null;
      return finishInSql(db,
        `SELECT DISTINCT ON (r.contract_transaction_unique_key) 'transactions' AS tbl, r.contract_transaction_unique_key AS key,
           CAST(r.federal_action_obligation AS VARCHAR) AS amount, CAST(r.action_date AS VARCHAR) AS d, r.recipient_name AS party,
           m.snippet AS text, m.matched_text AS matched, s.name AS file, r.source_line AS line
         FROM tx_current r JOIN sources s ON s.source_id = r.source_id
         JOIN graph_brand_mentions m ON (m.text = r.transaction_description OR m.text = r.prime_award_base_transaction_description)
           AND m.family_node = ${literal(edge.to)}
         WHERE ${fam} = ${literal(familyOf(edge.from))}
           ${narrow ? `AND (r.awarding_sub_agency_code IN ${inList(narrow)} OR r.funding_sub_agency_code IN ${inList(narrow)})` : ''}
         ORDER BY r.contract_transaction_unique_key, m.confidence DESC`,
        limit, narrow, 'transactions whose descriptions name the brand (matched words quoted; read the snippet)');
    }
    case 'authorizes': {
      const offering = edge.to.slice('offering:'.length);
      const rows = await db.all(
        `SELECT 'fedramp_authorizations' AS tbl, a.agency_id || ' ' || a.kind || ' ' || a.offering_id AS key, NULL AS amount,
           CAST(a.ato_date AS VARCHAR) AS d, a.agency_name AS party, a.json_path AS text, a.source_file AS file, NULL AS line
         FROM fedramp_authorizations a WHERE a.offering_id = ${literal(offering)} AND a.agency_id IN ${inList(edge.agencies)}`,
      );
      return finish(rows, limit, null, edge.detail, false);
    }
    case 'builds_on': {
      const rows = await db.all(
        `SELECT 'fedramp_builds_on' AS tbl, b.offering_id || ' on ' || b.built_on_id AS key, NULL AS amount, NULL AS d, b.orientation AS party,
           b.json_paths AS text, b.source_file AS file, NULL AS line
         FROM fedramp_builds_on b
         WHERE b.offering_id = ${literal(edge.from.slice('offering:'.length))} AND b.built_on_id = ${literal(edge.to.slice('offering:'.length))}`,
      );
      return finish(rows, limit, null, edge.detail, false);
    }
    default:
      return { records: [], count: edge.records, total: edge.amount, agencyFilter: null, note: edge.detail };
  }
}
