/**
 * `fetch --source fpds` against a loopback feed serving the real ATOM pages: the same rows as loading
 * the pages, date ranges split by day when large, retries past errors and cut-off pages, and a run
 * interrupted (in-process abort, and the CLI killed with SIGKILL) continues from the cache with no
 * duplicates. Expected rows come from ingesting the real pages, never from the fetcher.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, UsageError } from '../../src/errors.js';
import { ingest } from '../../src/ingest.js';
import { fetchFpds, type FpdsFetchOptions } from '../../src/sources/fpdsAtom/fetchFpds.js';
import { feedPagePath, feedQuery } from '../../src/sources/fpdsAtom/feedQuery.js';
import type { Database } from '../../src/store/database.js';
import { openStore } from '../../src/store/openStore.js';
import { ensureBuiltCli } from '../support/builtCli.js';
import { FakeFpdsFeed, parseFeedQuery, type FakeFeedOptions } from '../support/fakeFpdsFeed.js';
import { expectRejects } from '../support/ingestHelpers.js';
import { hasRealData, realFile, REAL_DATA_SKIP_REASON } from '../support/realData.js';
import { storeFingerprint, tempDir, tempStore } from '../support/tempStore.js';

const ROOT = realFile('fpds-atom');
const HARVEST = join(ROOT, 'kenosa-atom-harvest');
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

let feeds: FakeFpdsFeed[] = [];
afterEach(async () => { for (const f of feeds) await f.stop(); feeds = []; });
async function serve(options: Partial<FakeFeedOptions> = {}): Promise<FakeFpdsFeed> {
  const f = await new FakeFpdsFeed({ root: ROOT, ...options }).start();
  feeds.push(f);
  return f;
}

const noWait = { ratePerSecond: 0, backoffMs: 1, maxBackoffMs: 2, timeoutMs: 2000 };

/** Every stored transaction without its provenance: what two loads must agree on. */
async function rows(db: Database, where = 'true'): Promise<string[]> {
  const r = await db.all(`SELECT * EXCLUDE (source_file, source_line, source_id, snapshot_id) FROM transactions WHERE ${where} ORDER BY contract_transaction_unique_key`);
  return r.map((x) => JSON.stringify(x));
}

describe('feed query shapes', () => {
  it('builds q and the page path as the real pages\' own links do', () => {
    const q = feedQuery({ agencyCode: '4740' }, { start: '2013-10-01', end: '2014-09-30' });
    expect(q).toBe('LAST_MOD_DATE:[2013/10/01,2014/09/30] AGENCY_CODE:"4740"');
    // the real next link of dherincx92_full_response_PBS4740.xml, with the version this fetcher asks for
    expect(feedPagePath(q, 10)).toBe('/ezsearch/FEEDS/ATOM?s=FPDS&FEEDNAME=PUBLIC&VERSION=1.5.3&q=LAST_MOD_DATE%3A%5B2013%2F10%2F01%2C2014%2F09%2F30%5D+AGENCY_CODE%3A%224740%22&start=10');
    expect(parseFeedQuery(q)).toEqual({ range: ['2013-10-01', '2014-09-30'], agency: '4740' });
    expect(() => feedQuery({ piid: 'A"B' })).toThrow(UsageError);
    expect(() => feedQuery({})).toThrow(/needs --agency, --piid, --vendor or --since/);
  });
});

describe.skipIf(!hasRealData)(`fetch --source fpds against a loopback feed (${hasRealData ? 'real pages' : REAL_DATA_SKIP_REASON})`, () => {
  const fetchInto = (db: Database, feed: FakeFpdsFeed, dir: string, o: Partial<FpdsFetchOptions>) =>
    fetchFpds(db, { baseUrl: feed.url, cacheDir: join(dir, 'cache'), http: noWait, ...o });

  it('--piid pulls the whole contract page by page: the same rows as loading its pages', async () => {
    const feed = await serve();
    const fetched = await tempStore();
    const r = await fetchInto(fetched.db, feed, fetched.dir, { piid: '70CDCR20D00000011' });
    expect(feed.refused).toEqual([]);
    expect(feed.requests.map((x) => x.start)).toEqual([0, 10, 20, 30, 40]);
    expect(r.entries).toBe(48);
    const loaded = await tempStore();
    await ingest(loaded.db, { paths: [join(HARVEST, readdirSync(HARVEST).find((d) => d.startsWith('70CDCR20D00000011'))!)] });
    expect(await rows(fetched.db)).toEqual(await rows(loaded.db));
    expect((await rows(fetched.db)).length).toBe(48);
    // provenance: the snapshot records every page's request and raw response
    const calls = await fetched.db.all<{ url: string }>(`SELECT url FROM api_calls ORDER BY seq`);
    expect(calls.map((c) => c.url)).toEqual(feed.requests.map((x) => `${feed.url}${feedPagePath(x.q, x.start)}`));
  });

  it('--agency ICE --since/--until: a large range is split by day; the same rows as loading every page and keeping ICE\'s in the range', async () => {
    const feed = await serve();
    const fetched = await tempStore();
    const range = { start: '2021-01-01', end: '2025-12-31' };
    const r = await fetchInto(fetched.db, feed, fetched.dir, { agencyCode: '7012', since: range.start, until: range.end, maxPerQuery: 20 });
    expect(feed.refused).toEqual([]);
    const dates = feed.requests.map((x) => parseFeedQuery(x.q).range!);
    // split: some query covers fewer days than the whole range, and every day is covered once by a completed query
    expect(dates.some(([a, b]) => a !== range.start || b !== range.end)).toBe(true);
    const loaded = await tempStore();
    await ingest(loaded.db, { paths: [ROOT] });
    const where = `awarding_sub_agency_code = '7012' AND CAST(last_modified_date AS DATE) BETWEEN DATE '${range.start}' AND DATE '${range.end}'`;
    const expected = await rows(loaded.db, where);
    expect(expected.length).toBeGreaterThan(40);
    expect(await rows(fetched.db)).toEqual(expected);
    expect(r.entries).toBeGreaterThanOrEqual(expected.length);
  });

  it('retries past a 503 and a cut-off page, and refuses a scope the feed cannot serve before fetching', async () => {
    const feed = await serve({ fault: ({ n }) => (n === 1 ? { status: 503 } : n === 3 ? { truncate: true } : undefined) });
    const store = await tempStore();
    const r = await fetchInto(store.db, feed, store.dir, { piid: 'HSCEDM14D00002' });
    expect(r.entries).toBe(38);
    expect(feed.requests.length).toBe(6);
    expect((await rows(store.db)).length).toBe(38);
    await expectRejects(() => fetchInto(store.db, feed, store.dir, { agencyCode: '7012' }), UsageError);
  });

  it('interrupted midway: nothing ingested, says what is missing; run again continues from the cache, no duplicates', async () => {
    const controller = new AbortController();
    const feed = await serve({ onRequest: ({ n }) => { if (n === 4) controller.abort(new Error('interrupted by a test')); } });
    const store = await tempStore();
    const before = await storeFingerprint(store.db);
    const e = await expectRejects(() => fetchInto(store.db, feed, store.dir, { piid: 'HSCEDM14D00004', signal: controller.signal }), FetchError);
    expect(e.message).toMatch(/fetch interrupted.*nothing was ingested.*missing PIID:"HSCEDM14D00004" from start=30/s);
    expect(await storeFingerprint(store.db)).toEqual(before);
    const r = await fetchInto(store.db, feed, store.dir, { piid: 'HSCEDM14D00004' });
    expect(r.replayed).toBe(3);
    expect(r.entries).toBe(71);
    expect((await store.db.one(`SELECT count(*) AS n, count(DISTINCT contract_transaction_unique_key) AS k FROM tx_current`))).toEqual({ n: '71', k: '71' });
  });
});

describe.skipIf(!hasRealData)('whosbehind fetch --source fpds killed with SIGKILL and run again', () => {
  beforeAll(() => ensureBuiltCli(REPO), 180_000);

  it('continues from the cache; the store holds each action once', async () => {
    let child: ChildProcess | undefined;
    let killAt = 3;
    const feed = await serve({ onRequest: ({ n }) => { if (n === killAt) child?.kill('SIGKILL'); } });
    const t = tempDir();
    const db = join(t.dir, 'store.duckdb');
    const args = ['fetch', '--source', 'fpds', '--db', db, '--piid', 'HSCEDM15D00015', '--base-url', feed.url, '--rate', '0'];
    const run = (): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> => new Promise((done) => {
      const env = { ...process.env };
      delete env['WHOSBEHIND_DB'];
      const c = spawn(process.execPath, [join(REPO, 'bin', 'whosbehind.js'), ...args], { cwd: REPO, env });
      child = c;
      let stdout = '', stderr = '';
      c.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      c.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      c.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    });
    const killed = await run();
    expect(killed.signal).toBe('SIGKILL');
    killAt = 0;
    const done = await run();
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/fetched 51 FPDS entries, PIID HSCEDM15D00015 \(\d+ page\(s\) fetched, [1-9]\d* replayed from the cache/);
    // pages the killed run completed were not fetched again (the one in flight may have been)
    expect(feed.requests.length).toBeLessThanOrEqual(6 + 1);
    const store = await openStore(db, { readOnly: true });
    try {
      expect(await store.one(`SELECT count(*) AS n, count(DISTINCT contract_transaction_unique_key) AS k FROM tx_current`)).toEqual({ n: '51', k: '51' });
    } finally {
      store.close();
    }
  }, 120_000);
});
