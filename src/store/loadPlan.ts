import type { DateOrder } from '../sources/dateOrder.js';
import type { LayoutDecl } from '../sources/layouts/index.js';
import { ident, literal } from './sql.js';
import { sqlType } from './schema.js';
import type { ColumnDecl, ColumnType, TableDecl } from './tables.js';

/** Columns an agency-abbreviation layout takes from the agency reference rather than the file. */
export const AGENCY_RESOLVED = [
  'awarding_sub_agency_code', 'awarding_sub_agency_name', 'awarding_agency_code', 'awarding_agency_name',
] as const;

const CONVERTERS: Record<ColumnType, string> = {
  text: 'wb_text', money: 'wb_money', date: 'wb_date', timestamp: 'wb_ts', int: 'wb_int', bool: 'wb_bool',
};

/** Date and timestamp converters per decided date order (src/sources/dateOrder.ts). */
const DATE_CONVERTERS: Record<DateOrder, { date: string; timestamp: string }> = {
  mdy: { date: 'wb_date', timestamp: 'wb_ts' },
  dmy: { date: 'wb_date_dmy', timestamp: 'wb_ts_dmy' },
  iso: { date: 'wb_date_iso', timestamp: 'wb_ts_iso' },
};

/** How one file is to be read, beyond its layout and header. */
export interface PlanOptions {
  /** The file's date order; default `mdy`, which also reads ISO dates. */
  dateOrder?: DateOrder;
  /** Every row must fit the layout (types and declared code patterns), or the file is refused. */
  strict?: boolean;
}

const TYPE_WORDS: Record<ColumnType, string> = {
  text: 'text', money: 'an exact amount (digits, optional sign, at most 2 decimals)', date: 'a date',
  timestamp: 'a date and time', int: 'a whole number', bool: 'TRUE or FALSE',
};

/** What a rejected date's reason adds about the file's date order. */
function dateNote(type: ColumnType, order: DateOrder): string {
  if (type !== 'date' && type !== 'timestamp') return '';
  if (order === 'dmy') return ' (this file\'\'s dates are day-first)';
  if (order === 'iso') return ' (the file\'\'s first MiB holds no spreadsheet dates, so only ISO dates are read; name the order with --date-order mdy|dmy)';
  return '';
}

/** How one stored column is produced from a file of a given layout. */
export interface ColumnPlan {
  decl: ColumnDecl;
  /** SQL text expression over the staged row `r`, or undefined when the file lacks the column. */
  raw?: string;
  /** SQL typed expression over `r` (and `c` for resolved columns). */
  typed: string;
}

/** Everything the loader needs to know about one file: which columns to stage and how to type them. */
export interface LoadPlan {
  layout: LayoutDecl;
  target: TableDecl;
  /** Header column → staged column name (the stored name). */
  staged: Array<{ header: string; as: string }>;
  columns: ColumnPlan[];
  keyExpr: string;
  deleteExpr: string;
  versionExpr: string;
  /** SQL for each rejection check: [field, condition, reason expression]. */
  checks: Array<{ field: string; when: string; reason: string }>;
  dateOrder: DateOrder;
  strict: boolean;
}

/** Derives the load plan of a layout for a file with this header. */
export function planLoad(layout: LayoutDecl, header: readonly string[], options: PlanOptions = {}): LoadPlan {
  const dateOrder = options.dateOrder ?? 'mdy';
  const strict = options.strict ?? false;
  const converter = (type: ColumnType): string =>
    (type === 'date' || type === 'timestamp' ? DATE_CONVERTERS[dateOrder][type] : CONVERTERS[type]);
  const target = layout.target;
  if (!target) throw new Error(`layout ${layout.id} is not loadable`);
  const inHeader = new Set(header);
  const rename = layout.rename ?? {};
  const derived = layout.derived ?? {};
  const resolved = new Set<string>(layout.agencyAbbreviation ? AGENCY_RESOLVED : []);
  const fyDerived = new Map((layout.fiscalYearDerived ?? []).map(([d, fy]) => [fy, d]));
  const neverStored = new Set(layout.neverStored ?? []);

  const staged: LoadPlan['staged'] = [];
  for (const decl of target.columns) {
    const source = rename[decl.name] ?? decl.name;
    if (derived[decl.name] === undefined && inHeader.has(source) && !neverStored.has(source)) {
      staged.push({ header: source, as: decl.name });
    }
  }
  if (layout.deleteFlag && inHeader.has(layout.deleteFlag.column)) {
    staged.push({ header: layout.deleteFlag.column, as: layout.deleteFlag.column });
  }
  // A derived value may also read a header column that is not stored (a legacy "CODE: NAME" field).
  const storedNames = new Set(target.columns.map((c) => c.name));
  for (const expr of Object.values(derived)) {
    for (const [, quoted] of expr.matchAll(/r\."((?:[^"]|"")+)"/g)) {
      const name = quoted!.replaceAll('""', '"');
      if (inHeader.has(name) && !storedNames.has(name) && !neverStored.has(name) && !staged.some((s) => s.as === name)) {
        staged.push({ header: name, as: name });
      }
    }
  }
  const stagedNames = new Set(staged.map((s) => s.as));

  const columns: ColumnPlan[] = target.columns.map((decl) => {
    const conv = converter(decl.type);
    if (resolved.has(decl.name)) return { decl, typed: `c.${ident(decl.name)}` };
    const declared = derived[decl.name];
    // a derived value may read a column this file lacks (e.g. a subaward export without report ids): NULL
    const d = declared?.replace(/r\."((?:[^"]|"")+)"/g, (m, name: string) => (stagedNames.has(name.replaceAll('""', '"')) || inHeader.has(name.replaceAll('""', '"')) ? m : 'CAST(NULL AS VARCHAR)'));
    if (d !== undefined) return { decl, raw: d, typed: `${conv}(${d})` };
    if (stagedNames.has(decl.name)) {
      const raw = `r.${ident(decl.name)}`;
      return { decl, raw, typed: `${conv}(${raw})` };
    }
    const dateCol = fyDerived.get(decl.name);
    if (dateCol !== undefined && stagedNames.has(dateCol)) {
      return { decl, typed: `wb_fy(${converter('date')}(r.${ident(dateCol)}))` };
    }
    return { decl, typed: 'NULL' };
  });
  const byName = new Map(columns.map((c) => [c.decl.name, c]));
  const typedOf = (name: string): string => byName.get(name)?.typed ?? 'NULL';

  const deleteExpr = layout.deleteFlag && stagedNames.has(layout.deleteFlag.column)
    ? `coalesce(upper(trim(r.${ident(layout.deleteFlag.column)})) = '${layout.deleteFlag.value}', false)`
    : 'false';
  const notDeleted = (cond: string): string => (deleteExpr === 'false' ? cond : `NOT (${deleteExpr}) AND ${cond}`);

  const checks: LoadPlan['checks'] = [];
  const key = target.key;
  checks.push({ field: key, when: `${typedOf(key)} IS NULL`, reason: `'field ${key}: required value is empty'` });
  for (const name of layout.required) {
    if (name === key) continue;
    const plan = byName.get(name);
    if (!plan?.raw) continue; // absent from the header: caught as a layout problem, not per row
    checks.push({ field: name, when: notDeleted(`wb_text(${plan.raw}) IS NULL`), reason: `'field ${name}: required value is empty'` });
  }
  for (const plan of columns) {
    if (!plan.raw || plan.decl.type === 'text') continue;
    checks.push({
      field: plan.decl.name,
      when: notDeleted(`wb_text(${plan.raw}) IS NOT NULL AND ${plan.typed} IS NULL`),
      reason: `'field ${plan.decl.name}: cannot read ' || wb_show(${plan.raw}) || ' as ${TYPE_WORDS[plan.decl.type]}${dateNote(plan.decl.type, dateOrder)}'`,
    });
  }
  if (strict) {
    for (const [name, pattern] of Object.entries(layout.codes ?? {})) {
      const plan = byName.get(name);
      if (!plan?.raw) continue;
      checks.push({
        field: name,
        when: `wb_text(${plan.raw}) IS NOT NULL AND NOT regexp_full_match(wb_text(${plan.raw}), ${literal(pattern)})`,
        reason: `'field ${name}: ' || wb_show(${plan.raw}) || ' is not a code of the form ' || ${literal(pattern)}`,
      });
    }
  }
  for (const [dateCol, fyCol] of layout.fiscalYearChecks ?? []) {
    const date = byName.get(dateCol), fy = byName.get(fyCol);
    if (!date?.raw || !fy?.raw) continue;
    checks.push({
      field: fyCol,
      when: notDeleted(`${date.typed} IS NOT NULL AND ${fy.typed} IS NOT NULL AND ${fy.typed} <> wb_fy(${date.typed})`),
      reason: `'field ${fyCol}: says ' || ${fy.typed} || ' but ${dateCol} ' || wb_show(${date.raw}) || ' falls in fiscal year ' || wb_fy(${date.typed}) || ' (misread date?)'`,
    });
  }
  if (layout.agencyAbbreviation) {
    const abbr = typedOf(layout.agencyAbbreviation.column);
    const keyAgency = `split_part(${typedOf(layout.agencyAbbreviation.keyAgencyColumn)}, '_', 4)`;
    checks.push({
      field: layout.agencyAbbreviation.column,
      when: `${abbr} IS NOT NULL AND c.awarding_sub_agency_code IS NULL`,
      reason: `'field ${layout.agencyAbbreviation.column}: ' || wb_show(${abbr}) || ' is not a subtier abbreviation of agency ' || wb_show(${keyAgency}) || ' (the awarding agency in the award id) in the agency reference'`,
    });
  }

  const versionDecl = target.columns.find((c) => c.name === target.versionColumn);
  const version = versionDecl ? `CAST(${typedOf(versionDecl.name)} AS ${sqlType(versionDecl.type)})` : 'NULL';
  return { layout, target, staged, columns, keyExpr: typedOf(key), deleteExpr, versionExpr: version, checks, dateOrder, strict };
}
