/**
 * "What is COMPANY behind?": a family's members, its prime obligations by agency and fiscal year,
 * awards known only from award summaries, subawards it received (by prime and agency), categories
 * and top awards.
 */
import { explainFamily, type FamilyRef, type MemberExplanation } from '../entities/companies.js';
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';
import { categoryTotals, topAwards, yearTotals, type CategoryGroupTotal, type TopAward, type TxScope, type YearTotal } from './aggregates.js';
import { groupEvidence, type AnswerContext, type EvidenceRecord } from './answer.js';
import { summaryOnlyAwards, type SummaryOnlyAwards } from './agencyAnswer.js';
import { describeFiscalYears, fiscalYearSql, type FiscalYearRange } from './fiscalYears.js';
import { centsToString, sharePercent, toCents } from './money.js';
import { familyIdSql, SUBAWARDEE, SUB_PRIME, TX_RECIPIENT } from './recipientJoin.js';
import { currentAnswerFacts, SUB_REPEAT_ORDER, SUB_REPEAT_PARTITION } from './answerFacts.js';
import { computeCoverage, type Coverage } from './coverage.js';

export interface CompanyAnswerOptions {
  fiscalYears?: FiscalYearRange;
  /** Which agency field the by-agency table groups on. */
  agencyBasis: 'awarding' | 'funding';
  topAwards?: number;
  explain?: boolean;
  /** Read the precomputed answer facts when they are current (default true); false computes from the records. */
  useFacts?: boolean;
}

export interface AgencyRow {
  toptierCode: string | null;
  toptierName: string | null;
  subtierCode: string | null;
  subtierName: string | null;
  obligations: string;
  share: string | null;
  transactions: number;
  awards: number;
  byYear: Array<{ fiscalYear: number | null; obligations: string }>;
  evidence?: EvidenceRecord[];
}

export interface SubawardReceived {
  primeFamilyId: string;
  primeFamilyName: string;
  primeAgencySubtierCode: string | null;
  primeAgency: string | null;
  subawards: number;
  amount: string;
  amountWithoutRepeats: string;
  primeAwards: number;
  evidence?: EvidenceRecord[];
}

export interface CompanyAnswer {
  kind: 'company';
  context: AnswerContext;
  company: FamilyRef;
  fiscalYears: FiscalYearRange | null;
  fiscalYearsLabel: string;
  agencyBasis: 'awarding' | 'funding';
  members: MemberExplanation[];
  totals: { obligations: string; transactions: number; awards: number; agencies: number };
  byAgency: AgencyRow[];
  trend: YearTotal[];
  categories: CategoryGroupTotal[];
  topAwards: TopAward[];
  awardSummariesOnly: SummaryOnlyAwards;
  /** Every award summary of the family by agency: life-of-award totals, whether or not transactions are loaded. */
  awardSummaryTotals: Array<{ toptierCode: string | null; subtierCode: string | null; subtierName: string | null; awards: number; totalObligated: string; withTransactionsLoaded: number; evidence?: EvidenceRecord[] }>;
  subawardsReceived: { note: string; subawards: number; amount: string; amountWithoutRepeats: string; rows: SubawardReceived[] };
  /** What the store holds for this family (agencies, years, sources), refused rows naming its members, limits. */
  coverage: Coverage;
  caveats: string[];
}

export async function companyAnswer(db: Database, company: FamilyRef, ctx: AnswerContext, options: CompanyAnswerOptions): Promise<CompanyAnswer> {
  const fy = options.fiscalYears;
  const fam = familyIdSql(TX_RECIPIENT);
  const facts = options.useFacts !== false ? await currentAnswerFacts(db) : null;
  // with current facts the family is its number in answer_tx (none: a family with no transactions)
  const familyNo = facts
    ? Number((await db.one<{ n: number }>(`SELECT family_no AS n FROM answer_families WHERE family_id = ?`, [company.familyId]))?.n ?? -1)
    : null;
  const fyWhere = fiscalYearSql('r.action_date_fiscal_year', fy);
  const scope: TxScope = {
    where: `${fam} = ${literal(company.familyId)} AND ${fyWhere}`,
    ...(familyNo !== null ? { factsWhere: `r.family_no = ${familyNo} AND ${fyWhere}` } : {}),
  };
  const p = options.agencyBasis === 'awarding' ? 'awarding' : 'funding';

  const agencyRows = await db.all(
    scope.factsWhere !== undefined
      // award numbers stand for award keys: only the number of distinct awards is used
      ? `SELECT r.${p}_agency_code AS top_code, any_value(r.${p}_agency_name) AS top_name, r.${p}_sub_agency_code AS sub_code,
           any_value(r.${p}_sub_agency_name) AS sub_name, r.action_date_fiscal_year AS fy,
           CAST(sum(r.amount) AS VARCHAR) AS s, sum(r.n) AS n,
           list_distinct(list(r.award_no)) AS awards
         FROM answer_tx r WHERE ${scope.factsWhere} GROUP BY r.${p}_agency_code, r.${p}_sub_agency_code, r.action_date_fiscal_year`
      : `SELECT r.${p}_agency_code AS top_code, any_value(r.${p}_agency_name) AS top_name, r.${p}_sub_agency_code AS sub_code,
           any_value(r.${p}_sub_agency_name) AS sub_name, r.action_date_fiscal_year AS fy,
           CAST(sum(r.federal_action_obligation) AS VARCHAR) AS s, count(*) AS n,
           list_distinct(list(r.contract_award_unique_key)) AS awards
         FROM tx_current r WHERE ${scope.where} GROUP BY r.${p}_agency_code, r.${p}_sub_agency_code, r.action_date_fiscal_year`,
  );
  const byKey = new Map<string, AgencyRow & { awardSet: Set<string>; cents: bigint }>();
  for (const r of agencyRows) {
    const k = `${r['top_code']}\0${r['sub_code']}`;
    let row = byKey.get(k);
    if (!row) {
      row = {
        toptierCode: (r['top_code'] as string | null) ?? null, toptierName: (r['top_name'] as string | null) ?? null,
        subtierCode: (r['sub_code'] as string | null) ?? null, subtierName: (r['sub_name'] as string | null) ?? null,
        obligations: '0.00', share: null, transactions: 0, awards: 0, byYear: [], awardSet: new Set(), cents: 0n,
      };
      byKey.set(k, row);
    }
    const cents = toCents(r['s'] as string | null);
    row.cents += cents;
    row.transactions += Number(r['n']);
    for (const a of (r['awards'] as unknown[]) ?? []) row.awardSet.add(String(a));
    row.byYear.push({ fiscalYear: r['fy'] === null ? null : Number(r['fy']), obligations: centsToString(cents) });
  }
  const total = [...byKey.values()].reduce((s, r) => s + r.cents, 0n);
  const evidence = options.explain ? await agencyEvidence(db, scope, p) : undefined;
  const byAgency: AgencyRow[] = [...byKey.entries()]
    .sort((a, b) => (b[1].cents > a[1].cents ? 1 : b[1].cents < a[1].cents ? -1 : a[0].localeCompare(b[0])))
    .map(([k, r]) => ({
      toptierCode: r.toptierCode, toptierName: r.toptierName, subtierCode: r.subtierCode, subtierName: r.subtierName,
      obligations: centsToString(r.cents), share: sharePercent(r.cents, total), transactions: r.transactions, awards: r.awardSet.size,
      byYear: r.byYear.sort((x, y) => (x.fiscalYear ?? 0) - (y.fiscalYear ?? 0)),
      ...(evidence ? { evidence: evidence.get(k) ?? [] } : {}),
    }));
  const counts = await db.one<{ n: number; awards: number }>(scope.factsWhere !== undefined
    ? `SELECT coalesce(sum(r.n), 0) AS n, count(DISTINCT r.award_no) AS awards FROM answer_tx r WHERE ${scope.factsWhere}`
    : `SELECT count(*) AS n, count(DISTINCT r.contract_award_unique_key) AS awards FROM tx_current r WHERE ${scope.where}`,
  );

  const answer: CompanyAnswer = {
    kind: 'company', context: ctx, company, fiscalYears: fy ?? null, fiscalYearsLabel: describeFiscalYears(fy), agencyBasis: options.agencyBasis,
    members: await explainFamily(db, company.familyId),
    totals: { obligations: centsToString(total), transactions: Number(counts?.n ?? 0), awards: Number(counts?.awards ?? 0), agencies: byAgency.length },
    byAgency,
    trend: (await yearTotals(db, scope)).total,
    categories: await categoryTotals(db, scope, null),
    topAwards: await topAwards(db, scope, options.topAwards ?? 10),
    awardSummariesOnly: await summaryOnlyAwards(db, 'TRUE', fy, !!options.explain, company.familyId, !!facts),
    awardSummaryTotals: await awardSummaryTotals(db, company.familyId, fy, p, !!options.explain, !!facts),
    subawardsReceived: await subawardsReceived(db, company.familyId, fy, !!options.explain, !!facts),
    coverage: await computeCoverage(db, { kind: 'company', familyId: company.familyId, name: company.name, ...(fy ? { fiscalYears: fy } : {}) }, ctx),
    caveats: [],
  };
  const c: string[] = [];
  if (answer.totals.transactions === 0 && answer.awardSummariesOnly.awards === 0 && answer.subawardsReceived.subawards === 0) {
    c.push(`No records of ${company.name} (${answer.fiscalYearsLabel}) are in this store.`);
  }
  if (answer.awardSummariesOnly.awards > 0) c.push(`${answer.awardSummariesOnly.awards} award(s) are known only from award summaries: life-of-award totals, listed apart from the yearly figures.`);
  if (answer.subawardsReceived.subawards > 0) c.push('Subawards received are self-reported by the primes and never added to prime obligations.');
  c.push(`Agencies are grouped by the ${options.agencyBasis} agency of each transaction.`);
  answer.caveats = c;
  return answer;
}

async function agencyEvidence(db: Database, scope: TxScope, p: string): Promise<Map<string, EvidenceRecord[]>> {
  const rows = await db.all(
    `SELECT r.${p}_agency_code AS top_code, r.${p}_sub_agency_code AS sub_code, r.contract_transaction_unique_key AS k,
       CAST(r.federal_action_obligation AS VARCHAR) AS amount, s.name AS file, r.source_line AS line, r.snapshot_id AS snap
     FROM tx_current r JOIN sources s ON s.source_id = r.source_id
     WHERE ${scope.where} ORDER BY 1, 2, r.action_date, 3`,
  );
  return groupEvidence(rows, 'transactions', (r) => `${r['top_code']}\0${r['sub_code']}`);
}

async function subawardsReceived(db: Database, familyId: string, fy: FiscalYearRange | undefined, explain: boolean, useFacts: boolean): Promise<CompanyAnswer['subawardsReceived']> {
  // repeats are numbered over all subawards, as answer_subawards holds them
  const base = `FROM (${useFacts ? 'SELECT * FROM answer_subawards' : `SELECT r.*, row_number() OVER (${SUB_REPEAT_PARTITION} ${SUB_REPEAT_ORDER}) AS copy_no
      FROM sub_current r`}) r     LEFT JOIN entity_families pfam ON pfam.family_id = r.prime_family_id`;
  const where = `${familyIdSql(SUBAWARDEE)} = ${literal(familyId)} AND ${fiscalYearSql('r.subaward_action_date_fiscal_year', fy)}`;
  const rows = await db.all(
    `SELECT ${familyIdSql(SUB_PRIME)} AS pfid, coalesce(any_value(pfam.name), any_value(r.prime_awardee_name)) AS pname,
       r.prime_award_awarding_sub_agency_code AS sub_code, any_value(r.prime_award_awarding_sub_agency_name) AS sub_name,
       count(*) AS n, CAST(sum(r.subaward_amount) AS VARCHAR) AS s,
       CAST(coalesce(sum(r.subaward_amount) FILTER (WHERE r.copy_no = 1), 0) AS VARCHAR) AS s1,
       count(DISTINCT r.prime_award_unique_key) AS primes
     ${base} WHERE ${where} GROUP BY 1, 3 ORDER BY sum(r.subaward_amount) DESC NULLS LAST, 1, 3`,
  );
  const ev = explain && rows.length
    ? groupEvidence(await db.all(
      `SELECT ${familyIdSql(SUB_PRIME)} AS pfid, r.prime_award_awarding_sub_agency_code AS sub_code, r.subaward_key AS k,
         CAST(r.subaward_amount AS VARCHAR) AS amount, s.name AS file, r.source_line AS line, r.snapshot_id AS snap
       ${base} JOIN sources s ON s.source_id = r.source_id WHERE ${where} ORDER BY 1, 2, 3`,
    ), 'subawards', (r) => `${r['pfid']}\0${r['sub_code']}`)
    : new Map<string, EvidenceRecord[]>();
  let total = 0n;
  let total1 = 0n;
  let n = 0;
  const out: SubawardReceived[] = rows.map((r) => {
    total += toCents(r['s'] as string | null);
    total1 += toCents(r['s1'] as string | null);
    n += Number(r['n']);
    return {
      primeFamilyId: String(r['pfid']), primeFamilyName: String(r['pname'] ?? r['pfid']),
      primeAgencySubtierCode: (r['sub_code'] as string | null) ?? null, primeAgency: (r['sub_name'] as string | null) ?? null,
      subawards: Number(r['n']), amount: centsToString(toCents(r['s'] as string | null)),
      amountWithoutRepeats: centsToString(toCents(r['s1'] as string | null)), primeAwards: Number(r['primes']),
      ...(explain ? { evidence: ev.get(`${r['pfid']}\0${r['sub_code']}`) ?? [] } : {}),
    };
  });
  return {
    note: 'Subawards this family received, by prime family and the prime award\'s awarding agency; self-reported by primes, never added to prime obligations.',
    subawards: n, amount: centsToString(total), amountWithoutRepeats: centsToString(total1), rows: out,
  };
}

async function awardSummaryTotals(db: Database, familyId: string, fy: FiscalYearRange | undefined, p: string, explain: boolean, useFacts: boolean): Promise<CompanyAnswer['awardSummaryTotals']> {
  const fyCond = fy
    ? `coalesce(r.award_base_action_date_fiscal_year, r.award_latest_action_date_fiscal_year) <= ${fy.to}
       AND coalesce(r.award_latest_action_date_fiscal_year, r.award_base_action_date_fiscal_year) >= ${fy.from}`
    : 'TRUE';
  const from = `FROM award_current r `;
  const where = `${familyIdSql(TX_RECIPIENT)} = ${literal(familyId)} AND ${fyCond}`;
  const rows = await db.all(
    `SELECT r.${p}_agency_code AS top_code, r.${p}_sub_agency_code AS sub_code, any_value(r.${p}_sub_agency_name) AS sub_name, count(*) AS n,
       CAST(sum(r.total_obligated_amount) AS VARCHAR) AS s,
       ${useFacts
    // an award key has transactions exactly when none of its summaries is in answer_summary_only
    ? `count(*) FILTER (WHERE r.contract_award_unique_key NOT IN (SELECT contract_award_unique_key FROM answer_summary_only WHERE contract_award_unique_key IS NOT NULL))`
    : `count(*) FILTER (WHERE EXISTS (SELECT 1 FROM tx_current t WHERE t.contract_award_unique_key = r.contract_award_unique_key))`} AS with_tx
     ${from} WHERE ${where} GROUP BY 1, 2 ORDER BY sum(r.total_obligated_amount) DESC NULLS LAST, 1, 2`,
  );
  const ev = explain && rows.length
    ? groupEvidence(await db.all(
      `SELECT r.${p}_agency_code AS top_code, r.${p}_sub_agency_code AS sub_code, r.contract_award_unique_key AS k,
         CAST(r.total_obligated_amount AS VARCHAR) AS amount, s.name AS file, r.source_line AS line, r.snapshot_id AS snap
       ${from} JOIN sources s ON s.source_id = r.source_id WHERE ${where} ORDER BY 1, 2, 3`,
    ), 'award_summaries', (r) => `${r['top_code']}\0${r['sub_code']}`)
    : new Map<string, EvidenceRecord[]>();
  return rows.map((r) => ({
    toptierCode: (r['top_code'] as string | null) ?? null, subtierCode: (r['sub_code'] as string | null) ?? null,
    subtierName: (r['sub_name'] as string | null) ?? null, awards: Number(r['n']), totalObligated: centsToString(toCents(r['s'] as string | null)),
    withTransactionsLoaded: Number(r['with_tx']),
    ...(explain ? { evidence: ev.get(`${r['top_code']}\0${r['sub_code']}`) ?? [] } : {}),
  }));
}
