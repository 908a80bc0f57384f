/**
 * `whosbehind fetch` as a user runs it (a child process against the built dist/), killed with SIGKILL
 * midway through paging and run again: the second run continues from the cache and the store ends with
 * each recorded row once. Then `diff` and `watch` on the fetched snapshot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/openStore.js';
import { parseCsvTable, writeCsv } from '../support/csv.js';
import { FakeUsaspendingApi, type ApiRow } from '../support/fakeUsaspendingApi.js';
import { AGENCY_REFERENCE_HEADER, AGENCY_REFERENCE_ROWS } from '../support/ingestHelpers.js';
import { hasRealData, realFile } from '../support/realData.js';
import { tempDir } from '../support/tempStore.js';
import { ensureBuiltCli } from '../support/builtCli.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'whosbehind.js');

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function cli(args: string[], onSpawn?: (child: ChildProcess) => void): Promise<Run> {
  const env = { ...process.env };
  delete env['WHOSBEHIND_DB'];
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    onSpawn?.(child);
  });
}

beforeAll(() => ensureBuiltCli(REPO), 180_000);

describe.skipIf(!hasRealData)('whosbehind fetch killed midway and run again', () => {
  const names: Record<string, string> = { ICE: 'U.S. Immigration and Customs Enforcement', CBP: 'U.S. Customs and Border Protection' };
  const raw = hasRealData ? parseCsvTable(readFileSync(realFile('cbp-ice-dashboard', 'CBP_ICE_FY2021_Contract_Obligations.csv'))).rows.map((r) => r.values) : [];
  const transactions: ApiRow[] = raw.map((v, i) => ({
    internal_id: i + 1, 'Award ID': v['Award ID'], Mod: v['Modification'], 'Recipient Name': v['Recipient Name'], 'Action Date': v['Action Date']!,
    'Transaction Amount': Number(v['Federal Action Obligation']), 'Awarding Sub Agency': names[v['Agency']!]!, 'Transaction Description': v['Transaction Description'] || null,
    PSC: { code: null, description: v['Product/Service Description'] || null }, NAICS: { code: null, description: v['NAICS Description'] || null },
    generated_internal_id: v['Generated Award ID'],
  }));
  let child: ChildProcess | undefined;
  let killAt = 0;
  const server = new FakeUsaspendingApi({ transactions, onRequest: ({ n }) => { if (n === killAt) child?.kill('SIGKILL'); } });
  beforeAll(async () => { await server.start(); });
  afterAll(async () => { await server.stop(); });

  it('continues from the cache, never duplicates, and diff/watch read the fetched snapshot', async () => {
    const t = tempDir();
    const db = join(t.dir, 'store.duckdb');
    const ref = t.write('agency_codes.csv', writeCsv(AGENCY_REFERENCE_HEADER, AGENCY_REFERENCE_ROWS));
    expect((await cli(['ingest', '--db', db, ref])).code).toBe(0);
    const args = ['fetch', '--db', db, '--agency', 'ICE', '--fy', '2021', '--base-url', server.url, '--rate', '0'];

    killAt = 9;
    const killed = await cli(args, (c) => { child = c; });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).toMatch(/page 1: 100 rows/);
    const firstRequests = server.count('search/spending_by_transaction');
    killAt = 0;

    const done = await cli(args);
    expect(done.stderr, done.stderr).toMatch(/\(from cache\)/);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/snapshot 2: fetched awarding agency U\.S\. Immigration and Customs Enforcement, FY2021–FY2021/);
    const pages = Math.ceil(transactions.filter((r) => r['Awarding Sub Agency'] === names['ICE']).length / 100);
    // the killed run's complete pages were not asked for again (the one in flight may have been)
    expect(server.count('search/spending_by_transaction')).toBeLessThanOrEqual(pages + 1);
    expect(firstRequests).toBeGreaterThanOrEqual(7);

    const distinctIce = new Set(raw.filter((v) => v['Agency'] === 'ICE').map((v) => JSON.stringify(v))).size;
    const store = await openStore(db, { readOnly: true });
    try {
      expect(Number((await store.one(`SELECT count(*) AS n FROM tx_current`))!['n'])).toBe(distinctIce);
      expect(Number((await store.one(`SELECT count(DISTINCT contract_transaction_unique_key) AS n FROM tx_current`))!['n'])).toBe(distinctIce);
      expect(Number((await store.one(`SELECT count(*) AS n FROM api_calls WHERE snapshot_id = 2`))!['n'])).toBe(pages);
    } finally {
      store.close();
    }

    const status = await cli(['status', '--db', db]);
    expect(status.stdout).toMatch(new RegExp(`#2 .* 1 file\\(s\\) from ${pages} API call\\(s\\) .*fetch --agency ICE --basis awarding --fy 2021\\.\\.2021`));

    const diff = await cli(['diff', '--db', db, '--agency', 'ICE', '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    const answer = JSON.parse(diff.stdout) as { from: { snapshotId: number }; to: { snapshotId: number }; newAwards: unknown[] };
    expect([answer.from.snapshotId, answer.to.snapshotId]).toEqual([1, 2]);
    expect(answer.newAwards.length).toBe(new Set(raw.filter((v) => v['Agency'] === 'ICE').map((v) => v['Generated Award ID'])).size);

    const list = t.write('watch.yaml', 'agencies: [ICE]\ncompanies: [Palantir]\n');
    const out = join(t.dir, 'out');
    const w1 = await cli(['watch', list, '--db', db, '--out', out]);
    expect(w1.code, w1.stderr).toBe(0);
    expect(w1.stdout).toMatch(/change\(s\) from snapshot 0 to 2/);
    const w2 = await cli(['watch', list, '--db', db, '--out', out]);
    expect(w2.stdout).toMatch(/no change since the last run/);
  }, 240_000);
});
