/**
 * Small synthetic stores for entity and answer tests: transactions, award summaries and subawards
 * with the recipient, parent, agency and code columns those features read. Values are invented
 * (fictional names, "TEST" UEIs) except where a test is about a real company's curated family.
 */
import { writeCsv } from './csv.js';
import { minimalHeader } from './layoutHeaders.js';

type Row = Record<string, string>;

const EXTRA_TX = [
  'recipient_duns', 'recipient_parent_uei', 'recipient_parent_duns', 'recipient_parent_name', 'recipient_country_code',
  'recipient_state_code', 'awarding_agency_code', 'awarding_agency_name', 'awarding_office_code', 'awarding_office_name',
  'funding_agency_code', 'funding_agency_name', 'funding_sub_agency_code', 'funding_sub_agency_name',
  'product_or_service_code', 'product_or_service_code_description', 'naics_code', 'naics_description',
  'prime_award_base_transaction_description', 'parent_award_id_piid',
];
export const TX_HEADER = [...minimalHeader('transactions'), ...EXTRA_TX];

const EXTRA_SUMMARY = [
  'recipient_duns', 'recipient_parent_uei', 'recipient_parent_name', 'awarding_agency_code', 'awarding_sub_agency_name',
  'funding_agency_code', 'funding_sub_agency_code',
];
export const SUMMARY_HEADER = [...minimalHeader('summaries2025'), ...EXTRA_SUMMARY];

const EXTRA_SUB = [
  'prime_awardee_uei', 'prime_award_awarding_agency_code', 'prime_award_awarding_sub_agency_code',
  'prime_award_awarding_sub_agency_name', 'prime_award_funding_agency_code', 'prime_award_funding_sub_agency_code',
  'subawardee_duns', 'subawardee_parent_uei', 'subawardee_parent_name', 'subawardee_country_code', 'subawardee_state_code',
];
export const SUB_HEADER = [...minimalHeader('subawards'), ...EXTRA_SUB];

/** Fiscal year of an ISO date (October–December belong to the next year). */
export function fy(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return String(m >= 10 ? y + 1 : y);
}

export interface TxSpec {
  piid: string;
  mod?: string;
  amount: string;
  date?: string;
  uei?: string;
  duns?: string;
  name: string;
  parentUei?: string;
  parentName?: string;
  /** awarding subtier (default 7012 ICE) */
  awarding?: string;
  /** funding subtier (default: same as awarding; '' for none) */
  funding?: string;
  psc?: string;
  naics?: string;
  state?: string;
  lastModified?: string;
}

const SUBTIER_NAMES: Record<string, string> = {
  '7012': 'U.S. Immigration and Customs Enforcement', '7014': 'U.S. Customs and Border Protection',
  '7001': 'Office of Procurement Operations', '7022': 'Federal Emergency Management Agency',
};

export function txRow(s: TxSpec): Row {
  const date = s.date ?? '2022-03-15';
  const awarding = s.awarding ?? '7012';
  const funding = s.funding ?? awarding;
  const mod = s.mod ?? '0';
  return {
    contract_transaction_unique_key: `7012_-NONE-_${s.piid}_${mod}_-NONE-_0`,
    contract_award_unique_key: `CONT_AWD_${s.piid}_7012_-NONE-_-NONE-`,
    award_id_piid: s.piid,
    modification_number: mod,
    federal_action_obligation: s.amount,
    action_date: date,
    action_date_fiscal_year: fy(date),
    awarding_agency_code: '070',
    awarding_agency_name: 'Department of Homeland Security',
    awarding_sub_agency_code: awarding,
    awarding_sub_agency_name: SUBTIER_NAMES[awarding] ?? `Subtier ${awarding}`,
    funding_agency_code: funding ? '070' : '',
    funding_agency_name: funding ? 'Department of Homeland Security' : '',
    funding_sub_agency_code: funding,
    funding_sub_agency_name: funding ? (SUBTIER_NAMES[funding] ?? `Subtier ${funding}`) : '',
    recipient_uei: s.uei ?? '',
    recipient_duns: s.duns ?? '',
    recipient_name: s.name,
    recipient_parent_uei: s.parentUei ?? '',
    recipient_parent_name: s.parentName ?? '',
    recipient_country_code: 'USA',
    recipient_state_code: s.state ?? 'VA',
    product_or_service_code: s.psc ?? 'D302',
    naics_code: s.naics ?? '541512',
    transaction_description: `WORK ON ${s.piid}`,
    prime_award_base_transaction_description: `AWARD ${s.piid}`,
    last_modified_date: s.lastModified ?? '2024-01-01 00:00:00',
  };
}

export function txCsv(specs: readonly TxSpec[]): string {
  return writeCsv(TX_HEADER, specs.map(txRow));
}

export interface SubSpec {
  primePiid: string;
  primeName: string;
  primeUei?: string;
  number: string;
  reportId?: string;
  amount: string;
  date?: string;
  subUei?: string;
  subName: string;
  subParentUei?: string;
  subParentName?: string;
  awarding?: string;
}

export function subCsv(specs: readonly SubSpec[]): string {
  return writeCsv(SUB_HEADER, specs.map((s) => {
    const date = s.date ?? '2022-05-01';
    return {
      prime_award_unique_key: `CONT_AWD_${s.primePiid}_7012_-NONE-_-NONE-`,
      prime_award_piid: s.primePiid,
      prime_awardee_name: s.primeName,
      prime_awardee_uei: s.primeUei ?? '',
      prime_award_awarding_agency_code: '070',
      prime_award_awarding_sub_agency_code: s.awarding ?? '7012',
      prime_award_awarding_sub_agency_name: SUBTIER_NAMES[s.awarding ?? '7012'] ?? '',
      prime_award_funding_agency_code: '070',
      prime_award_funding_sub_agency_code: s.awarding ?? '7012',
      subaward_type: 'sub-contract',
      subaward_fsrs_report_id: s.reportId ?? `R-${s.number}`,
      subaward_fsrs_report_year: date.slice(0, 4),
      subaward_fsrs_report_month: String(Number(date.slice(5, 7))),
      subaward_number: s.number,
      subaward_amount: s.amount,
      subaward_action_date: date,
      subaward_action_date_fiscal_year: fy(date),
      subawardee_uei: s.subUei ?? '',
      subawardee_name: s.subName,
      subawardee_parent_uei: s.subParentUei ?? '',
      subawardee_parent_name: s.subParentName ?? '',
      subawardee_country_code: 'USA',
      subawardee_state_code: 'VA',
      subaward_description: `SUBWORK ${s.number}`,
      subaward_fsrs_report_last_modified_date: `${date} 00:00:00`,
    };
  }));
}
