import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ingest, type IngestReporter, type IngestResult } from '../../ingest.js';
import { recordApiCalls } from '../../store/apiCalls.js';
import type { Database } from '../../store/database.js';
import { ApiSession } from './apiSession.js';
import { CallCache, writeAtomic } from './callCache.js';
import { HttpClient, type HttpEffects, type HttpOptions } from './http.js';
import { runFolder } from './runFolder.js';

/** What every fetch run's state.json holds besides its own progress. */
export interface FetchRunState {
  plan: unknown;
  complete: boolean;
  snapshotId?: number | null;
}

/** One fetch run (USAspending, FPDS, LDA): its cache folder, HTTP client, session and state file. */
export interface FetchRun<S extends FetchRunState> {
  runDir: string;
  http: HttpClient;
  session: ApiSession;
  state: S;
  saveState(): void;
}

/**
 * Opens the first unfinished run folder under `<cacheDir>/<folder>` (so a re-run continues), the
 * politely retrying client and the call cache, and writes the initial state.
 */
export function openFetchRun<S extends FetchRunState>(options: {
  cacheDir: string;
  folder: string;
  baseUrl: string;
  effects: HttpEffects;
  http?: Omit<HttpOptions, 'baseUrl' | 'signal' | 'effects'>;
  signal?: AbortSignal;
  log: (line: string) => void;
  state: S;
}): FetchRun<S> {
  const runDir = runFolder(join(options.cacheDir, options.folder));
  mkdirSync(runDir, { recursive: true });
  const { effects, log, state } = options;
  const http = new HttpClient({
    ...options.http, baseUrl: options.baseUrl, effects,
    ...(options.signal ? { signal: options.signal } : {}),
    onRetry: (r) => log(`  retry ${r.attempt} in ${(r.waitMs / 1000).toFixed(1)} s: ${r.reason}`),
  });
  const session = new ApiSession(http, new CallCache(runDir), () => new Date(effects.now()));
  const saveState = (): void => writeAtomic(join(runDir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
  saveState();
  return { runDir, http, session, state, saveState };
}

/** Ingests a complete run's files as one snapshot with the API calls recorded, then marks the run complete. */
export async function ingestFetchRun(db: Database, run: FetchRun<FetchRunState>, paths: string[], command: string,
  reporter?: IngestReporter): Promise<IngestResult> {
  const result = await ingest(db, {
    paths,
    command,
    ...(reporter ? { reporter } : {}),
    beforeCommit: (snapshotId) => recordApiCalls(db, snapshotId, run.session.used, (c) => join(run.runDir, c.responseFile)),
  });
  run.state.complete = true;
  run.state.snapshotId = result.snapshotId ?? null;
  run.saveState();
  return result;
}

/** Marks a run that found nothing to ingest complete, with no snapshot. */
export function completeEmptyFetchRun(run: FetchRun<FetchRunState>): void {
  run.state.complete = true;
  run.state.snapshotId = null;
  run.saveState();
}
