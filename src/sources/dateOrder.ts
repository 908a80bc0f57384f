/**
 * A file's date order is a property of the file, decided from its values: spreadsheets re-save ISO dates
 * as `m/d/yy` (US) or `dd/mm/yyyy` (day-first locales), and `3/4/19` reads both ways. Only values that
 * read one way decide: a first part above 12 is a day (day-first), a second part above 12 is a day
 * (month-first). A file with both kinds mixes orders; a file whose spreadsheet dates all read both ways
 * cannot be decided. Both are refused with example lines, unless the user names the order.
 */

/** How a file's dates are read: ISO only, month-first or day-first spreadsheet dates. */
export type DateOrder = 'iso' | 'mdy' | 'dmy';

/** One date value seen in a file, where it was. */
export interface DateExample {
  line: number;
  field: string;
  value: string;
}

/** What a pass over a file's date columns found. */
export interface DateEvidence {
  /** Spreadsheet dates that read only month-first (second part above 12). */
  monthFirst: number;
  /** Spreadsheet dates that read only day-first (first part above 12). */
  dayFirst: number;
  /** Spreadsheet dates that read either way (both parts 12 or less). */
  either: number;
  examples: { monthFirst: DateExample[]; dayFirst: DateExample[]; either: DateExample[] };
}

/** The decision, with the words recorded in provenance. */
export type DateOrderDecision =
  | { ok: true; order: DateOrder; basis: string }
  | { ok: false; reason: string; example?: DateExample };

const show = (e: DateExample): string => `line ${e.line} ${e.field} "${e.value}"`;
const shown = (list: DateExample[]): string => list.slice(0, 3).map(show).join(', ');
const n = (x: number): string => x.toLocaleString('en-US');

/** Decides a file's date order from its evidence (or takes the user's `--date-order`). */
export function decideDateOrder(evidence: DateEvidence | undefined, forced?: DateOrder): DateOrderDecision {
  if (forced) return { ok: true, order: forced, basis: `${forced}: given with --date-order` };
  if (!evidence || evidence.monthFirst + evidence.dayFirst + evidence.either === 0) {
    return { ok: true, order: 'iso', basis: 'iso: no spreadsheet (d/m or m/d) dates found' };
  }
  const { monthFirst, dayFirst, either, examples } = evidence;
  if (monthFirst > 0 && dayFirst > 0) {
    return {
      ok: false,
      reason: `the file mixes date orders: ${n(monthFirst)} date(s) read only month-first (${shown(examples.monthFirst)}) and ` +
        `${n(dayFirst)} only day-first (${shown(examples.dayFirst)}); fix the file, or name the order with --date-order mdy|dmy ` +
        '(rows that do not read in that order are then rejected)',
      example: examples.dayFirst[0],
    };
  }
  if (monthFirst === 0 && dayFirst === 0) {
    return {
      ok: false,
      reason: `cannot decide the date order: all ${n(either)} spreadsheet date(s) read both month-first and day-first ` +
        `(${shown(examples.either)}); name it with --date-order mdy or --date-order dmy`,
      example: examples.either[0],
    };
  }
  const order: DateOrder = monthFirst > 0 ? 'mdy' : 'dmy';
  const decisive = monthFirst > 0 ? monthFirst : dayFirst;
  const first = (monthFirst > 0 ? examples.monthFirst : examples.dayFirst)[0];
  return {
    ok: true,
    order,
    basis: `${order}: ${n(decisive)} date(s) read only ${order === 'mdy' ? 'month' : 'day'}-first (first: ${first ? show(first) : '?'}), ` +
      `none the other way; ${n(either)} read either way`,
  };
}

/** Parses a `--date-order` value. */
export function parseDateOrder(text: string): DateOrder | undefined {
  const t = text.toLowerCase();
  return t === 'mdy' || t === 'dmy' || t === 'iso' ? t : undefined;
}
