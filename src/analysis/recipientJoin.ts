/**
 * How answers attach a family to a record: the raw recipient fields of the record (NULL read as '')
 * are looked up in entity_rows, which resolution fills with every combination seen. Records with no
 * recipient at all join nothing and are reported as "(no recipient)".
 */

export interface RecipientColumns {
  uei: string;
  duns: string;
  name: string;
  country: string | null;
  state: string | null;
}

export const TX_RECIPIENT: RecipientColumns = {
  uei: 'recipient_uei', duns: 'recipient_duns', name: 'recipient_name', country: 'recipient_country_code', state: 'recipient_state_code',
};
export const SUBAWARDEE: RecipientColumns = {
  uei: 'subawardee_uei', duns: 'subawardee_duns', name: 'subawardee_name', country: 'subawardee_country_code', state: 'subawardee_state_code',
};
export const SUB_PRIME: RecipientColumns = {
  uei: 'prime_awardee_uei', duns: 'prime_awardee_duns', name: 'prime_awardee_name', country: null, state: null,
};

/** `LEFT JOIN entity_rows <alias> ON …` for records aliased `r`. */
export function familyJoin(alias: string, cols: RecipientColumns, recordAlias = 'r'): string {
  const c = (col: string | null): string => (col === null ? `''` : `coalesce(${recordAlias}.${col}, '')`);
  return `LEFT JOIN entity_rows ${alias} ON ${alias}.uei = ${c(cols.uei)} AND ${alias}.duns = ${c(cols.duns)}
    AND ${alias}.name = ${c(cols.name)} AND ${alias}.country = ${c(cols.country)} AND ${alias}.state = ${c(cols.state)}`;
}

/** The family id of a joined record, '(none)' when the record names no recipient. */
export function familyIdSql(alias: string): string {
  return `coalesce(${alias}.family_id, '(none)')`;
}
