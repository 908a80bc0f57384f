/**
 * Ingest semantics on small synthetic files: versions, deltas, repeats, keys, where each layout's rows go,
 * discovery of folders and archives, spreadsheet-saved values, and fiscal-year checks.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { ingest } from '../../src/ingest.js';
import { parseCsv, writeCsv } from '../support/csv.js';
import { AGENCY_REFERENCE_HEADER, AGENCY_REFERENCE_ROWS, expectReconciled, expectRejects, ingestOne, loadAgencyReference } from '../support/ingestHelpers.js';
import { minimalHeader } from '../support/layoutHeaders.js';
import { cents, centsOf, formatCents } from '../support/money.js';
import { tempStore } from '../support/tempStore.js';
import { writeZip } from '../support/zipWriter.js';

type Row = Record<string, string>;
const TX = minimalHeader('transactions');
const DELTA = minimalHeader('delta');
const SUMMARY = minimalHeader('summaries2025');
const SUB = minimalHeader('subawards');
const API = minimalHeader('api');

function tx(key: string, amount: string, lastModified: string, extra: Row = {}): Row {
  return {
    contract_transaction_unique_key: `7012_-NONE-_${key}_0_-NONE-_0`,
    contract_award_unique_key: `CONT_AWD_${key}_7012_-NONE-_-NONE-`,
    award_id_piid: key,
    modification_number: '0',
    federal_action_obligation: amount,
    action_date: '2023-03-15',
    action_date_fiscal_year: '2023',
    recipient_name: `SUPPLIER ${key}`,
    last_modified_date: lastModified,
    ...extra,
  };
}
const txKey = (key: string): string => `7012_-NONE-_${key}_0_-NONE-_0`;

async function amountsByKey(db: import('../../src/store/database.js').Database, table: string, keyCol: string, amountCol: string): Promise<Map<string, bigint>> {
  const rows = await db.all<{ k: string; a: string | null }>(`SELECT "${keyCol}" AS k, CAST("${amountCol}" AS VARCHAR) AS a FROM "${table}"`);
  return new Map(rows.map((r) => [r.k, centsOf(r.a)]));
}

describe('versions: last_modified_date decides', () => {
  it('a newer version replaces the stored row; the old version lands in tx_current_history', async () => {
    const store = await tempStore();
    const first = await ingestOne(store.db, store.write('v1.csv', writeCsv(TX, [tx('K1', '100.00', '2024-01-01 00:00:00'), tx('K2', '5.00', '2024-01-01 00:00:00')])));
    const second = await ingestOne(store.db, store.write('v2.csv', writeCsv(TX, [tx('K1', '250.50', '2024-06-01 12:30:00'), tx('K2', '5.00', '2024-01-01 00:00:00')])));
    expectReconciled(second.counts);
    expect(second.counts).toMatchObject({ read: 2, loaded: 0, replaced: 1, unchanged: 1, rejected: 0 });
    const amounts = await amountsByKey(store.db, 'tx_current', 'contract_transaction_unique_key', 'federal_action_obligation');
    expect(amounts.get(txKey('K1'))).toBe(cents('250.50'));
    const history = await store.db.all(`SELECT contract_transaction_unique_key AS k, CAST(federal_action_obligation AS VARCHAR) AS a,
        CAST(last_modified_date AS VARCHAR) AS lmd, snapshot_id, superseded_snapshot_id, superseded_how FROM tx_current_history`);
    expect(history).toEqual([{
      k: txKey('K1'), a: '100.00', lmd: '2024-01-01 00:00:00',
      snapshot_id: first.result.snapshotId, superseded_snapshot_id: second.result.snapshotId, superseded_how: 'replaced',
    }]);
  });

  it('an older version is rejected with a reason naming both versions; the stored row stays', async () => {
    const store = await tempStore();
    const v1 = store.write('v1.csv', writeCsv(TX, [tx('K1', '100.00', '2024-06-01 00:00:00')]));
    await ingestOne(store.db, v1);
    const older = store.write('older.csv', writeCsv(TX, [tx('K1', '1.00', '2023-01-01 00:00:00')]));
    const { counts } = await ingestOne(store.db, older);
    expect(counts).toMatchObject({ read: 1, loaded: 0, replaced: 0, unchanged: 0, rejected: 1 });
    const rejects = await store.db.all<{ name: string; line: string; field: string; reason: string }>(
      `SELECT s.name, r.line, r.field, r.reason FROM rejects r JOIN sources s USING (source_id)`,
    );
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ name: older, line: '2', field: 'last_modified_date' });
    expect(rejects[0]!.reason).toMatch(/older/);
    expect(rejects[0]!.reason).toContain('2023-01-01');
    expect(rejects[0]!.reason).toContain('2024-06-01');
    expect(rejects[0]!.reason).toContain(v1);
    const amounts = await amountsByKey(store.db, 'tx_current', 'contract_transaction_unique_key', 'federal_action_obligation');
    expect(amounts.get(txKey('K1'))).toBe(cents('100.00'));
    expect(await store.db.all(`SELECT * FROM tx_current_history`)).toEqual([]);
  });

  it('two versions of one key in one file: the newer is kept wherever it stands, the other rejected', async () => {
    const store = await tempStore();
    const text = writeCsv(TX, [tx('K1', '300.00', '2024-09-01 00:00:00'), tx('K2', '7.00', '2024-01-01 00:00:00'), tx('K1', '200.00', '2024-03-01 00:00:00')]);
    const { counts } = await ingestOne(store.db, store.write('two-versions.csv', text));
    expect(counts).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    const amounts = await amountsByKey(store.db, 'tx_current', 'contract_transaction_unique_key', 'federal_action_obligation');
    expect(amounts.get(txKey('K1'))).toBe(cents('300.00'));
    const r = await store.db.one<{ line: string; reason: string }>(`SELECT line, reason FROM rejects`);
    expect(r!.line).toBe(String(parseCsv(text)[3]!.line));
    expect(r!.reason).toContain('line 2');
  });
});

describe('Award Data Archive deltas', () => {
  it('upsert and delete (correction_delete_ind = D), with counts and history', async () => {
    const store = await tempStore();
    const full = [tx('K1', '100.00', '2024-01-01 00:00:00'), tx('K2', '200.00', '2024-01-01 00:00:00'), tx('K3', '-300.00', '2024-01-01 00:00:00')];
    await ingestOne(store.db, store.write('full.csv', writeCsv(TX, full)));
    const del = (key: string): Row => ({ correction_delete_ind: 'D', agency_id: '7012', contract_transaction_unique_key: txKey(key), last_modified_date: '2024-08-06' });
    const delta = [
      { ...tx('K1', '150.00', '2024-07-01 00:00:00'), correction_delete_ind: '', agency_id: '7012' },
      del('K2'),
      { ...tx('K4', '-42.10', '2024-07-02 00:00:00'), correction_delete_ind: '', agency_id: '7012' },
      del('K9'), // never stored
      { ...tx('K3', '-300.00', '2024-01-01 00:00:00'), correction_delete_ind: '', agency_id: '7012' },
    ];
    const { file, counts } = await ingestOne(store.db, store.write('FY(All)_070_Contracts_Delta_20240801_1.csv', writeCsv(DELTA, delta, { eol: '\n' })));
    expect(file.layout).toBe('contracts_delta');
    expectReconciled(counts);
    expect(counts).toMatchObject({ read: 5, loaded: 1, replaced: 1, unchanged: 1, deleted: 2, deletedAbsent: 1, rejected: 0 });
    expect(file.warnings.join(' ')).toMatch(/1 deletion/);
    const amounts = await amountsByKey(store.db, 'tx_current', 'contract_transaction_unique_key', 'federal_action_obligation');
    expect(new Map([...amounts].sort())).toEqual(new Map([
      [txKey('K1'), cents('150.00')], [txKey('K3'), cents('-300.00')], [txKey('K4'), cents('-42.10')],
    ]));
    const history = await store.db.all(`SELECT contract_transaction_unique_key AS k, CAST(federal_action_obligation AS VARCHAR) AS a, superseded_how
      FROM tx_current_history ORDER BY k`);
    expect(history).toEqual([
      { k: txKey('K1'), a: '100.00', superseded_how: 'replaced' },
      { k: txKey('K2'), a: '200.00', superseded_how: 'deleted' },
    ]);
    // The transactions view sums what is current: 150 - 300 - 42.10.
    const total = await store.db.one<{ s: string }>(`SELECT CAST(sum(federal_action_obligation) AS VARCHAR) AS s FROM transactions`);
    expect(centsOf(total!.s)).toBe(cents('150.00') + cents('-300.00') + cents('-42.10'));
  });
});

describe('the API projection (no transaction key)', () => {
  const apiRow = (piid: string, amount: string, extra: Row = {}): Row => ({
    Agency: 'ICE', 'Award ID': piid, 'Recipient Name': 'PALANTIR USG INC', 'Federal Action Obligation': amount,
    'Action Date': '2022-01-14', Modification: 'P00001', 'Product/Service Description': 'IT AND TELECOM- OTHER',
    'NAICS Description': 'COMPUTER SYSTEMS DESIGN SERVICES', 'Transaction Description': 'ICM O&M',
    'Generated Award ID': `CONT_AWD_${piid}_7012_-NONE-_-NONE-`, ...extra,
  });

  it('identical repeated rows are counted once; the repeat goes to rejects as an identical repeat', async () => {
    const store = await tempStore();
    await loadAgencyReference(store);
    const rows = [apiRow('70CTD022FR0000001', '1000.00'), apiRow('70CTD022FR0000002', '-250.25'), apiRow('70CTD022FR0000001', '1000.00'),
      apiRow('70CTD022FR0000001', '1000.00', { 'Transaction Description': 'ICM O&M, OPTION 2' })];
    const { counts } = await ingestOne(store.db, store.write('api.csv', writeCsv(API, rows)));
    expectReconciled(counts);
    expect(counts).toMatchObject({ read: 4, loaded: 3, rejected: 1 });
    const rejects = await store.db.all<{ reason: string }>(`SELECT reason FROM rejects`);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.reason).toMatch(/identical repeat/);
    const s = await store.db.one<{ s: string; n: string }>(`SELECT CAST(sum(federal_action_obligation) AS VARCHAR) AS s, count(*) AS n FROM transactions`);
    expect(centsOf(s!.s)).toBe(cents('1000.00') + cents('-250.25') + cents('1000.00'));
    const codes = await store.db.all(`SELECT DISTINCT awarding_sub_agency_code AS c, awarding_agency_code AS a FROM transactions`);
    expect(codes).toEqual([{ c: '7012', a: '070' }]);
  });

  // Regression (was a bug): src/store/loadFile.ts classify() ranks duplicates "ORDER BY version DESC NULLS LAST, rec DESC", so for
  // identical rows the LAST occurrence is kept and the FIRST is rejected, with the reason "identical repeat of
  // line 4" written on line 2 (a row cannot repeat a later one). Expected: the first occurrence stored
  // (source_line 2) and the second (line 4) rejected as "identical repeat of line 2".
  it('the second occurrence, not the first, is the one rejected as a repeat', async () => {
    const store = await tempStore();
    await loadAgencyReference(store);
    const rows = [apiRow('70CTD022FR0000001', '1000.00'), apiRow('70CTD022FR0000002', '5.00'), apiRow('70CTD022FR0000001', '1000.00')];
    await ingestOne(store.db, store.write('api.csv', writeCsv(API, rows)));
    const reject = await store.db.one<{ line: string; reason: string }>(`SELECT line, reason FROM rejects`);
    expect(reject).toMatchObject({ line: '4' });
    expect(reject!.reason).toContain('line 2');
    const kept = await store.db.one<{ line: string }>(`SELECT source_line AS line FROM transactions WHERE award_id_piid = '70CTD022FR0000001'`);
    expect(kept!.line).toBe('2');
  });

  it('needs the agency reference: refused without it, accepted with it in the same command', async () => {
    const store = await tempStore();
    const api = store.write('data/api.csv', writeCsv(API, [apiRow('70CTD022FR0000001', '1.00')]));
    const error = await expectRejects(() => ingest(store.db, { paths: [api] }), BadInputError);
    expect(error.message).toContain(api);
    expect(error.message).toMatch(/agency_codes/);
    expect(await store.db.all(`SELECT * FROM sources`)).toEqual([]);
    const ref = store.write('data/z_agency_codes.csv', writeCsv(AGENCY_REFERENCE_HEADER, AGENCY_REFERENCE_ROWS));
    const result = await ingest(store.db, { paths: [api, ref] });
    expect(result.files.map((f) => f.layout)).toEqual(['agency_codes', 'api_spending_by_transaction_csv']);
    expect(result.files[1]!.counts).toMatchObject({ loaded: 1 });
  });

  it('an abbreviation that is not a subtier of the award\'s agency is rejected with a reason', async () => {
    const store = await tempStore();
    await loadAgencyReference(store);
    const rows = [apiRow('70CTD022FR0000001', '1.00'), apiRow('70B04C22F0000003', '2.00', { Agency: 'ICE', 'Generated Award ID': 'CONT_AWD_70B04C22F0000003_7014_-NONE-_-NONE-' })];
    const { counts } = await ingestOne(store.db, store.write('api.csv', writeCsv(API, rows)));
    expect(counts).toMatchObject({ loaded: 1, rejected: 1 });
    const r = await store.db.one<{ line: string; field: string; reason: string }>(`SELECT line, field, reason FROM rejects`);
    expect(r).toMatchObject({ line: '3', field: 'awarding_sub_agency_abbreviation' });
    expect(r!.reason).toContain('7014');
  });
});

describe('subawards', () => {
  const sub = (report: string, amount: string, lastModified: string): Row => ({
    prime_award_unique_key: 'CONT_AWD_70CMSD19FR0000001_7012_GS35F0086U_4730', prime_award_piid: '70CMSD19FR0000001',
    subaward_number: 'SUB-0001', subaward_amount: amount, subaward_fsrs_report_id: report, subaward_action_date: '2021-03-03',
    subaward_action_date_fiscal_year: '2021', subawardee_name: 'THOMSON REUTERS SPECIAL SERVICES, LLC',
    subaward_fsrs_report_last_modified_date: lastModified,
  });

  it('key = prime key + subaward number + report id: a re-report under another report id is a separate row', async () => {
    const store = await tempStore();
    const { counts } = await ingestOne(store.db, store.write('subs.csv', writeCsv(SUB, [sub('R1', '50000.00', '2021-04-01'), sub('R2', '50000.00', '2021-05-01')])));
    expect(counts).toMatchObject({ read: 2, loaded: 2, rejected: 0 });
    const keys = (await store.db.all<{ k: string }>(`SELECT subaward_key AS k FROM sub_current ORDER BY 1`)).map((r) => r.k);
    const prime = 'CONT_AWD_70CMSD19FR0000001_7012_GS35F0086U_4730';
    expect(keys).toEqual([`${prime}|SUB-0001|R1`, `${prime}|SUB-0001|R2`]);
    // The same report again, amended later, replaces its own row only.
    const again = await ingestOne(store.db, store.write('subs2.csv', writeCsv(SUB, [sub('R1', '65000.00', '2021-06-01')])));
    expect(again.counts).toMatchObject({ read: 1, replaced: 1 });
    const amounts = await amountsByKey(store.db, 'sub_current', 'subaward_key', 'subaward_amount');
    expect(amounts.get(`${prime}|SUB-0001|R1`)).toBe(cents('65000.00'));
    expect(amounts.get(`${prime}|SUB-0001|R2`)).toBe(cents('50000.00'));
  });
});

describe('where rows go', () => {
  it('transactions and award summaries are stored apart (no double counting)', async () => {
    const store = await tempStore();
    const award = 'CONT_AWD_70CMSD22C0000001_7012_-NONE-_-NONE-';
    const txs = [
      tx('A', '100.00', '2024-01-01 00:00:00', { contract_award_unique_key: award }),
      { ...tx('A', '-30.00', '2024-01-01 00:00:00', { contract_award_unique_key: award }), contract_transaction_unique_key: '7012_-NONE-_A_P00001_-NONE-_0', modification_number: 'P00001' },
    ];
    const summary: Row = {
      contract_award_unique_key: award, total_obligated_amount: '70.00', award_base_action_date: '2023-03-15',
      award_base_action_date_fiscal_year: '2023', last_modified_date: '2024-01-01 00:00:00',
    };
    const result = await ingest(store.db, { paths: [store.write('d/tx.csv', writeCsv(TX, txs)), store.write('d/summary.csv', writeCsv(SUMMARY, [summary]))] });
    expect(result.files.map((f) => f.layout).sort()).toEqual(['contracts_prime_award_summaries', 'contracts_prime_transactions']);
    expect(await store.db.one(`SELECT count(*) AS n, CAST(sum(federal_action_obligation) AS VARCHAR) AS s FROM transactions`)).toEqual({ n: '2', s: '70.00' });
    expect(await store.db.one(`SELECT count(*) AS n, CAST(sum(total_obligated_amount) AS VARCHAR) AS s FROM award_summaries`)).toEqual({ n: '1', s: '70.00' });
    const txCols = (await store.db.all<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'tx_current'`)).map((r) => r.c);
    expect(txCols).not.toContain('total_obligated_amount');
  });

  it('reads zip archives and nested folders; skips assistance and other files with a message', async () => {
    const store = await tempStore();
    store.write('drop/nested/deeper/tx.csv', writeCsv(TX, [tx('N1', '10.00', '2024-01-01 00:00:00')]));
    const memberText = writeCsv(TX, [tx('Z1', '20.00', '2024-01-01 00:00:00'), tx('Z2', '-5.00', '2024-01-01 00:00:00')]);
    const zip = writeZip([
      { name: 'FY2024_070_Contracts_Full_20240906/FY2024_070_Contracts_Full_20240906_1.csv', data: memberText },
      { name: 'readme.txt', data: 'not data' },
    ]);
    const zipPath = store.write('drop/FY2024_070_Contracts_Full_20240906.zip', zip.buffer);
    store.write('drop/Assistance_PrimeAwardSummaries_1.csv', 'assistance_award_unique_key,award_id_fain,total_obligated_amount\r\nASST_NON_1,F1,10.00\r\n');
    store.write('drop/notes.txt', 'hello');
    store.write('drop/.hidden.csv', 'garbage');
    const result = await ingest(store.db, { paths: [`${store.dir}/drop`] });
    const loaded = result.files.filter((f) => f.counts).map((f) => f.name.slice(store.dir.length + 1)).sort();
    expect(loaded).toEqual([
      'drop/FY2024_070_Contracts_Full_20240906.zip!FY2024_070_Contracts_Full_20240906/FY2024_070_Contracts_Full_20240906_1.csv',
      'drop/nested/deeper/tx.csv',
    ]);
    const skipped = Object.fromEntries(result.files.filter((f) => f.skipped).map((f) => [f.name.slice(store.dir.length + 1), f.skipped!]));
    expect(Object.keys(skipped).sort()).toEqual([
      'drop/Assistance_PrimeAwardSummaries_1.csv', 'drop/FY2024_070_Contracts_Full_20240906.zip!readme.txt', 'drop/notes.txt',
    ]);
    expect(skipped['drop/Assistance_PrimeAwardSummaries_1.csv']).toMatch(/assistance/i);
    expect(result.failed).toBe(0);
    const amounts = await amountsByKey(store.db, 'tx_current', 'contract_transaction_unique_key', 'federal_action_obligation');
    expect(amounts.size).toBe(3);
    expect([...amounts.values()].reduce((a, b) => a + b, 0n)).toBe(cents('25.00'));
    const src = await store.db.one<{ archive: string; archive_sha256: string; sha256: string; bytes: string }>(
      `SELECT archive, archive_sha256, sha256, bytes FROM sources WHERE archive IS NOT NULL`,
    );
    expect(src).toEqual({
      archive: 'FY2024_070_Contracts_Full_20240906.zip',
      archive_sha256: createHash('sha256').update(zip.buffer).digest('hex'),
      sha256: createHash('sha256').update(memberText).digest('hex'),
      bytes: String(Buffer.byteLength(memberText)),
    });
    expect(zipPath.endsWith('.zip')).toBe(true);
  });

  it('an archive member named ../something never writes outside the extraction folder (refused or read)', async () => {
    const store = await tempStore();
    const escapeName = `whosbehind-escape-${process.pid}-${Date.now()}.csv`;
    const zip = writeZip([{ name: `../../${escapeName}`, data: writeCsv(TX, [tx('E1', '1.00', '2024-01-01 00:00:00')]) }]);
    const zipPath = store.write('hostile.zip', zip.buffer);
    try {
      const result = await ingest(store.db, { paths: [zipPath] });
      expect(result.files.map((f) => f.name)).toEqual([`${zipPath}!../../${escapeName}`]);
      expect(result.files[0]!.counts).toMatchObject({ loaded: 1 });
    } catch (error) {
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as BadInputError).message).toContain(zipPath);
      expect(await store.db.all(`SELECT * FROM sources`)).toEqual([]);
    }
    for (const dir of [tmpdir(), dirname(tmpdir()), store.dir, dirname(store.dir)]) expect(existsSync(join(dir, escapeName)), dir).toBe(false);
  });

  it('an assistance file named explicitly is skipped, not loaded', async () => {
    const store = await tempStore();
    const path = store.write('Assistance_PrimeTransactions_1.csv', 'assistance_transaction_unique_key,assistance_award_unique_key,federal_action_obligation\r\nA,B,1.00\r\n');
    const result = await ingest(store.db, { paths: [path] });
    expect(result.files).toHaveLength(1);
    expect(result.files[0]!.skipped).toMatch(/assistance/i);
    expect(result.snapshotId).toBeUndefined();
    expect(await store.db.all(`SELECT * FROM sources`)).toEqual([]);
    expect(await store.db.all(`SELECT * FROM tx_current`)).toEqual([]);
  });

  // Regression (was a bug): src/ingest.ts (default, atomic mode) inserts the snapshot row before knowing whether any file will
  // load, and keeps it when every file was skipped: ingest returns snapshotId undefined and the CLI prints
  // "nothing loaded", yet snapshots holds a row with files = 0 (keepGoing mode deletes it in the same case).
  it('a run in which every file is skipped leaves no snapshot behind', async () => {
    const store = await tempStore();
    const path = store.write('Assistance_PrimeTransactions_1.csv', 'assistance_transaction_unique_key,assistance_award_unique_key,federal_action_obligation\r\nA,B,1.00\r\n');
    const result = await ingest(store.db, { paths: [path] });
    expect(result.snapshotId).toBeUndefined();
    expect(await store.db.all(`SELECT snapshot_id, files FROM snapshots`)).toEqual([]);
  });
});

describe('spreadsheet-saved values and fiscal years', () => {
  it('dates m/d/yy and amounts without decimals load exactly', async () => {
    const store = await tempStore();
    const rows: Row[] = [
      ['CONT_AWD_A1_7012_-NONE-_-NONE-', '7391976', '12/22/17', '2018', '5/10/23'],
      ['CONT_AWD_A2_7012_-NONE-_-NONE-', '985034.88', '1/19/18', '2018', '2/11/20'],
      ['CONT_AWD_A3_7012_-NONE-_-NONE-', '-324650', '10/1/2021', '2022', '7/16/21 9:05'],
      ['CONT_AWD_A4_7012_-NONE-_-NONE-', '22304.5', '9/30/08', '2008', '1/2/24'],
    ].map(([k, amount, date, fy, lmd]) => ({
      contract_award_unique_key: k!, total_obligated_amount: amount!, award_base_action_date: date!,
      award_base_action_date_fiscal_year: fy!, award_latest_action_date: date!, award_latest_action_date_fiscal_year: fy!, last_modified_date: lmd!,
    }));
    const { counts } = await ingestOne(store.db, store.write('excel.csv', writeCsv(SUMMARY, rows)));
    expect(counts).toMatchObject({ read: 4, loaded: 4, rejected: 0 });
    const stored = await store.db.all(`SELECT contract_award_unique_key AS k, CAST(total_obligated_amount AS VARCHAR) AS a,
        CAST(award_base_action_date AS VARCHAR) AS d, CAST(last_modified_date AS VARCHAR) AS lmd FROM award_current ORDER BY k`);
    expect(stored).toEqual([
      { k: 'CONT_AWD_A1_7012_-NONE-_-NONE-', a: formatCents(cents('7391976')), d: '2017-12-22', lmd: '2023-05-10 00:00:00' },
      { k: 'CONT_AWD_A2_7012_-NONE-_-NONE-', a: '985034.88', d: '2018-01-19', lmd: '2020-02-11 00:00:00' },
      { k: 'CONT_AWD_A3_7012_-NONE-_-NONE-', a: '-324650.00', d: '2021-10-01', lmd: '2021-07-16 09:05:00' },
      { k: 'CONT_AWD_A4_7012_-NONE-_-NONE-', a: '22304.50', d: '2008-09-30', lmd: '2024-01-02 00:00:00' },
    ]);
  });

  it('a fiscal-year column that disagrees with its date rejects the row', async () => {
    const store = await tempStore();
    const rows = [
      tx('F1', '1.00', '2024-01-01 00:00:00', { action_date: '2023-10-05', action_date_fiscal_year: '2024' }),
      tx('F2', '2.00', '2024-01-01 00:00:00', { action_date: '2023-10-05', action_date_fiscal_year: '2023' }),
      tx('F3', '3.00', '2024-01-01 00:00:00', { action_date: '2023-09-30', action_date_fiscal_year: '2023' }),
    ];
    const path = store.write('fy.csv', writeCsv(TX, rows));
    const { counts } = await ingestOne(store.db, path);
    expect(counts).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    const r = await store.db.one<{ name: string; line: string; field: string; reason: string }>(
      `SELECT s.name, r.line, r.field, r.reason FROM rejects r JOIN sources s USING (source_id)`,
    );
    expect(r).toMatchObject({ name: path, line: '3', field: 'action_date_fiscal_year' });
    expect(r!.reason).toContain('2023-10-05');
    expect(r!.reason).toContain('2024');
    // A header without the fiscal-year column gets it derived from the date.
    const noFy = TX.filter((h) => h !== 'action_date_fiscal_year');
    await ingestOne(store.db, store.write('nofy.csv', writeCsv(noFy, [tx('F4', '4.00', '2024-01-01 00:00:00', { action_date: '2023-10-01' })])));
    const fy = await store.db.one(`SELECT action_date_fiscal_year AS fy FROM transactions WHERE award_id_piid = 'F4'`);
    expect(Number(fy!['fy'])).toBe(2024);
  });

  it('a spreadsheet date whose fiscal year disagrees is rejected (misread m/d/yy)', async () => {
    const store = await tempStore();
    // 5/13/23 reads only month-first, which decides the file's date order (every other date reads both ways).
    const rows: Row[] = [{
      contract_award_unique_key: 'CONT_AWD_B1_7012_-NONE-_-NONE-', total_obligated_amount: '5', award_base_action_date: '10/1/21',
      award_base_action_date_fiscal_year: '2021', last_modified_date: '5/13/23',
    }, {
      contract_award_unique_key: 'CONT_AWD_B2_7012_-NONE-_-NONE-', total_obligated_amount: '6', award_base_action_date: '10/1/21',
      award_base_action_date_fiscal_year: '2022', last_modified_date: '5/13/23',
    }];
    const { counts } = await ingestOne(store.db, store.write('excel-fy.csv', writeCsv(SUMMARY, rows)));
    expect(counts).toMatchObject({ loaded: 1, rejected: 1 });
    expect(await store.db.one(`SELECT line, field FROM rejects`)).toEqual({ line: '2', field: 'award_base_action_date_fiscal_year' });
  });
});

describe('provenance', () => {
  it('each file is recorded in sources with its own sha256, size and counts, under one snapshot', async () => {
    const store = await tempStore();
    const a = writeCsv(TX, [tx('P1', '1.00', '2024-01-01 00:00:00'), tx('P2', 'oops', '2024-01-01 00:00:00')]);
    const b = writeCsv(SUMMARY, [{ contract_award_unique_key: 'CONT_AWD_P_7012_-NONE-_-NONE-', total_obligated_amount: '3.00' }]);
    const result = await ingest(store.db, { paths: [store.write('p/a.csv', a), store.write('p/b.csv', b)], command: 'ingest p' });
    const sources = await store.db.all(`SELECT name, snapshot_id, sha256, bytes, header_columns, read, loaded, rejected FROM sources ORDER BY name`);
    const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
    expect(sources).toEqual([
      { name: `${store.dir}/p/a.csv`, snapshot_id: result.snapshotId, sha256: sha(a), bytes: String(Buffer.byteLength(a)), header_columns: TX.length, read: '2', loaded: '1', rejected: '1' },
      { name: `${store.dir}/p/b.csv`, snapshot_id: result.snapshotId, sha256: sha(b), bytes: String(Buffer.byteLength(b)), header_columns: SUMMARY.length, read: '1', loaded: '1', rejected: '0' },
    ]);
    const snap = await store.db.one(`SELECT command, files FROM snapshots WHERE snapshot_id = ?`, [result.snapshotId!]);
    expect(snap).toEqual({ command: 'ingest p', files: 2 });
  });

  // Regression (was a bug): src/ingest.ts writes started_at and finished_at with DuckDB's current_timestamp, which is the start
  // time of the current transaction; a default (atomic) run is one transaction, so finished_at always equals
  // started_at. Expected: finished_at later than started_at (the run takes milliseconds at least).
  it('a snapshot records when the run finished, not only when it started', async () => {
    const store = await tempStore();
    const rows = Array.from({ length: 200 }, (_, i) => tx(`T${i}`, `${i}.00`, '2024-01-01 00:00:00'));
    const result = await ingest(store.db, { paths: [store.write('t.csv', writeCsv(TX, rows))] });
    const snap = await store.db.one<{ later: boolean }>(`SELECT finished_at > started_at AS later FROM snapshots WHERE snapshot_id = ?`, [result.snapshotId!]);
    expect(snap!.later).toBe(true);
  });
});
