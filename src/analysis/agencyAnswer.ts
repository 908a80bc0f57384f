/**
 * "Who is behind AGENCY?": company families ranked by prime obligations on the stated basis, with
 * trend, categories, top awards, the awarding/funding split, awards known only from award summaries
 * and subawards under the agency's primes, each kept apart from the prime totals.
 */
import { agencyCondition, describeAgency, type AgencyRef } from '../entities/agencies.js';
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';
import {
  categoryTotals, familyTotals, topAwards, transactionEvidence, yearTotals,
  type CategoryGroupTotal, type FamilyTotal, type TopAward, type TxScope, type YearTotal,
} from './aggregates.js';
import { groupEvidence, type AnswerContext, type AnswerFilters, type Basis, type EvidenceRecord } from './answer.js';
import { describeFiscalYears, fiscalYearSql, type FiscalYearRange } from './fiscalYears.js';
import { centsToString, sharePercent, toCents } from './money.js';
import { familyIdSql, SUBAWARDEE, SUB_PRIME, TX_RECIPIENT } from './recipientJoin.js';
import { budgetShare, type BudgetShare } from './budgetShare.js';
import { currentAnswerFacts, SUB_REPEAT_ORDER, SUB_REPEAT_PARTITION } from './answerFacts.js';
import { computeCoverage, type Coverage } from './coverage.js';

export interface AgencyAnswerOptions extends AnswerFilters {
  /** Families listed (the rest are summed as "others"). */
  limit?: number;
  topAwards?: number;
  /** Include the records behind each listed family's figure. */
  explain?: boolean;
  /** Read the precomputed answer facts when they are current (default true); false computes from the records. */
  useFacts?: boolean;
}

export interface RankedFamily extends FamilyTotal {
  rank: number;
  share: string | null;
  byYear: YearTotal[];
  evidence?: EvidenceRecord[];
}

export interface BasisSplit {
  /** Rows where the agency both awarded and funded. */
  both: { obligations: string; transactions: number };
  awardingOnly: { obligations: string; transactions: number };
  fundingOnly: { obligations: string; transactions: number };
  /** Rows with no funding agency recorded (e.g. the API projection): they can only count as awarding. */
  noFundingAgency: { obligations: string; transactions: number };
}

export interface SummaryOnlyAwards {
  note: string;
  awards: number;
  totalObligated: string;
  families: Array<{ familyId: string; name: string; awards: number; totalObligated: string; evidence?: EvidenceRecord[] }>;
}

export interface SubawardsUnder {
  note: string;
  subawards: number;
  amount: string;
  /** Total without rows that repeat (prime award, subaward number, amount, subawardee) in another report. */
  amountWithoutRepeats: string;
  repeats: number;
  families: Array<{ familyId: string; name: string; subawards: number; amount: string; primes: string[]; evidence?: EvidenceRecord[] }>;
}

export interface AgencyAnswer {
  kind: 'agency';
  context: AnswerContext;
  agency: AgencyRef & { description: string };
  basis: Basis;
  fiscalYears: FiscalYearRange | null;
  fiscalYearsLabel: string;
  totals: { obligations: string; transactions: number; awards: number; families: number };
  split: BasisSplit;
  families: RankedFamily[];
  others: { families: number; obligations: string; share: string | null; transactions: number } | null;
  trend: YearTotal[];
  categories: CategoryGroupTotal[];
  topAwards: TopAward[];
  awardSummariesOnly: SummaryOnlyAwards;
  subawards: SubawardsUnder;
  /** What the store holds for this scope, refused rows in it and known limits (src/analysis/coverage.ts). */
  coverage: Coverage;
  caveats: string[];
  /** Contract obligations beside OMB budget authority per year, where a budget table is loaded. */
  budget?: BudgetShare | null;
}

/** SQL for rows of `view` that belong to the agency on `basis`. */
export function basisCondition(ref: AgencyRef, basis: Basis, view: 'transactions' | 'award_summaries' | 'subawards', alias: string): string {
  if (basis === 'either') return `coalesce((${agencyCondition(ref, 'awarding', view, alias)}) OR (${agencyCondition(ref, 'funding', view, alias)}), FALSE)`;
  return `coalesce((${agencyCondition(ref, basis, view, alias)}), FALSE)`;
}

export async function agencyAnswer(db: Database, ref: AgencyRef, ctx: AnswerContext, options: AgencyAnswerOptions): Promise<AgencyAnswer> {
  const limit = options.limit ?? 25;
  const fy = options.fiscalYears;
  // NULL agency codes must count as "not this agency", never as unknown (NOT NULL would drop the row)
  const awarding = `coalesce((${agencyCondition(ref, 'awarding', 'transactions', 'r')}), FALSE)`;
  const funding = `coalesce((${agencyCondition(ref, 'funding', 'transactions', 'r')}), FALSE)`;
  const where = `${basisCondition(ref, options.basis, 'transactions', 'r')} AND ${fiscalYearSql('r.action_date_fiscal_year', fy)}`;
  // answer_tx keeps tx_current's names for the agency codes and the fiscal year, so the same SQL applies;
  // offices are not in it
  const facts = options.useFacts !== false && ref.level !== 'office' ? await currentAnswerFacts(db) : null;
  const scope: TxScope = { where, awarding, funding, ...(facts ? { factsWhere: where } : {}) };
  const txFrom = facts ? 'answer_tx' : 'tx_current';
  const amount = facts ? 'r.amount' : 'r.federal_action_obligation';
  const rowCount = facts ? (filter: string) => `coalesce(sum(r.n)${filter}, 0)` : (filter: string) => `count(*)${filter}`;

  // awarding vs funding, always over the either set, so a reader sees what the basis changes
  const splitSql = `
       CAST(coalesce(sum(${amount}) FILTER (WHERE (${awarding}) AND (${funding})), 0) AS VARCHAR) AS both_s,
       ${rowCount(` FILTER (WHERE (${awarding}) AND (${funding}))`)} AS both_n,
       CAST(coalesce(sum(${amount}) FILTER (WHERE (${awarding}) AND NOT (${funding})), 0) AS VARCHAR) AS a_s,
       ${rowCount(` FILTER (WHERE (${awarding}) AND NOT (${funding}))`)} AS a_n,
       CAST(coalesce(sum(${amount}) FILTER (WHERE (${funding}) AND NOT (${awarding})), 0) AS VARCHAR) AS f_s,
       ${rowCount(` FILTER (WHERE (${funding}) AND NOT (${awarding}))`)} AS f_n,
       CAST(coalesce(sum(${amount}) FILTER (WHERE r.funding_sub_agency_code IS NULL AND r.funding_agency_code IS NULL), 0) AS VARCHAR) AS nf_s,
       ${rowCount(` FILTER (WHERE r.funding_sub_agency_code IS NULL AND r.funding_agency_code IS NULL)`)} AS nf_n
     FROM ${txFrom} r WHERE ((${awarding}) OR (${funding})) AND ${fiscalYearSql('r.action_date_fiscal_year', fy)}`;
  // totals over the whole scope in one pass (with the facts, in the same pass as the split: the scope is
  // part of the either set); only the listed families travel to TypeScript
  const inScope = `FILTER (WHERE ${where})`;
  const counts = (await db.one<{ n: number; awards: number; s: string | null; families: number }>(
    facts
      ? `SELECT coalesce(sum(r.n) ${inScope}, 0) AS n, count(DISTINCT r.award_no) ${inScope} AS awards,
           CAST(sum(r.amount) ${inScope} AS VARCHAR) AS s, count(DISTINCT r.family_no) ${inScope} AS families, ${splitSql}`
      : `SELECT count(*) AS n, count(DISTINCT r.contract_award_unique_key) AS awards, CAST(sum(r.federal_action_obligation) AS VARCHAR) AS s,
           count(DISTINCT ${familyIdSql(TX_RECIPIENT)}) AS families
         FROM tx_current r WHERE ${scope.where}`,
  ))!;
  const totalCents = toCents(counts.s);
  const listed = await familyTotals(db, scope, limit);
  const years = await yearTotals(db, scope, listed.map((f) => f.familyId));
  const evidence = options.explain ? await transactionEvidence(db, scope, listed.map((f) => f.familyId)) : undefined;
  const families: RankedFamily[] = listed.map((f, i) => ({
    rank: i + 1, ...f, share: sharePercent(toCents(f.obligations), totalCents), byYear: years.byFamily.get(f.familyId) ?? [],
    ...(evidence ? { evidence: evidence.get(f.familyId) ?? [] } : {}),
  }));
  const familyCount = Number(counts.families);
  const restCents = totalCents - listed.reduce((s, f) => s + toCents(f.obligations), 0n);
  const restTransactions = Number(counts.n) - listed.reduce((s, f) => s + f.transactions, 0);

  const splitRow = facts ? (counts as Record<string, unknown>) : (await db.one(`SELECT ${splitSql}`))!;
  const part = (s: string, n: string) => ({ obligations: centsToString(toCents(splitRow[s] as string)), transactions: Number(splitRow[n]) });
  const split: BasisSplit = {
    both: part('both_s', 'both_n'), awardingOnly: part('a_s', 'a_n'), fundingOnly: part('f_s', 'f_n'), noFundingAgency: part('nf_s', 'nf_n'),
  };

  const answer: AgencyAnswer = {
    kind: 'agency', context: ctx, agency: { ...ref, description: describeAgency(ref) }, basis: options.basis,
    fiscalYears: fy ?? null, fiscalYearsLabel: describeFiscalYears(fy),
    totals: { obligations: centsToString(totalCents), transactions: Number(counts.n), awards: Number(counts.awards), families: familyCount },
    split, families,
    others: familyCount > listed.length
      ? { families: familyCount - listed.length, obligations: centsToString(restCents), share: sharePercent(restCents, totalCents), transactions: restTransactions }
      : null,
    trend: years.total,
    categories: await categoryTotals(db, scope, null),
    topAwards: await topAwards(db, scope, options.topAwards ?? 10),
    awardSummariesOnly: await summaryOnlyAwards(db, basisCondition(ref, options.basis, 'award_summaries', 'r'), fy, !!options.explain, undefined, !!facts),
    subawards: await subawardsUnder(db, basisCondition(ref, options.basis, 'subawards', 'r'), fy, !!options.explain, '', 'sub', 25, !!facts?.subawardRepeatsUniform),
    coverage: await computeCoverage(db, { kind: 'agency', agency: ref, basis: options.basis, ...(fy ? { fiscalYears: fy } : {}) }, ctx),
    caveats: [],
  };
  answer.caveats = agencyCaveats(answer);
  answer.budget = await budgetShare(db, ref, options.basis, { where }, fy, answer.trend);
  return answer;
}

function agencyCaveats(a: AgencyAnswer): string[] {
  const out: string[] = [];
  if (a.totals.transactions === 0) out.push(`No prime transactions of ${a.agency.description} on the ${a.basis} basis (${a.fiscalYearsLabel}) are in this store.`);
  if (a.split.noFundingAgency.transactions > 0) {
    out.push(`${a.split.noFundingAgency.transactions} transaction(s) (${a.split.noFundingAgency.obligations}) have no funding agency recorded (rows from API search results saved as CSV): they count on the awarding basis only.`);
  }
  if (a.awardSummariesOnly.awards > 0) out.push(`${a.awardSummariesOnly.awards} award(s) are known only from award summaries (no transactions loaded): their life-of-award totals are listed apart and not in the yearly figures.`);
  if (a.subawards.subawards > 0) out.push('Subawards are self-reported by primes from $30,000, often late; they are listed apart and never added to prime obligations.');
  if (a.subawards.repeats > 0) out.push(`${a.subawards.repeats} subaward row(s) repeat another report's subaward number, amount and subawardee: totals are given with and without them.`);
  out.push('Shares are of net obligations (de-obligations included as negative amounts).');
  return out;
}

/** Awards of the scope known only from award summaries (no transaction of theirs is loaded). */
export async function summaryOnlyAwards(db: Database, condition: string, fy: FiscalYearRange | undefined, explain: boolean, familyId?: string, useFacts = false): Promise<SummaryOnlyAwards> {
  const fyCond = fy
    ? `coalesce(r.award_base_action_date_fiscal_year, r.award_latest_action_date_fiscal_year) <= ${fy.to}
       AND coalesce(r.award_latest_action_date_fiscal_year, r.award_base_action_date_fiscal_year) >= ${fy.from}`
    : 'TRUE';
  const fam = familyIdSql(TX_RECIPIENT);
  // answer_summary_only (current facts) holds exactly the award summaries with no transaction loaded
  const from = useFacts ? 'answer_summary_only' : 'award_current';
  const where = `${condition} AND ${fyCond} ${familyId ? `AND ${fam} = ${literal(familyId)}` : ''}
    ${useFacts ? '' : 'AND NOT EXISTS (SELECT 1 FROM tx_current t WHERE t.contract_award_unique_key = r.contract_award_unique_key)'}`;
  const rows = await db.all(
    `SELECT g.*, coalesce(f.name, '(no recipient named)') AS fname FROM (
       SELECT ${fam} AS family_id, count(*) AS n, sum(r.total_obligated_amount) AS sn, CAST(sum(r.total_obligated_amount) AS VARCHAR) AS s
       FROM ${from} r WHERE ${where} GROUP BY 1) g
     LEFT JOIN entity_families f ON f.family_id = g.family_id ORDER BY g.sn DESC NULLS LAST, g.family_id`,
  );
  const evidence = new Map<string, EvidenceRecord[]>();
  if (explain && rows.length) {
    const ev = await db.all(
      `SELECT ${fam} AS family_id, r.contract_award_unique_key AS k, CAST(r.total_obligated_amount AS VARCHAR) AS amount,
         s.name AS file, r.source_line AS line, r.snapshot_id AS snap
       FROM ${from} r JOIN sources s ON s.source_id = r.source_id
       WHERE ${where} ORDER BY 1, 2`,
    );
    for (const [g, list] of groupEvidence(ev, 'award_summaries', (r) => String(r['family_id']))) evidence.set(g, list);
  }
  let total = 0n;
  let awards = 0;
  const families = rows.map((r) => {
    total += toCents(r['s'] as string | null);
    awards += Number(r['n']);
    return {
      familyId: String(r['family_id']), name: String(r['fname']), awards: Number(r['n']), totalObligated: centsToString(toCents(r['s'] as string | null)),
      ...(explain ? { evidence: evidence.get(String(r['family_id'])) ?? [] } : {}),
    };
  });
  return {
    note: fy
      ? 'Life-of-award totals (total_obligated_amount) of awards active in the selected years whose transactions are not loaded; not split by year and not in the yearly figures.'
      : 'Life-of-award totals (total_obligated_amount) of awards whose transactions are not loaded; not in the yearly figures.',
    awards, totalObligated: centsToString(total), families,
  };
}

/**
 * Subawards in scope, grouped by the subawardee's family (or, with `groupBy: 'prime'`, by the prime's).
 * `condition` is SQL over r (sub_current).
 */
export async function subawardsUnder(db: Database, condition: string, fy: FiscalYearRange | undefined, explain: boolean, extra = '', groupBy: 'sub' | 'prime' = 'sub', limit = 25, useFacts = false): Promise<SubawardsUnder> {
  // repeats are found among the agency's subawards (every report of one subaward names the same prime award)
  const where = `${fiscalYearSql('r.subaward_action_date_fiscal_year', fy)} ${extra}`;
  const grouped = groupBy === 'sub' ? familyIdSql(SUBAWARDEE) : familyIdSql(SUB_PRIME);
  const other = useFacts
    ? (groupBy === 'sub' ? 'r.prime_label' : 'r.sub_label')
    : groupBy === 'sub' ? `coalesce(pfam.name, r.prime_awardee_name)` : `coalesce(sfam.name, r.subawardee_name)`;
  // with current facts whose repeat groups agree on every agency column, the repeat numbers over all
  // subawards equal those within the agency's
  const base = `FROM (${useFacts
    ? `SELECT r.* FROM answer_subawards r WHERE ${condition}`
    : `SELECT r.*, row_number() OVER (${SUB_REPEAT_PARTITION} ${SUB_REPEAT_ORDER}) AS copy_no
      FROM sub_current r WHERE ${condition}`}) r
        ${useFacts ? '' : 'LEFT JOIN entity_families sfam ON sfam.family_id = r.sub_family_id LEFT JOIN entity_families pfam ON pfam.family_id = r.prime_family_id'}`;
  const rows = await db.all(
    `SELECT g.*, coalesce(f.name, '(no recipient named)') AS fname FROM (
       SELECT ${grouped} AS family_id, count(*) AS n, sum(r.subaward_amount) AS sn, CAST(sum(r.subaward_amount) AS VARCHAR) AS s,
         count(*) FILTER (WHERE r.copy_no > 1) AS repeats,
         CAST(coalesce(sum(r.subaward_amount) FILTER (WHERE r.copy_no = 1), 0) AS VARCHAR) AS s1,
         list_sort(list_distinct(list(${other}))) AS others
       ${base} WHERE ${where} GROUP BY 1) g
     LEFT JOIN entity_families f ON f.family_id = g.family_id ORDER BY g.sn DESC NULLS LAST, g.family_id LIMIT ${Math.max(0, Math.floor(limit))}`,
  );
  const totals = (await db.one(
    `SELECT count(*) AS n, CAST(coalesce(sum(r.subaward_amount), 0) AS VARCHAR) AS s, count(*) FILTER (WHERE r.copy_no > 1) AS repeats,
       CAST(coalesce(sum(r.subaward_amount) FILTER (WHERE r.copy_no = 1), 0) AS VARCHAR) AS s1
     ${base} WHERE ${where}`,
  ))!;
  const evidence = new Map<string, EvidenceRecord[]>();
  if (explain && rows.length) {
    const listed = rows.map((r) => literal(String(r['family_id']))).join(', ');
    const ev = await db.all(
      `SELECT ${grouped} AS family_id, r.subaward_key AS k, CAST(r.subaward_amount AS VARCHAR) AS amount, s.name AS file, r.source_line AS line, r.snapshot_id AS snap
       ${base} JOIN sources s ON s.source_id = r.source_id WHERE ${where} AND ${grouped} IN (${listed}) ORDER BY 1, 2`,
    );
    for (const [g, list] of groupEvidence(ev, 'subawards', (r) => String(r['family_id']))) evidence.set(g, list);
  }
  const families = rows.map((r) => {
    return {
      familyId: String(r['family_id']), name: String(r['fname']), subawards: Number(r['n']), amount: centsToString(toCents(r['s'] as string | null)),
      primes: ((r['others'] as string[] | null) ?? []).filter(Boolean),
      ...(explain ? { evidence: evidence.get(String(r['family_id'])) ?? [] } : {}),
    };
  });
  return {
    note: groupBy === 'sub'
      ? 'Subawards reported by primes of this agency, by subawardee family; self-reported, never added to prime obligations.'
      : 'Subawards this family reported as prime, by prime family.',
    subawards: Number(totals['n']), amount: centsToString(toCents(totals['s'] as string)),
    amountWithoutRepeats: centsToString(toCents(totals['s1'] as string)), repeats: Number(totals['repeats']), families,
  };
}
