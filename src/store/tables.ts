/**
 * The stored tables, declared once. Everything else (DDL, loaders, views) is derived from these
 * declarations, so a column exists in exactly one place.
 */

/** How a stored column is typed; money is DECIMAL(18,2) (sums widen to DECIMAL(38,2)), never a float. */
export type ColumnType = 'text' | 'money' | 'date' | 'timestamp' | 'int' | 'bool';

export interface ColumnDecl {
  name: string;
  type: ColumnType;
}

export interface TableDecl {
  /** Physical table holding current rows. */
  table: string;
  /** Analyst-facing view name (USAspending's own column names). */
  view: string;
  /** Column holding the row's identity (a natural key or one derived from declared key columns). */
  key: string;
  /** Column that orders versions of one key, when the source has one. */
  versionColumn?: string;
  columns: ColumnDecl[];
}

const t = (name: string): ColumnDecl => ({ name, type: 'text' });
const m = (name: string): ColumnDecl => ({ name, type: 'money' });
const d = (name: string): ColumnDecl => ({ name, type: 'date' });
const ts = (name: string): ColumnDecl => ({ name, type: 'timestamp' });
const i = (name: string): ColumnDecl => ({ name, type: 'int' });
const b = (name: string): ColumnDecl => ({ name, type: 'bool' });

const agencyColumns = [
  'awarding_agency_code', 'awarding_agency_name', 'awarding_sub_agency_code', 'awarding_sub_agency_name',
  'awarding_office_code', 'awarding_office_name', 'funding_agency_code', 'funding_agency_name',
  'funding_sub_agency_code', 'funding_sub_agency_name', 'funding_office_code', 'funding_office_name',
].map(t);

// Company fields only: street address lines, ZIP, phone, fax and officers' names/pay are never stored.
const recipientColumns = [
  'recipient_uei', 'recipient_duns', 'recipient_name', 'recipient_name_raw', 'recipient_doing_business_as_name',
  'cage_code', 'recipient_parent_uei', 'recipient_parent_duns', 'recipient_parent_name', 'recipient_parent_name_raw',
  'recipient_country_code', 'recipient_country_name', 'recipient_city_name', 'recipient_state_code', 'recipient_state_name',
].map(t);

const awardTypeColumns = [
  'award_or_idv_flag', 'award_type_code', 'award_type', 'idv_type_code', 'idv_type',
  'type_of_contract_pricing_code', 'type_of_contract_pricing',
].map(t);

const categoryColumns = [
  'product_or_service_code', 'product_or_service_code_description', 'naics_code', 'naics_description',
].map(t);

const placeColumns = [
  'primary_place_of_performance_country_code', 'primary_place_of_performance_state_code',
  'primary_place_of_performance_city_name',
].map(t);

export const TRANSACTIONS: TableDecl = {
  table: 'tx_current',
  view: 'transactions',
  key: 'contract_transaction_unique_key',
  versionColumn: 'last_modified_date',
  columns: [
    t('contract_transaction_unique_key'), t('contract_award_unique_key'), t('award_id_piid'),
    t('modification_number'), t('transaction_number'), t('parent_award_agency_id'), t('parent_award_agency_name'),
    t('parent_award_id_piid'), t('parent_award_modification_number'),
    m('federal_action_obligation'), m('total_dollars_obligated'), m('base_and_exercised_options_value'),
    m('current_total_value_of_award'), m('base_and_all_options_value'), m('potential_total_value_of_award'),
    d('action_date'), i('action_date_fiscal_year'), d('period_of_performance_start_date'),
    d('period_of_performance_current_end_date'), d('period_of_performance_potential_end_date'),
    d('ordering_period_end_date'), d('solicitation_date'),
    ...agencyColumns, t('foreign_funding'), t('foreign_funding_description'),
    ...recipientColumns, ...placeColumns, ...awardTypeColumns,
    t('transaction_description'), t('prime_award_base_transaction_description'), t('action_type_code'),
    t('action_type'), t('solicitation_identifier'), i('number_of_actions'),
    ...categoryColumns, t('information_technology_commercial_item_category'),
    t('extent_competed_code'), t('extent_competed'), t('type_of_set_aside_code'), t('type_of_set_aside'),
    i('number_of_offers_received'), t('parent_award_type_code'), t('parent_award_type'), t('program_acronym'),
    t('national_interest_action_code'), t('usaspending_permalink'), ts('initial_report_date'),
    ts('last_modified_date'),
    // Only in the API projection layout: the awarding subtier abbreviation as given.
    t('awarding_sub_agency_abbreviation'),
  ],
};

export const AWARD_SUMMARIES: TableDecl = {
  table: 'award_current',
  view: 'award_summaries',
  key: 'contract_award_unique_key',
  versionColumn: 'last_modified_date',
  columns: [
    t('contract_award_unique_key'), t('award_id_piid'), t('parent_award_agency_id'), t('parent_award_agency_name'),
    t('parent_award_id_piid'), m('total_obligated_amount'), m('total_outlayed_amount'),
    m('current_total_value_of_award'), m('potential_total_value_of_award'),
    d('award_base_action_date'), i('award_base_action_date_fiscal_year'), d('award_latest_action_date'),
    i('award_latest_action_date_fiscal_year'), d('period_of_performance_start_date'),
    d('period_of_performance_current_end_date'), d('period_of_performance_potential_end_date'),
    ...agencyColumns, ...recipientColumns, ...placeColumns, ...awardTypeColumns,
    t('prime_award_base_transaction_description'), t('solicitation_identifier'), i('number_of_actions'),
    ...categoryColumns, t('extent_competed_code'), t('extent_competed'), t('type_of_set_aside_code'),
    t('type_of_set_aside'), i('number_of_offers_received'), t('usaspending_permalink'), ts('last_modified_date'),
  ],
};

export const SUBAWARDS: TableDecl = {
  table: 'sub_current',
  view: 'subawards',
  key: 'subaward_key',
  versionColumn: 'subaward_fsrs_report_last_modified_date',
  columns: [
    t('subaward_key'), t('prime_award_unique_key'), t('prime_award_piid'), t('prime_award_parent_piid'),
    m('prime_award_amount'), d('prime_award_base_action_date'),
    t('prime_award_awarding_agency_code'), t('prime_award_awarding_agency_name'),
    t('prime_award_awarding_sub_agency_code'), t('prime_award_awarding_sub_agency_name'),
    t('prime_award_awarding_office_code'), t('prime_award_awarding_office_name'),
    t('prime_award_funding_agency_code'), t('prime_award_funding_agency_name'),
    t('prime_award_funding_sub_agency_code'), t('prime_award_funding_sub_agency_name'),
    t('prime_awardee_uei'), t('prime_awardee_duns'), t('prime_awardee_name'), t('prime_awardee_dba_name'),
    t('prime_awardee_parent_uei'), t('prime_awardee_parent_duns'), t('prime_awardee_parent_name'),
    t('prime_award_base_transaction_description'), t('prime_award_naics_code'), t('prime_award_naics_description'),
    t('subaward_type'), t('subaward_fsrs_report_id'), i('subaward_fsrs_report_year'), i('subaward_fsrs_report_month'),
    t('subaward_number'), m('subaward_amount'), d('subaward_action_date'), i('subaward_action_date_fiscal_year'),
    t('subawardee_uei'), t('subawardee_duns'), t('subawardee_name'), t('subawardee_dba_name'),
    t('subawardee_parent_uei'), t('subawardee_parent_duns'), t('subawardee_parent_name'),
    t('subawardee_country_code'), t('subawardee_country_name'), t('subawardee_city_name'), t('subawardee_state_code'),
    t('subaward_description'), t('usaspending_permalink'), ts('subaward_fsrs_report_last_modified_date'),
  ],
};

export const AGENCY_CODES: TableDecl = {
  table: 'agency_code_current',
  view: 'agency_codes',
  key: 'agency_code_key',
  columns: [
    t('agency_code_key'), t('cgac_agency_code'), t('agency_name'), t('agency_abbreviation'), t('frec'),
    t('frec_entity_description'), t('frec_abbreviation'), t('subtier_code'), t('subtier_name'),
    t('subtier_abbreviation'), b('toptier_flag'), b('is_frec'), b('user_selectable_on_usaspending'),
  ],
};

/**
 * One row per FPDS IDV document (a vehicle's base action or modification), read from the ATOM feed: the
 * vehicle's own fields that a transaction row has no column for. The same action is also a
 * `transactions` row (award_or_idv_flag = IDV), as in USAspending's files; orders link to their vehicle
 * through parent_award_id_piid + parent_award_agency_id = award_id_piid + agency_id (view `idvs`).
 */
export const IDV_ACTIONS: TableDecl = {
  table: 'idv_action_current',
  view: 'idv_actions',
  key: 'contract_transaction_unique_key',
  versionColumn: 'last_modified_date',
  columns: [
    t('contract_transaction_unique_key'), t('contract_award_unique_key'), t('award_id_piid'), t('agency_id'),
    t('modification_number'), t('parent_award_agency_id'), t('parent_award_id_piid'), d('action_date'),
    m('federal_action_obligation'), m('total_dollars_obligated'), m('potential_total_value_of_award'),
    d('ordering_period_end_date'), t('idv_type_code'), t('idv_type'), t('type_of_idc_code'), t('type_of_idc'),
    t('multiple_or_single_award_idv_code'), t('multiple_or_single_award_idv'), t('who_can_use'), m('individual_order_limit'),
    t('fee_paid_for_use_of_service'), t('recipient_uei'), t('recipient_name'), t('recipient_parent_uei'), t('recipient_parent_name'),
    t('awarding_sub_agency_code'), ts('last_modified_date'),
  ],
};

/** Every stored table, in load order: references first so later files can resolve against them. */
export const TABLES: readonly TableDecl[] = [AGENCY_CODES, TRANSACTIONS, AWARD_SUMMARIES, SUBAWARDS];

/**
 * Family columns resolution adds to the stored tables (schema migration 4): each record's family id,
 * so answers group by it without joining on recipient fields. Never part of a record's digest or history.
 */
export const FAMILY_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  tx_current: ['family_id'],
  award_current: ['family_id'],
  sub_current: ['prime_family_id', 'sub_family_id'],
};
