/**
 * `breakdown AGENCY --by category|psc|naics|office|year`: an agency's prime obligations split one way,
 * per fiscal year where asked, with shares of each year's net total (they add up to 100%).
 */
import { describeAgency, type AgencyRef } from '../entities/agencies.js';
import type { Database } from '../store/database.js';
import { categoryTotals, yearTotals, type TxScope } from './aggregates.js';
import { budgetShare, type BudgetShare } from './budgetShare.js';
import type { AnswerContext, Basis, EvidenceRecord } from './answer.js';
import { categoryOf } from './aggregates.js';
import { basisCondition } from './agencyAnswer.js';
import { describeFiscalYears, fiscalYearSql, type FiscalYearRange } from './fiscalYears.js';
import { centsToString, sharePercent, toCents } from './money.js';
import { computeCoverage, type Coverage } from './coverage.js';

export const BREAKDOWN_DIMENSIONS = ['category', 'psc', 'naics', 'office', 'year'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export interface BreakdownRow {
  /** Fiscal year of the row; null in the all-years rows. */
  fiscalYear: number | null;
  code: string | null;
  label: string | null;
  obligations: string;
  /** Percent of the year's (or all years') net obligations. */
  share: string | null;
  transactions: number;
  /** For categories: how the rows were categorised and example codes with the rule used. */
  rule?: string;
  /** With explain: the records behind the figure. */
  evidence?: EvidenceRecord[];
}

export interface BreakdownAnswer {
  kind: 'breakdown';
  context: AnswerContext;
  agency: AgencyRef & { description: string };
  by: BreakdownDimension;
  basis: Basis;
  fiscalYears: FiscalYearRange | null;
  fiscalYearsLabel: string;
  perYear: boolean;
  /** Net obligations per fiscal year (and null = all years). */
  totals: Array<{ fiscalYear: number | null; obligations: string; transactions: number }>;
  rows: BreakdownRow[];
  /** What the store holds for this scope (for a toptier: which of its subtiers), refused rows, limits. */
  coverage: Coverage;
  caveats: string[];
  /** Contract obligations beside OMB budget authority per year, where a budget table is loaded. */
  budget?: BudgetShare | null;
}

export interface BreakdownOptions {
  basis: Basis;
  fiscalYears?: FiscalYearRange;
  /** Split rows by fiscal year too (always on for category). */
  perYear?: boolean;
  /** Attach the records behind each row. */
  explain?: boolean;
}

export async function breakdownAnswer(db: Database, ref: AgencyRef, by: BreakdownDimension, ctx: AnswerContext, options: BreakdownOptions): Promise<BreakdownAnswer> {
  const fy = options.fiscalYears;
  const scope: TxScope = { where: `${basisCondition(ref, options.basis, 'transactions', 'r')} AND ${fiscalYearSql('r.action_date_fiscal_year', fy)}` };
  const perYear = by === 'year' ? false : by === 'category' ? true : !!options.perYear;
  const rows: BreakdownRow[] = [];
  const totals = new Map<string, { fy: number | null; cents: bigint; n: number }>();
  const addTotal = (year: number | null, cents: bigint, n: number): void => {
    const t = totals.get(String(year)) ?? { fy: year, cents: 0n, n: 0 };
    t.cents += cents;
    t.n += n;
    totals.set(String(year), t);
  };

  if (by === 'category') {
    for (const groupSql of ['r.action_date_fiscal_year', null]) {
      for (const c of await categoryTotals(db, scope, groupSql)) {
        const year = c.group === null ? null : Number(c.group);
        rows.push({
          fiscalYear: year, code: c.category, label: c.label, obligations: c.obligations, share: c.share, transactions: c.transactions,
          rule: `${Object.entries(c.bases).map(([b, n]) => `${n} by ${b}`).join(', ')}; e.g. ${c.examples.map((e) => `${e.code} (${e.rule})`).join('; ')}`,
        });
        addTotal(year, toCents(c.obligations), c.transactions);
      }
    }
  } else {
    const office = options.basis === 'funding' ? 'funding_office' : 'awarding_office';
    const dims: Record<Exclude<BreakdownDimension, 'category'>, [string, string]> = {
      psc: ['r.product_or_service_code', 'any_value(r.product_or_service_code_description)'],
      naics: ['r.naics_code', 'any_value(r.naics_description)'],
      office: [`r.${office}_code`, `any_value(r.${office}_name)`],
      year: ['CAST(r.action_date_fiscal_year AS VARCHAR)', `'FY' || any_value(r.action_date_fiscal_year)`],
    };
    const [codeSql, labelSql] = dims[by];
    const groupings = perYear ? ['r.action_date_fiscal_year', 'NULL'] : ['NULL'];
    for (const g of groupings) {
      const result = await db.all(
        `SELECT ${g} AS fy, ${codeSql} AS code, ${labelSql} AS label, CAST(sum(r.federal_action_obligation) AS VARCHAR) AS s, count(*) AS n
         FROM tx_current r WHERE ${scope.where} GROUP BY 1, 2`,
      );
      const yearTotal = new Map<string, bigint>();
      for (const r of result) yearTotal.set(String(r['fy']), (yearTotal.get(String(r['fy'])) ?? 0n) + toCents(r['s'] as string | null));
      for (const r of result) {
        const year = r['fy'] === null ? null : Number(r['fy']);
        const cents = toCents(r['s'] as string | null);
        rows.push({
          fiscalYear: year, code: (r['code'] as string | null) ?? null, label: (r['label'] as string | null) ?? null,
          obligations: centsToString(cents), share: sharePercent(cents, yearTotal.get(String(r['fy']))!), transactions: Number(r['n']),
        });
        addTotal(year, cents, Number(r['n']));
      }
    }
    const byMoney = (a: BreakdownRow, b: BreakdownRow): number => {
      const d = toCents(b.obligations) - toCents(a.obligations);
      return d > 0n ? 1 : d < 0n ? -1 : 0;
    };
    rows.sort((a, b) => (a.fiscalYear ?? 9999) - (b.fiscalYear ?? 9999)
      || (by === 'year' ? 0 : byMoney(a, b)) || String(a.code).localeCompare(String(b.code)));
  }
  if (options.explain && rows.length) await attachEvidence(db, scope, by, options.basis, rows);
  const caveats = [
    'Shares are of net prime obligations (de-obligations count as negative amounts), per fiscal year and for all selected years.',
    'Contract data only: grants, salaries and other spending are not in these figures, so a share of contract obligations is not a share of the budget.',
  ];
  if (by === 'category') caveats.push('Categories come from PSC codes, NAICS codes where PSC is missing, and PSC/NAICS titles where a source has no codes (see docs/categories.md).');
  if (rows.length === 0) caveats.unshift(`No prime transactions of ${describeAgency(ref)} on the ${options.basis} basis (${describeFiscalYears(fy)}) are in this store.`);
  const answer: BreakdownAnswer = {
    kind: 'breakdown', context: ctx, agency: { ...ref, description: describeAgency(ref) }, by, basis: options.basis,
    fiscalYears: fy ?? null, fiscalYearsLabel: describeFiscalYears(fy), perYear,
    totals: [...totals.values()].sort((a, b) => (a.fy ?? 9999) - (b.fy ?? 9999)).map((t) => ({ fiscalYear: t.fy, obligations: centsToString(t.cents), transactions: t.n })),
    rows, coverage: await computeCoverage(db, { kind: 'agency', agency: ref, basis: options.basis, ...(fy ? { fiscalYears: fy } : {}) }, ctx), caveats,
  };
  answer.budget = await budgetShare(db, ref, options.basis, scope, fy, (await yearTotals(db, scope, [])).total);
  return answer;
}

/** Assigns each in-scope transaction to its breakdown rows (its year's and the all-years row). */
async function attachEvidence(db: Database, scope: TxScope, by: BreakdownDimension, basis: Basis, rows: BreakdownRow[]): Promise<void> {
  const office = basis === 'funding' ? 'funding_office_code' : 'awarding_office_code';
  const records = await db.all(
    `SELECT r.action_date_fiscal_year AS fy, r.product_or_service_code AS psc, r.naics_code AS naics,
       r.product_or_service_code_description AS psc_t, r.naics_description AS naics_t, r.${office} AS office,
       r.contract_transaction_unique_key AS k, CAST(r.federal_action_obligation AS VARCHAR) AS amount,
       s.name AS file, r.source_line AS line, r.snapshot_id AS snap
     FROM tx_current r JOIN sources s ON s.source_id = r.source_id WHERE ${scope.where}
     ORDER BY r.action_date, r.contract_transaction_unique_key`,
  );
  const index = new Map<string, BreakdownRow>();
  for (const row of rows) {
    row.evidence = [];
    index.set(`${row.fiscalYear}\0${row.code}`, row);
  }
  for (const r of records) {
    const code = by === 'category'
      ? categoryOf(r['psc'] as string | null, r['naics'] as string | null, r['psc_t'] as string | null, r['naics_t'] as string | null).category
      : by === 'psc' ? r['psc'] : by === 'naics' ? r['naics'] : by === 'office' ? r['office'] : (r['fy'] === null ? null : String(r['fy']));
    const ev: EvidenceRecord = {
      table: 'transactions', key: String(r['k']), amount: (r['amount'] as string | null) ?? null, sourceFile: String(r['file']),
      line: Number(r['line']), snapshotId: Number(r['snap']),
    };
    for (const fy of [r['fy'] === null ? null : Number(r['fy']), null]) index.get(`${fy}\0${code ?? null}`)?.evidence!.push(ev);
  }
}


