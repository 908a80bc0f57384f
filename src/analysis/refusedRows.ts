/**
 * Rows refused at ingest (the `rejects` table) that fall in an answer's scope: an agency on a basis and
 * fiscal years, a company family, or one award. A refused row keeps its raw values (header names for a
 * value problem, stored names for a version problem), so its agency, year, amount, award and recipient are
 * read back from them with the layouts' own column names; the agency abbreviation of an API projection
 * row is looked up in the agency reference. Used by the coverage block of every answer and by
 * `whosbehind rejects`.
 */
import { agencyColumn, type AgencyRef, type AgencyView } from '../entities/agencies.js';
import { LAYOUTS } from '../sources/layouts/index.js';
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';
import type { Basis } from './answer.js';
import type { FiscalYearRange } from './fiscalYears.js';
import { centsToString, toCents } from './money.js';
import { HELD_KIND_IDS, REJECT_KIND_BY_ID, rejectKindSql } from './rejectKinds.js';

/** What an answer's refused rows are filtered on. */
export type RefusedScope =
  | { kind: 'agency'; agency: Pick<AgencyRef, 'level' | 'code' | 'codes'>; basis: Basis; fiscalYears?: FiscalYearRange }
  | { kind: 'company'; familyId: string; fiscalYears?: FiscalYearRange }
  | { kind: 'award'; awardKey: string }
  | { kind: 'all' };

export interface RefusedRow {
  file: string;
  line: number;
  field: string | null;
  reason: string;
  kind: string;
  /** The record is in the store anyway (a repeat or another version): the row adds nothing. */
  recordHeld: boolean;
  view: AgencyView | null;
  /** The row's amount as written, when it reads as an exact decimal. */
  amount: string | null;
  /** The amount text as written, when it does not. */
  amountText: string | null;
  fiscalYear: number | null;
  snapshotId: number;
}

/** Stored column → every name it has in a raw reject (its own, and each layout's header name for it). */
function rawNames(stored: string): string[] {
  const names = new Set([stored]);
  for (const l of LAYOUTS) {
    const header = l.rename?.[stored];
    if (header) names.add(header);
  }
  return [...names];
}

/** SQL text of a stored column read from a reject's raw JSON (x.raw), NULL when absent or blank. */
function raw(stored: string): string {
  const parts = rawNames(stored).map((n) => `nullif(trim(json_extract_string(x.raw, ${literal(`$."${n.replaceAll('"', '\\"')}"`)})), '')`);
  return parts.length === 1 ? parts[0]! : `coalesce(${parts.join(', ')})`;
}

/** The view a layout's rows go to, as SQL over the source's layout column. */
function viewSql(layoutColumn: string): string {
  const arms = LAYOUTS.filter((l) => l.target).map((l) => `WHEN ${literal(l.id)} THEN ${literal(l.target!.view)}`);
  return `CASE ${layoutColumn} ${arms.join(' ')} END`;
}

/** Per view: the amount, fiscal-year and date columns a figure of that view reads. */
const VIEW_FIELDS: Record<AgencyView, { amount: string; fy: string[]; date: string[]; awardKey: string }> = {
  transactions: { amount: 'federal_action_obligation', fy: ['action_date_fiscal_year'], date: ['action_date'], awardKey: 'contract_award_unique_key' },
  award_summaries: {
    amount: 'total_obligated_amount', fy: ['award_latest_action_date_fiscal_year', 'award_base_action_date_fiscal_year'],
    date: ['award_latest_action_date', 'award_base_action_date'], awardKey: 'contract_award_unique_key',
  },
  subawards: { amount: 'subaward_amount', fy: ['subaward_action_date_fiscal_year'], date: ['subaward_action_date'], awardKey: 'prime_award_unique_key' },
};

const VIEWS = Object.keys(VIEW_FIELDS) as AgencyView[];

/** SQL choosing an expression by the reject's view. */
function perView(make: (view: AgencyView) => string): string {
  return `CASE x.view ${VIEWS.map((v) => `WHEN ${literal(v)} THEN ${make(v)}`).join(' ')} END`;
}

/** A date as written (ISO, or a spreadsheet's m/d/yy or m/d/yyyy) to DATE, without the loader's macros. */
function dateSql(text: string): string {
  const first = `split_part(trim(${text}), ' ', 1)`;
  return `coalesce(try_cast(left(trim(${text}), 10) AS DATE), CAST(try_strptime(${first}, '%m/%d/%Y') AS DATE), CAST(try_strptime(${first}, '%m/%d/%y') AS DATE))`;
}

function fiscalYearOfRaw(view: AgencyView): string {
  const f = VIEW_FIELDS[view];
  const fromFy = f.fy.map((c) => `try_cast(${raw(c)} AS INTEGER)`);
  const fromDate = f.date.map((c) => {
    const d = dateSql(raw(c));
    return `CAST(year(${d}) + CASE WHEN month(${d}) >= 10 THEN 1 ELSE 0 END AS INTEGER)`;
  });
  return `coalesce(${[...fromFy, ...fromDate].join(', ')})`;
}

/**
 * SQL boolean over x (a reject with its view) and ab (the agency reference rows its abbreviation names):
 * the row names the agency on the basis. The abbreviation counts only where the coded fields are absent.
 */
function agencySql(ref: Pick<AgencyRef, 'level' | 'code' | 'codes'>, basis: Basis): string {
  const codes = [...new Set([ref.code, ...(ref.codes ?? [])])].map(literal).join(', ');
  const side = (b: 'awarding' | 'funding'): string => perView((view) => {
    const column = agencyColumn(ref.level, b, view);
    if (!column) return 'FALSE';
    const coded = `coalesce(${raw(column)} IN (${codes}), FALSE)`;
    if (b === 'funding' || view !== 'transactions' || ref.level === 'office') return coded;
    // API projection rows: the awarding subtier by abbreviation (any subtier of the reference it can name)
    const viaAbbreviation = ref.level === 'subtier'
      ? `list_has_any(ab.subtiers, [${codes}])` : `list_has_any(ab.toptiers, [${codes}])`;
    return `(${coded} OR (${raw(column)} IS NULL AND coalesce(${viaAbbreviation}, FALSE)))`;
  });
  if (basis === 'awarding') return side('awarding');
  if (basis === 'funding') return side('funding');
  return `(${side('awarding')} OR ${side('funding')})`;
}

function familySql(familyId: string): string {
  const fam = literal(familyId);
  // a refused row is the family's when its identifiers or its name as written are a member's
  const member = (uei: string, duns: string, name: string): string => `(
    ${raw(uei)} IN (SELECT uei FROM entity_rows WHERE family_id = ${fam} AND uei <> '')
    OR ${raw(duns)} IN (SELECT duns FROM entity_rows WHERE family_id = ${fam} AND duns <> '')
    OR upper(${raw(name)}) IN (SELECT upper(name) FROM entity_rows WHERE family_id = ${fam} AND name <> ''))`;
  return perView((view) => view === 'subawards'
    ? `coalesce(${member('subawardee_uei', 'subawardee_duns', 'subawardee_name')} OR ${member('prime_awardee_uei', 'prime_awardee_duns', 'prime_awardee_name')}, FALSE)`
    : `coalesce(${member('recipient_uei', 'recipient_duns', 'recipient_name')}, FALSE)`);
}

function scopeSql(scope: RefusedScope): string {
  const fyCond = (fy: FiscalYearRange | undefined): string =>
    fy ? `(x.fy IS NULL OR x.fy BETWEEN ${Math.trunc(fy.from)} AND ${Math.trunc(fy.to)})` : 'TRUE';
  switch (scope.kind) {
    case 'agency': return `${agencySql(scope.agency, scope.basis)} AND ${fyCond(scope.fiscalYears)}`;
    case 'company': return `${familySql(scope.familyId)} AND ${fyCond(scope.fiscalYears)}`;
    case 'award': return `coalesce(${perView((v) => raw(VIEW_FIELDS[v].awardKey))} = ${literal(scope.awardKey)}, FALSE)`;
    case 'all': return 'TRUE';
  }
}

/** The rejects of data rows (not reference lists or feeds) with their view, kind, fiscal year and amount, as SQL. */
function refusedSql(scope: RefusedScope): string {
  const abbreviation = raw('awarding_sub_agency_abbreviation');
  return `WITH x0 AS (
      SELECT r.snapshot_id, r.source_id, r.line, r.field, r.reason, r.raw, s.name AS file, s.layout,
             ${viewSql('s.layout')} AS view, ${rejectKindSql('r.reason', 's.layout')} AS kind
      FROM rejects r JOIN sources s USING (source_id)),
    x AS (SELECT x.*, ${perView(fiscalYearOfRaw)} AS fy, ${perView((v) => raw(VIEW_FIELDS[v].amount))} AS amount_text,
             ${abbreviation} AS abbr
          FROM x0 x WHERE x.view IN (${VIEWS.map(literal).join(', ')})),
    ab AS (SELECT subtier_abbreviation AS abbr, list(DISTINCT subtier_code) AS subtiers, list(DISTINCT cgac_agency_code) AS toptiers
           FROM agency_code_current WHERE subtier_abbreviation IS NOT NULL GROUP BY 1)
    SELECT x.file, x.line, x.field, x.reason, x.kind, x.view, x.snapshot_id, x.fy,
           x.amount_text, CAST(try_cast(trim(x.amount_text) AS DECIMAL(18,2)) AS VARCHAR) AS amount
    FROM x LEFT JOIN ab ON ab.abbr = x.abbr
    WHERE ${scopeSql(scope)}`;
}

/** Every refused data row in the scope, in file and line order (at most `limit`). */
export async function refusedRows(db: Database, scope: RefusedScope, limit = 10_000): Promise<RefusedRow[]> {
  const rows = await db.all(`${refusedSql(scope)} ORDER BY x.file, x.line LIMIT ${Math.max(0, Math.floor(limit))}`);
  return rows.map((r) => {
    const amount = (r['amount'] as string | null) ?? null;
    const kind = String(r['kind']);
    return {
      file: String(r['file']), line: Number(r['line']), field: (r['field'] as string | null) ?? null, reason: String(r['reason']),
      kind, recordHeld: HELD_KIND_IDS.includes(kind), view: (r['view'] as AgencyView | null) ?? null,
      amount, amountText: amount === null ? ((r['amount_text'] as string | null) ?? null) : null,
      fiscalYear: r['fy'] === null ? null : Number(r['fy']), snapshotId: Number(r['snapshot_id']),
    };
  });
}

/** Refused rows in a scope, summed by kind. */
export interface RefusedSummary {
  rows: number;
  /** Rows whose record the store holds anyway (repeats, other versions). */
  recordHeld: number;
  /** Rows whose record is not in the store: what the answer may lack. */
  missing: { rows: number; amount: string; readableRows: number; unreadable: number; noYear: number };
  kinds: Array<{ kind: string; label: string; recordHeld: boolean; rows: number; example: { file: string; line: number; field: string | null; reason: string } }>;
}

/** Counts and sums of the refused rows in a scope, with one real example per kind. */
export async function refusedSummary(db: Database, scope: RefusedScope): Promise<RefusedSummary> {
  const rows = await db.all(`WITH q AS (${refusedSql(scope)})
    SELECT kind, count(*) AS n,
      count(*) FILTER (WHERE amount IS NOT NULL) AS amount_rows,
      CAST(coalesce(sum(CAST(amount AS DECIMAL(18,2))), 0) AS VARCHAR) AS amount,
      count(*) FILTER (WHERE amount IS NULL AND amount_text IS NOT NULL) AS unreadable,
      count(*) FILTER (WHERE fy IS NULL) AS no_year,
      arg_min({'file': file, 'line': line, 'field': field, 'reason': reason}, file || lpad(CAST(line AS VARCHAR), 12, '0')) AS example
    FROM q GROUP BY kind ORDER BY n DESC, kind`);
  const out: RefusedSummary = { rows: 0, recordHeld: 0, missing: { rows: 0, amount: '0.00', readableRows: 0, unreadable: 0, noYear: 0 }, kinds: [] };
  let cents = 0n;
  for (const r of rows) {
    const kind = String(r['kind']);
    const k = REJECT_KIND_BY_ID.get(kind)!;
    const n = Number(r['n']);
    out.rows += n;
    if (k.recordHeld) out.recordHeld += n;
    else {
      out.missing.rows += n;
      out.missing.readableRows += Number(r['amount_rows']);
      out.missing.unreadable += Number(r['unreadable']);
      out.missing.noYear += Number(r['no_year']);
      cents += toCents(r['amount'] as string);
    }
    const e = r['example'] as { file: string; line: number | string; field: string | null; reason: string };
    out.kinds.push({
      kind, label: k.label, recordHeld: k.recordHeld, rows: n,
      example: { file: String(e.file), line: Number(e.line), field: e.field ?? null, reason: String(e.reason) },
    });
  }
  out.missing.amount = centsToString(cents);
  return out;
}
