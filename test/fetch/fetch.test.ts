/**
 * `fetch` against a loopback server serving recorded rows (the cbp-ice-dashboard API projection, turned
 * back into spending_by_transaction answers; real transaction and subaward CSVs zipped for the download
 * endpoints). Expected rows come from ingesting the equivalent files, never from the code under test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchError, UsageError } from '../../src/errors.js';
import { ingest } from '../../src/ingest.js';
import { fetchAgency, type FetchOptions } from '../../src/sources/usaspendingApi/index.js';
import type { HttpEffects } from '../../src/sources/usaspendingApi/http.js';
import type { Database } from '../../src/store/database.js';
import { parseCsvTable, writeCsv } from '../support/csv.js';
import { FakeUsaspendingApi, type ApiRow, type FakeApiOptions } from '../support/fakeUsaspendingApi.js';
import { expectRejects, loadAgencyReference } from '../support/ingestHelpers.js';
import { hasRealData, realFile, REAL_DATA_SKIP_REASON } from '../support/realData.js';
import { storeFingerprint, tempStore, type TempStore } from '../support/tempStore.js';
import { writeZip } from '../support/zipWriter.js';

const SUBTIER_NAMES: Record<string, string> = { ICE: 'U.S. Immigration and Customs Enforcement', CBP: 'U.S. Customs and Border Protection' };
const FY2021 = () => realFile('cbp-ice-dashboard', 'CBP_ICE_FY2021_Contract_Obligations.csv');

/** The projection file's rows as the API returns them (amounts as JSON numbers, PSC/NAICS as objects). */
function apiRows(path: string): ApiRow[] {
  return parseCsvTable(readFileSync(path)).rows.map(({ values: v }, i) => ({
    internal_id: i + 1,
    'Award ID': v['Award ID'] || null, Mod: v['Modification'] || null, 'Recipient Name': v['Recipient Name'] || null,
    'Action Date': v['Action Date']!, 'Transaction Amount': v['Federal Action Obligation'] === '' ? null : Number(v['Federal Action Obligation']),
    'Awarding Sub Agency': SUBTIER_NAMES[v['Agency']!]!, 'Transaction Description': v['Transaction Description'] || null,
    PSC: { code: null, description: v['Product/Service Description'] || null }, NAICS: { code: null, description: v['NAICS Description'] || null },
    generated_internal_id: v['Generated Award ID'] || null,
  }));
}

let servers: FakeUsaspendingApi[] = [];
afterEach(async () => { for (const s of servers) await s.stop(); servers = []; });
async function serve(options: FakeApiOptions): Promise<FakeUsaspendingApi> {
  const s = await new FakeUsaspendingApi(options).start();
  servers.push(s);
  return s;
}

/** Real network, no waiting: sleeps are recorded and skipped (the retry schedule is what is checked). */
function fastEffects(): HttpEffects & { waits: number[] } {
  const waits: number[] = [];
  return { waits, fetch: (...a) => globalThis.fetch(...a), sleep: async (ms) => { waits.push(ms); }, now: () => Date.now(), random: () => 0.5 };
}

function options(store: TempStore, server: FakeUsaspendingApi, extra: Partial<FetchOptions> = {}): FetchOptions {
  return {
    agency: 'ICE', fy: { from: 2021, to: 2021 }, baseUrl: server.url, cacheDir: join(store.dir, 'cache'),
    http: { ratePerSecond: 0, attempts: 3, timeoutMs: 1500, backoffMs: 10 }, pollMs: 1, effects: fastEffects(), ...extra,
  };
}

const ROW_SQL = `SELECT contract_transaction_unique_key AS k, contract_award_unique_key AS a, award_id_piid AS p, modification_number AS m,
  CAST(federal_action_obligation AS VARCHAR) AS amt, CAST(action_date AS VARCHAR) AS d, recipient_name AS r, awarding_sub_agency_code AS s,
  transaction_description AS t, product_or_service_code_description AS psc, naics_description AS naics FROM tx_current`;

async function rows(db: Database, where = 'TRUE'): Promise<string[]> {
  return (await db.all(`${ROW_SQL} WHERE ${where} ORDER BY k`)).map((r) => JSON.stringify(r));
}

/** Everything a failed fetch must leave as it was: every base table's rows and contents. */
async function fingerprint(db: Database): Promise<string> {
  return JSON.stringify(await storeFingerprint(db));
}

/** ICE FY2021 as loaded from the recorded file itself: the rows a fetch must reproduce. */
async function expectedIceRows(): Promise<{ rows: string[]; rejected: number }> {
  const store = await tempStore();
  await loadAgencyReference(store);
  await ingest(store.db, { paths: [FY2021()] });
  const out = await rows(store.db, `awarding_sub_agency_code = '7012'`);
  const rej = await store.db.one(`SELECT count(*) AS n FROM rejects WHERE raw LIKE '%"Agency": "ICE"%' OR raw LIKE '%"awarding_sub_agency_abbreviation":"ICE"%'`);
  return { rows: out, rejected: Number(rej!['n']) };
}

describe.skipIf(!hasRealData)('fetch via spending_by_transaction (recorded ICE FY2021 rows)', () => {
  const transactions = hasRealData ? apiRows(FY2021()) : [];

  it('ingests the same rows as loading the equivalent file, records the API calls and caches each response', async () => {
    const expected = await expectedIceRows();
    const server = await serve({ transactions });
    const store = await tempStore();
    await loadAgencyReference(store);
    const result = await fetchAgency(store.db, options(store, server));
    expect(result.snapshotId).toBeDefined();
    const got = await rows(store.db);
    expect(got.length).toBe(expected.rows.length);
    expect(got.length).toBeGreaterThan(5000);
    expect(got).toEqual(expected.rows);
    const iceRows = transactions.filter((r) => r['Awarding Sub Agency'] === SUBTIER_NAMES['ICE']).length;
    const pages = Math.ceil(iceRows / 100);
    expect(server.count('search/spending_by_transaction')).toBe(pages);
    const calls = await store.db.all(`SELECT * FROM api_calls WHERE snapshot_id = ? ORDER BY seq`, [result.snapshotId!]);
    expect(calls).toHaveLength(pages);
    const body = JSON.parse(String(calls[0]!['request_body'])) as { limit: number; page: number };
    expect(body.limit).toBe(100);
    expect(body.page).toBe(1);
    // the raw response on disk is byte for byte what the sha256 says
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(readFileSync(String(calls[0]!['response_path']))).digest('hex')).toBe(calls[0]!['response_sha256']);
    const src = await store.db.one(`SELECT layout, path FROM sources WHERE snapshot_id = ?`, [result.snapshotId!]);
    expect(src!['layout']).toBe('api_spending_by_transaction_csv');
  }, 120_000);

  it('splits a date range that reaches the search cap and still gets every row exactly once', async () => {
    const expected = await expectedIceRows();
    const server = await serve({ transactions, cap: 1000 });
    const store = await tempStore();
    await loadAgencyReference(store);
    const result = await fetchAgency(store.db, { ...options(store, server), cap: 1000 });
    expect(await rows(store.db)).toEqual(expected.rows);
    // every request stayed within the cap, and some used halves of the fiscal year
    const bodies = server.requests.filter((r) => r.kind === 'search/spending_by_transaction').map((r) => r.body as { page: number; filters: { time_period: Array<{ start_date: string; end_date: string }> } });
    expect(Math.max(...bodies.map((b) => b.page))).toBeLessThanOrEqual(10);
    const ranges = new Set(bodies.map((b) => `${b.filters.time_period[0]!.start_date}..${b.filters.time_period[0]!.end_date}`));
    expect(ranges.has('2020-10-01..2021-09-30')).toBe(true);
    expect(ranges.size).toBeGreaterThan(2);
    expect(result.snapshotId).toBeDefined();
  }, 120_000);

  it('an interrupted fetch ingests nothing, says what is missing, and the re-run completes from the cache without duplicates', async () => {
    const expected = await expectedIceRows();
    const controller = new AbortController();
    const server = await serve({ transactions, onRequest: ({ n }) => { if (n === 7) controller.abort(new Error('killed midway')); } });
    const store = await tempStore();
    await loadAgencyReference(store);
    const before = await fingerprint(store.db);
    const error = await expectRejects(() => fetchAgency(store.db, { ...options(store, server), signal: controller.signal }), FetchError);
    expect(error.message).toMatch(/fetch interrupted/);
    expect(error.message).toMatch(/nothing was ingested/);
    expect(error.message).toMatch(/missing 2020-10-01\.\.2021-09-30 \(from page [67]\)/);
    expect(await fingerprint(store.db)).toBe(before);
    const firstRun = server.count('search/spending_by_transaction');
    const result = await fetchAgency(store.db, options(store, server));
    expect(result.replayed).toBeGreaterThanOrEqual(6);
    const pages = Math.ceil(transactions.filter((r) => r['Awarding Sub Agency'] === SUBTIER_NAMES['ICE']).length / 100);
    // the second run asked only for the pages the first did not finish
    expect(server.count('search/spending_by_transaction') - firstRun).toBe(pages - result.replayed);
    expect(await rows(store.db)).toEqual(expected.rows);
    // a later run starts afresh (new data may exist) and changes nothing: every row unchanged
    const again = await fetchAgency(store.db, options(store, server));
    expect(again.replayed).toBe(0);
    expect(again.files[0]!.counts!.loaded).toBe(0);
    expect(await rows(store.db)).toEqual(expected.rows);
  }, 180_000);

  it('retries 500s and 429s (honouring Retry-After) with growing jittered waits', async () => {
    const server = await serve({
      transactions,
      fault: ({ n }) => (n === 1 ? { status: 500 } : n === 2 ? { status: 429, retryAfter: '7' } : n === 5 ? { status: 503 } : undefined),
    });
    const store = await tempStore();
    await loadAgencyReference(store);
    const effects = fastEffects();
    const result = await fetchAgency(store.db, { ...options(store, server), effects, http: { ratePerSecond: 0, attempts: 4, backoffMs: 100 } });
    expect(result.snapshotId).toBeDefined();
    // attempt 1 fails (500): wait random·100; attempt 2 fails (429): at least Retry-After 7 s
    expect(effects.waits[0]).toBe(50);
    expect(effects.waits[1]).toBe(7000);
    expect(effects.waits).toHaveLength(3);
  }, 120_000);

  it('each failure gives a clear message and leaves the store as it was', async () => {
    const cases: Array<{ name: string; server: Partial<FakeApiOptions>; pattern: RegExp; extra?: Partial<FetchOptions> }> = [
      { name: 'persistent 500', server: { fault: () => ({ status: 500 }) }, pattern: /HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/api\/v2\/search\/spending_by_transaction\/.*gave up after 3 attempts/ },
      { name: '429 asking to wait an hour', server: { fault: () => ({ status: 429, retryAfter: '3600' }) }, pattern: /Retry-After.*try again later/ },
      { name: 'timeouts', server: { fault: ({ n }) => (n >= 3 ? { hang: true } : undefined) }, pattern: /no response .* within 0\.3 s \(timeout\); gave up after 2 attempts/, extra: { http: { ratePerSecond: 0, attempts: 2, timeoutMs: 300, backoffMs: 1 } } },
      { name: 'page that never ends', server: { neverEnding: true }, pattern: /page 2 repeats page 1 exactly: the server's paging never ends/ },
      { name: '400 refused body', server: { fault: () => ({ status: 400, body: '{"detail":"Missing value: \'filters|award_type_codes\'"}' }) }, pattern: /HTTP 400 .* refused the request .*award_type_codes/ },
    ];
    for (const c of cases) {
      const server = await serve({ transactions, ...c.server });
      const store = await tempStore();
      await loadAgencyReference(store);
      const before = await fingerprint(store.db);
      const error = await expectRejects(() => fetchAgency(store.db, { ...options(store, server), ...c.extra }), FetchError);
      expect(error.message, c.name).toMatch(c.pattern);
      expect(error.message, c.name).toMatch(/nothing was ingested \(the store is unchanged\)/);
      expect(await fingerprint(store.db), c.name).toBe(before);
    }
    // a 400 is not retried
    const server = await serve({ transactions, fault: () => ({ status: 400 }) });
    const store = await tempStore();
    await loadAgencyReference(store);
    await expectRejects(() => fetchAgency(store.db, options(store, server)), FetchError);
    expect(server.count('search/spending_by_transaction')).toBe(1);
  }, 180_000);

  it('an empty result ingests nothing and records no snapshot', async () => {
    const server = await serve({ transactions });
    const store = await tempStore();
    await loadAgencyReference(store);
    const before = await fingerprint(store.db);
    const result = await fetchAgency(store.db, { ...options(store, server), fy: { from: 2019, to: 2019 } });
    expect(result.snapshotId).toBeUndefined();
    expect(result.rows).toBe(0);
    expect(await fingerprint(store.db)).toBe(before);
  });

  it('refuses the search on the funding basis and without the agency reference', async () => {
    const server = await serve({ transactions });
    const store = await tempStore();
    await expectRejects(() => fetchAgency(store.db, options(store, server)), UsageError);
    await loadAgencyReference(store);
    await expectRejects(() => fetchAgency(store.db, { ...options(store, server), basis: 'funding', via: 'search' }), UsageError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('the loopback server enforces the request contract', () => {
  it('answers bad bodies with 400 like the real API', async () => {
    const server = await serve({ transactions: [] });
    const post = async (body: unknown): Promise<number> => (await fetch(`${server.url}/api/v2/search/spending_by_transaction/`, { method: 'POST', body: JSON.stringify(body) })).status;
    const good = { filters: { award_type_codes: ['A'], agencies: [{ type: 'awarding', tier: 'subtier', name: 'X' }], time_period: [{ start_date: '2021-01-01', end_date: '2021-02-01' }] }, fields: ['Award ID'], sort: 'Award ID', limit: 100, page: 1 };
    expect(await post(good)).toBe(200);
    expect(await post({ ...good, limit: 101 })).toBe(400);
    expect(await post({ ...good, filters: { ...good.filters, award_type_codes: [] } })).toBe(400);
    expect(await post({ ...good, sort: 'Mod' })).toBe(400);
    expect(await post({ ...good, page: 501 })).toBe(422);
  });
});

describe.skipIf(!hasRealData)('fetch via the download endpoints (real transaction and subaward files zipped)', () => {
  const txPath = () => realFile('asof-fixture', 'usaspending_transactions_lmt.csv');
  const subPath = () => realFile('mn_ice_contracts', 'all_after_2020', 'Contracts_Subawards_2025-03-28_H03M23S17_1.csv');
  /** The download a real server would build: rows of the agency (awarding or funding) and dates, in the original layout. */
  const zipFor = (req: { agencyName: string; start: string; end: string; kind: string }): Buffer => {
    if (req.kind === 'subawards') {
      return writeZip([{ name: 'Contracts_Subawards_1.csv', data: readFileSync(subPath()) }, { name: 'README.txt', data: 'data dictionary' }]).buffer;
    }
    const t = parseCsvTable(readFileSync(txPath()));
    const picked = t.rows.filter(({ values: v }) => (v['awarding_sub_agency_name'] === req.agencyName || v['funding_sub_agency_name'] === req.agencyName)
      && v['action_date']! >= req.start && v['action_date']! <= req.end).map((r) => r.values);
    return writeZip([{ name: 'All_Contracts_PrimeTransactions_1.csv', data: writeCsv(t.header, picked) }]).buffer;
  };

  it('submits, polls status, downloads and ingests the zip: the same rows as loading the file; subawards too', async () => {
    const server = await serve({ transactions: [], zip: zipFor, runningPolls: 2 });
    const store = await tempStore();
    await loadAgencyReference(store);
    const result = await fetchAgency(store.db, { ...options(store, server), agency: 'CBP', fy: { from: 2026, to: 2026 }, basis: 'funding', withSubawards: true });
    expect(result.zips).toBe(2);
    expect(server.count('download/status')).toBe(6);
    const reference = await tempStore();
    const file = reference.write('cbp.csv', (() => {
      const t = parseCsvTable(readFileSync(txPath()));
      return writeCsv(t.header, t.rows.filter((r) => r.values['funding_sub_agency_name'] === SUBTIER_NAMES['CBP'] || r.values['awarding_sub_agency_name'] === SUBTIER_NAMES['CBP']).map((r) => r.values));
    })());
    await ingest(reference.db, { paths: [file, subPath()] });
    expect(await rows(store.db)).toEqual(await rows(reference.db));
    expect((await rows(store.db)).length).toBeGreaterThan(0);
    const subs = async (db: Database) => (await db.all(`SELECT subaward_key, CAST(subaward_amount AS VARCHAR) AS a FROM sub_current ORDER BY 1`)).map((r) => JSON.stringify(r));
    expect(await subs(store.db)).toEqual(await subs(reference.db));
    expect((await subs(store.db)).length).toBeGreaterThan(400);
  }, 120_000);

  it('downloads a truncated zip again; a corrupt one fails cleanly', async () => {
    const server = await serve({ transactions: [], zip: zipFor, fault: ({ kind }) => (kind === 'file' && server.count('file') === 1 ? { truncate: true } : undefined) });
    const store = await tempStore();
    await loadAgencyReference(store);
    const result = await fetchAgency(store.db, { ...options(store, server), agency: 'CBP', fy: { from: 2026, to: 2026 }, via: 'download' });
    expect(result.snapshotId).toBeDefined();
    expect(server.count('file')).toBe(2);

    const bad = await serve({ transactions: [], zip: zipFor, fault: ({ kind }) => (kind === 'file' ? { corrupt: true } : undefined) });
    const store2 = await tempStore();
    await loadAgencyReference(store2);
    const before = await fingerprint(store2.db);
    const error = await expectRejects(() => fetchAgency(store2.db, { ...options(store2, bad), agency: 'CBP', fy: { from: 2026, to: 2026 }, via: 'download' }), FetchError);
    expect(error.message).toMatch(/downloaded archive .*PrimeTransactions.* is corrupt .*tried 3 times/);
    expect(error.message).toMatch(/transactions download 2025-10-01\.\.2026-09-30: missing/);
    expect(await fingerprint(store2.db)).toBe(before);

    // a connection that always drops mid-file: retried, then a clear failure; nothing half-downloaded is kept
    const cut = await serve({ transactions: [], zip: zipFor, fault: ({ kind }) => (kind === 'file' ? { truncate: true } : undefined) });
    const store3 = await tempStore();
    await loadAgencyReference(store3);
    const before3 = await fingerprint(store3.db);
    const cutError = await expectRejects(() => fetchAgency(store3.db, { ...options(store3, cut), agency: 'CBP', fy: { from: 2026, to: 2026 }, via: 'download' }), FetchError);
    expect(cutError.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/files\/.*(broke off|received \d+ of \d+ bytes).*gave up after 3 attempts/);
    expect(cut.count('file')).toBe(3);
    expect(await fingerprint(store3.db)).toBe(before3);
    const { readdirSync } = await import('node:fs');
    const leftovers = readdirSync(join(store3.dir, 'cache'), { recursive: true }).map(String).filter((f) => f.endsWith('.zip') || f.endsWith('.part'));
    expect(leftovers).toEqual([]);
  }, 120_000);
});
