/**
 * The kinds of reason a row is refused at ingest, declared once: `status` groups rejects by them and the
 * coverage block of every answer tells refused rows whose record the store holds anyway (a repeat, an
 * older version) from rows whose record is missing. The reasons themselves are written by the loaders
 * (src/store/loadPlan.ts, src/store/loadFile.ts, src/store/loadFedramp.ts); a reason no kind matches is
 * 'other' and counts as missing (print less when in doubt).
 */

export interface RejectKind {
  id: string;
  /** What the kind means, for a reader. */
  label: string;
  /** True when the record the row describes is still in the store (the row adds nothing to any figure). */
  recordHeld: boolean;
  /** Matches the stored reason text. */
  pattern: RegExp;
}

export const REJECT_KINDS: readonly RejectKind[] = [
  { id: 'repeat', label: 'identical repeat of another row of the same file (counted once)', recordHeld: true, pattern: /^identical repeat of line \d+/ },
  { id: 'same_key_in_file', label: 'another version of a record in the same file (the newer or earlier one kept)', recordHeld: true, pattern: /^same \S+ as line \d+, which is newer/ },
  { id: 'older_version', label: 'older version of a stored record (the stored one kept)', recordHeld: true, pattern: /^older than the stored version/ },
  // the record's latest word is a deletion (src/store/tombstones.ts): deliberately absent, nothing missing
  { id: 'stays_deleted', label: 'a record a delta deleted, in an older file (it stays deleted)', recordHeld: true, pattern: /^stays deleted: / },
  { id: 'disagrees_with_stored', label: 'same version as a stored record but other values (the stored one kept)', recordHeld: true, pattern: /^disagrees with the stored row/ },
  { id: 'required_empty', label: 'a required field is empty', recordHeld: false, pattern: /required value is empty/ },
  { id: 'unreadable_value', label: 'a value cannot be read exactly (amount, date, number)', recordHeld: false, pattern: /cannot read .* as / },
  { id: 'fiscal_year_mismatch', label: 'fiscal year disagrees with the date', recordHeld: false, pattern: /falls in fiscal year/ },
  { id: 'agency_unresolved', label: 'agency abbreviation not in the agency reference', recordHeld: false, pattern: /is not a subtier abbreviation|abbreviation .* (unknown|ambiguous)/ },
];

/** Rejects of the FedRAMP feed are entries, named by JSON path: one kind, told by the source's layout. */
export const FEED_ENTRY: RejectKind = {
  id: 'feed_entry', label: 'FedRAMP feed entry left out (unknown agency or offering, missing id, exact repeat)', recordHeld: false, pattern: /.*/,
};
const FEED_LAYOUT = 'fedramp_marketplace';

const OTHER: RejectKind = { id: 'other', label: 'other reason', recordHeld: false, pattern: /.*/ };

/** Every kind, by id (including 'feed_entry' and 'other'). */
export const REJECT_KIND_BY_ID: ReadonlyMap<string, RejectKind> = new Map([...REJECT_KINDS, FEED_ENTRY, OTHER].map((k) => [k.id, k]));

/** The kind of a stored reject reason from a source of this layout. */
export function rejectKindOf(reason: string, layout?: string): RejectKind {
  if (layout === FEED_LAYOUT) return FEED_ENTRY;
  return REJECT_KINDS.find((k) => k.pattern.test(reason)) ?? OTHER;
}

/** SQL CASE giving the kind id of a reason (the same patterns, as DuckDB regular expressions). */
export function rejectKindSql(reasonColumn: string, layoutColumn: string): string {
  const arms = REJECT_KINDS.map((k) => `WHEN regexp_matches(${reasonColumn}, '${k.pattern.source.replaceAll("'", "''")}') THEN '${k.id}'`);
  return `CASE WHEN ${layoutColumn} = '${FEED_LAYOUT}' THEN '${FEED_ENTRY.id}' ${arms.join(' ')} ELSE '${OTHER.id}' END`;
}

/** Ids of the kinds whose record is held anyway. */
export const HELD_KIND_IDS: readonly string[] = REJECT_KINDS.filter((k) => k.recordHeld).map((k) => k.id);
