import { putRegionFields, putSharedAwardFields } from './awardFields.js';
import { fiscalYear, isoDate } from './calendar.js';
import { AWARD_SUMMARY_COLUMNS } from './headers.js';
import type { AwardSummaryColumn } from './headers.js';
import { Layout } from './layout.js';
import { formatCents } from './money.js';
import type { DemoAward } from './model.js';
import { InternalError } from '../errors.js';

// Rows of Contracts_PrimeAwardSummaries (2025 layout, 286 columns): one per award, rolled up from the
// very actions written to the transactions file, so total_obligated_amount equals their sum exactly.

/** The award summary layout. */
export const AWARD_SUMMARY_LAYOUT = new Layout<AwardSummaryColumn>(AWARD_SUMMARY_COLUMNS);

/** One escaped award summary row. */
export function awardSummaryRow(award: DemoAward): string[] {
  const first = award.transactions[0];
  const last = award.transactions[award.transactions.length - 1];
  if (!first || !last) throw new InternalError(`demo award ${award.awardKey} has no transactions`);
  let lastModified = first.lastModified;
  for (const t of award.transactions) if (t.lastModified > lastModified) lastModified = t.lastModified;
  const L = AWARD_SUMMARY_LAYOUT;
  const row = L.blank();
  const put = L.putter(row);
  putSharedAwardFields(put, award, last.day);
  putRegionFields(put, 'prime_award_summary', award.company);
  L.assign(row, {
    total_obligated_amount: formatCents(award.totalCents),
    award_base_action_date: isoDate(first.day),
    award_base_action_date_fiscal_year: String(fiscalYear(first.day)),
    award_latest_action_date: isoDate(last.day),
    award_latest_action_date_fiscal_year: String(fiscalYear(last.day)),
    period_of_performance_current_end_date: isoDate(last.endDay),
    // The summary download prints a date only here, unlike the transaction download's timestamp.
    last_modified_date: lastModified.slice(0, 10),
  });
  return row;
}
