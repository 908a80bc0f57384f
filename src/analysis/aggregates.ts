/**
 * The queries answers are made of. A scope is a set of prime transactions (a WHERE over the stored
 * transactions, aliased r, with the recipient's family joined as e); every figure is an exact DECIMAL
 * sum computed by DuckDB and carried as a string. Categories are assigned in TypeScript per distinct
 * code combination (there are few), then summed exactly.
 */
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';
import { categorize, categorizeByDescription, categoryLabel, type Categorization, type CategoryId } from './categories.js';
import { groupEvidence, type EvidenceRecord } from './answer.js';
import { centsToString, sharePercent, toCents } from './money.js';
import { familyIdSql, TX_RECIPIENT } from './recipientJoin.js';

/** A set of prime transactions: `where` is SQL over r (tx_current) and e (entity_rows). */
export interface TxScope {
  where: string;
  /** Optional extra SQL expressions evaluated per row: awarding-basis and funding-basis membership. */
  awarding?: string;
  funding?: string;
  /**
   * The same scope as SQL over answer_tx (alias r; src/analysis/answerFacts.ts), when the precomputed
   * facts are current and can express it: the aggregates then read the facts instead of tx_current.
   * `awarding` and `funding` must then be valid over answer_tx too.
   */
  factsWhere?: string;
}


const FROM_TX = `FROM tx_current r `;
const FAMILY = familyIdSql(TX_RECIPIENT);

export interface FamilyTotal {
  familyId: string;
  name: string;
  familyBasis: string;
  obligations: string;
  transactions: number;
  awards: number;
  /** Sum over the scope's rows where the agency awarded / funded (only when the scope says). */
  awardedBy?: string;
  fundedBy?: string;
  firstFiscalYear: number | null;
  lastFiscalYear: number | null;
}

const familyNames = `LEFT JOIN entity_families f ON f.family_id = g.family_id`;

/** Families of the scope, largest net obligations first; at most `limit` (all when undefined). */
export async function familyTotals(db: Database, scope: TxScope, limit?: number): Promise<FamilyTotal[]> {
  if (scope.factsWhere !== undefined) return familyTotalsFromFacts(db, scope, scope.factsWhere, limit);
  const split = scope.awarding && scope.funding
    ? `, CAST(sum(r.federal_action_obligation) FILTER (WHERE ${scope.awarding}) AS VARCHAR) AS awarded,
         CAST(sum(r.federal_action_obligation) FILTER (WHERE ${scope.funding}) AS VARCHAR) AS funded`
    : '';
  // the ranking needs only the sums; the costlier figures are computed for the families listed
  const listedFilter = limit === undefined ? '' : `AND ${FAMILY} IN (
       SELECT ${FAMILY} FROM tx_current r WHERE ${scope.where} GROUP BY 1
       ORDER BY sum(r.federal_action_obligation) DESC NULLS LAST, 1 LIMIT ${Math.max(0, Math.floor(limit))})`;
  const rows = await db.all(
    `SELECT g.*, coalesce(f.name, '(no recipient named)') AS fname, coalesce(f.basis, 'none') AS fbasis FROM (
       SELECT ${FAMILY} AS family_id, sum(r.federal_action_obligation) AS sn, CAST(sum(r.federal_action_obligation) AS VARCHAR) AS obligations, count(*) AS n,
         count(DISTINCT r.contract_award_unique_key) AS awards, min(r.action_date_fiscal_year) AS first_fy,
         max(r.action_date_fiscal_year) AS last_fy ${split}
       ${FROM_TX} WHERE ${scope.where} ${listedFilter} GROUP BY 1) g ${familyNames}
     ORDER BY g.sn DESC NULLS LAST, g.family_id`,
  );
  return rows.map(familyTotalOf);
}

async function familyTotalsFromFacts(db: Database, scope: TxScope, where: string, limit?: number): Promise<FamilyTotal[]> {
  const split = scope.awarding && scope.funding
    ? `, CAST(sum(r.amount) FILTER (WHERE ${scope.awarding}) AS VARCHAR) AS awarded,
         CAST(sum(r.amount) FILTER (WHERE ${scope.funding}) AS VARCHAR) AS funded`
    : '';
  // family numbers are in family id order, so ties order as by id
  const listedFilter = limit === undefined ? '' : `AND r.family_no IN (
       SELECT r.family_no FROM answer_tx r WHERE ${where} GROUP BY 1
       ORDER BY sum(r.amount) DESC NULLS LAST, 1 LIMIT ${Math.max(0, Math.floor(limit))})`;
  const rows = await db.all(
    `SELECT g.*, fam.family_id, coalesce(f.name, '(no recipient named)') AS fname, coalesce(f.basis, 'none') AS fbasis FROM (
       SELECT r.family_no, sum(r.amount) AS sn, CAST(sum(r.amount) AS VARCHAR) AS obligations, sum(r.n) AS n,
         count(DISTINCT r.award_no) AS awards, min(r.action_date_fiscal_year) AS first_fy,
         max(r.action_date_fiscal_year) AS last_fy ${split}
       FROM answer_tx r WHERE ${where} ${listedFilter} GROUP BY 1) g
     JOIN answer_families fam ON fam.family_no = g.family_no LEFT JOIN entity_families f ON f.family_id = fam.family_id
     ORDER BY g.sn DESC NULLS LAST, g.family_no`,
  );
  return rows.map(familyTotalOf);
}

function familyTotalOf(r: Record<string, unknown>): FamilyTotal {
  return ({
    familyId: String(r['family_id']), name: String(r['fname']), familyBasis: String(r['fbasis']),
    obligations: centsToString(toCents(r['obligations'] as string | null)), transactions: Number(r['n']), awards: Number(r['awards']),
    ...('awarded' in r ? { awardedBy: centsToString(toCents(r['awarded'] as string | null)), fundedBy: centsToString(toCents(r['funded'] as string | null)) } : {}),
    firstFiscalYear: r['first_fy'] === null ? null : Number(r['first_fy']), lastFiscalYear: r['last_fy'] === null ? null : Number(r['last_fy']),
  });
}

export interface YearTotal {
  fiscalYear: number | null;
  obligations: string;
  transactions: number;
}

/** Obligations per fiscal year, optionally per family (key `${familyId}`). */
export async function yearTotals(db: Database, scope: TxScope, familyIds?: readonly string[]): Promise<{ total: YearTotal[]; byFamily: Map<string, YearTotal[]> }> {
  // per family only for the families asked about (all when undefined); the totals always cover the scope
  const fam = familyIds === undefined ? FAMILY : `CASE WHEN ${FAMILY} IN (${familyIds.map(literal).join(', ') || 'NULL'}) THEN ${FAMILY} ELSE '(others)' END`;
  const rows = scope.factsWhere !== undefined
    ? await db.all(
      // per family number, named after grouping; the total only needs (fiscal year, sum, count)
      `SELECT coalesce(fam.family_id, '(others)') AS family_id, g.fy, CAST(g.s AS VARCHAR) AS s, g.n FROM (
         SELECT ${familyIds === undefined ? 'r.family_no' : `CASE WHEN r.family_no IN (SELECT family_no FROM answer_families
           WHERE family_id IN (${familyIds.map(literal).join(', ') || 'NULL'})) THEN r.family_no END`} AS family_no,
           r.action_date_fiscal_year AS fy, sum(r.amount) AS s, sum(r.n) AS n
         FROM answer_tx r WHERE ${scope.factsWhere} GROUP BY 1, 2) g LEFT JOIN answer_families fam ON fam.family_no = g.family_no
       ORDER BY 2, 1`,
    )
    : await db.all(
      `SELECT ${fam} AS family_id, r.action_date_fiscal_year AS fy, CAST(sum(r.federal_action_obligation) AS VARCHAR) AS s, count(*) AS n
       ${FROM_TX} WHERE ${scope.where} GROUP BY 1, 2 ORDER BY 2, 1`,
    );
  const total = new Map<number | null, { cents: bigint; n: number }>();
  const byFamily = new Map<string, YearTotal[]>();
  for (const r of rows) {
    const fy = r['fy'] === null ? null : Number(r['fy']);
    const cents = toCents(r['s'] as string | null);
    const t = total.get(fy) ?? { cents: 0n, n: 0 };
    t.cents += cents;
    t.n += Number(r['n']);
    total.set(fy, t);
    const list = byFamily.get(String(r['family_id'])) ?? [];
    list.push({ fiscalYear: fy, obligations: centsToString(cents), transactions: Number(r['n']) });
    byFamily.set(String(r['family_id']), list);
  }
  return {
    total: [...total.entries()].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)).map(([fy, t]) => ({ fiscalYear: fy, obligations: centsToString(t.cents), transactions: t.n })),
    byFamily,
  };
}

export interface CategoryTotal {
  category: CategoryId;
  label: string;
  obligations: string;
  /** Share of the scope's net obligations, percent with two decimals (exact integer arithmetic). */
  share: string | null;
  transactions: number;
  /** How the records were categorised: by code (PSC, NAICS) or only by description titles. */
  bases: Record<string, number>;
  /** The most common codes behind this category, with the rule used. */
  examples: Array<{ code: string; rule: string; transactions: number }>;
}

export interface CategoryGroupTotal extends CategoryTotal {
  group: string | number | null;
}

const categoryCache = new Map<string, Categorization>();

/** The category of a record from its PSC and NAICS codes, or from their titles when it has no codes. */
export function categoryOf(psc: string | null, naics: string | null, pscTitle: string | null, naicsTitle: string | null): Categorization {
  const key = `${psc}\0${naics}\0${pscTitle}\0${naicsTitle}`;
  let c = categoryCache.get(key);
  if (!c) {
    c = categorize({ psc, naics });
    if (c.basis === 'none' && (pscTitle || naicsTitle)) {
      c = categorizeByDescription({ pscDescription: pscTitle, naicsDescription: naicsTitle });
    }
    if (categoryCache.size > 100_000) categoryCache.clear();
    categoryCache.set(key, c);
  }
  return c;
}

/**
 * Obligations per category, per group (`groupSql`: e.g. the fiscal year; null for one group). Shares
 * are of each group's net total, so per-group shares add up to 100% (up to rounding of the display).
 */
export async function categoryTotals(db: Database, scope: TxScope, groupSql: string | null): Promise<CategoryGroupTotal[]> {
  const rows = scope.factsWhere !== undefined && groupSql === null
    ? await db.all(
      `SELECT NULL AS grp, c.psc, c.naics, c.psc_t, c.naics_t, CAST(g.s AS VARCHAR) AS s, g.n FROM (
         SELECT r.code_no, sum(r.amount) AS s, sum(r.n) AS n FROM answer_tx r WHERE ${scope.factsWhere} GROUP BY 1) g
       JOIN answer_codes c ON c.code_no = g.code_no ORDER BY 1, 2, 3, 4, 5`,
    )
    : await db.all(
    `SELECT ${groupSql ?? 'NULL'} AS grp, r.product_or_service_code AS psc, r.naics_code AS naics,
       r.product_or_service_code_description AS psc_t, r.naics_description AS naics_t,
       CAST(sum(r.federal_action_obligation) AS VARCHAR) AS s, count(*) AS n
     ${FROM_TX} WHERE ${scope.where} GROUP BY ALL ORDER BY 1, 2, 3, 4, 5`,
  );
  // rows in code order: a code's example names the rule of its first combination, the same every time
  interface Acc { cents: bigint; n: number; bases: Record<string, number>; examples: Map<string, { rule: string; n: number }> }
  const groups = new Map<string, { group: string | number | null; total: bigint; cats: Map<CategoryId, Acc> }>();
  for (const r of rows) {
    const grp = r['grp'] as string | number | null;
    const gk = String(grp);
    const g = groups.get(gk) ?? { group: grp, total: 0n, cats: new Map() };
    groups.set(gk, g);
    const c = categoryOf(r['psc'] as string | null, r['naics'] as string | null, r['psc_t'] as string | null, r['naics_t'] as string | null);
    const cents = toCents(r['s'] as string | null);
    g.total += cents;
    const acc = g.cats.get(c.category) ?? { cents: 0n, n: 0, bases: {}, examples: new Map() };
    acc.cents += cents;
    acc.n += Number(r['n']);
    acc.bases[c.basis] = (acc.bases[c.basis] ?? 0) + Number(r['n']);
    const code = (r['psc'] as string | null) ?? (r['naics'] ? `NAICS ${r['naics']}` : (r['psc_t'] as string | null) ?? '(none)');
    const ex = acc.examples.get(code) ?? { rule: c.rule, n: 0 };
    ex.n += Number(r['n']);
    acc.examples.set(code, ex);
    g.cats.set(c.category, acc);
  }
  const out: CategoryGroupTotal[] = [];
  for (const g of [...groups.values()].sort((a, b) => String(a.group).localeCompare(String(b.group), 'en', { numeric: true }))) {
    for (const [cat, acc] of [...g.cats.entries()].sort((a, b) => (b[1].cents > a[1].cents ? 1 : b[1].cents < a[1].cents ? -1 : a[0].localeCompare(b[0])))) {
      out.push({
        group: g.group, category: cat, label: categoryLabel(cat), obligations: centsToString(acc.cents),
        share: sharePercent(acc.cents, g.total), transactions: acc.n, bases: acc.bases,
        examples: [...acc.examples.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0])).slice(0, 3)
          .map(([code, e]) => ({ code, rule: e.rule, transactions: e.n })),
      });
    }
  }
  return out;
}

export interface TopAward {
  awardKey: string;
  piid: string | null;
  familyId: string;
  familyName: string;
  recipientName: string | null;
  obligations: string;
  transactions: number;
  firstActionDate: string | null;
  lastActionDate: string | null;
  description: string | null;
  parentAwardPiid: string | null;
  awardingSubAgency: string | null;
  permalink: string;
}

/** USAspending's page for an award key. */
export function awardPermalink(awardKey: string, given?: string | null): string {
  return given && /^https:\/\/(www\.)?usaspending\.gov\//.test(given) ? given : `https://www.usaspending.gov/award/${encodeURIComponent(awardKey)}`;
}

export async function topAwards(db: Database, scope: TxScope, limit: number): Promise<TopAward[]> {
  if (scope.factsWhere !== undefined) return topAwardsFromFacts(db, scope.factsWhere, limit);
  // first the largest awards by a narrow grouping, then their details from those awards' rows only
  const top = await db.all<{ award_key: string; family_id: string }>(
    `SELECT r.contract_award_unique_key AS award_key, ${FAMILY} AS family_id FROM tx_current r WHERE ${scope.where}
     GROUP BY 1, 2 ORDER BY sum(r.federal_action_obligation) DESC, 1 LIMIT ${Math.max(0, Math.floor(limit))}`,
  );
  if (!top.length) return [];
  const keys = top.map((t) => `(${literal(t.award_key)}, ${literal(t.family_id)})`).join(', ');
  const rows = await db.all(
    `SELECT g.*, coalesce(f.name, '(no recipient named)') AS fname FROM (
       SELECT r.contract_award_unique_key AS award_key, any_value(r.award_id_piid) AS piid, ${FAMILY} AS family_id,
         any_value(r.recipient_name) AS recipient, sum(r.federal_action_obligation) AS sn, CAST(sum(r.federal_action_obligation) AS VARCHAR) AS s, count(*) AS n,
         CAST(min(r.action_date) AS VARCHAR) AS first_d, CAST(max(r.action_date) AS VARCHAR) AS last_d,
         coalesce(arg_min(r.prime_award_base_transaction_description, r.action_date), arg_min(r.transaction_description, r.action_date)) AS descr,
         any_value(r.parent_award_id_piid) AS parent_piid, any_value(r.awarding_sub_agency_name) AS sub_agency,
         any_value(r.usaspending_permalink) AS permalink
       ${FROM_TX} WHERE ${scope.where} AND r.contract_award_unique_key IN (${[...new Set(top.map((t) => literal(t.award_key)))].join(', ')})
       GROUP BY r.contract_award_unique_key, 3) g ${familyNames}
     WHERE (g.award_key, g.family_id) IN (${keys})
     ORDER BY g.sn DESC, g.award_key`,
  );
  return rows.map(topAwardOf);
}

async function topAwardsFromFacts(db: Database, where: string, limit: number): Promise<TopAward[]> {
  // award numbers are in award key order (NULL keys have none and sort last), so ties order as by key
  const top = await db.all<{ award_no: number | null; family_no: number }>(
    `SELECT r.award_no, r.family_no FROM answer_tx r WHERE ${where}
     GROUP BY 1, 2 ORDER BY sum(r.amount) DESC, 1 LIMIT ${Math.max(0, Math.floor(limit))}`,
  );
  const pairs = top.filter((t) => t.award_no !== null);
  if (!pairs.length) return [];
  const keys = pairs.map((t) => `(${Number(t.award_no)}, ${Number(t.family_no)})`).join(', ');
  const awardNos = [...new Set(pairs.map((t) => Number(t.award_no)))].join(', ');
  const familyNos = [...new Set(pairs.map((t) => Number(t.family_no)))].join(', ');
  const rows = await db.all(
    `SELECT g.*, a.award_key, fam.family_id, coalesce(f.name, '(no recipient named)') AS fname FROM (
       SELECT r.award_no, r.family_no, any_value(r.piid) AS piid, any_value(r.recipient) AS recipient,
         sum(r.amount) AS sn, CAST(sum(r.amount) AS VARCHAR) AS s, sum(r.n) AS n,
         CAST(min(r.first_d) AS VARCHAR) AS first_d, CAST(max(r.last_d) AS VARCHAR) AS last_d,
         coalesce(arg_min(r.d1, r.d1_at), arg_min(r.d2, r.d2_at)) AS descr,
         any_value(r.parent_piid) AS parent_piid, any_value(r.awarding_sub_agency_name) AS sub_agency,
         any_value(r.permalink) AS permalink
       FROM answer_tx r WHERE ${where} AND r.family_no IN (${familyNos}) AND r.award_no IN (${awardNos})
       GROUP BY 1, 2) g
     JOIN (SELECT * FROM answer_awards WHERE award_no IN (${awardNos})) a ON a.award_no = g.award_no
     JOIN (SELECT * FROM answer_families WHERE family_no IN (${familyNos})) fam ON fam.family_no = g.family_no
     LEFT JOIN entity_families f ON f.family_id = fam.family_id
     WHERE (g.award_no, g.family_no) IN (${keys})
     ORDER BY g.sn DESC, a.award_key`,
  );
  return rows.map(topAwardOf);
}

function topAwardOf(r: Record<string, unknown>): TopAward {
  return ({
    awardKey: String(r['award_key']), piid: (r['piid'] as string | null) ?? null, familyId: String(r['family_id']),
    familyName: String(r['fname']), recipientName: (r['recipient'] as string | null) ?? null,
    obligations: centsToString(toCents(r['s'] as string | null)), transactions: Number(r['n']),
    firstActionDate: (r['first_d'] as string | null) ?? null, lastActionDate: (r['last_d'] as string | null) ?? null,
    description: (r['descr'] as string | null) ?? null, parentAwardPiid: (r['parent_piid'] as string | null) ?? null,
    awardingSubAgency: (r['sub_agency'] as string | null) ?? null,
    permalink: awardPermalink(String(r['award_key']), r['permalink'] as string | null),
  });
}

/** Records behind the figures of the given families (all of them when familyIds is undefined). */
export async function transactionEvidence(db: Database, scope: TxScope, familyIds?: readonly string[]): Promise<Map<string, EvidenceRecord[]>> {
  const famFilter = familyIds ? `AND ${FAMILY} IN (${familyIds.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ') || `''`})` : '';
  const rows = await db.all(
    `SELECT ${FAMILY} AS family_id, r.contract_transaction_unique_key AS k, CAST(r.federal_action_obligation AS VARCHAR) AS amount,
       s.name AS file, r.source_line AS line, r.snapshot_id AS snap
     ${FROM_TX} JOIN sources s ON s.source_id = r.source_id
     WHERE ${scope.where} ${famFilter} ORDER BY 1, r.action_date, r.contract_transaction_unique_key`,
  );
  return groupEvidence(rows, 'transactions', (r) => String(r['family_id']));
}

/** Exact sum of decimal strings. */
export function sumStrings(values: Iterable<string>): bigint {
  let t = 0n;
  for (const v of values) t += toCents(v);
  return t;
}
