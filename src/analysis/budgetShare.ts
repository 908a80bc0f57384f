/**
 * Contract money beside the budget: for each fiscal year, an agency's net prime contract obligations
 * (on the answer's basis) as a share of its OMB budget authority, and the IT-and-data category's
 * obligations as a share of the same budget authority. The two measures are never added; a year
 * missing on either side is shown as missing (null), never as zero, and the caveats say what each
 * figure is. This is how a claim such as "10% of DHS's budget goes to data" can be checked.
 */
import type { AgencyRef } from '../entities/agencies.js';
import type { Database } from '../store/database.js';
import { categoryTotals, type TxScope, type YearTotal } from './aggregates.js';
import type { Basis } from './answer.js';
import { BUDGET_MEASURE, BUDGET_UNITS, budgetByYear, compress, hasBudget } from './budgetAnswer.js';
import type { FiscalYearRange } from './fiscalYears.js';
import { sharePercent, toCents } from './money.js';

/** One fiscal year of the comparison; null = missing on that side. */
export interface BudgetShareYear {
  fiscalYear: number;
  budgetAuthority: string | null;
  contractObligations: string | null;
  /** contractObligations / budgetAuthority, percent with two decimals. */
  contractShare: string | null;
  itDataObligations: string | null;
  /** IT and data services obligations / budgetAuthority, percent. */
  itDataShare: string | null;
}

export interface BudgetShare {
  measure: string;
  units: string;
  basis: Basis;
  years: BudgetShareYear[];
  caveats: string[];
}

/** The comparison for the agency and years of an answer, or null when no budget table is loaded. */
export async function budgetShare(db: Database, agency: AgencyRef, basis: Basis, scope: TxScope, fiscalYears: FiscalYearRange | undefined, trend: readonly YearTotal[]): Promise<BudgetShare | null> {
  if (agency.level === 'office' || !(await hasBudget(db))) return null;
  const withYear = trend.filter((t) => t.fiscalYear !== null).map((t) => t.fiscalYear!);
  const closed = fiscalYears && fiscalYears.from > 1970 && fiscalYears.to < 2100;
  const from = closed ? fiscalYears.from : Math.max(fiscalYears?.from ?? 0, withYear.length ? Math.min(...withYear) : 0);
  const to = closed ? fiscalYears.to : Math.min(fiscalYears?.to ?? 9999, withYear.length ? Math.max(...withYear) : -1);
  if (to < from) return null;
  const budget = await budgetByYear(db, agency, { from, to });
  const contracts = new Map(trend.filter((t) => t.fiscalYear !== null && t.transactions > 0).map((t) => [t.fiscalYear!, t.obligations]));
  const it = new Map<number, string>();
  for (const c of await categoryTotals(db, scope, 'r.action_date_fiscal_year')) {
    if (c.category === 'it_data_services' && c.group !== null) it.set(Number(c.group), c.obligations);
  }
  const years: BudgetShareYear[] = [];
  for (let fy = from; fy <= to; fy++) {
    const ba = budget.get(fy)?.budgetAuthority ?? null;
    const k = contracts.get(fy) ?? null;
    const itk = k === null ? null : it.get(fy) ?? '0.00';
    const share = (part: string | null): string | null => (part === null || ba === null || toCents(ba) === 0n ? null : sharePercent(toCents(part), toCents(ba)));
    years.push({ fiscalYear: fy, budgetAuthority: ba, contractObligations: k, contractShare: share(k), itDataObligations: itk, itDataShare: share(itk) });
  }
  const noBudget = years.filter((y) => y.budgetAuthority === null).map((y) => y.fiscalYear);
  const noContracts = years.filter((y) => y.contractObligations === null).map((y) => y.fiscalYear);
  const caveats = [
    `The denominator is ${BUDGET_MEASURE}: what Congress made available, which can be spent over several years. Contract figures are obligations (commitments) in the year, not outlays (payments); budget authority, obligations and outlays are three different measures.`,
    `Contract obligations here are net prime contract obligations on the ${basis} basis from the contract records loaded: grants, salaries, transfers and other spending are not contracts, subawards are not added, and the records may be incomplete (see the coverage of the store). A share is therefore "contract obligations relative to budget authority", not "the share of the budget spent on contracts".`,
    'IT and data is the category of PSC/NAICS codes described in docs/categories.md, over the same contract records.',
    BUDGET_UNITS.replace(/^US dollars: /, 'Budget amounts: '),
  ];
  if (agency.level === 'subtier') caveats.push("A subtier's budget authority is the OMB bureaus that data/budget-accounts.yaml maps to it; its contracts may also be awarded or funded by other offices (basis shown).");
  if (noBudget.length) caveats.push(`Budget authority missing for FY${compress(noBudget)} (not in the stored table): no share is computed for ${noBudget.length === 1 ? 'that year' : 'those years'}.`);
  if (noContracts.length) caveats.push(`No contract records in the store for FY${compress(noContracts)}: missing, not zero.`);
  return { measure: BUDGET_MEASURE, units: 'US dollars, exact', basis, years, caveats };
}
