// Dates as integer day numbers (days since 1970-01-01, UTC), formatted through lookup tables built once:
// a million rows need several dates each, and Date objects per row would dominate the run time.

const MS_PER_DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2015, 0, 1) / MS_PER_DAY;
const LAST_DAY = Date.UTC(2040, 11, 31) / MS_PER_DAY;

const isoTable: string[] = [];
const fiscalYearTable: number[] = [];
for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
  const d = new Date(day * MS_PER_DAY);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  isoTable.push(`${year}-${pad2(month)}-${pad2(d.getUTCDate())}`);
  // The federal fiscal year starts on 1 October: 2023-10-05 is in FY2024.
  fiscalYearTable.push(month >= 10 ? year + 1 : year);
}

/** Day number of an ISO date "YYYY-MM-DD". */
export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

/** "YYYY-MM-DD" of a day number. */
export function isoDate(day: number): string {
  const s = isoTable[day - FIRST_DAY];
  if (s === undefined) throw new RangeError(`day ${day} is outside the demo calendar`);
  return s;
}

/** Federal fiscal year (1 October to 30 September) of a day number. */
export function fiscalYear(day: number): number {
  const fy = fiscalYearTable[day - FIRST_DAY];
  if (fy === undefined) throw new RangeError(`day ${day} is outside the demo calendar`);
  return fy;
}

/** First day of a fiscal year (1 October of the year before). */
export function fiscalYearStart(fy: number): number {
  return Date.UTC(fy - 1, 9, 1) / MS_PER_DAY;
}

/** Last day of a fiscal year (30 September). */
export function fiscalYearEnd(fy: number): number {
  return Date.UTC(fy, 8, 30) / MS_PER_DAY;
}

/** Timestamp the way USAspending prints it: "2024-06-12 10:08:35+00". */
export function timestamp(day: number, secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  return `${isoDate(day)} ${pad2(h)}:${pad2(m)}:${pad2(secondOfDay % 60)}+00`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
