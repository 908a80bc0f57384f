import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FetchError, UsageError, WhosbehindError } from '../../errors.js';
import type { FileResult, IngestReporter } from '../../ingest.js';
import type { Database } from '../../store/database.js';
import { isRecord } from '../fedramp/entryFields.js';
import { stableJson, writeAtomic } from '../usaspendingApi/callCache.js';
import { REAL_EFFECTS, type HttpEffects, type HttpOptions } from '../usaspendingApi/http.js';
import { scrubFilingJson } from './scopeLine.js';
import { ingestFetchRun, openFetchRun } from '../usaspendingApi/fetchRun.js';

export const LDA_BASE_URL = 'https://lda.senate.gov';
export const LDA_FILINGS_PATH = '/api/v1/filings/';
/** The constants lists fetched with every pull, so entity and issue names are in the store. */
export const LDA_CONSTANTS_PATHS = ['/api/v1/constants/filing/governmententities/', '/api/v1/constants/filing/lobbyingactivityissues/'] as const;
/** Results per page asked for; the API's default and, without an API key, its maximum. */
export const LDA_PAGE_SIZE = 25;

export interface LdaFetchOptions {
  /** The API's client_name filter (the API matches it as it chooses; the answers resolve families). */
  client?: string;
  registrant?: string;
  /** Filing years, each fetched on its own. */
  years: { from: number; to: number };
  pageSize?: number;
  baseUrl?: string;
  cacheDir: string;
  http?: Omit<HttpOptions, 'baseUrl' | 'signal' | 'effects'>;
  /** Most pages followed per year before the fetch gives up (a `next` chain that never ends). */
  maxPages?: number;
  signal?: AbortSignal;
  effects?: HttpEffects;
  log?(line: string): void;
  reporter?: IngestReporter;
  command?: string;
}

export interface LdaFetchResult {
  snapshotId: number | undefined;
  files: FileResult[];
  runDir: string;
  fetched: number;
  replayed: number;
  /** Filings received, over all pages. */
  filings: number;
  /** Per year: the API's `count` and the filings the pages held (they differ when data changed mid-pull). */
  years: Array<{ year: number; count: number | null; received: number; pages: number }>;
  scope: string;
}

interface RunState {
  plan: unknown;
  complete: boolean;
  snapshotId?: number | null;
  years: Array<{ year: number; pages: number; done: boolean; count: number | null; received: number }>;
}

/** `/api/v1/filings/?client_name=…&filing_year=…&page_size=…`, parameters in a fixed order. */
export function filingsQuery(filters: { client?: string; registrant?: string; year: number; pageSize: number }): string {
  const params = new URLSearchParams();
  if (filters.client) params.set('client_name', filters.client);
  params.set('filing_year', String(filters.year));
  params.set('page_size', String(filters.pageSize));
  if (filters.registrant) params.set('registrant_name', filters.registrant);
  return `${LDA_FILINGS_PATH}?${params.toString()}`;
}

/**
 * The path and query of a page's `next` link, to be asked of our own base URL: the API writes its
 * public host into the links (https://lda.senate.gov/…), which a mirror or a test server is not.
 * A link that leaves the filings endpoint is refused.
 */
export function nextPath(next: string, from: string): string {
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    throw new FetchError(`${from}: the page's next link ${JSON.stringify(next.slice(0, 120))} is not a URL`);
  }
  if (url.pathname !== LDA_FILINGS_PATH) throw new FetchError(`${from}: the page's next link leaves ${LDA_FILINGS_PATH} (${url.pathname}); refused`);
  return `${url.pathname}${url.search}`;
}

function pageOf(json: unknown, url: string): { results: number; count: number | null; next: string | null } {
  if (!isRecord(json) || !Array.isArray(json.results)) throw new FetchError(`${url}: the answer is not a page of filings ({count, next, previous, results})`);
  const count = typeof json.count === 'number' && Number.isSafeInteger(json.count) ? json.count : null;
  const next = typeof json.next === 'string' && json.next !== '' ? json.next : null;
  return { results: json.results.length, count, next };
}

/**
 * Fetches LDA filings (of a client, or a registrant) for each year from the Senate LDA API, page by
 * page following the API's `next` links, plus the constants lists, and ingests them as one snapshot
 * through the same reader as saved files. Each response is cached with the scope line already
 * applied (lobbyists, contacts and addresses removed before anything is written to disk). A run that
 * fails or is interrupted ingests nothing, says what it has, and the same command continues it.
 */
export async function fetchLda(db: Database, options: LdaFetchOptions): Promise<LdaFetchResult> {
  if (!options.client && !options.registrant) throw new UsageError('fetch --source lda needs --client NAME or --registrant NAME');
  const { from, to } = options.years;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1999 || to > 2100 || from > to) {
    throw new UsageError(`--year must be a year or a range such as 2017..2019 (1999 onwards), not ${from}..${to}`);
  }
  const pageSize = options.pageSize ?? LDA_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new UsageError(`--page-size must be 1 to 1000, not ${pageSize}`);
  const maxPages = options.maxPages ?? 4000;
  const plan = { client: options.client ?? null, registrant: options.registrant ?? null, from, to, pageSize };
  const planKey = createHash('sha256').update(stableJson(plan)).digest('hex').slice(0, 12);
  const who = (options.client ?? options.registrant ?? '').replace(/[^A-Za-z0-9]+/g, '_').slice(0, 40);
  const log = options.log ?? (() => undefined);
  const scope = `LDA filings of ${options.client ? `client "${options.client}"` : `registrant "${options.registrant}"`}, ${from === to ? from : `${from}–${to}`}`;
  const effects = options.effects ?? REAL_EFFECTS;
  const run = openFetchRun<RunState>({
    cacheDir: options.cacheDir, folder: `lda-${who}-${from}-${to}-${planKey}`, baseUrl: options.baseUrl ?? LDA_BASE_URL, effects,
    ...(options.http ? { http: options.http } : {}), ...(options.signal ? { signal: options.signal } : {}), log,
    state: { plan, complete: false, years: [] },
  });
  const { runDir, http, session, state, saveState } = run;
  mkdirSync(join(runDir, 'pages'), { recursive: true });
  const paths: string[] = [];
  log(`fetch: ${scope} from ${http.baseUrl}, ${pageSize} a page; cache ${runDir}`);
  try {
    for (const path of LDA_CONSTANTS_PATHS) {
      const answer = await session.get(path);
      const file = join(runDir, 'pages', `constants-${path.split('/').filter(Boolean).pop()}.json`);
      writeAtomic(file, JSON.stringify(answer.json));
      paths.push(file);
    }
    for (let year = from; year <= to; year++) {
      const entry = { year, pages: 0, done: false, count: null as number | null, received: 0 };
      state.years.push(entry);
      let path: string | null = filingsQuery({ ...(options.client ? { client: options.client } : {}), ...(options.registrant ? { registrant: options.registrant } : {}), year, pageSize });
      const seen = new Set<string>();
      while (path !== null) {
        if (seen.has(path)) throw new FetchError(`${http.resolve(path)}: the API's next link points back at a page already fetched; stopped`);
        if (entry.pages >= maxPages) throw new FetchError(`${year}: more than ${maxPages} pages; stopped (a next chain that does not end?)`);
        seen.add(path);
        const answer = await session.get(path, { keep: scrubFilingJson });
        const page = pageOf(answer.json, answer.call.url);
        entry.pages++;
        entry.received += page.results;
        if (entry.pages === 1) entry.count = page.count;
        const file = join(runDir, 'pages', `filings-${year}-${String(entry.pages).padStart(4, '0')}.json`);
        writeAtomic(file, JSON.stringify(answer.json));
        paths.push(file);
        saveState();
        if (entry.pages % 10 === 1 || page.next === null) log(`  ${year} page ${entry.pages}: ${page.results} filing(s)${answer.cached ? ' (from cache)' : ''}`);
        path = page.next === null ? null : nextPath(page.next, answer.call.url);
      }
      entry.done = true;
      saveState();
      if (entry.count !== null && entry.count !== entry.received) {
        log(`  ${year}: the API counted ${entry.count} filing(s), its pages held ${entry.received} (the data changed during the pull?)`);
      }
    }
  } catch (error) {
    saveState();
    const have = state.years.map((y) => `${y.year}: ${y.done ? 'complete' : `${y.pages} page(s), incomplete`}`).join('; ') || 'no filings yet';
    const message = `${options.signal?.aborted ? 'fetch interrupted' : 'fetch failed'}: ${error instanceof Error ? error.message : String(error)}\n` +
      `nothing was ingested (the store is unchanged). Have ${have}. ${session.used.length} API response(s) are cached in ${runDir}: ` +
      'run the same command again to continue from there.';
    if (error instanceof WhosbehindError && !(error instanceof FetchError)) throw error;
    throw new FetchError(message, { cause: error });
  }
  const filings = state.years.reduce((n, y) => n + y.received, 0);
  const years = state.years.map(({ year, count, received, pages }) => ({ year, count, received, pages }));
  const base = { runDir, fetched: session.fetched, replayed: session.replayed, filings, years, scope };
  const result = await ingestFetchRun(db, run, paths,
    options.command ?? `fetch --source lda ${options.client ? `--client ${options.client}` : `--registrant ${options.registrant}`} --year ${from}..${to}`,
    options.reporter);
  return { ...base, snapshotId: result.snapshotId, files: result.files };
}
