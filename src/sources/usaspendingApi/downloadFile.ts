import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FetchError } from '../../errors.js';
import { extractZip } from '../zipArchive.js';
import type { ApiSession } from './apiSession.js';

export const DOWNLOAD_STATUS = '/api/v2/download/status';

export interface DownloadOptions {
  /** First wait between status polls (default 5 s), doubling to at most 30 s. */
  pollMs?: number;
  /** Longest wait for the file to be generated (default 30 minutes). */
  maxWaitMs?: number;
  sleep(ms: number): Promise<void>;
  onStatus?(info: { fileName: string; status: string; polls: number }): void;
}

/** A finished download on disk and the calls that produced it. */
export interface DownloadedZip {
  path: string;
  fileName: string;
  fileUrl: string;
  bytes: number;
  totalRows: number | null;
}

function field(json: unknown, name: string, url: string): string {
  const v = (json as Record<string, unknown> | null)?.[name];
  if (typeof v !== 'string' || !v) throw new FetchError(`${url}: the response has no ${name} (not a download answer)`);
  return v;
}

/** A file name the server chose, reduced to a safe base name for the cache folder. */
function safeName(name: string): string {
  const b = basename(name).replace(/[^A-Za-z0-9._-]/g, '_');
  return b.toLowerCase().endsWith('.zip') ? b : `${b}.zip`;
}

/**
 * Submits a download request (POST to `endpoint`), polls /api/v2/download/status until the file is
 * finished, downloads the zip into `dir` and checks every member's CRC. The submission is cached, so a
 * re-run polls the same job instead of starting another; a zip already downloaded and sound is reused.
 * A corrupt or short zip is deleted and downloaded again (three tries) before the fetch fails.
 */
export async function downloadZip(session: ApiSession, endpoint: string, body: unknown, dir: string, options: DownloadOptions): Promise<DownloadedZip> {
  const submitted = await session.post(endpoint, body);
  const fileName = field(submitted.json, 'file_name', submitted.call.url);
  const target = join(dir, safeName(fileName));
  mkdirSync(dir, { recursive: true });
  let status: Record<string, unknown> = {};
  let waited = 0;
  let delay = options.pollMs ?? 5000;
  const maxWait = options.maxWaitMs ?? 30 * 60_000;
  for (let polls = 1; ; polls++) {
    // Status answers change while the file is generated: only the final one is kept, as provenance.
    const answer = await session.get(`${DOWNLOAD_STATUS}?file_name=${encodeURIComponent(fileName)}`, { cache: false });
    status = (answer.json ?? {}) as Record<string, unknown>;
    const state = String(status['status'] ?? '');
    options.onStatus?.({ fileName, status: state, polls });
    if (state === 'finished') break;
    if (state === 'failed') {
      throw new FetchError(`download ${fileName} failed on the server: ${String(status['message'] ?? 'no message')}`);
    }
    if (state !== 'ready' && state !== 'running') {
      throw new FetchError(`${answer.call.url}: unexpected download status ${JSON.stringify(status['status'])}`);
    }
    if (waited >= maxWait) {
      throw new FetchError(`download ${fileName} still ${state} after ${Math.round(waited / 1000)} s; run the same command again later to keep waiting for it`);
    }
    await options.sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, 30_000);
  }
  const fileUrl = typeof status['file_url'] === 'string' && status['file_url'] ? status['file_url'] : field(submitted.json, 'file_url', submitted.call.url);
  const totalRows = typeof status['total_rows'] === 'number' ? status['total_rows'] : null;
  let lastProblem = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (!existsSync(target)) await session.http.downloadTo(fileUrl, target);
    const problem = await zipProblem(target, fileName);
    if (!problem) {
      return { path: target, fileName, fileUrl: session.http.resolve(fileUrl), bytes: statSync(target).size, totalRows };
    }
    lastProblem = problem;
    rmSync(target, { force: true });
  }
  throw new FetchError(`downloaded archive ${fileName} from ${session.http.resolve(fileUrl)} is corrupt (${lastProblem}); tried 3 times; nothing ingested`);
}

/** Why a zip cannot be read (truncated, bad CRC), or undefined when every member checks out. */
async function zipProblem(path: string, name: string): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'whosbehind-zipcheck-'));
  try {
    await extractZip(path, name, dir);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
