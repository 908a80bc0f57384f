import type { FiscalYearRange } from '../../analysis/fiscalYears.js';

/** An inclusive range of action dates, as ISO days: the API's time_period. */
export interface DateRange {
  start: string;
  end: string;
}

const DAY = 86_400_000;
const toMs = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const toIso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** 1 October of from-1 to 30 September of to. */
export function fiscalYearDates(fy: FiscalYearRange): DateRange {
  return { start: `${fy.from - 1}-10-01`, end: `${fy.to}-09-30` };
}

/** Days in a range, both ends included. */
export function rangeDays(r: DateRange): number {
  return Math.round((toMs(r.end) - toMs(r.start)) / DAY) + 1;
}

/** Splits a range into two halves (the first holding the extra day); a one-day range cannot be split. */
export function splitRange(r: DateRange): [DateRange, DateRange] | undefined {
  const days = rangeDays(r);
  if (days < 2) return undefined;
  const firstEnd = toMs(r.start) + (Math.ceil(days / 2) - 1) * DAY;
  return [{ start: r.start, end: toIso(firstEnd) }, { start: toIso(firstEnd + DAY), end: r.end }];
}

/** One range per fiscal year, so pages and caches stay per year (and the 50,000 cap is met less often). */
export function fiscalYearSlices(fy: FiscalYearRange): DateRange[] {
  const out: DateRange[] = [];
  for (let y = fy.from; y <= fy.to; y++) out.push(fiscalYearDates({ from: y, to: y }));
  return out;
}

export function describeRange(r: DateRange): string {
  return `${r.start}..${r.end}`;
}
