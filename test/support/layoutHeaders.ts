import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { parseCsv } from './csv.js';
import { hasRealData, realFile } from './realData.js';

/** The layouts the readers support, named as the tests call them. */
export type LayoutName = 'transactions' | 'delta' | 'summaries2025' | 'summaries2022' | 'subawards' | 'api' | 'agencyCodes';

// Section titles in ../shared/data/real/LAYOUTS.md.
const SECTIONS: Partial<Record<LayoutName, string>> = {
  transactions: 'USAspending Contracts_PrimeTransactions',
  delta: 'USAspending Award Data Archive Contracts *Delta*',
  summaries2025: 'USAspending Contracts_PrimeAwardSummaries (2025 layout)',
  summaries2022: 'USAspending Contracts_PrimeAwardSummaries (2022 layout)',
  subawards: 'USAspending Contracts_Subawards (2025 layout)',
  api: 'Processed: wrags81/cbp-ice-dashboard',
};

const PERSONAL_TX = [
  'recipient_phone_number', 'recipient_fax_number',
  'highly_compensated_officer_1_name', 'highly_compensated_officer_1_amount',
  'highly_compensated_officer_5_name', 'highly_compensated_officer_5_amount',
];

const TX_MINIMAL = [
  'contract_transaction_unique_key', 'contract_award_unique_key', 'award_id_piid', 'modification_number',
  'federal_action_obligation', 'action_date', 'action_date_fiscal_year', 'awarding_sub_agency_code',
  'awarding_sub_agency_name', 'recipient_uei', 'recipient_name', ...PERSONAL_TX, 'transaction_description',
  'last_modified_date',
];

const SUMMARY_MINIMAL = [
  'contract_award_unique_key', 'award_id_piid', 'total_obligated_amount', 'award_base_action_date',
  'award_base_action_date_fiscal_year', 'award_latest_action_date', 'award_latest_action_date_fiscal_year',
  'awarding_sub_agency_code', 'recipient_uei', 'recipient_name', ...PERSONAL_TX,
  'prime_award_base_transaction_description', 'last_modified_date',
];

/**
 * Minimal headers with each layout's signature columns and a few more (dates, fiscal years, personal
 * fields), used when ../shared/data/real is absent.
 */
const MINIMAL: Record<LayoutName, string[]> = {
  transactions: TX_MINIMAL,
  delta: ['correction_delete_ind', 'agency_id', ...TX_MINIMAL],
  summaries2025: [...SUMMARY_MINIMAL, 'total_outlayed_amount'],
  summaries2022: [...SUMMARY_MINIMAL, 'recipient_congressional_district'],
  subawards: [
    'prime_award_unique_key', 'prime_award_piid', 'prime_awardee_name', 'subaward_type', 'subaward_fsrs_report_id',
    'subaward_fsrs_report_year', 'subaward_fsrs_report_month', 'subaward_number', 'subaward_amount',
    'subaward_action_date', 'subaward_action_date_fiscal_year', 'subawardee_uei', 'subawardee_name',
    'subawardee_address_line_1', 'subawardee_zip_code',
    'subawardee_highly_compensated_officer_1_name', 'subawardee_highly_compensated_officer_1_amount',
    'subaward_description', 'subaward_fsrs_report_last_modified_date',
  ],
  api: [
    'Agency', 'Award ID', 'Recipient Name', 'Federal Action Obligation', 'Action Date', 'Modification',
    'Product/Service Description', 'NAICS Description', 'Transaction Description', 'Generated Award ID',
  ],
  agencyCodes: [
    'CGAC AGENCY CODE', 'AGENCY NAME', 'AGENCY ABBREVIATION', 'FREC', 'FREC Entity Description', 'FREC ABBREVIATION',
    'SUBTIER CODE', 'SUBTIER NAME', 'SUBTIER ABBREVIATION', 'TOPTIER_FLAG', 'IS_FREC',
    'USER SELECTABLE ON USASPENDING.GOV', 'COMMENT',
  ],
};

let layoutsMd: string | undefined;

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0]!;
  } finally {
    closeSync(fd);
  }
}

/** The exact header of a real file of this layout (LAYOUTS.md, or the file itself), when the real data is present. */
export function realHeader(name: LayoutName): string[] | undefined {
  if (!hasRealData) return undefined;
  if (name === 'agencyCodes') return parseCsv(firstLine(realFile('data-act-broker', 'agency_codes.csv')))[0]!.fields;
  layoutsMd ??= readFileSync(realFile('LAYOUTS.md'), 'utf8');
  const title = SECTIONS[name]!;
  const section = layoutsMd.split(/\n## /).find((s) => s.startsWith(title));
  const m = section ? /```\n([^\n]*)\n```/.exec(section) : null;
  if (!m) throw new Error(`LAYOUTS.md has no header for "${title}"`);
  return parseCsv(m[1]!)[0]!.fields;
}

/** The real header when present, else the minimal one. */
export function headerFor(name: LayoutName): string[] {
  return realHeader(name) ?? MINIMAL[name];
}

/** The minimal header (always available). */
export function minimalHeader(name: LayoutName): string[] {
  return [...MINIMAL[name]];
}
