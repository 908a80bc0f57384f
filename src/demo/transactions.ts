import { putDatedRecipientFields, putRegionFields, putSharedAwardFields } from './awardFields.js';
import { fiscalYear, isoDate } from './calendar.js';
import { ACTION_TYPES } from './catalog.js';
import { TRANSACTION_COLUMNS } from './headers.js';
import type { TransactionColumn } from './headers.js';
import { Layout } from './layout.js';
import { formatCents } from './money.js';
import { transactionKeyOf } from './model.js';
import type { DemoAward, DemoTransaction } from './model.js';

// Rows of Contracts_PrimeTransactions (297 columns). The award-level fields are escaped once per award
// into a template; each action copies it and fills only the fields that change per action.

/** The transaction layout. */
export const TRANSACTION_LAYOUT = new Layout<TransactionColumn>(TRANSACTION_COLUMNS);

/** The escaped fields every action of an award shares. */
export function transactionTemplate(award: DemoAward): string[] {
  const L = TRANSACTION_LAYOUT;
  const row = L.blank();
  const put = L.putter(row);
  putSharedAwardFields(put, award, award.startDay);
  putRegionFields(put, 'prime_award_transaction', award.company);
  L.assign(row, {
    total_dollars_obligated: formatCents(award.totalCents),
    transaction_number: '0',
    undefinitized_action_code: 'X',
    undefinitized_action: 'NO',
  });
  return row;
}

/** One escaped transaction row, from its award's template. */
export function transactionRow(template: readonly string[], award: DemoAward, txn: DemoTransaction): string[] {
  const L = TRANSACTION_LAYOUT;
  const row = template.slice();
  const amount = formatCents(txn.cents);
  const [actionCode, actionName] = txn.action ? ACTION_TYPES[txn.action] : ['', ''];
  L.set(row, 'contract_transaction_unique_key', transactionKeyOf(award, txn));
  L.set(row, 'modification_number', txn.modification);
  L.set(row, 'federal_action_obligation', amount);
  L.set(row, 'base_and_exercised_options_value', amount);
  L.set(row, 'base_and_all_options_value', amount);
  L.set(row, 'action_date', isoDate(txn.day));
  L.set(row, 'action_date_fiscal_year', String(fiscalYear(txn.day)));
  L.set(row, 'period_of_performance_current_end_date', isoDate(txn.endDay));
  L.set(row, 'transaction_description', txn.description);
  L.set(row, 'action_type_code', actionCode);
  L.set(row, 'action_type', actionName);
  L.set(row, 'initial_report_date', txn.initialReport);
  L.set(row, 'last_modified_date', txn.lastModified);
  if (txn.day !== award.startDay) putDatedRecipientFields(L.putter(row), award.company, txn.day);
  return row;
}
