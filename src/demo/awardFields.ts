import { DEMO_DEPARTMENT } from './agencyCodes.js';
import { dayOf, isoDate } from './calendar.js';
import { AWARD_TYPES } from './catalog.js';
import { TRANSACTION_COLUMNS } from './headers.js';
import type { AwardSummaryColumn, TransactionColumn } from './headers.js';
import { formatCents } from './money.js';
import type { DemoAward } from './model.js';
import type { DemoCompany } from './names.js';

// Field values shared by the transaction and award summary layouts (same column names in both). They are
// written through a setter rather than returned as objects: spreading objects of a hundred keys per award
// cost more than everything else put together at a million rows.

/** A column present in both the transaction and the award summary layouts. */
export type SharedColumn = TransactionColumn & AwardSummaryColumn;
/** Sets one field of the row being built. */
export type Put<C extends string = SharedColumn> = (column: C, value: string) => void;

const NOT_FLAGS = new Set<string>([
  'contracting_officers_determination_of_business_size',
  'contracting_officers_determination_of_business_size_code',
  'organizational_type',
]);
const FLAG_COLUMNS = TRANSACTION_COLUMNS.slice(
  TRANSACTION_COLUMNS.indexOf('alaskan_native_corporation_owned_firm'),
  TRANSACTION_COLUMNS.indexOf('sba_certified_8a_joint_venture') + 1,
).filter((c) => !NOT_FLAGS.has(c)) as SharedColumn[];
/** Day UEIs replaced DUNS numbers (4 April 2022). */
export const UEI_SWITCH_DAY = dayOf('2022-04-04');

const TRUE_FLAGS: readonly SharedColumn[] = [
  'corporate_entity_not_tax_exempt', 'for_profit_organization', 'receives_contracts_and_financial_assistance',
];

/** The public award page USAspending links every row to. */
export function permalink(awardKey: string): string {
  return `https://www.usaspending.gov/award/${awardKey}/`;
}

/** Award-level fields, with the recipient as reported on `asOfDay`. */
export function putSharedAwardFields(put: Put, award: DemoAward, asOfDay: number): void {
  putAgencyFields(put, award);
  putRecipientFields(put, award.company);
  putDatedRecipientFields(put, award.company, asOfDay);
  putCategoryFields(put, award);
  putFlagFields(put, award.company);
  put('contract_award_unique_key', award.awardKey);
  put('award_id_piid', award.piid);
  if (award.vehicle) {
    put('parent_award_agency_id', award.vehicle.agency.code);
    put('parent_award_agency_name', award.vehicle.agency.name.toUpperCase());
    put('parent_award_id_piid', award.vehicle.piid);
    put('parent_award_type_code', 'B');
    put('parent_award_type', 'IDC');
    put('parent_award_single_or_multiple_code', 'M');
    put('parent_award_single_or_multiple', 'MULTIPLE AWARD');
  }
  put('current_total_value_of_award', formatCents(award.totalCents));
  put('potential_total_value_of_award', formatCents(potentialCents(award)));
  put('period_of_performance_start_date', isoDate(award.startDay));
  put('period_of_performance_potential_end_date', `${isoDate(award.potentialEndDay)} 00:00:00`);
  put('solicitation_date', isoDate(award.startDay - 30));
  put('prime_award_base_transaction_description', award.description);
  put('solicitation_identifier', `${award.awardingOffice.code}S${String(award.index + 1).padStart(6, '0')}`);
  put('number_of_actions', '1');
  put('usaspending_permalink', permalink(award.awardKey));
}

/** Recipient fields that depend on the date: DUNS only before the switch to UEI, parent once reported. */
export function putDatedRecipientFields(put: Put, company: DemoCompany, asOfDay: number): void {
  const parent = company.parent && asOfDay >= (company.parent.reportedFrom ?? 0) ? company.parent : undefined;
  put('recipient_duns', company.duns && asOfDay < UEI_SWITCH_DAY ? company.duns : '');
  put('recipient_parent_uei', parent?.uei ?? '');
  put('recipient_parent_duns', parent?.duns && asOfDay < UEI_SWITCH_DAY ? parent.duns : '');
  put('recipient_parent_name', parent?.name ?? '');
  put('recipient_parent_name_raw', parent?.rawName ?? '');
}

function putRecipientFields(put: Put, company: DemoCompany): void {
  const a = company.address;
  putAll(put, {
    recipient_uei: company.uei,
    recipient_name: company.name,
    recipient_name_raw: company.rawName,
    cage_code: company.cage,
    recipient_country_code: 'USA',
    recipient_country_name: 'UNITED STATES',
    recipient_address_line_1: a.line1,
    recipient_city_name: a.city,
    recipient_county_name: a.county,
    recipient_state_code: a.state,
    recipient_state_name: a.stateName,
    recipient_zip_4_code: a.zip,
    primary_place_of_performance_country_code: 'USA',
    primary_place_of_performance_country_name: 'UNITED STATES',
    primary_place_of_performance_city_name: a.city,
    primary_place_of_performance_county_name: a.county,
    primary_place_of_performance_state_code: a.state,
    primary_place_of_performance_state_name: a.stateName,
    primary_place_of_performance_zip_4: a.zip,
  });
}

type RegionColumn<P extends string> =
  `${P}_${'recipient' | 'place_of_performance'}_${'county_fips_code' | 'state_fips_code' | 'cd_original' | 'cd_current'}`;

/** County, state and district fields, whose names carry a layout-specific prefix. */
export function putRegionFields<P extends 'prime_award_transaction' | 'prime_award_summary'>(
  put: Put<RegionColumn<P>>,
  prefix: P,
  company: DemoCompany,
): void {
  const a = company.address;
  for (const where of ['recipient', 'place_of_performance'] as const) {
    put(`${prefix}_${where}_county_fips_code`, a.countyFips);
    put(`${prefix}_${where}_state_fips_code`, a.stateFips);
    put(`${prefix}_${where}_cd_original`, a.district);
    put(`${prefix}_${where}_cd_current`, a.district);
  }
}

function putAgencyFields(put: Put, award: DemoAward): void {
  putAll(put, {
    awarding_agency_code: DEMO_DEPARTMENT.cgac,
    awarding_agency_name: DEMO_DEPARTMENT.name,
    awarding_sub_agency_code: award.awarding.code,
    awarding_sub_agency_name: award.awarding.name,
    awarding_office_code: award.awardingOffice.code,
    awarding_office_name: award.awardingOffice.name,
    funding_agency_code: DEMO_DEPARTMENT.cgac,
    funding_agency_name: DEMO_DEPARTMENT.name,
    funding_sub_agency_code: award.funding.code,
    funding_sub_agency_name: award.funding.name,
    funding_office_code: award.fundingOffice.code,
    funding_office_name: award.fundingOffice.name,
    foreign_funding: 'X',
    foreign_funding_description: 'NOT APPLICABLE',
  });
}

function putCategoryFields(put: Put, award: DemoAward): void {
  const [typeCode, typeName] = AWARD_TYPES[award.awardType];
  const small = award.company.smallBusiness;
  const simplified = award.awardType === 'purchaseOrder';
  const timeAndMaterials = award.awardType === 'deliveryOrder' && award.index % 3 === 0;
  putAll(put, {
    award_or_idv_flag: 'AWARD',
    award_type_code: typeCode,
    award_type: typeName,
    type_of_contract_pricing_code: timeAndMaterials ? 'Y' : 'J',
    type_of_contract_pricing: timeAndMaterials ? 'TIME AND MATERIALS' : 'FIRM FIXED PRICE',
    product_or_service_code: award.psc.code,
    product_or_service_code_description: award.psc.description,
    naics_code: award.naics.code,
    naics_description: award.naics.description,
    information_technology_commercial_item_category_code: award.psc.itCategory[0],
    information_technology_commercial_item_category: award.psc.itCategory[1],
    extent_competed_code: simplified ? 'F' : 'A',
    extent_competed: simplified ? 'COMPETED UNDER SAP' : 'FULL AND OPEN COMPETITION',
    solicitation_procedures_code: simplified ? 'SP1' : 'NP',
    solicitation_procedures: simplified ? 'SIMPLIFIED ACQUISITION' : 'NEGOTIATED PROPOSAL/QUOTE',
    type_of_set_aside_code: small ? 'SBA' : 'NONE',
    type_of_set_aside: small ? 'SMALL BUSINESS SET ASIDE - TOTAL' : 'NO SET ASIDE USED.',
    number_of_offers_received: String(2 + (award.index % 4)),
    contracting_officers_determination_of_business_size: small ? 'SMALL BUSINESS' : 'OTHER THAN SMALL BUSINESS',
    contracting_officers_determination_of_business_size_code: small ? 'S' : 'O',
    organizational_type: 'CORPORATE NOT TAX EXEMPT',
    national_interest_action_code: 'NONE',
    national_interest_action: 'NONE',
  });
}

function putFlagFields(put: Put, company: DemoCompany): void {
  for (const c of FLAG_COLUMNS) put(c, 'f');
  for (const c of TRUE_FLAGS) put(c, 't');
  if (/\bL\.?L\.?C\b/.test(company.name)) put('limited_liability_corporation', 't');
}

// For blocks of constant-ish fields a record reads better than forty put() calls; few per award.
function putAll(put: Put, values: Partial<Record<SharedColumn, string>>): void {
  for (const key in values) put(key as SharedColumn, values[key as SharedColumn] as string);
}

// Potential value: the base action repeated over the potential years, never below what is obligated.
function potentialCents(award: DemoAward): number {
  const years = Math.max(1, Math.round((award.potentialEndDay - award.startDay) / 365));
  return Math.max(award.totalCents, (award.transactions[0]?.cents ?? 0) * years);
}
