import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { FetchError, UsageError, WhosbehindError } from '../../errors.js';
import type { FileResult, IngestReporter } from '../../ingest.js';
import type { Database } from '../../store/database.js';
import { stableJson } from '../usaspendingApi/callCache.js';
import { describeRange, rangeDays, splitRange, type DateRange } from '../usaspendingApi/dateRange.js';
import { REAL_EFFECTS, type HttpEffects, type HttpOptions } from '../usaspendingApi/http.js';
import { readAtomPage, type AtomPage } from './atomPage.js';
import { DEFAULT_FPDS_URL, feedPagePath, feedQuery, linkStart, PAGE_SIZE, type FeedScope } from './feedQuery.js';
import { completeEmptyFetchRun, ingestFetchRun, openFetchRun } from '../usaspendingApi/fetchRun.js';

export interface FpdsFetchOptions extends FeedScope {
  /** First last-modified day (ISO); with `until` (default today) the pull is split by date. */
  since?: string;
  until?: string;
  /** A query whose first page says it holds more entries than this is split by day (default 2,000). */
  maxPerQuery?: number;
  baseUrl?: string;
  cacheDir: string;
  http?: Omit<HttpOptions, 'baseUrl' | 'signal' | 'effects'>;
  signal?: AbortSignal;
  effects?: HttpEffects;
  log?(line: string): void;
  reporter?: IngestReporter;
  command?: string;
  /** Shown in messages: how the user named the agency. */
  agencyLabel?: string;
}

export interface FpdsFetchResult {
  snapshotId: number | undefined;
  files: FileResult[];
  runDir: string;
  fetched: number;
  replayed: number;
  pages: number;
  entries: number;
  scope: string;
}

/** What a run has so far (state.json), named when a run is interrupted. */
interface RunState {
  plan: unknown;
  complete: boolean;
  snapshotId?: number | null;
  done: Array<{ query: string; pages: number; entries: number }>;
  pending: string[];
  current?: { query: string; start: number };
}

/** A page that is not a whole feed page (cut off, an error page): worth fetching again. */
function pageProblem(text: string, url: string): string | undefined {
  try {
    readAtomPage(text, url);
    return undefined;
  } catch (error) {
    return `not a whole ATOM feed page (${(error as Error).message.slice(0, 200)})`;
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Pulls FPDS-NG ATOM feed pages (10 entries a page, `start=` paging) for a scope and ingests them as one
 * snapshot through the same reader as saved pages. A date range whose first page says it holds more than
 * `maxPerQuery` entries is split in halves down to single days (a single large day is paged through).
 * Every raw page is cached with its request; a run that fails or is interrupted ingests nothing, says
 * what it has and what is missing, and the same command continues from the cache.
 */
export async function fetchFpds(db: Database, options: FpdsFetchOptions): Promise<FpdsFetchResult> {
  const effects = options.effects ?? REAL_EFFECTS;
  const scope: FeedScope = {
    ...(options.agencyCode ? { agencyCode: options.agencyCode } : {}),
    ...(options.piid ? { piid: options.piid } : {}),
    ...(options.vendor ? { vendor: options.vendor } : {}),
  };
  for (const [flag, v] of [['--since', options.since], ['--until', options.until]] as const) {
    if (v !== undefined && (!ISO.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) throw new UsageError(`${flag} must be a date YYYY-MM-DD, not ${v}`);
  }
  if (options.until && !options.since) throw new UsageError('--until needs --since');
  if (!options.since && !scope.piid) throw new UsageError('an FPDS fetch by agency or vendor needs --since (the feed has every action since 1978); a --piid fetch pulls the whole contract');
  const range: DateRange | undefined = options.since
    ? { start: options.since, end: options.until ?? new Date(effects.now()).toISOString().slice(0, 10) }
    : undefined;
  if (range && range.start > range.end) throw new UsageError(`--since ${range.start} is after --until ${range.end}`);
  const maxPerQuery = options.maxPerQuery ?? 2000;
  feedQuery(scope, range); // validates the scope before anything is fetched

  const plan = { source: 'fpds', scope, range: range ?? null, maxPerQuery };
  const planKey = createHash('sha256').update(stableJson(plan)).digest('hex').slice(0, 12);
  const slug = [scope.agencyCode && `agency${scope.agencyCode}`, scope.piid, scope.vendor && 'vendor', range && `${range.start}_${range.end}`]
    .filter(Boolean).join('-').replace(/[^A-Za-z0-9_-]+/g, '_');
  const log = options.log ?? (() => undefined);
  const describeScope = [
    scope.agencyCode && `contracting agency ${options.agencyLabel ?? scope.agencyCode}${options.agencyLabel ? ` (${scope.agencyCode})` : ''}`,
    scope.piid && `PIID ${scope.piid}`, scope.vendor && `vendor "${scope.vendor}"`, range && `last modified ${describeRange(range)}`,
  ].filter(Boolean).join(', ');

  const run = openFetchRun<RunState>({
    cacheDir: options.cacheDir, folder: `fpds-${slug}-${planKey}`, baseUrl: options.baseUrl ?? DEFAULT_FPDS_URL, effects,
    ...(options.http ? { http: options.http } : {}), ...(options.signal ? { signal: options.signal } : {}), log,
    state: { plan, complete: false, done: [], pending: [] },
  });
  const { runDir, http, session, state, saveState } = run;
  log(`fetch: FPDS ATOM feed, ${describeScope}, from ${http.baseUrl}; cache ${runDir}`);

  const pagesUsed: string[] = [];
  let entries = 0;
  const getPage = async (q: string, start: number): Promise<{ page: AtomPage; file: string; cached: boolean }> => {
    const path = feedPagePath(q, start);
    const url = http.resolve(path);
    const answer = await session.getText(path, { accept: 'application/atom+xml, application/xml, text/xml', ext: 'xml', validate: (t) => pageProblem(t, url) });
    return { page: readAtomPage(answer.text, url), file: join(runDir, answer.call.responseFile), cached: answer.cached };
  };

  /** Pages one query to its end, from its first page (already fetched). */
  const pageThrough = async (q: string, first: { page: AtomPage; file: string }): Promise<void> => {
    let page = first.page, file = first.file, start = 0, pages = 0, got = 0;
    for (;;) {
      pagesUsed.push(file);
      pages++;
      got += page.entries.length + page.rejected.length;
      const n = page.entries.length + page.rejected.length;
      const next = linkStart(page.links['next']);
      if (n < PAGE_SIZE || next === undefined) break;
      if (next <= start) throw new FetchError(`${q}: the page at start=${start} links to start=${next} as next: the feed does not advance`);
      start = next;
      state.current = { query: q, start };
      saveState();
      const p = await getPage(q, start);
      page = p.page;
      file = p.file;
      if (pages % 10 === 0) log(`  ${q}: page ${pages + 1} (start=${start})${p.cached ? ' (from cache)' : ''}`);
    }
    delete state.current;
    state.done.push({ query: q, pages, entries: got });
    entries += got;
    saveState();
  };

  try {
    if (!range) {
      const q = feedQuery(scope);
      state.pending = [q];
      await pageThrough(q, await getPage(q, 0));
      state.pending = [];
    } else {
      const queue: DateRange[] = [range];
      while (queue.length) {
        const r = queue.shift()!;
        const q = feedQuery(scope, r);
        state.pending = [q, ...queue.map((x) => feedQuery(scope, x))];
        saveState();
        const first = await getPage(q, 0);
        const lastStart = linkStart(first.page.links['last']);
        const size = lastStart === undefined ? first.page.entries.length + first.page.rejected.length : lastStart + PAGE_SIZE;
        const halves = size > maxPerQuery ? splitRange(r) : undefined;
        if (halves) {
          log(`  ${describeRange(r)}: about ${size} entries, more than ${maxPerQuery}: split into ${describeRange(halves[0])} and ${describeRange(halves[1])}`);
          queue.unshift(...halves);
          continue;
        }
        if (size > maxPerQuery && rangeDays(r) === 1) log(`  ${r.start}: one day holds about ${size} entries; paging through all of them`);
        await pageThrough(q, first);
      }
      state.pending = [];
    }
  } catch (error) {
    saveState();
    const aborted = options.signal?.aborted;
    const what = error instanceof Error ? error.message : String(error);
    const have = `have ${state.done.length} complete quer${state.done.length === 1 ? 'y' : 'ies'} (${entries} entries)`;
    const missing = [state.current ? `${state.current.query} from start=${state.current.start}` : undefined, ...state.pending.filter((q) => q !== state.current?.query)].filter(Boolean);
    const message = `${aborted ? 'fetch interrupted' : 'fetch failed'}: ${what}\n` +
      `nothing was ingested (the store is unchanged). ${have}${missing.length ? `; missing ${missing.join('; ')}` : ''}. ` +
      `${session.used.length} page(s) are cached in ${runDir}: run the same command again to continue from there.`;
    if (error instanceof WhosbehindError && !(error instanceof FetchError)) throw error;
    throw new FetchError(message, { cause: error });
  }

  const paths = [...new Set(pagesUsed)];
  const base = { runDir, fetched: session.fetched, replayed: session.replayed, pages: paths.length, entries, scope: describeScope };
  if (entries === 0) {
    completeEmptyFetchRun(run);
    log(`fetch: the feed holds no entries for ${describeScope}; nothing ingested`);
    return { ...base, snapshotId: undefined, files: [] };
  }
  const result = await ingestFetchRun(db, run, paths,
    options.command ?? `fetch --source fpds ${describeScope}`,
    options.reporter);
  return { ...base, snapshotId: result.snapshotId, files: result.files };
}
