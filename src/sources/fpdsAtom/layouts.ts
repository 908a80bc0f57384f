import { IDV_ACTIONS, TRANSACTIONS } from '../../store/tables.js';
import type { LayoutDecl } from '../layouts/layout.js';

/**
 * The FPDS ATOM feed as the loader sees it: records read in Node (actionRecord.ts) into text columns
 * named after the stored columns, then typed, checked and classified exactly as a CSV's records. Not in
 * LAYOUTS: a feed page is recognised by its XML root, never by a header.
 */
export const FPDS_ATOM_TRANSACTIONS: LayoutDecl = {
  id: 'fpds_atom',
  title: 'FPDS-NG ATOM feed page',
  target: TRANSACTIONS,
  signature: [],
  required: ['contract_transaction_unique_key', 'contract_award_unique_key', 'federal_action_obligation', 'action_date'],
  fiscalYearChecks: [['action_date', 'action_date_fiscal_year']],
};

/** The IDV documents of a feed page, one row per vehicle action (table idv_actions). */
export const FPDS_ATOM_IDVS: LayoutDecl = {
  id: 'fpds_atom_idv',
  title: 'FPDS-NG ATOM feed page (IDV documents)',
  target: IDV_ACTIONS,
  signature: [],
  required: ['contract_transaction_unique_key', 'contract_award_unique_key', 'award_id_piid', 'agency_id'],
};
