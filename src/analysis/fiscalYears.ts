import { UsageError } from '../errors.js';

/** An inclusive range of federal fiscal years (1 October of from-1 to 30 September of to). */
export interface FiscalYearRange {
  from: number;
  to: number;
}

/**
 * Parses `--fy`: "2022", "2021..2023", "2021-2023", "FY2021..FY2023", "2021,2022" (must be contiguous),
 * "2021.." (open end) or "..2023". Undefined or empty means all years.
 */
export function parseFiscalYears(text: string | undefined): FiscalYearRange | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const clean = text.trim().toUpperCase().replace(/FY\s*/g, '');
  const year = (s: string, fallback: number): number => {
    if (s === '') return fallback;
    if (!/^\d{4}$/.test(s)) throw new UsageError(`--fy: "${text}" is not a fiscal year or range (e.g. 2022, 2021..2023)`);
    const n = Number(s);
    if (n < 1970 || n > 2100) throw new UsageError(`--fy: ${n} is out of range (1970..2100)`);
    return n;
  };
  let range: FiscalYearRange;
  const m = /^(\d*)\s*(?:\.\.|-|–|:)\s*(\d*)$/.exec(clean);
  if (m && (m[1] !== '' || m[2] !== '')) {
    range = { from: year(m[1]!, 1970), to: year(m[2]!, 2100) };
  } else if (clean.includes(',')) {
    const years = clean.split(',').map((s) => year(s.trim(), NaN)).sort((a, b) => a - b);
    for (let i = 1; i < years.length; i++) {
      if (years[i] !== years[i - 1]! + 1) throw new UsageError(`--fy: years must be contiguous; use a range such as ${years[0]}..${years.at(-1)}`);
    }
    range = { from: years[0]!, to: years.at(-1)! };
  } else {
    const y = year(clean, NaN);
    range = { from: y, to: y };
  }
  if (range.from > range.to) throw new UsageError(`--fy: ${range.from} is after ${range.to}`);
  return range;
}

/** "FY2021–FY2023", "FY2022", "all fiscal years". */
export function describeFiscalYears(range: FiscalYearRange | undefined): string {
  if (!range) return 'all fiscal years';
  if (range.from === range.to) return `FY${range.from}`;
  if (range.from <= 1970) return `through FY${range.to}`;
  if (range.to >= 2100) return `FY${range.from} onwards`;
  return `FY${range.from}–FY${range.to}`;
}

/** Fiscal year of an ISO date: October–December belong to the next year. */
export function fiscalYearOf(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})/.exec(isoDate);
  if (!m) throw new Error(`not an ISO date: ${isoDate}`);
  const y = Number(m[1]);
  return Number(m[2]) >= 10 ? y + 1 : y;
}

/** SQL condition over an integer fiscal-year column (no condition when the range is undefined). */
export function fiscalYearSql(column: string, range: FiscalYearRange | undefined): string {
  if (!range) return 'TRUE';
  return `(${column} BETWEEN ${range.from} AND ${range.to})`;
}
