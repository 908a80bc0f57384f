/** Helpers the page declarations share: CSV tables, fiscal-year and basis parameters, links. */
import { parseFiscalYears, type FiscalYearRange } from '../../analysis/fiscalYears.js';
import type { QueryResult } from '../../store/queryResult.js';
import type { ParamSpec, Params } from '../endpoint.js';
import { href } from '../html.js';

/** A CSV table from row objects; `numeric` columns are never formula-neutralised ("-12.50" is a de-obligation). */
export function csvTable(rows: Array<Record<string, unknown>>, columns: readonly string[], numeric: readonly string[] = []): QueryResult {
  return { columns: columns.map((name) => ({ name, type: '', numeric: numeric.includes(name) })), rows };
}

export const FY_PARAM: ParamSpec = { name: 'fy', type: 'string', maxLength: 20, description: 'fiscal years: 2022, 2021..2023 or 2021.. (1 October to 30 September)' };

export function fiscalYears(p: Params): FiscalYearRange | undefined {
  return parseFiscalYears(p['fy'] === undefined ? undefined : String(p['fy']));
}

export const companyLink = (familyId: string): string => href('/company', { q: familyId });
export const agencyLink = (code: string): string => href('/agency', { q: code });
export const awardLink = (key: string): string => href('/award', { id: key });

/** The JSON and CSV links of a page (its API twin with the same query). */
export function dataLinks(api: string, query: Record<string, string>, csv = true): { json: string; csv?: string } {
  return { json: href(api, query), ...(csv ? { csv: href(api, { ...query, format: 'csv' }) } : {}) };
}

/** A graph node id as a page link: families to company pages, agencies to agency pages. */
export function nodeLink(node: string): string | undefined {
  if (node.startsWith('family:')) return companyLink(node.slice('family:'.length));
  if (node.startsWith('agency:')) return agencyLink(node.slice('agency:'.length));
  return undefined;
}

export const MONEY_NOTE = 'Money in JSON is an exact decimal string (e.g. "-1250.00"); negative amounts are de-obligations.';
