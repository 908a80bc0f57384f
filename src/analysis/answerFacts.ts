/**
 * Precomputed answer facts: narrow tables derived from the records and their family ids, written by
 * resolution in the same transaction as the family ids, so the `agency` and `company` answers read a
 * few hundred thousand narrow rows with integer keys instead of scanning every transaction with text
 * keys. Every figure stays an exact DECIMAL sum (sums of sums of DECIMAL(18,2) amounts).
 *
 * - answer_tx: prime transactions grouped by (award, family, awarding/funding toptier and subtier code,
 *   fiscal year, PSC/NAICS code combination), with the sum, count and the per-award details the top
 *   awards list shows (first/last date, earliest description, PIID, ...). Column names of the agency
 *   codes and the fiscal year are those of tx_current, so the agency conditions apply unchanged.
 * - answer_families, answer_awards, answer_codes: the integer numbers behind family_no, award_no and
 *   code_no (numbered in text order, so ordering by the number orders by the text).
 * - answer_tx_sources: transaction counts (and de-obligation counts) per source file, family, agency codes
 *   and fiscal year, for the coverage block (src/analysis/coverage.ts).
 * - answer_summary_only: the award summaries whose award has no transaction loaded (all columns).
 * - answer_subawards: sub_current with each row's repeat number (copy_no) computed over all subawards.
 *
 * Staleness: the facts carry the resolution digest they were computed under (entity_state key
 * `answer_facts`); an answer uses them only when that equals the store's current resolution digest
 * (a new ingest, judgement or families file changes it), and computes directly from the records
 * otherwise. Office-level agencies (codes not in answer_tx) are always computed directly.
 */
import type { Database } from '../store/database.js';
import { entityState, resolutionDigest } from '../entities/resolve.js';

export const ANSWER_FACTS_VERSION = 'answer-facts-v4'; // v4: answer_tx_sources; v3: subaward repeats by subawardee family; v2: subaward labels

/** The agency columns of subawards whose values must agree within a repeat group for copy_no to be exact under any agency condition. */
const SUB_AGENCY_COLUMNS = [
  'prime_award_awarding_agency_code', 'prime_award_awarding_sub_agency_code', 'prime_award_awarding_office_code',
  'prime_award_funding_agency_code', 'prime_award_funding_sub_agency_code',
];

/**
 * The one rule for repeated subaward reports (agency, company, partners, path, graph export, reports):
 * rows with the same prime award, subaward number and amount for the same subawardee company — its
 * resolved family, else its UEI, else its name (one company reports under several UEIs: Booz Allen's
 * $6,083,571.29 subaward under Alpha Omega appears under two) — are one subaward; the latest report counts.
 */
export const SUB_REPEAT_PARTITION = `PARTITION BY r.prime_award_unique_key, r.subaward_number, r.subaward_amount,
        coalesce(r.sub_family_id, r.subawardee_uei, r.subawardee_name)`;
export const SUB_REPEAT_ORDER = `ORDER BY r.subaward_fsrs_report_last_modified_date DESC NULLS LAST, r.subaward_key`;

export const ANSWER_FACT_TABLES = ['answer_tx', 'answer_tx_sources', 'answer_families', 'answer_awards', 'answer_codes', 'answer_summary_only', 'answer_subawards'];

/** Writes the fact tables from the records' current family ids; call inside resolution's transaction. */
export async function writeAnswerFacts(db: Database): Promise<{ subawardRepeatsUniform: boolean }> {
  await db.run(`CREATE OR REPLACE TABLE answer_families AS
    SELECT CAST(row_number() OVER (ORDER BY family_id) AS INTEGER) AS family_no, family_id
    FROM (SELECT DISTINCT coalesce(family_id, '(none)') AS family_id FROM tx_current)`);
  await db.run(`CREATE OR REPLACE TABLE answer_awards AS
    SELECT CAST(row_number() OVER (ORDER BY award_key) AS INTEGER) AS award_no, award_key
    FROM (SELECT DISTINCT contract_award_unique_key AS award_key FROM tx_current WHERE contract_award_unique_key IS NOT NULL)`);
  await db.run(`CREATE OR REPLACE TABLE answer_codes AS
    SELECT CAST(row_number() OVER (ORDER BY psc, naics, psc_t, naics_t) AS INTEGER) AS code_no, * FROM (
      SELECT DISTINCT product_or_service_code AS psc, naics_code AS naics, product_or_service_code_description AS psc_t,
        naics_description AS naics_t FROM tx_current)`);
  await db.run(`CREATE OR REPLACE TABLE answer_tx AS
    SELECT a.award_no, f.family_no, r.awarding_agency_code, r.awarding_sub_agency_code, r.funding_agency_code,
      r.funding_sub_agency_code, r.action_date_fiscal_year, c.code_no,
      sum(r.federal_action_obligation) AS amount, count(*) AS n,
      any_value(r.awarding_agency_name) AS awarding_agency_name, any_value(r.awarding_sub_agency_name) AS awarding_sub_agency_name,
      any_value(r.funding_agency_name) AS funding_agency_name, any_value(r.funding_sub_agency_name) AS funding_sub_agency_name,
      min(r.action_date) AS first_d, max(r.action_date) AS last_d,
      arg_min(r.prime_award_base_transaction_description, r.action_date) AS d1,
      min(r.action_date) FILTER (WHERE r.prime_award_base_transaction_description IS NOT NULL) AS d1_at,
      arg_min(r.transaction_description, r.action_date) AS d2,
      min(r.action_date) FILTER (WHERE r.transaction_description IS NOT NULL) AS d2_at,
      any_value(r.award_id_piid) AS piid, any_value(r.recipient_name) AS recipient, any_value(r.parent_award_id_piid) AS parent_piid,
      any_value(r.usaspending_permalink) AS permalink
    FROM tx_current r
    LEFT JOIN answer_awards a ON a.award_key = r.contract_award_unique_key
    JOIN answer_families f ON f.family_id = coalesce(r.family_id, '(none)')
    JOIN answer_codes c ON c.psc IS NOT DISTINCT FROM r.product_or_service_code AND c.naics IS NOT DISTINCT FROM r.naics_code
      AND c.psc_t IS NOT DISTINCT FROM r.product_or_service_code_description AND c.naics_t IS NOT DISTINCT FROM r.naics_description
    GROUP BY a.award_no, f.family_no, r.awarding_agency_code, r.awarding_sub_agency_code, r.funding_agency_code,
      r.funding_sub_agency_code, r.action_date_fiscal_year, c.code_no
    ORDER BY f.family_no, a.award_no`);
  // what the coverage block reads of transactions: counts per source file, agency, year and family, with
  // the de-obligations counted (an API-projection fetch with none probably stopped early)
  await db.run(`CREATE OR REPLACE TABLE answer_tx_sources AS
    SELECT r.source_id, r.family_id, r.awarding_agency_code, r.awarding_sub_agency_code, r.funding_agency_code,
      r.funding_sub_agency_code, r.awarding_sub_agency_abbreviation, r.action_date_fiscal_year,
      count(*) AS n, count(*) FILTER (WHERE r.federal_action_obligation < 0) AS neg
    FROM tx_current r GROUP BY ALL`);
  await db.run(`CREATE OR REPLACE TABLE answer_summary_only AS
    SELECT r.* FROM award_current r
    WHERE NOT EXISTS (SELECT 1 FROM tx_current t WHERE t.contract_award_unique_key = r.contract_award_unique_key)`);
  // a repeat group whose rows disagree on an agency column could be split by an agency condition:
  // then the repeat numbers are not used for agency answers (subawardRepeatsUniform false)
  // prime_label / sub_label: the names subawardsUnder lists (the family's name, else the name on the record)
  await db.run(`CREATE OR REPLACE TABLE answer_subawards AS
    SELECT r.*, CAST(row_number() OVER (${SUB_REPEAT_PARTITION} ${SUB_REPEAT_ORDER}) AS INTEGER) AS copy_no,
      CASE WHEN min(${subAgencyKey()}) OVER (${SUB_REPEAT_PARTITION}) = max(${subAgencyKey()}) OVER (${SUB_REPEAT_PARTITION}) THEN 1 ELSE 2 END AS agency_variants,
      coalesce(pfam.name, r.prime_awardee_name) AS prime_label, coalesce(sfam.name, r.subawardee_name) AS sub_label
    FROM sub_current r LEFT JOIN entity_families sfam ON sfam.family_id = r.sub_family_id
      LEFT JOIN entity_families pfam ON pfam.family_id = r.prime_family_id`);
  const uniform = await db.one<{ n: number }>(`SELECT count(*) AS n FROM answer_subawards WHERE agency_variants > 1`);
  return { subawardRepeatsUniform: Number(uniform?.n ?? 0) === 0 };
}

function subAgencyKey(): string {
  return SUB_AGENCY_COLUMNS.map((c) => `coalesce(r.${c}, '\u0001')`).join(` || '\u0002' || `);
}

/** The state value resolution stores under entity_state key `answer_facts`. */
export function answerFactsState(digest: string, subawardRepeatsUniform: boolean): string {
  return JSON.stringify({ version: ANSWER_FACTS_VERSION, digest, subawardRepeatsUniform });
}

export interface AnswerFacts {
  /** Subaward repeat numbers in answer_subawards hold under any agency condition. */
  subawardRepeatsUniform: boolean;
}

/**
 * The facts when they are current (computed under the store's present resolution digest by this
 * version), else null: the answer then computes from the records.
 */
export async function currentAnswerFacts(db: Database): Promise<AnswerFacts | null> {
  const row = await db.one<{ value: string | null }>(
    `SELECT value FROM entity_state WHERE key = 'answer_facts'`,
  ).catch(() => undefined);
  if (!row?.value) return null;
  let stored: { version?: string; digest?: string; subawardRepeatsUniform?: boolean };
  try {
    stored = JSON.parse(row.value) as typeof stored;
  } catch {
    return null;
  }
  if (stored.version !== ANSWER_FACTS_VERSION || !stored.digest) return null;
  const state = await entityState(db);
  if (state.digest !== stored.digest) return null;
  if ((await resolutionDigest(db, state.familiesFiles)) !== stored.digest) return null;
  return { subawardRepeatsUniform: stored.subawardRepeatsUniform === true };
}
