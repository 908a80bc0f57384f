/**
 * Recognises the budget references and Exhibit 21 files from their content, never their names: the
 * three budget CSVs by their header columns, an Exhibit 21 by EDGAR's `<TYPE>EX-21` wrapper or an
 * HTML/text document titled "Subsidiaries of …" (or "Exhibit 21") near its top.
 */
import { BUDGET_LAYOUT, EXHIBIT21_LAYOUT, PROGRAM_ACTIVITY_LAYOUT, TAS_LAYOUT } from '../../store/budgetTables.js';
import { BUDGET_AUTHORITY_COLUMNS } from './budgetAuthority.js';
import { PROGRAM_ACTIVITY_COLUMNS } from './programActivities.js';
import { hasColumns } from './referenceCsv.js';
import { TAS_COLUMNS } from './treasuryAccounts.js';

export type ReferenceLayout = typeof BUDGET_LAYOUT | typeof TAS_LAYOUT | typeof PROGRAM_ACTIVITY_LAYOUT | typeof EXHIBIT21_LAYOUT;

/** The budget reference a CSV header belongs to, if any. */
export function recogniseBudgetHeader(columns: readonly string[]): ReferenceLayout | undefined {
  const cols = columns.map((c) => c.trim());
  if (hasColumns(cols, BUDGET_AUTHORITY_COLUMNS) && cols.some((c) => /^\d{4}$/.test(c))) return BUDGET_LAYOUT;
  if (hasColumns(cols, TAS_COLUMNS)) return TAS_LAYOUT;
  if (hasColumns(cols, PROGRAM_ACTIVITY_COLUMNS) && cols.length <= 8) return PROGRAM_ACTIVITY_LAYOUT;
  return undefined;
}

/** Does the first MiB look like an Exhibit 21? */
export function looksLikeExhibit21(head: Buffer): boolean {
  const text = head.subarray(0, 256 * 1024).toString('latin1');
  if (/<TYPE>\s*EX-21/i.test(text)) return true;
  const top = text.slice(0, 64 * 1024).replace(/<[^>]{0,2000}>/g, ' ').replace(/&#160;|&nbsp;/gi, ' ').replace(/\s+/g, ' ');
  return /\b(?:list\s+of\s+)?(?:significant\s+)?subsidiaries\s+of\b/i.test(top.slice(0, 4000)) || /^\s*exhibit\s+21(?:\.\d+)?\b/i.test(top);
}
