import type { BudgetShare } from '../analysis/budgetShare.js';
import { money, pct, table } from './answerOptions.js';

const amount = (v: string | null): string => (v === null ? 'missing' : money(v));
const share = (v: string | null): string => (v === null ? '—' : pct(v));

/** The "contracts beside the budget" block of agency and breakdown answers (nothing when no budget is loaded). */
export function budgetShareLines(b: BudgetShare | null | undefined): string[] {
  if (!b) return [];
  return [
    `Contract obligations beside the budget (${b.basis} basis; budget: ${b.measure}):`,
    table([['fiscal year', 'l'], ['budget authority', 'r'], ['contract obligations', 'r'], ['share', 'r'], ['IT and data', 'r'], ['IT share', 'r']],
      b.years.map((y) => [`FY${y.fiscalYear}`, amount(y.budgetAuthority), amount(y.contractObligations), share(y.contractShare), amount(y.itDataObligations), share(y.itDataShare)])),
    ...b.caveats.map((c) => `  caveat: ${c}`),
    '',
  ];
}
