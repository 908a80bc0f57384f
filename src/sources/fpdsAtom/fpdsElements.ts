/**
 * Where each `transactions` column comes from in an FPDS ATOM document, declared once as data. Paths are
 * relative to the `<award>` / `<IDV>` element, `@name` selects an attribute. `broker` names the DATA Act
 * broker's column for the same element, so the test can check every path against the broker's own
 * element map (data-act-broker-backend doc/fpds_elements.csv); where the feed itself differs from that map
 * the row says so in `deviation` (checked against the real pages and the 1.5.2 skeleton instead).
 *
 * Columns not listed here are either derived (keys, fiscal year, award/IDV flag, permalink: see
 * actionRecord.ts) or have no FPDS element. Personal fields of the feed (createdBy, lastModifiedBy,
 * approvedBy: officials' e-mail addresses; vendor phone and fax numbers) are never read.
 */
export interface FpdsElement {
  column: string;
  /** Path in an `<award>` document, when awards carry it. */
  award?: string;
  /** Path in an `<IDV>` document, when IDVs carry it. */
  idv?: string;
  /** The broker's column name for this element (fpds_elements.csv "DB Name"). */
  broker: string;
  /** Why our path is not the broker map's (the map is wrong for the feed, or has no path). */
  deviation?: string;
}

const both = (column: string, path: string, broker: string): FpdsElement => ({ column, award: path, idv: path, broker });
const awardOnly = (column: string, path: string, broker: string): FpdsElement => ({ column, award: path, broker });
const idvOnly = (column: string, path: string, broker: string): FpdsElement => ({ column, idv: path, broker });

const UEI = 'vendor/vendorSiteDetails/entityIdentifiers/vendorUEIInformation';
const DUNS = 'vendor/vendorSiteDetails/entityIdentifiers/vendorDUNSInformation';
const LOC = 'vendor/vendorSiteDetails/vendorLocation';
const POP = 'placeOfPerformance/principalPlaceOfPerformance';

export const FPDS_ELEMENTS: readonly FpdsElement[] = [
  { column: 'award_id_piid', award: 'awardID/awardContractID/PIID', idv: 'contractID/IDVID/PIID', broker: 'piid' },
  { column: 'modification_number', award: 'awardID/awardContractID/modNumber', idv: 'contractID/IDVID/modNumber', broker: 'award_modification_amendme' },
  awardOnly('transaction_number', 'awardID/awardContractID/transactionNumber', 'transaction_number'),
  { column: 'parent_award_agency_id', award: 'awardID/referencedIDVID/agencyID', idv: 'contractID/referencedIDVID/agencyID', broker: 'referenced_idv_agency_iden' },
  { column: 'parent_award_agency_name', award: 'awardID/referencedIDVID/agencyID@name', idv: 'contractID/referencedIDVID/agencyID@name', broker: 'referenced_idv_agency_desc' },
  { column: 'parent_award_id_piid', award: 'awardID/referencedIDVID/PIID', idv: 'contractID/referencedIDVID/PIID', broker: 'parent_award_id' },
  { column: 'parent_award_modification_number', award: 'awardID/referencedIDVID/modNumber', idv: 'contractID/referencedIDVID/modNumber', broker: 'referenced_idv_modificatio' },

  // The action's own obligation. totalDollarValues is the running total of the award and is never added to it.
  both('federal_action_obligation', 'dollarValues/obligatedAmount', 'federal_action_obligation'),
  {
    column: 'total_dollars_obligated', award: 'totalDollarValues/totalObligatedAmount', idv: 'totalDollarValues/totalObligatedAmount',
    broker: 'total_obligated_amount',
    deviation: 'fpds_elements.csv gives totalDollarValues/obligatedAmount, which no feed page has; the feed and the 1.5.2 skeleton name it totalObligatedAmount',
  },
  awardOnly('base_and_exercised_options_value', 'dollarValues/baseAndExercisedOptionsValue', 'base_exercised_options_val'),
  both('base_and_all_options_value', 'dollarValues/baseAndAllOptionsValue', 'base_and_all_options_value'),
  awardOnly('current_total_value_of_award', 'totalDollarValues/totalBaseAndExercisedOptionsValue', 'current_total_value_award'),
  both('potential_total_value_of_award', 'totalDollarValues/totalBaseAndAllOptionsValue', 'potential_total_value_awar'),

  both('action_date', 'relevantContractDates/signedDate', 'action_date'),
  both('period_of_performance_start_date', 'relevantContractDates/effectiveDate', 'period_of_performance_star'),
  awardOnly('period_of_performance_current_end_date', 'relevantContractDates/currentCompletionDate', 'period_of_performance_curr'),
  awardOnly('period_of_performance_potential_end_date', 'relevantContractDates/ultimateCompletionDate', 'period_of_perf_potential_e'),
  idvOnly('ordering_period_end_date', 'relevantContractDates/lastDateToOrder', 'ordering_period_end_date'),

  both('awarding_sub_agency_code', 'purchaserInformation/contractingOfficeAgencyID', 'awarding_sub_tier_agency_c'),
  both('awarding_sub_agency_name', 'purchaserInformation/contractingOfficeAgencyID@name', 'awarding_sub_tier_agency_n'),
  both('awarding_office_code', 'purchaserInformation/contractingOfficeID', 'awarding_office_code'),
  both('awarding_office_name', 'purchaserInformation/contractingOfficeID@name', 'awarding_office_name'),
  both('funding_sub_agency_code', 'purchaserInformation/fundingRequestingAgencyID', 'funding_sub_tier_agency_co'),
  both('funding_sub_agency_name', 'purchaserInformation/fundingRequestingAgencyID@name', 'funding_sub_tier_agency_na'),
  both('funding_office_code', 'purchaserInformation/fundingRequestingOfficeID', 'funding_office_code'),
  both('funding_office_name', 'purchaserInformation/fundingRequestingOfficeID@name', 'funding_office_name'),
  both('foreign_funding', 'purchaserInformation/foreignFunding', 'foreign_funding'),
  both('foreign_funding_description', 'purchaserInformation/foreignFunding@description', 'foreign_funding_desc'),

  both('recipient_uei', `${UEI}/UEI`, 'awardee_or_recipient_uei'),
  {
    column: 'recipient_duns', award: `${DUNS}/DUNSNumber`, idv: `${DUNS}/DUNSNumber`, broker: 'awardee_or_recipient_uniqu',
    deviation: 'fpds_elements.csv gives no path; the feed carries the DUNS in vendorDUNSInformation/DUNSNumber (real pages before 2022)',
  },
  both('recipient_name', 'vendor/vendorHeader/vendorName', 'awardee_or_recipient_legal'),
  both('recipient_name_raw', 'vendor/vendorHeader/vendorName', 'awardee_or_recipient_legal'),
  both('recipient_doing_business_as_name', 'vendor/vendorHeader/vendorDoingAsBusinessName', 'vendor_doing_as_business_n'),
  both('cage_code', 'vendor/vendorSiteDetails/entityIdentifiers/cageCode', 'cage_code'),
  both('recipient_parent_uei', `${UEI}/ultimateParentUEI`, 'ultimate_parent_uei'),
  {
    column: 'recipient_parent_duns', award: `${DUNS}/globalParentDUNSNumber`, idv: `${DUNS}/globalParentDUNSNumber`, broker: 'ultimate_parent_unique_ide',
    deviation: 'fpds_elements.csv gives no path; the feed carries it in vendorDUNSInformation/globalParentDUNSNumber',
  },
  both('recipient_parent_name', `${UEI}/ultimateParentUEIName`, 'ultimate_parent_legal_enti'),
  both('recipient_parent_name_raw', `${UEI}/ultimateParentUEIName`, 'ultimate_parent_legal_enti'),
  both('recipient_country_code', `${LOC}/countryCode`, 'legal_entity_country_code'),
  both('recipient_country_name', `${LOC}/countryCode@name`, 'legal_entity_country_name'),
  both('recipient_city_name', `${LOC}/city`, 'legal_entity_city_name'),
  {
    column: 'recipient_state_code', award: `${LOC}/state`, idv: `${LOC}/state`, broker: 'legal_entity_state_code',
    deviation: 'fpds_elements.csv qualifies it "if in US: vendor/vendorSiteDetails/vendorLocation/state else N/A"; the element is the same',
  },
  {
    column: 'recipient_state_name', award: `${LOC}/state@name`, idv: `${LOC}/state@name`, broker: 'legal_entity_state_descrip',
    deviation: 'fpds_elements.csv qualifies it "if in US: …state@name else …state"; the attribute is the name wherever the feed gives one',
  },

  awardOnly('primary_place_of_performance_country_code', `${POP}/countryCode`, 'place_of_perform_country_c'),
  awardOnly('primary_place_of_performance_state_code', `${POP}/stateCode`, 'place_of_performance_state'),
  awardOnly('primary_place_of_performance_city_name', 'placeOfPerformance/placeOfPerformanceZIPCode@city', 'place_of_perform_city_name'),

  awardOnly('award_type_code', 'contractData/contractActionType', 'contract_award_type'),
  awardOnly('award_type', 'contractData/contractActionType@description', 'contract_award_type_desc'),
  idvOnly('idv_type_code', 'contractData/contractActionType', 'idv_type'),
  idvOnly('idv_type', 'contractData/contractActionType@description', 'idv_type_description'),
  both('type_of_contract_pricing_code', 'contractData/typeOfContractPricing', 'type_of_contract_pricing'),
  both('type_of_contract_pricing', 'contractData/typeOfContractPricing@description', 'type_of_contract_pric_desc'),
  both('transaction_description', 'contractData/descriptionOfContractRequirement', 'award_description'),
  both('action_type_code', 'contractData/reasonForModification', 'action_type'),
  both('action_type', 'contractData/reasonForModification@description', 'action_type_description'),
  both('solicitation_identifier', 'contractData/solicitationID', 'solicitation_identifier'),
  awardOnly('number_of_actions', 'contractData/numberOfActions', 'number_of_actions'),
  both('product_or_service_code', 'productOrServiceInformation/productOrServiceCode', 'product_or_service_code'),
  both('product_or_service_code_description', 'productOrServiceInformation/productOrServiceCode@description', 'product_or_service_co_desc'),
  both('naics_code', 'productOrServiceInformation/principalNAICSCode', 'naics'),
  both('naics_description', 'productOrServiceInformation/principalNAICSCode@description', 'naics_description'),
  awardOnly('information_technology_commercial_item_category', 'productOrServiceInformation/informationTechnologyCommercialItemCategory', 'information_technology_com'),
  both('extent_competed_code', 'competition/extentCompeted', 'extent_competed'),
  both('extent_competed', 'competition/extentCompeted@description', 'extent_compete_description'),
  both('type_of_set_aside_code', 'competition/typeOfSetAside', 'type_set_aside'),
  both('type_of_set_aside', 'competition/typeOfSetAside@description', 'type_set_aside_description'),
  both('number_of_offers_received', 'competition/numberOfOffersReceived', 'number_of_offers_received'),
  both('parent_award_type_code', 'contractData/referencedIDVType', 'referenced_idv_type'),
  both('parent_award_type', 'contractData/referencedIDVType@description', 'referenced_idv_type_desc'),
  {
    column: 'program_acronym', award: 'contractData/programAcronym', idv: 'contractData/programAcronym', broker: 'program_acronym',
    deviation: 'fpds_elements.csv lists it for IDVs only; award documents carry the same element (1.5.2 skeleton)',
  },
  both('national_interest_action_code', 'contractData/nationalInterestActionCode', 'national_interest_action'),
  both('initial_report_date', 'transactionInformation/createdDate', 'initial_report_date'),
  both('last_modified_date', 'transactionInformation/lastModifiedDate', 'last_modified'),
];

/** Paths of the document's own key (the key rule reads these; see uniqueKey.ts). */
export const KEY_PATHS = {
  award: { agency: 'awardID/awardContractID/agencyID', piid: 'awardID/awardContractID/PIID', mod: 'awardID/awardContractID/modNumber', transaction: 'awardID/awardContractID/transactionNumber', refAgency: 'awardID/referencedIDVID/agencyID', refPiid: 'awardID/referencedIDVID/PIID' },
  IDV: { agency: 'contractID/IDVID/agencyID', piid: 'contractID/IDVID/PIID', mod: 'contractID/IDVID/modNumber', transaction: undefined, refAgency: 'contractID/referencedIDVID/agencyID', refPiid: 'contractID/referencedIDVID/PIID' },
} as const;

/** The broker column whose element is each key part (checked against fpds_elements.csv like the columns). */
export const KEY_BROKER_COLUMNS = { agency: 'agency_id', piid: 'piid', mod: 'award_modification_amendme', transaction: 'transaction_number', refAgency: 'referenced_idv_agency_iden', refPiid: 'parent_award_id' } as const;

/** IDV-only elements of the vehicle, stored in `idv_actions` beside the keys and amounts the IDV's transaction row carries. */
export const IDV_ELEMENTS: readonly FpdsElement[] = [
  idvOnly('type_of_idc_code', 'contractData/typeOfIDC', 'type_of_idc'),
  idvOnly('type_of_idc', 'contractData/typeOfIDC@description', 'type_of_idc_description'),
  idvOnly('multiple_or_single_award_idv_code', 'contractData/multipleOrSingleAwardIDC', 'multiple_or_single_award_i'),
  idvOnly('multiple_or_single_award_idv', 'contractData/multipleOrSingleAwardIDC@description', 'multiple_or_single_aw_desc'),
  idvOnly('fee_paid_for_use_of_service', 'contractMarketingData/feePaidForUseOfService', 'fee_paid_for_use_of_serv'),
  {
    column: 'who_can_use', idv: 'contractMarketingData/whoCanUse', broker: '',
    deviation: 'not in fpds_elements.csv (USAspending does not carry it); the element is in every real IDV page',
  },
  {
    column: 'individual_order_limit', idv: 'contractMarketingData/individualOrderLimit', broker: '',
    deviation: 'not in fpds_elements.csv (USAspending does not carry it); the element is in the real IDV pages',
  },
];
