/**
 * Readers for the USAspending agency budget endpoints, per their published API contracts
 * (usaspending_api/api_contracts/contracts/v2/agency/toptier_code/*.md):
 *   GET /api/v2/agency/<toptier>/budgetary_resources/               budgetary resources, obligations, outlays by year
 *   GET /api/v2/agency/<toptier>/federal_account/?fiscal_year=&page= federal accounts and their Treasury accounts
 *   GET /api/v2/agency/<toptier>/object_class/?fiscal_year=&page=    obligations by object class
 * Amounts stay exact decimal text (parseJsonExact); a missing required field is refused with its JSON
 * pointer. These are budgetary RESOURCES and OBLIGATIONS from agency financial reports (File A/B), not
 * OMB budget authority: the answers keep the two apart.
 */
import { FetchError } from '../../errors.js';
import { parseJsonExact } from './exactJson.js';

export const BUDGETARY_RESOURCES = (toptier: string): string => `/api/v2/agency/${toptier}/budgetary_resources/`;
export const FEDERAL_ACCOUNT = (toptier: string, fy: number, page: number): string => `/api/v2/agency/${toptier}/federal_account/?fiscal_year=${fy}&page=${page}&limit=100`;
export const OBJECT_CLASS = (toptier: string, fy: number, page: number): string => `/api/v2/agency/${toptier}/object_class/?fiscal_year=${fy}&page=${page}&limit=100`;

/** One fiscal year of an agency's budgetary resources. */
export interface AgencyBudgetYear {
  fiscalYear: number;
  agencyBudgetaryResources: string | null;
  agencyTotalObligated: string | null;
  agencyTotalOutlayed: string | null;
  totalBudgetaryResources: string | null;
}

/** One federal account (or object class) line of a page, with its children. */
export interface BudgetLine {
  code: string | null;
  name: string;
  totalBudgetaryResources: string | null;
  obligated: string | null;
  outlayed: string | null;
  children: BudgetLine[];
}

/** One page of the federal_account or object_class list. */
export interface BudgetPage {
  toptier: string;
  fiscalYear: number;
  page: number;
  hasNext: boolean;
  results: BudgetLine[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function field(o: Obj, key: string, pointer: string, where: string): unknown {
  if (!(key in o)) throw new FetchError(`${where}: ${pointer}/${key} is missing (required by the API contract)`);
  return o[key];
}
function amount(o: Obj, key: string, pointer: string, where: string, required = true): string | null {
  const v = required ? field(o, key, pointer, where) : o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' || !/^-?\d+(?:\.\d+)?$/.test(v)) throw new FetchError(`${where}: ${pointer}/${key} is ${JSON.stringify(v)}, not a plain decimal amount`);
  return v;
}
function year(v: unknown, pointer: string, where: string): number {
  if (typeof v !== 'string' || !/^\d{4}$/.test(v)) throw new FetchError(`${where}: ${pointer} is ${JSON.stringify(v)}, not a fiscal year`);
  return Number(v);
}
function root(text: string, where: string): Obj {
  const json = parseJsonExact(text, where);
  if (!isObj(json)) throw new FetchError(`${where}: expected a JSON object`);
  return json;
}

/** budgetary_resources: the contract's attribute list says `agency_data_by_year`, its example `agency_by_year`; both are read. */
export function readBudgetaryResources(text: string, where: string): { toptier: string; years: AgencyBudgetYear[] } {
  const o = root(text, where);
  const key = 'agency_data_by_year' in o ? 'agency_data_by_year' : 'agency_by_year';
  const list = field(o, key, '', where);
  if (!Array.isArray(list)) throw new FetchError(`${where}: /${key} is not an array`);
  const years = list.map((y, i) => {
    const p = `/${key}/${i}`;
    if (!isObj(y)) throw new FetchError(`${where}: ${p} is not an object`);
    return {
      fiscalYear: year(field(y, 'fiscal_year', p, where), `${p}/fiscal_year`, where),
      agencyBudgetaryResources: amount(y, 'agency_budgetary_resources', p, where),
      agencyTotalObligated: amount(y, 'agency_total_obligated', p, where),
      agencyTotalOutlayed: amount(y, 'agency_total_outlayed', p, where, false),
      totalBudgetaryResources: amount(y, 'total_budgetary_resources', p, where),
    };
  });
  return { toptier: String(field(o, 'toptier_code', '', where)), years };
}

function line(v: unknown, p: string, where: string): BudgetLine {
  if (!isObj(v)) throw new FetchError(`${where}: ${p} is not an object`);
  const name = field(v, 'name', p, where);
  if (typeof name !== 'string') throw new FetchError(`${where}: ${p}/name is not text`);
  const kids = v['children'];
  return {
    code: typeof v['code'] === 'string' ? v['code'] : null,
    name,
    totalBudgetaryResources: amount(v, 'total_budgetary_resources', p, where, false),
    obligated: amount(v, 'obligated_amount', p, where),
    outlayed: amount(v, 'gross_outlay_amount', p, where),
    children: Array.isArray(kids) ? kids.map((k, i) => line(k, `${p}/children/${i}`, where)) : [],
  };
}

/** A page of federal_account or object_class. */
export function readBudgetPage(text: string, where: string): BudgetPage {
  const o = root(text, where);
  const meta = field(o, 'page_metadata', '', where);
  if (!isObj(meta)) throw new FetchError(`${where}: /page_metadata is not an object`);
  const results = field(o, 'results', '', where);
  if (!Array.isArray(results)) throw new FetchError(`${where}: /results is not an array`);
  return {
    toptier: String(field(o, 'toptier_code', '', where)),
    fiscalYear: year(field(o, 'fiscal_year', '', where), '/fiscal_year', where),
    page: Number(field(meta, 'page', '/page_metadata', where)),
    hasNext: field(meta, 'hasNext', '/page_metadata', where) === true,
    results: results.map((r, i) => line(r, `/results/${i}`, where)),
  };
}
