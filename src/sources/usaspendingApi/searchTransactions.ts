import { createHash } from 'node:crypto';
import { FetchError } from '../../errors.js';
import type { ApiSession } from './apiSession.js';
import { describeRange, splitRange, type DateRange } from './dateRange.js';
import { PAGE_SIZE, SEARCH_RESULT_CAP, transactionSearchBody, type FetchScope } from './requestShapes.js';

export const SPENDING_BY_TRANSACTION = '/api/v2/search/spending_by_transaction/';

/** One result row as the API returned it. */
export type ApiRow = Record<string, unknown>;

/** Where a search stands: what is complete and what is not yet, for progress and for the "what is missing" message. */
export interface SearchProgress {
  done: Array<{ range: DateRange; rows: number; pages: number }>;
  current?: { range: DateRange; page: number };
  pending: DateRange[];
}

export interface SearchOptions {
  /** Results cap of the search endpoint (default 50,000; tests use a small one). */
  cap?: number;
  onPage?(info: { range: DateRange; page: number; rows: number; cached: boolean }): void;
  onSplit?(range: DateRange, into: [DateRange, DateRange]): void;
}

function pageMeta(json: unknown, url: string, page: number): { results: ApiRow[]; hasNext: boolean } {
  const o = json as { results?: unknown; page_metadata?: { hasNext?: unknown; page?: unknown } } | null;
  if (!o || typeof o !== 'object' || !Array.isArray(o.results) || !o.page_metadata || typeof o.page_metadata.hasNext !== 'boolean') {
    throw new FetchError(`${url} page ${page}: the response lacks results[] or page_metadata.hasNext (not a spending_by_transaction answer)`);
  }
  if (o.results.some((r) => !r || typeof r !== 'object' || Array.isArray(r))) {
    throw new FetchError(`${url} page ${page}: a result is not an object`);
  }
  return { results: o.results as ApiRow[], hasNext: o.page_metadata.hasNext };
}

/**
 * Pages through spending_by_transaction for each date range, 100 rows a page. A range that reaches the
 * 50,000-result cap is split in two and each half fetched on its own (the pages fetched for the whole
 * are left unused); a single day over the cap fails with advice. A page that repeats the one before,
 * or an empty page that claims more, fails rather than loop for ever.
 */
export async function searchTransactions(
  session: ApiSession, scope: FetchScope, ranges: readonly DateRange[], progress: SearchProgress, options: SearchOptions = {},
): Promise<ApiRow[]> {
  const cap = options.cap ?? SEARCH_RESULT_CAP;
  const maxPages = Math.floor(cap / PAGE_SIZE);
  const rows: ApiRow[] = [];
  progress.pending.push(...ranges);
  while (progress.pending.length) {
    const range = progress.pending.shift()!;
    const got: ApiRow[] = [];
    let previous = '';
    let split = false;
    for (let page = 1; ; page++) {
      progress.current = { range, page };
      const answer = await session.post(SPENDING_BY_TRANSACTION, transactionSearchBody(scope, range, page));
      const { results, hasNext } = pageMeta(answer.json, answer.call.url, page);
      options.onPage?.({ range, page, rows: results.length, cached: answer.cached });
      if (hasNext && results.length === 0) {
        throw new FetchError(`${answer.call.url} (${describeRange(range)}) page ${page}: no results but hasNext is true: the server's paging is broken`);
      }
      const digest = createHash('sha256').update(JSON.stringify(results)).digest('hex');
      if (results.length && digest === previous) {
        throw new FetchError(`${answer.call.url} (${describeRange(range)}): page ${page} repeats page ${page - 1} exactly: the server's paging never ends`);
      }
      previous = digest;
      got.push(...results);
      if (!hasNext) {
        progress.done.push({ range, rows: got.length, pages: page });
        break;
      }
      if (page >= maxPages) {
        const halves = splitRange(range);
        if (!halves) {
          throw new FetchError(`${describeRange(range)}: more than ${cap} transactions on one day, the search endpoint's cap; ` +
            'fetch this range with --download (the download endpoints have no such cap)');
        }
        options.onSplit?.(range, halves);
        progress.pending.unshift(...halves);
        split = true;
        break;
      }
    }
    progress.current = undefined;
    if (!split) rows.push(...got);
  }
  return rows;
}
