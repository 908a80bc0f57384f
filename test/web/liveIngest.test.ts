/**
 * Writing while serving (issue 16, "done when"): `serve` runs on a real-data store, `whosbehind ingest` of
 * another real file runs on the same store as a separate process, a client polls the pages and the API
 * throughout; every request succeeds, and the new rows are served within 5 s of the ingest's commit,
 * without a restart. Also: two ingests at once, and a store held for writing by another process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ensureGraph } from '../../src/graph/graphAnswers.js';
import { ingest } from '../../src/ingest.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { ensureBuiltCli } from '../support/builtCli.js';
import { hasRealData, realFile } from '../support/realData.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'whosbehind.js');
const AGENCIES = realFile('data-act-broker', 'agency_codes.csv');
const FY2021 = realFile('cbp-ice-dashboard', 'CBP_ICE_FY2021_Contract_Obligations.csv');
const FY2022 = realFile('cbp-ice-dashboard', 'CBP_ICE_FY2022_Contract_Obligations.csv');
const FY2023 = realFile('cbp-ice-dashboard', 'CBP_ICE_FY2023_Contract_Obligations.csv');

/** Runs the CLI as its own process; resolves with its exit code and output. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; ended: number }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('close', (status) => done({ status, stdout, stderr, ended: Date.now() }));
  });
}

async function preparedStore(paths: string[]): Promise<TempStore> {
  const store = await tempStore({ autoCleanup: false });
  const r = await ingest(store.db, { paths });
  expect(r.failed).toBe(0);
  await resolveEntities(store.db);
  await ensureGraph(store.db, [], async () => []);
  store.close();
  return store;
}

describe.skipIf(!hasRealData)('serve and ingest on one store at once (real CBP/ICE files)', () => {
  let store: TempStore;
  let server: RunningServer;
  beforeAll(async () => {
    ensureBuiltCli(REPO);
    store = await preparedStore([AGENCIES, FY2021]);
    server = await startServer({ dbPath: store.dbPath, host: '127.0.0.1', port: 0, prewarm: 0 });
    await server.ready;
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    store?.cleanup();
  });

  const fy2022Rows = (): string => `/api/sql?q=${encodeURIComponent(`SELECT count(*) AS n FROM transactions WHERE source_file = '${FY2022.replaceAll("'", "''")}'`)}`;

  it('an ingest completes through the served store; every polled request succeeds; new rows served within 5 s', async () => {
    const statuses: Array<{ path: string; status: number }> = [];
    const seen: Array<{ at: number; n: number; snapshot: number }> = [];
    let polling = true;
    const get = async (path: string): Promise<string> => {
      const r = await fetch(server.url + path);
      statuses.push({ path, status: r.status });
      return r.text();
    };
    // one client reads the answer pages throughout; another watches for the new rows and the snapshot
    const pages = (async () => {
      const paths = ['/api/agency?q=ICE', '/agency?q=ICE', '/search?q=palantir', '/api/path?from=Palantir&to=ICE', '/company?q=Palantir'];
      for (let i = 0; polling; i++) await get(paths[i % paths.length]!);
    })();
    const watcher = (async () => {
      while (polling) {
        const rows = JSON.parse(await get(fy2022Rows()));
        const health = JSON.parse(await get('/api/health'));
        seen.push({ at: Date.now(), n: rows.result?.rows[0].n ?? -1, snapshot: health.snapshotId });
      }
    })();
    const poll = Promise.all([pages, watcher]);
    const before = seen.length;
    const run = await cli(['ingest', '--db', store.dbPath, FY2022]);
    expect(run.stderr).toMatch(/is open for reading by PID \d+.*: writing a copy .* and swapping it in when done/);
    expect(run.stdout).toMatch(/^snapshot 2: 1 file\(s\) loaded/m);
    expect(run.stdout).toMatch(/^relationship graph: \d+ nodes/m);
    expect(run.status).toBe(0);
    const deadline = run.ended + 5000;
    while (Date.now() < deadline && !seen.some((s) => s.at >= run.ended && s.n > 0)) await new Promise((r) => setTimeout(r, 50));
    // a little longer, so requests after the switch are polled too
    await new Promise((r) => setTimeout(r, 500));
    polling = false;
    await poll;
    expect(seen.length).toBeGreaterThan(before);
    const first = seen.find((s) => s.n > 0);
    expect(first, 'the new rows within 5 s of the commit').toBeDefined();
    expect(first!.at - run.ended).toBeLessThan(5000);
    console.info(`[liveIngest] new rows served ${first!.at - run.ended} ms after the ingest process ended; ${statuses.length} requests during it, none failed`);
    expect(seen.filter((s) => s.snapshot >= 0).pop()!.snapshot).toBe(2);
    expect(statuses.filter((s) => s.status !== 200)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(6);
    // the pages show the new snapshot's answer: FY2022 obligations appear on the agency page
    const page = await (await fetch(`${server.url}/agency?q=ICE&fy=2022`)).text();
    expect(page).toMatch(/net prime obligations \(either basis, FY2022\) in [1-9]\d* transactions/);
    expect(page).toMatch(/<p class="context">Snapshot 2, loaded /);
  }, 300_000);

  it('two ingests at once on the served store: the second waits for the first, both files are present once, counts reconcile', async () => {
    const [a, b] = await Promise.all([cli(['ingest', '--db', store.dbPath, FY2023]), cli(['ingest', '--db', store.dbPath, FY2022])]);
    expect([a.status, b.status]).toEqual([0, 0]);
    expect(`${a.stderr}${b.stderr}`).toMatch(/waiting for PID \d+ \(whosbehind ingest .*\)(, since \d\d:\d\d:\d\d UTC)? to finish writing/);
    await server.store.refresh();
    const q = async (sql: string): Promise<any[]> => ((await (await fetch(`${server.url}/api/sql?q=${encodeURIComponent(sql)}`)).json()) as { result: { rows: any[] } }).result.rows;
    const sources = await q(`SELECT name, read, loaded, replaced, unchanged, deleted, rejected FROM sources WHERE name LIKE '%FY2022%' OR name LIKE '%FY2023%' ORDER BY source_id`);
    // FY2022 once from the first test, again (all unchanged) now; FY2023 once
    expect(sources.map((s) => s.name)).toEqual(expect.arrayContaining([FY2022, FY2023]));
    for (const s of sources) expect(Number(s.read)).toBe(Number(s.loaded) + Number(s.replaced) + Number(s.unchanged) + Number(s.deleted) + Number(s.rejected));
    const second2022 = sources.filter((s) => s.name === FY2022).pop();
    expect(Number(second2022.loaded)).toBe(0);
    const rows = await q(`SELECT source_file, count(*) AS n FROM transactions WHERE source_file IN ('${FY2022}', '${FY2023}') GROUP BY 1 ORDER BY 1`);
    const loaded = (name: string): number => sources.filter((s) => s.name === name).reduce((t, s) => t + Number(s.loaded), 0);
    expect(rows).toEqual([{ source_file: FY2022, n: loaded(FY2022) }, { source_file: FY2023, n: loaded(FY2023) }]);
  }, 300_000);
});

describe.skipIf(!hasRealData)('a store another process is writing', () => {
  it('a reader gets a plain message naming the process and what to do, never "internal error"', async () => {
    ensureBuiltCli(REPO);
    const store = await tempStore();
    await ingest(store.db, { paths: [AGENCIES] });
    // the test process holds the store open for writing, as a running ingest does
    const r = spawnSync(process.execPath, [BIN, 'status', '--db', store.dbPath], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(new RegExp(`^whosbehind: the store ${store.dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is being written by PID ${process.pid} \\(.+\\)(, since \\d\\d:\\d\\d:\\d\\d UTC)?: wait for it to finish and run this again`));
    expect(r.status).toBe(75);
  });
});
