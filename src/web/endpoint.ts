/**
 * One declaration per page: its query parameters, how its data is loaded, its main table as CSV and how
 * it renders. The page (`/agency`), its JSON and CSV (`/api/agency`, `?format=csv`) and the OpenAPI
 * document are all derived from it, so they cannot drift apart.
 */
import { UsageError } from '../errors.js';
import type { QueryResult } from '../store/queryResult.js';
import type { Html } from './html.js';
import type { SqlLimits } from './safeQuery.js';
import type { SearchIndex } from './searchIndex.js';
import type { StoreView } from './storeHandle.js';

export interface ParamSpec {
  name: string;
  description: string;
  type: 'string' | 'integer';
  required?: boolean;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  default?: string | number;
  /** Longest string accepted (default 300). */
  maxLength?: number;
}

export type Params = Record<string, string | number | undefined>;

/** What a handler can use: the store, the search index, and what this server allows. */
export interface WebContext {
  /** The store as this request sees it: one generation (one snapshot) for the whole request. */
  store: StoreView;
  search: () => Promise<SearchIndex>;
  /** Documents in the search index, null while it is being built. */
  searchSize: () => number | null;
  /** Answers in the cache. */
  cachedAnswers: () => number;
  /** False on a --public server: judgements are refused. */
  canJudge: boolean;
  /** Token a judgement form must carry (cross-site request forgery). */
  csrfToken: string;
  sqlLimits: SqlLimits;
}

export interface Rendered {
  title: string;
  body: Html;
  scripts?: string[];
}

export interface Endpoint<T = unknown> {
  /** OpenAPI operationId and cache key prefix. */
  id: string;
  summary: string;
  /** The HTML page, when there is one. */
  page?: string;
  api: string;
  params: readonly ParamSpec[];
  /** Whether answers may be cached (per snapshot and store generation). */
  cache?: boolean;
  /** A description of the JSON body for the OpenAPI document. */
  responseSchema: Record<string, unknown>;
  load(ctx: WebContext, params: Params): Promise<T>;
  /** The page's main table, for ?format=csv. */
  csv?(data: T): QueryResult;
  render?(data: T, params: Params, ctx: WebContext): Rendered;
  /** Other renderings for ?format= (e.g. the report as HTML or Markdown); `csp` replaces the page policy. */
  formats?: Record<string, (data: T) => Promise<{ type: string; body: string; filename: string; csp?: string }>>;
}

/** Declares an endpoint with its data type checked. */
export function endpoint<T>(e: Endpoint<T>): Endpoint<T> {
  return e;
}

/** Reads and checks the declared parameters; anything malformed is a UsageError (HTTP 400). */
export function parseParams(specs: readonly ParamSpec[], query: URLSearchParams): Params {
  const out: Params = {};
  for (const s of specs) {
    const values = query.getAll(s.name);
    if (values.length > 1) throw new UsageError(`parameter ${s.name} is given ${values.length} times`);
    const raw = values[0]?.trim();
    if (raw === undefined || raw === '') {
      if (s.required) throw new UsageError(`parameter ${s.name} is required: ${s.description}`);
      if (s.default !== undefined) out[s.name] = s.default;
      continue;
    }
    if (raw.length > (s.maxLength ?? 300)) throw new UsageError(`parameter ${s.name} is longer than ${s.maxLength ?? 300} characters`);
    if (s.type === 'integer') {
      if (!/^-?\d{1,9}$/.test(raw)) throw new UsageError(`parameter ${s.name} must be a whole number, not "${raw.slice(0, 40)}"`);
      const n = Number(raw);
      if ((s.minimum !== undefined && n < s.minimum) || (s.maximum !== undefined && n > s.maximum)) {
        throw new UsageError(`parameter ${s.name} must be between ${s.minimum ?? '-∞'} and ${s.maximum ?? '∞'}`);
      }
      out[s.name] = n;
    } else {
      if (s.enum && !s.enum.includes(raw)) throw new UsageError(`parameter ${s.name} must be one of ${s.enum.join(', ')}, not "${raw.slice(0, 40)}"`);
      out[s.name] = raw;
    }
  }
  return out;
}

/** The parameter string in a fixed order (cache keys, canonical links). */
export function canonicalQuery(specs: readonly ParamSpec[], params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of specs) {
    const v = params[s.name];
    if (v !== undefined && v !== s.default) out[s.name] = String(v);
  }
  return out;
}

export const str = (p: Params, name: string): string | undefined => (p[name] === undefined ? undefined : String(p[name]));
export const int = (p: Params, name: string): number | undefined => (p[name] === undefined ? undefined : Number(p[name]));
