import { TRANSACTIONS } from '../../store/tables.js';
import type { LayoutDecl } from './layout.js';
import { LEGACY_259_COLUMNS } from './legacyHeader.js';
import { legacyNames } from './legacyNames.js';

const PERSONAL_LEGACY_FIELDS = [
  'recipient_phone_number', 'recipient_fax_number', 'recipient_address_line_1', 'recipient_address_line_2', 'recipient_zip_4_code',
  // pre-2017 names of the same fields
  'phoneno', 'faxno', 'streetaddress', 'streetaddress2', 'streetaddress3', 'zipcode',
];

const none = (col: string): string => `coalesce(nullif(trim(r."${col}"), ''), '-NONE-')`;

/**
 * The agency part of a USAspending key: FPDS's agency ID of the PIID. Legacy files carry only the
 * awarding subtier, which is that ID except for the Department of Defense, whose components (Army 2100,
 * Air Force 5700, …) all number their PIIDs under 9700. Checked against the real keys of the asof fixture.
 */
const piidAgency = `CASE WHEN trim(r."awarding_agency_code") IN ('097', '9700') THEN '9700' ELSE ${none('awarding_sub_agency_code')} END`;

/**
 * USAspending's keys, rebuilt from the fields they are made of (the legacy layouts have no key column):
 * transaction `<agency>_<parent agency>_<piid>_<modification>_<parent piid>_<transaction number>`,
 * award `CONT_AWD_<piid>_<agency>_<parent piid>_<parent agency>`, empty parts as `-NONE-`.
 */
const LEGACY_KEYS = {
  contract_transaction_unique_key: `concat_ws('_', ${piidAgency}, ${none('parent_award_agency_id')}, ${none('award_id_piid')},
    ${none('modification_number')}, ${none('parent_award_id_piid')}, ${none('transaction_number')})`,
  contract_award_unique_key: `concat_ws('_', 'CONT_AWD', ${none('award_id_piid')}, ${piidAgency}, ${none('parent_award_id_piid')}, ${none('parent_award_agency_id')})`,
};

/** The legacy 259-column contract transactions layout (2018 downloads; files earlier investigations published). */
export const LEGACY_TRANSACTIONS: LayoutDecl = {
  id: 'legacy_contracts_259',
  title: 'USAspending legacy contract transactions (259 columns, 2018)',
  target: TRANSACTIONS,
  signature: ['award_id_piid', 'modification_number', 'transaction_number', 'parent_award_agency_id', 'parent_award_id', 'federal_action_obligation', 'action_date'],
  excludes: ['contract_transaction_unique_key'],
  header: LEGACY_259_COLUMNS,
  rename: {
    parent_award_id_piid: 'parent_award_id',
    transaction_description: 'award_description',
    action_date_fiscal_year: 'fiscal_year',
  },
  derived: LEGACY_KEYS,
  required: ['award_id_piid', 'federal_action_obligation', 'action_date'],
  fiscalYearChecks: [['action_date', 'action_date_fiscal_year']],
  fiscalYearDerived: [['action_date', 'action_date_fiscal_year']],
  codes: {
    awarding_agency_code: '[0-9]{3,4}', awarding_sub_agency_code: '[0-9A-Z]{4}', funding_sub_agency_code: '[0-9A-Z]{4}',
    parent_award_agency_id: '[0-9A-Z]{4}', naics_code: '[0-9]{2,6}', product_or_service_code: '[0-9A-Z]{4}',
    recipient_duns: '[0-9]{9}', recipient_parent_duns: '[0-9]{9}', recipient_state_code: '[A-Z]{2}',
  },
  neverStored: PERSONAL_LEGACY_FIELDS,
};

/** SQL for the code (before ": ") or name (after) half of a legacy "CODE: NAME" value; a bare value is a code. */
function half(column: string, part: 'code' | 'name'): string {
  const v = `r."${column}"`;
  return part === 'code'
    ? `nullif(trim(CASE WHEN strpos(${v}, ': ') > 0 THEN split_part(${v}, ': ', 1) ELSE ${v} END), '')`
    : `nullif(trim(CASE WHEN strpos(${v}, ': ') > 0 THEN substr(${v}, strpos(${v}, ': ') + 2) END), '')`;
}

function pre2017(): LayoutDecl {
  const rename: Record<string, string> = {};
  const derived: Record<string, string> = {};
  for (const n of legacyNames()) {
    if (n.part === 'whole') rename[n.column] = n.legacyName;
    else derived[n.column] = half(n.legacyName, n.part);
  }
  // The keys read the stored names; give them the halves they need.
  const keyed = Object.fromEntries(Object.entries(LEGACY_KEYS).map(([k, sql]) => [k, sql.replace(/r\."(awarding_agency_code|awarding_sub_agency_code|parent_award_agency_id)"/g,
    (_m, c: string) => `(${derived[c] ?? `r."${c}"`})`)]));
  return {
    id: 'usaspending_pre2017_contracts',
    title: 'USAspending pre-2017 contract transactions (legacy column names)',
    target: TRANSACTIONS,
    signature: ['piid', 'modnumber', 'dollarsobligated', 'signeddate'],
    excludes: ['contract_transaction_unique_key'],
    caseInsensitiveHeader: true,
    rename,
    derived: { ...derived, ...keyed },
    required: ['award_id_piid', 'federal_action_obligation', 'action_date'],
    fiscalYearChecks: [['action_date', 'action_date_fiscal_year']],
    fiscalYearDerived: [['action_date', 'action_date_fiscal_year']],
    neverStored: PERSONAL_LEGACY_FIELDS,
  };
}

/** Pre-2017 USAspending contract transactions, mapped through data/legacy-usaspending-names.csv. */
export const PRE2017_TRANSACTIONS: LayoutDecl = pre2017();
