/**
 * "What is AGENCY's budget?": OMB budget authority per fiscal year for a toptier agency (all its OMB
 * bureaus) or a subtier (the bureaus data/budget-accounts.yaml maps to it), with its bureaus and
 * accounts, in exact dollars (the table's thousands × 1,000). A year the stored table does not cover
 * is listed as missing, never as zero. Budget authority is never added to contract money.
 */
import { describeAgency, type AgencyRef } from '../entities/agencies.js';
import type { Database } from '../store/database.js';
import type { AnswerContext } from './answer.js';
import { describeFiscalYears, type FiscalYearRange } from './fiscalYears.js';
import { centsToString, toCents } from './money.js';

/** What the figures measure and in which unit, said once per answer. */
export const BUDGET_MEASURE = 'budget authority (OMB Public Budget Database, as shipped by USAspending)';
export const BUDGET_UNITS = 'US dollars: the table states thousands of dollars; every figure here is thousands × 1,000, exact';

/** One fiscal year's budget authority, or null where the table has no value (missing, not zero). */
export interface BudgetYear {
  fiscalYear: number;
  budgetAuthority: string | null;
  /** Account rows with a value in that year. */
  rows: number;
}

/** One account row of the table as it counts in the answer. */
export interface BudgetAccountLine {
  ombAgencyCode: string;
  bureauCode: string;
  bureauName: string;
  accountCode: string;
  accountName: string;
  /** Treasury agency-account ("070-0540") where the row has a Treasury agency code and a 4-digit account. */
  treasuryAccount: string | null;
  beaCategory: string;
  onOffBudget: string;
  subtierCode: string | null;
  total: string | null;
  byYear: BudgetYear[];
  sourceFile: string;
  line: number;
}

/** One OMB bureau within the answer. */
export interface BudgetBureau {
  bureauCode: string;
  bureauName: string;
  subtierCode: string | null;
  total: string | null;
  byYear: BudgetYear[];
  accounts: number;
}

export interface BudgetAnswer {
  kind: 'budget';
  context: AnswerContext;
  agency: Pick<AgencyRef, 'level' | 'code' | 'name' | 'abbreviation'> & { description: string };
  measure: string;
  units: string;
  fiscalYearsLabel: string;
  /** Fiscal years the stored table covers (its year columns), e.g. 1976–2022. */
  tableYears: { from: number; to: number } | null;
  years: BudgetYear[];
  total: string | null;
  bureaus: BudgetBureau[];
  accounts: BudgetAccountLine[];
  source: { file: string; sourceId: number; snapshotId: number; sha256: string | null } | null;
  mapping: string;
  caveats: string[];
}

/** SQL condition selecting the agency's rows of budget_authority. */
export function budgetAgencyCondition(agency: Pick<AgencyRef, 'level' | 'code'>): { sql: string; params: string[] } {
  if (agency.level === 'toptier') return { sql: 'b.toptier_code = ?', params: [agency.code] };
  if (agency.level === 'subtier') return { sql: 'b.subtier_code = ?', params: [agency.code] };
  return { sql: 'FALSE', params: [] };
}

/** Is a budget table loaded in this store? */
export async function hasBudget(db: Database): Promise<boolean> {
  const r = await db.one<{ n: number }>(`SELECT count(*) AS n FROM budget_authority`);
  return Number(r?.n ?? 0) > 0;
}

/** Budget authority per fiscal year for the agency (null years: outside the table or empty cells). */
export async function budgetByYear(db: Database, agency: Pick<AgencyRef, 'level' | 'code'>, years: FiscalYearRange): Promise<Map<number, BudgetYear>> {
  const cond = budgetAgencyCondition(agency);
  const rows = await db.all<{ fy: number; s: string | null; n: number }>(
    `SELECT b.fiscal_year AS fy, CAST(sum(b.budget_authority) AS VARCHAR) AS s, count(b.budget_authority) AS n
     FROM budget_authority b WHERE ${cond.sql} AND b.fiscal_year BETWEEN ? AND ? GROUP BY 1 ORDER BY 1`,
    [...cond.params, years.from, years.to],
  );
  const covered = await tableYears(db);
  const out = new Map<number, BudgetYear>();
  for (let fy = years.from; fy <= years.to; fy++) out.set(fy, { fiscalYear: fy, budgetAuthority: null, rows: 0 });
  for (const r of rows) {
    const fy = Number(r.fy);
    out.set(fy, { fiscalYear: fy, budgetAuthority: Number(r.n) > 0 ? String(r.s) : null, rows: Number(r.n) });
  }
  // a year inside the table with no row for the agency is a true 0 only if the agency has rows at all
  if (covered) for (const [fy, y] of out) if (fy < covered.from || fy > covered.to) out.set(fy, { ...y, budgetAuthority: null, rows: 0 });
  return out;
}

async function tableYears(db: Database): Promise<{ from: number; to: number } | null> {
  const r = await db.one<{ a: number | null; b: number | null }>(`SELECT min(fiscal_year) AS a, max(fiscal_year) AS b FROM budget_authority`);
  return r && r.a !== null && r.b !== null ? { from: Number(r.a), to: Number(r.b) } : null;
}

/** Builds the budget answer. */
export async function budgetAnswer(db: Database, ctx: AnswerContext, agency: AgencyRef, fiscalYears: FiscalYearRange | undefined): Promise<BudgetAnswer> {
  const covered = await tableYears(db);
  // an open-ended --fy ("2018..") is clipped to the table's years; a closed range is shown whole
  const from = fiscalYears ? (fiscalYears.from <= 1970 && covered ? covered.from : fiscalYears.from) : covered?.from ?? 0;
  const to = fiscalYears ? (fiscalYears.to >= 2100 && covered ? covered.to : fiscalYears.to) : covered?.to ?? -1;
  const cond = budgetAgencyCondition(agency);
  const rows = await db.all<Record<string, unknown>>(
    `SELECT b.omb_agency_code, b.bureau_code, b.bureau_name, b.account_code, b.account_name, b.treasury_agency_code,
       b.bea_category, b.on_off_budget, b.subtier_code, b.source_line, b.fiscal_year,
       CAST(b.budget_authority AS VARCHAR) AS ba, s.name AS file
     FROM budget_authority b JOIN sources s USING (source_id)
     WHERE ${cond.sql} AND b.fiscal_year BETWEEN ? AND ?
     ORDER BY b.bureau_code, b.account_code, b.bea_category, b.on_off_budget, b.source_line, b.fiscal_year`,
    [...cond.params, from, to],
  );
  const yearList = (): BudgetYear[] => {
    const list: BudgetYear[] = [];
    for (let fy = from; fy <= to; fy++) list.push({ fiscalYear: fy, budgetAuthority: null, rows: 0 });
    return list;
  };
  const cents = toCents;
  const dollars = centsToString;
  const add = (y: BudgetYear, v: string | null): void => {
    if (v === null) return;
    y.budgetAuthority = dollars((y.budgetAuthority === null ? 0n : cents(y.budgetAuthority)) + cents(v));
    y.rows++;
  };
  const accounts = new Map<string, BudgetAccountLine>();
  const bureaus = new Map<string, BudgetBureau>();
  const years = yearList();
  for (const r of rows) {
    const line = Number(r['source_line']);
    const acct = accounts.get(String(line)) ?? (() => {
      const a: BudgetAccountLine = {
        ombAgencyCode: String(r['omb_agency_code']), bureauCode: String(r['bureau_code']), bureauName: String(r['bureau_name']),
        accountCode: String(r['account_code'] ?? ''), accountName: String(r['account_name']),
        treasuryAccount: r['treasury_agency_code'] && /^\d{4}$/.test(String(r['account_code'] ?? '')) ? `${String(r['treasury_agency_code']).padStart(3, '0')}-${String(r['account_code'])}` : null,
        beaCategory: String(r['bea_category']), onOffBudget: String(r['on_off_budget']), subtierCode: (r['subtier_code'] as string | null) ?? null,
        total: null, byYear: yearList(), sourceFile: String(r['file']), line,
      };
      accounts.set(String(line), a);
      return a;
    })();
    const bkey = `${r['omb_agency_code']}|${r['bureau_code']}`;
    const bureau = bureaus.get(bkey) ?? (() => {
      const b: BudgetBureau = { bureauCode: String(r['bureau_code']), bureauName: String(r['bureau_name']), subtierCode: (r['subtier_code'] as string | null) ?? null, total: null, byYear: yearList(), accounts: 0 };
      bureaus.set(bkey, b);
      return b;
    })();
    const fy = Number(r['fiscal_year']);
    const v = (r['ba'] as string | null) ?? null;
    const i = fy - from;
    add(acct.byYear[i]!, v);
    add(bureau.byYear[i]!, v);
    add(years[i]!, v);
  }
  const totalOf = (ys: readonly BudgetYear[]): string | null => {
    const present = ys.filter((y) => y.budgetAuthority !== null);
    return present.length ? dollars(present.reduce((s, y) => s + cents(y.budgetAuthority!), 0n)) : null;
  };
  for (const a of accounts.values()) {
    a.total = totalOf(a.byYear);
    bureaus.get(`${a.ombAgencyCode}|${a.bureauCode}`)!.accounts++;
  }
  for (const b of bureaus.values()) b.total = totalOf(b.byYear);
  const src = await db.one<{ source_id: number; snapshot_id: number; name: string; sha256: string | null }>(
    `SELECT b.source_id, b.snapshot_id, s.name, s.sha256 FROM budget_authority b JOIN sources s USING (source_id) LIMIT 1`,
  );
  const missing = years.filter((y) => y.budgetAuthority === null).map((y) => y.fiscalYear);
  const caveats = [
    'Budget authority is what Congress made available to spend (it can span several years); obligations are commitments made, outlays are payments. The three differ year by year; this answer shows budget authority only.',
    'OMB states these amounts in thousands of dollars; they are shown as exact dollars (× 1,000). Receipts and offsetting collections appear as negative amounts and are netted in the totals, as OMB nets them.',
  ];
  if (agency.level === 'subtier') caveats.push(`A subtier's budget is the OMB bureaus mapped to it in data/budget-accounts.yaml (each row cites the Treasury account list and agency codes); department-wide accounts (e.g. fee receipts under bureau 00) count toward the department, not the subtier.`);
  if (agency.level === 'office') caveats.push('The budget table has no offices: ask for the toptier or subtier agency.');
  if (missing.length) caveats.push(`Missing (no value in the stored table, not zero): FY${compress(missing)}${covered ? `; the table covers FY${covered.from}–FY${covered.to}` : '; no budget table is loaded'}.`);
  return {
    kind: 'budget', context: ctx,
    agency: { level: agency.level, code: agency.code, name: agency.name, abbreviation: agency.abbreviation, description: describeAgency(agency) },
    measure: BUDGET_MEASURE, units: BUDGET_UNITS,
    fiscalYearsLabel: fiscalYears ? describeFiscalYears(fiscalYears) : covered ? `FY${covered.from}–FY${covered.to}` : 'no fiscal years',
    tableYears: covered, years, total: totalOf(years),
    bureaus: [...bureaus.values()], accounts: [...accounts.values()],
    source: src ? { file: src.name, sourceId: Number(src.source_id), snapshotId: Number(src.snapshot_id), sha256: src.sha256 } : null,
    mapping: 'data/budget-accounts.yaml',
    caveats,
  };
}

/** "2023–2024, 2026" from a sorted list of years. */
export function compress(years: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < years.length; i++) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    parts.push(i === j ? String(years[i]) : `${years[i]}–${years[j]}`);
    i = j;
  }
  return parts.join(', FY');
}
