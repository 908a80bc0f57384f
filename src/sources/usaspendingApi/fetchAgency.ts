import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fiscalYearOf, type FiscalYearRange } from '../../analysis/fiscalYears.js';
import { findAgency, loadAgencyDirectory, normalizeAgencyName, type AgencyRef } from '../../entities/agencies.js';
import { FetchError, UsageError, WhosbehindError } from '../../errors.js';
import type { FileResult, IngestReporter } from '../../ingest.js';
import type { Database } from '../../store/database.js';
import { stableJson, writeAtomic } from './callCache.js';
import { describeRange, fiscalYearSlices, type DateRange } from './dateRange.js';
import { downloadZip } from './downloadFile.js';
import { REAL_EFFECTS, type HttpEffects, type HttpOptions } from './http.js';
import { projectionCsv } from './projection.js';
import { subawardDownloadBody, transactionDownloadBody, type FetchScope } from './requestShapes.js';
import { searchTransactions, type SearchProgress } from './searchTransactions.js';
import { completeEmptyFetchRun, ingestFetchRun, openFetchRun } from './fetchRun.js';

export const DEFAULT_BASE_URL = 'https://api.usaspending.gov';
export const DOWNLOAD_TRANSACTIONS = '/api/v2/download/transactions/';
export const BULK_DOWNLOAD_AWARDS = '/api/v2/bulk_download/awards/';

export interface FetchOptions {
  /** Agency by code, abbreviation or name (a toptier or subtier: the API filters on those). */
  agency: string;
  basis?: 'awarding' | 'funding';
  /** Fiscal years; default FY2008 (where USAspending's search starts) to the current one. */
  fy?: FiscalYearRange;
  recipient?: string;
  withSubawards?: boolean;
  /** search: spending_by_transaction pages (awarding basis); download: the download endpoints' zips. */
  via?: 'search' | 'download';
  baseUrl?: string;
  /** Folder holding each run's raw responses and state (resumable). */
  cacheDir: string;
  http?: Omit<HttpOptions, 'baseUrl' | 'signal' | 'effects'>;
  /** Search results cap (default 50,000: the API's). */
  cap?: number;
  pollMs?: number;
  maxWaitMs?: number;
  signal?: AbortSignal;
  effects?: HttpEffects;
  /** Progress lines (the CLI writes them on stderr). */
  log?(line: string): void;
  reporter?: IngestReporter;
  command?: string;
}

export interface FetchResult {
  snapshotId: number | undefined;
  files: FileResult[];
  runDir: string;
  /** API calls made now and replayed from the cache of an interrupted run. */
  fetched: number;
  replayed: number;
  rows: number;
  zips: number;
  scope: string;
}

/** What a run has so far, written to state.json after each step and named when a run is interrupted. */
interface RunState {
  plan: unknown;
  complete: boolean;
  snapshotId?: number | null;
  search?: SearchProgress;
  downloads: Array<{ what: string; range: string; done: boolean; file?: string }>;
}

function agencyFilter(ref: AgencyRef, basis: 'awarding' | 'funding'): FetchScope['agency'] {
  if (ref.level === 'office') {
    throw new UsageError(`${ref.name ?? ref.code} is an office; the API filters on departments (toptier) and subtiers only: fetch its subtier and narrow with --office in the answers`);
  }
  if (!ref.name) throw new UsageError(`agency ${ref.code} has no name in the agency list; the API filters agencies by name`);
  const toptier = ref.level === 'subtier' ? ref.parents.find((p) => p.level === 'toptier')?.name ?? undefined : undefined;
  return { type: basis, tier: ref.level, name: ref.name, ...(toptier ? { toptier_name: toptier } : {}) };
}

function describeMissing(state: RunState): string {
  const parts: string[] = [];
  const s = state.search;
  if (s) {
    const rows = s.done.reduce((n, d) => n + d.rows, 0);
    parts.push(`have ${s.done.length} complete date range(s) (${rows} rows)`);
    const missing = [
      ...(s.current ? [`${describeRange(s.current.range)} (from page ${s.current.page})`] : []),
      ...s.pending.map(describeRange),
    ];
    if (missing.length) parts.push(`missing ${missing.join(', ')}`);
  }
  for (const d of state.downloads) parts.push(`${d.what} ${d.range}: ${d.done ? 'downloaded' : 'missing'}`);
  return parts.join('; ');
}

/**
 * Fetches one agency's contract transactions (and, asked, subawards) from the USAspending API and
 * ingests them as one snapshot through the same readers as files: search results become an API
 * projection CSV, downloads are zips of the usual CSVs. Raw responses are cached per run; a run that
 * fails or is interrupted ingests nothing, says what it has and what is missing, and the same command
 * continues it from the cache.
 */
export async function fetchAgency(db: Database, options: FetchOptions): Promise<FetchResult> {
  const basis = options.basis ?? 'awarding';
  const via = options.via ?? (basis === 'funding' ? 'download' : 'search');
  if (via === 'search' && basis === 'funding') {
    throw new UsageError('the search results carry only the awarding agency: fetch on the funding basis with --download');
  }
  const directory = await loadAgencyDirectory(db);
  const ref = findAgency(directory, options.agency);
  if (via === 'search' && !directory.officialList) {
    throw new UsageError('search results are stored as the API projection, which names agencies by abbreviation: ' +
      'ingest the official agency codes list (data-act-broker agency_codes.csv) first, or fetch with --download');
  }
  const abbreviations = new Map<string, string>();
  for (const n of directory.nodes) if (n.level === 'subtier' && n.name && n.abbreviation) abbreviations.set(normalizeAgencyName(n.name), n.abbreviation);
  const effects = options.effects ?? REAL_EFFECTS;
  const fy = options.fy ?? { from: 2008, to: fiscalYearOf(new Date(effects.now()).toISOString().slice(0, 10)) };
  const scope: FetchScope = {
    agency: agencyFilter(ref, basis),
    agencyAbbreviation: ref.level === 'subtier' ? ref.abbreviation : null,
    ...(options.recipient ? { recipient: options.recipient } : {}),
  };
  const plan = { agency: scope.agency, recipient: scope.recipient ?? null, fy, via, subawards: !!options.withSubawards };
  const planKey = createHash('sha256').update(stableJson(plan)).digest('hex').slice(0, 12);
  const slug = `${(ref.abbreviation ?? ref.code).replace(/[^A-Za-z0-9]+/g, '_')}-${basis}-FY${fy.from}-${fy.to}`;
  const log = options.log ?? (() => undefined);
  const describeScope = `${basis} agency ${scope.agency.name}, FY${fy.from}–FY${fy.to}${scope.recipient ? `, recipient "${scope.recipient}"` : ''}`;

  const run = openFetchRun<RunState>({
    cacheDir: options.cacheDir, folder: `${slug}-${planKey}`, baseUrl: options.baseUrl ?? DEFAULT_BASE_URL, effects,
    ...(options.http ? { http: options.http } : {}), ...(options.signal ? { signal: options.signal } : {}), log,
    state: { plan, complete: false, downloads: [] },
  });
  const { runDir, http, session, state, saveState } = run;
  const ranges: DateRange[] = fiscalYearSlices(fy);
  const paths: string[] = [];
  let rows = 0;
  const sleep = (ms: number): Promise<void> => effects.sleep(ms, options.signal);
  log(`fetch: ${describeScope} via ${via === 'search' ? 'spending_by_transaction' : 'the download endpoints'} from ${http.baseUrl}; cache ${runDir}`);
  try {
    if (via === 'search') {
      state.search = { done: [], pending: [] };
      const found = await searchTransactions(session, scope, ranges, state.search, {
        ...(options.cap ? { cap: options.cap } : {}),
        onPage: (p) => {
          saveState();
          if (p.page % 10 === 1 || p.rows < 100) log(`  ${describeRange(p.range)} page ${p.page}: ${p.rows} rows${p.cached ? ' (from cache)' : ''}`);
        },
        onSplit: (r, [a, b]) => log(`  ${describeRange(r)} reaches the ${options.cap ?? 50000}-result cap: split into ${describeRange(a)} and ${describeRange(b)}`),
      });
      saveState();
      rows = found.length;
      if (found.length) {
        const csv = join(runDir, 'spending_by_transaction.csv');
        writeAtomic(csv, projectionCsv(found, (name) => abbreviations.get(normalizeAgencyName(name)) ?? scope.agencyAbbreviation, `${http.baseUrl}/api/v2/search/spending_by_transaction/`));
        paths.push(csv);
      }
    } else {
      for (const range of ranges) {
        const entry = { what: 'transactions download', range: describeRange(range), done: false } as RunState['downloads'][number];
        state.downloads.push(entry);
        saveState();
        const zip = await downloadZip(session, DOWNLOAD_TRANSACTIONS, transactionDownloadBody(scope, range), join(runDir, 'downloads'), {
          sleep, ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}), ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
          onStatus: (s) => log(`  ${entry.range}: download ${s.fileName} ${s.status}`),
        });
        Object.assign(entry, { done: true, file: zip.path });
        saveState();
        paths.push(zip.path);
      }
    }
    if (options.withSubawards) {
      for (const range of ranges) {
        const entry = { what: 'subawards download', range: describeRange(range), done: false } as RunState['downloads'][number];
        state.downloads.push(entry);
        saveState();
        const zip = await downloadZip(session, BULK_DOWNLOAD_AWARDS, subawardDownloadBody(scope, range), join(runDir, 'downloads'), {
          sleep, ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}), ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
          onStatus: (s) => log(`  ${entry.range}: subaward download ${s.fileName} ${s.status}`),
        });
        Object.assign(entry, { done: true, file: zip.path });
        saveState();
        paths.push(zip.path);
      }
    }
  } catch (error) {
    saveState();
    const aborted = options.signal?.aborted;
    const what = error instanceof Error ? error.message : String(error);
    const message = `${aborted ? 'fetch interrupted' : 'fetch failed'}: ${what}\n` +
      `nothing was ingested (the store is unchanged). ${describeMissing(state)}. ` +
      `${session.used.length} API response(s) are cached in ${runDir}: run the same command again to continue from there.`;
    if (error instanceof WhosbehindError && !(error instanceof FetchError)) throw error;
    throw new FetchError(message, { cause: error });
  }

  const base = { runDir, fetched: session.fetched, replayed: session.replayed, rows, zips: paths.filter((p) => p.endsWith('.zip')).length, scope: describeScope };
  if (paths.length === 0) {
    completeEmptyFetchRun(run);
    log(`fetch: the API returned no transactions for ${describeScope}; nothing ingested`);
    return { ...base, snapshotId: undefined, files: [] };
  }
  const result = await ingestFetchRun(db, run, paths,
    options.command ?? `fetch --agency ${options.agency} --basis ${basis} --fy ${fy.from}..${fy.to}${options.recipient ? ` --recipient ${options.recipient}` : ''}${options.withSubawards ? ' --with-subawards' : ''}`,
    options.reporter);
  return { ...base, snapshotId: result.snapshotId, files: result.files };
}
