/**
 * The OMB budget authority table as USAspending ships it (`budget_authority.csv`, from the Public
 * Budget Database): one row per account, BEA category and on/off-budget status, one column per fiscal
 * year (1976, the transition quarter TQ, 1977 …), amounts in THOUSANDS of dollars as "1,234" strings,
 * receipts negative. Read into exact dollars (thousands × 1000, BigInt), one amount per year; a cell
 * that is not a number is refused with file, line and column.
 */
import { BadInputError } from '../../errors.js';
import { csvRecords } from '../csvRecords.js';

/** Identifying columns, by their names in the file. */
export const BUDGET_AUTHORITY_COLUMNS = [
  'Agency Code', 'Agency Name', 'Bureau Code', 'Bureau Name', 'Account Code', 'Account Name',
  'Treasury Agency Code', 'Subfunction Code', 'Subfunction Title', 'BEA Category', 'On- or Off- Budget',
] as const;

/**
 * One year's budget authority of one row, as exact integer text (no separators), or null where the
 * cell is empty (missing, not zero). Dollars are the thousands with three zeros appended: exact.
 */
export interface BudgetAmount {
  /** "1976" … "2022", or "TQ" for the 1976 transition quarter (July–September 1976). */
  period: string;
  /** The fiscal year as a number; null for TQ. */
  fiscalYear: number | null;
  thousands: string | null;
  dollars: string | null;
}

/** One account row of the table. */
export interface BudgetAuthorityRow {
  line: number;
  ombAgencyCode: string;
  ombAgencyName: string;
  bureauCode: string;
  bureauName: string;
  accountCode: string;
  accountName: string;
  treasuryAgencyCode: string;
  subfunctionCode: string;
  subfunctionTitle: string;
  beaCategory: string;
  onOffBudget: string;
  amounts: BudgetAmount[];
}

/** The whole table: its year columns in file order and its rows. */
export interface BudgetAuthorityTable {
  periods: string[];
  rows: BudgetAuthorityRow[];
}

const NUMBER = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)$/;

/** Parses one "1,234" / "-10,000" / "0" cell into integer text of thousands; throws with file, line and column. */
export function parseThousands(cell: string, file: string, line: number, column: string): string | null {
  if (cell === '0') return cell; // most cells: fast path
  const t = cell.trim();
  if (t === '') return null;
  if (!NUMBER.test(t)) throw new BadInputError({ file, line, field: column }, `"${t.slice(0, 40)}" is not a number of thousands of dollars`);
  const digits = t.includes(',') ? t.replace(/,/g, '') : t;
  const canonical = digits.replace(/^(-?)0+(?=\d)/, '$1');
  return canonical === '-0' ? '0' : canonical;
}

/** Thousands as integer text → dollars as integer text (exact: three zeros appended, 0 stays 0). */
export const thousandsToDollars = (thousands: string): string => (thousands === '0' ? '0' : `${thousands}000`);

/** Does this header look like the OMB budget authority table? */
export function isBudgetAuthorityHeader(columns: readonly string[]): boolean {
  return BUDGET_AUTHORITY_COLUMNS.every((c) => columns.includes(c)) && columns.some((c) => /^\d{4}$/.test(c));
}

/** Parses the whole table; any bad cell or short row refuses the file (nothing is half-read). */
export function parseBudgetAuthority(text: string, file: string): BudgetAuthorityTable {
  const records = csvRecords(text, file);
  const head = records.next();
  if (head.done) throw new BadInputError({ file }, 'file is empty (not even a header line)');
  const header = head.value.fields.map((h) => h.trim());
  const missing = BUDGET_AUTHORITY_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new BadInputError({ file, line: 1 }, `not the OMB budget authority table: no column ${missing.map((m) => `"${m}"`).join(', ')}`);
  const idx = Object.fromEntries(BUDGET_AUTHORITY_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof BUDGET_AUTHORITY_COLUMNS)[number], number>;
  const yearCols = header.map((h, i) => ({ h, i })).filter(({ h }) => /^\d{4}$/.test(h) || h === 'TQ');
  if (!yearCols.length) throw new BadInputError({ file, line: 1 }, 'no fiscal-year columns (1976 … 2022)');
  const seen = new Set<string>();
  for (const { h } of yearCols) {
    if (seen.has(h)) throw new BadInputError({ file, line: 1, field: h }, `fiscal year ${h} appears twice in the header`);
    seen.add(h);
  }
  const rows: BudgetAuthorityRow[] = [];
  for (const { line, fields } of records) {
    if (fields.length !== header.length) throw new BadInputError({ file, line }, `${fields.length} fields where the header has ${header.length}`);
    const f = (c: (typeof BUDGET_AUTHORITY_COLUMNS)[number]): string => fields[idx[c]]!.trim();
    const amounts: BudgetAmount[] = yearCols.map(({ h, i }) => {
      const thousands = parseThousands(fields[i]!, file, line, h);
      return { period: h, fiscalYear: h === 'TQ' ? null : Number(h), thousands, dollars: thousands === null ? null : thousandsToDollars(thousands) };
    });
    rows.push({
      line,
      ombAgencyCode: f('Agency Code'), ombAgencyName: f('Agency Name'),
      bureauCode: f('Bureau Code'), bureauName: f('Bureau Name'),
      accountCode: f('Account Code'), accountName: f('Account Name'),
      treasuryAgencyCode: f('Treasury Agency Code'),
      subfunctionCode: f('Subfunction Code'), subfunctionTitle: f('Subfunction Title'),
      beaCategory: f('BEA Category'), onOffBudget: f('On- or Off- Budget'),
      amounts,
    });
  }
  return { periods: yearCols.map((y) => y.h), rows };
}
