import { AGENCY_CODES, AWARD_SUMMARIES, SUBAWARDS, TRANSACTIONS } from '../../store/tables.js';
import type { LayoutDecl } from './layout.js';
import { LEGACY_TRANSACTIONS, PRE2017_TRANSACTIONS } from './legacy.js';

export type { LayoutDecl } from './layout.js';
export { LEGACY_TRANSACTIONS, PRE2017_TRANSACTIONS } from './legacy.js';

const PERSONAL_TRANSACTION_FIELDS = [
  'recipient_phone_number', 'recipient_fax_number', 'recipient_address_line_1', 'recipient_address_line_2',
  'recipient_zip_4_code',
  ...[1, 2, 3, 4, 5].flatMap((n) => [`highly_compensated_officer_${n}_name`, `highly_compensated_officer_${n}_amount`]),
];

const PERSONAL_SUBAWARD_FIELDS = [
  'subawardee_address_line_1', 'subawardee_zip_code', 'prime_awardee_address_line_1', 'prime_awardee_zip_code',
  ...[1, 2, 3, 4, 5].flatMap((n) => [
    `subawardee_highly_compensated_officer_${n}_name`, `subawardee_highly_compensated_officer_${n}_amount`,
  ]),
];

/** One contract action per row: Contracts_PrimeTransactions (297 columns, and older layouts by name). */
export const PRIME_TRANSACTIONS: LayoutDecl = {
  id: 'contracts_prime_transactions',
  title: 'USAspending contract prime transactions',
  target: TRANSACTIONS,
  signature: ['contract_transaction_unique_key', 'contract_award_unique_key', 'federal_action_obligation', 'action_date'],
  excludes: ['correction_delete_ind'],
  required: ['contract_transaction_unique_key', 'contract_award_unique_key', 'federal_action_obligation', 'action_date'],
  fiscalYearChecks: [['action_date', 'action_date_fiscal_year']],
  fiscalYearDerived: [['action_date', 'action_date_fiscal_year']],
  neverStored: PERSONAL_TRANSACTION_FIELDS,
};

/** Award Data Archive delta: a transaction to upsert, or to delete where correction_delete_ind = D. */
export const CONTRACTS_DELTA: LayoutDecl = {
  ...PRIME_TRANSACTIONS,
  id: 'contracts_delta',
  title: 'Award Data Archive contracts delta',
  signature: ['correction_delete_ind', 'contract_transaction_unique_key', 'federal_action_obligation', 'action_date'],
  excludes: [],
  deleteFlag: { column: 'correction_delete_ind', value: 'D' },
};

/** One award per row, all its transactions rolled up (2025: 286 columns; 2022: 279). */
export const PRIME_AWARD_SUMMARIES: LayoutDecl = {
  id: 'contracts_prime_award_summaries',
  title: 'USAspending contract prime award summaries',
  target: AWARD_SUMMARIES,
  signature: ['contract_award_unique_key', 'total_obligated_amount', 'award_base_action_date'],
  excludes: ['contract_transaction_unique_key'],
  required: ['contract_award_unique_key', 'total_obligated_amount'],
  fiscalYearChecks: [
    ['award_base_action_date', 'award_base_action_date_fiscal_year'],
    ['award_latest_action_date', 'award_latest_action_date_fiscal_year'],
  ],
  neverStored: PERSONAL_TRANSACTION_FIELDS,
};

/** One subaward reported by a prime contractor (118 columns). */
export const CONTRACT_SUBAWARDS: LayoutDecl = {
  id: 'contracts_subawards',
  title: 'USAspending contract subawards',
  target: SUBAWARDS,
  signature: ['prime_award_unique_key', 'prime_award_piid', 'subaward_number', 'subaward_amount'],
  excludes: ['prime_award_fain'],
  derived: {
    subaward_key: `concat_ws('|', r."prime_award_unique_key", r."subaward_number", coalesce(r."subaward_fsrs_report_id", ''))`,
  },
  required: ['prime_award_unique_key', 'subaward_number', 'subaward_amount'],
  fiscalYearChecks: [['subaward_action_date', 'subaward_action_date_fiscal_year']],
  neverStored: PERSONAL_SUBAWARD_FIELDS,
};

const API_COLUMNS = [
  'Agency', 'Award ID', 'Recipient Name', 'Federal Action Obligation', 'Action Date', 'Modification',
  'Product/Service Description', 'NAICS Description', 'Transaction Description', 'Generated Award ID',
] as const;

/**
 * spending_by_transaction results saved as CSV (10 columns, API field labels). It has no transaction key:
 * the key is a digest of all ten fields, so an identical repeated row (paging overlap) is one transaction.
 */
export const API_TRANSACTIONS: LayoutDecl = {
  id: 'api_spending_by_transaction_csv',
  title: 'USAspending API spending_by_transaction results saved as CSV',
  target: TRANSACTIONS,
  signature: API_COLUMNS,
  rename: {
    awarding_sub_agency_abbreviation: 'Agency',
    award_id_piid: 'Award ID',
    recipient_name: 'Recipient Name',
    federal_action_obligation: 'Federal Action Obligation',
    action_date: 'Action Date',
    modification_number: 'Modification',
    product_or_service_code_description: 'Product/Service Description',
    naics_description: 'NAICS Description',
    transaction_description: 'Transaction Description',
    contract_award_unique_key: 'Generated Award ID',
  },
  derived: {
    contract_transaction_unique_key: `'API-' || md5(concat_ws(chr(31), ${[
      'awarding_sub_agency_abbreviation', 'award_id_piid', 'recipient_name', 'federal_action_obligation', 'action_date',
      'modification_number', 'product_or_service_code_description', 'naics_description', 'transaction_description',
      'contract_award_unique_key',
    ].map((c) => `coalesce(r."${c}", chr(30))`).join(', ')}))`,
    parent_award_id_piid: `nullif(nullif(split_part(r."contract_award_unique_key", '_', 5), '-NONE-'), '')`,
    parent_award_agency_id: `nullif(nullif(split_part(r."contract_award_unique_key", '_', 6), '-NONE-'), '')`,
    usaspending_permalink: `'https://www.usaspending.gov/award/' || r."contract_award_unique_key" || '/'`,
  },
  required: ['contract_award_unique_key', 'federal_action_obligation', 'action_date', 'awarding_sub_agency_abbreviation'],
  fiscalYearDerived: [['action_date', 'action_date_fiscal_year']],
  agencyAbbreviation: { column: 'awarding_sub_agency_abbreviation', keyAgencyColumn: 'contract_award_unique_key' },
};

/** The official agency codes list (data-act-broker agency_codes.csv): CGAC/FREC toptiers and subtiers. */
export const AGENCY_CODE_LIST: LayoutDecl = {
  id: 'agency_codes',
  title: 'Official agency codes list (DATA Act broker)',
  target: AGENCY_CODES,
  signature: ['CGAC AGENCY CODE', 'AGENCY NAME', 'SUBTIER CODE', 'SUBTIER NAME', 'SUBTIER ABBREVIATION'],
  rename: {
    cgac_agency_code: 'CGAC AGENCY CODE', agency_name: 'AGENCY NAME', agency_abbreviation: 'AGENCY ABBREVIATION',
    frec: 'FREC', frec_entity_description: 'FREC Entity Description', frec_abbreviation: 'FREC ABBREVIATION',
    subtier_code: 'SUBTIER CODE', subtier_name: 'SUBTIER NAME', subtier_abbreviation: 'SUBTIER ABBREVIATION',
    toptier_flag: 'TOPTIER_FLAG', is_frec: 'IS_FREC', user_selectable_on_usaspending: 'USER SELECTABLE ON USASPENDING.GOV',
  },
  derived: {
    agency_code_key: `concat_ws('|', coalesce(r."cgac_agency_code", ''), coalesce(r."frec", ''), coalesce(r."subtier_code", ''))`,
  },
  required: ['agency_name'],
};

const skip = (id: string, title: string, signature: string[]): LayoutDecl => ({
  id, title, signature, required: [],
  skipReason: `${title}: assistance (grants, loans) is outside whosbehind's contract scope; skipped, nothing loaded`,
});

/** The layout declared under this id, if any (for `ingest --layout ID`). */
export function layoutById(id: string): LayoutDecl | undefined {
  return LAYOUTS.find((l) => l.id === id);
}

/** Every layout, most specific first. */
export const LAYOUTS: readonly LayoutDecl[] = [
  CONTRACTS_DELTA,
  PRIME_TRANSACTIONS,
  LEGACY_TRANSACTIONS,
  PRE2017_TRANSACTIONS,
  PRIME_AWARD_SUMMARIES,
  CONTRACT_SUBAWARDS,
  API_TRANSACTIONS,
  AGENCY_CODE_LIST,
  skip('assistance_transactions', 'USAspending assistance prime transactions', ['assistance_transaction_unique_key']),
  skip('assistance_award_summaries', 'USAspending assistance prime award summaries', ['assistance_award_unique_key']),
  skip('assistance_subawards', 'USAspending assistance subawards', ['prime_award_unique_key', 'prime_award_fain']),
];
