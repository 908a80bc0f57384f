/**
 * How answers attach a family to a record: resolution writes each record's family id onto the record
 * itself (tx_current.family_id, award_current.family_id, sub_current.prime_family_id and
 * sub_family_id), from entity_rows, which maps the raw recipient fields (NULL read as '') to recipients
 * and families. Answers read that column instead of joining on five text columns each time.
 */

export interface RecipientColumns {
  uei: string;
  duns: string;
  name: string;
  country: string | null;
  state: string | null;
  /** The column resolution fills with the record's family id. */
  family: string;
}

export const TX_RECIPIENT: RecipientColumns = {
  uei: 'recipient_uei', duns: 'recipient_duns', name: 'recipient_name', country: 'recipient_country_code', state: 'recipient_state_code',
  family: 'family_id',
};
export const SUBAWARDEE: RecipientColumns = {
  uei: 'subawardee_uei', duns: 'subawardee_duns', name: 'subawardee_name', country: 'subawardee_country_code', state: 'subawardee_state_code',
  family: 'sub_family_id',
};
export const SUB_PRIME: RecipientColumns = {
  uei: 'prime_awardee_uei', duns: 'prime_awardee_duns', name: 'prime_awardee_name', country: null, state: null,
  family: 'prime_family_id',
};

export { FAMILY_COLUMNS } from '../store/tables.js';

/** SQL matching a record (alias r) to its entity_rows entry (alias e) on the raw recipient fields. */
export function entityRowMatch(cols: RecipientColumns, alias = 'e', recordAlias = 'r'): string {
  const c = (col: string | null): string => (col === null ? `''` : `coalesce(${recordAlias}.${col}, '')`);
  return `${alias}.uei = ${c(cols.uei)} AND ${alias}.duns = ${c(cols.duns)} AND ${alias}.name = ${c(cols.name)}
    AND ${alias}.country = ${c(cols.country)} AND ${alias}.state = ${c(cols.state)}`;
}

/** The family id of a record (alias r), '(none)' when it names no recipient. */
export function familyIdSql(cols: RecipientColumns, recordAlias = 'r'): string {
  return `coalesce(${recordAlias}.${cols.family}, '(none)')`;
}

