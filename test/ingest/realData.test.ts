/**
 * Ingest of the real files in ../shared/data/real (read in place, never copied), checked through the `sql`
 * surface (readOnlyQuery) against figures computed independently from the raw files with the test's own
 * CSV parser and exact BigInt cents. Skipped, with the reason shown, where the folder is absent.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest.js';
import { readOnlyQuery } from '../../src/store/readOnlyQuery.js';
import type { Database } from '../../src/store/database.js';
import { parseCsvTable, type CsvTable } from '../support/csv.js';
import { cents, centsOf, fiscalYear, formatCents } from '../support/money.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { storeFingerprint, tempStore } from '../support/tempStore.js';

const SUBAWARDS = realFile('mn_ice_contracts', 'all_after_2020', 'Contracts_Subawards_2025-03-28_H03M23S17_1.csv');
const MN_ALL = realFile('mn_ice_contracts', 'mn_all', 'Contracts_PrimeAwardSummaries_2025-03-21_H19M57S23_1.csv');
const SIERRAWELLS = realFile('sierrawells_ice_contracts', 'us-local-gov-ice-contracts.csv');
const ASOF = realFile('asof-fixture', 'usaspending_transactions_lmt.csv');
const DELTA = realFile('awardtrace-fixture', 'FY(All)_012_Contracts_Delta_20260908_1.csv');
const DASHBOARD = ['2021', '2022', '2023'].map((fy) => realFile('cbp-ice-dashboard', `CBP_ICE_FY${fy}_Contract_Obligations.csv`));
const AGENCY_CODES = realFile('data-act-broker', 'agency_codes.csv');

/** The walk-through: these paths in one command. */
const WALK_THROUGH = [
  realFile('mn_ice_contracts'), realFile('sierrawells_ice_contracts'), realFile('asof-fixture'), realFile('awardtrace-fixture'),
  realFile('cbp-ice-dashboard'), AGENCY_CODES,
];

const tables = new Map<string, CsvTable>();
function raw(path: string): CsvTable {
  let t = tables.get(path);
  if (!t) tables.set(path, (t = parseCsvTable(readFileSync(path))));
  return t;
}

async function sql(db: Database, query: string): Promise<Array<Record<string, unknown>>> {
  return (await readOnlyQuery(db, query)).rows;
}

/** ICE (Agency = ICE) obligations per recipient and fiscal year, computed from the raw dashboard files. */
function iceByRecipientYear(): { totals: Map<string, bigint>; repeats: number; rows: number } {
  // The store keys this projection by all ten fields, so an identical repeated row (paging overlap in the
  // original fetch) is one transaction: the independent figure must de-duplicate identical rows the same way.
  const seen = new Set<string>();
  const totals = new Map<string, bigint>();
  let repeats = 0;
  let rows = 0;
  for (const path of DASHBOARD) {
    const t = raw(path);
    for (const r of t.rows) {
      const id = JSON.stringify(t.header.map((h) => r.values[h]));
      if (seen.has(id)) { repeats++; continue; }
      seen.add(id);
      if (r.values['Agency'] !== 'ICE') continue;
      rows++;
      const key = `${r.values['Recipient Name']!.trim()}|${fiscalYear(r.values['Action Date']!)}`;
      totals.set(key, (totals.get(key) ?? 0n) + cents(r.values['Federal Action Obligation']!));
    }
  }
  return { totals, repeats, rows };
}

describe.skipIf(!hasRealData)('real data from ../shared/data/real', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  it('ICE subawards (all_after_2020) alone: 482 rows, total subaward_amount and physical lines match the raw file', async () => {
    const t = raw(SUBAWARDS);
    expect(t.rows).toHaveLength(482);
    // Checked, not assumed: the raw file has no repeats of prime key + subaward number + report id, so no de-duplication.
    const key = (v: Record<string, string>): string => `${v['prime_award_unique_key']}|${v['subaward_number']}|${v['subaward_fsrs_report_id']}`;
    expect(new Set(t.rows.map((r) => key(r.values))).size).toBe(482);
    const expected = t.rows.reduce((s, r) => s + cents(r.values['subaward_amount']!), 0n);
    expect(t.rows.some((r) => r.values['subaward_description']!.includes('\n')), 'the file has line feeds inside quotes').toBe(true);

    const store = await tempStore();
    const result = await ingest(store.db, { paths: [SUBAWARDS] });
    expect(result.files[0]!.counts).toMatchObject({ read: 482, loaded: 482, rejected: 0 });
    const [s] = await sql(store.db, `SELECT count(*) AS n, sum(subaward_amount) AS total FROM subawards`);
    expect(s!['n']).toBe(482);
    expect(typeof s!['total']).toBe('string');
    expect(centsOf(s!['total'])).toBe(expected);
    const lines = await sql(store.db, `SELECT subaward_key AS k, source_line AS line FROM subawards`);
    const byKey = new Map(lines.map((r) => [r['k'], Number(r['line'])]));
    for (const r of t.rows) expect(byKey.get(key(r.values)), key(r.values)).toBe(r.line);
  });

  it('sierrawells award summaries (2022 layout) alone: total_obligated_amount matches', async () => {
    const t = raw(SIERRAWELLS);
    expect(t.header).toHaveLength(279);
    expect(new Set(t.rows.map((r) => r.values['contract_award_unique_key'])).size).toBe(t.rows.length);
    const expected = t.rows.reduce((s, r) => s + cents(r.values['total_obligated_amount']!), 0n);
    const store = await tempStore();
    const result = await ingest(store.db, { paths: [SIERRAWELLS] });
    expect(result.files[0]!.counts).toMatchObject({ read: 720, loaded: 720, rejected: 0 });
    const [s] = await sql(store.db, `SELECT count(*) AS n, sum(total_obligated_amount) AS total FROM award_summaries`);
    expect(s!['n']).toBe(720);
    expect(centsOf(s!['total'])).toBe(expected);
  });

  it('mn_all award summaries (spreadsheet-saved: m/d/yy, no .00) alone: total and dates match', async () => {
    const t = raw(MN_ALL);
    expect(t.rows).toHaveLength(1369);
    expect(t.rows.some((r) => !r.values['total_obligated_amount']!.includes('.'))).toBe(true);
    const expected = t.rows.reduce((s, r) => s + cents(r.values['total_obligated_amount']!), 0n);
    const store = await tempStore();
    const result = await ingest(store.db, { paths: [MN_ALL] });
    expect(result.files[0]!.counts).toMatchObject({ read: 1369, loaded: 1369, rejected: 0 });
    const [s] = await sql(store.db, `SELECT count(*) AS n, sum(total_obligated_amount) AS total FROM award_summaries`);
    expect(centsOf(s!['total'])).toBe(expected);
    // Fiscal years from the spreadsheet dates, by my own reading of m/d/yy.
    const fy = await sql(store.db, `SELECT contract_award_unique_key AS k, award_base_action_date_fiscal_year AS fy FROM award_summaries`);
    const byKey = new Map(fy.map((r) => [r['k'], r['fy']]));
    for (const r of t.rows) {
      const d = r.values['award_base_action_date']!;
      if (d) expect(byKey.get(r.values['contract_award_unique_key']), d).toBe(fiscalYear(d));
    }
  });

  it('cbp-ice-dashboard with the agency reference: ICE obligations per recipient and fiscal year; Palantir FY2022', async () => {
    const { totals, repeats, rows } = iceByRecipientYear();
    expect(repeats).toBeGreaterThan(0);
    const store = await tempStore();
    const result = await ingest(store.db, { paths: [realFile('cbp-ice-dashboard'), AGENCY_CODES] });
    const loaded = result.files.filter((f) => f.layout === 'api_spending_by_transaction_csv');
    expect(loaded).toHaveLength(3);
    const rejected = loaded.reduce((s, f) => s + f.counts!.rejected, 0);
    expect(rejected, 'only identical repeats are rejected').toBe(repeats);
    const reasons = await sql(store.db, `SELECT DISTINCT regexp_replace(reason, '[0-9]+', 'N', 'g') AS r FROM rejects`);
    expect(reasons).toEqual([{ r: 'identical repeat of line N in this file (counted once)' }]);

    const stored = await sql(store.db, `SELECT recipient_name AS name, action_date_fiscal_year AS fy, count(*) AS n,
        sum(federal_action_obligation) AS total, count(DISTINCT awarding_sub_agency_code) AS codes, min(awarding_sub_agency_code) AS code
      FROM transactions WHERE awarding_sub_agency_abbreviation = 'ICE' GROUP BY ALL`);
    expect(stored.every((r) => r['codes'] === 1 && r['code'] === '7012')).toBe(true);
    expect(stored.reduce((s, r) => s + Number(r['n']), 0)).toBe(rows);
    const got = new Map(stored.map((r) => [`${r['name']}|${r['fy']}`, centsOf(r['total'])]));
    expect(got.size).toBe(totals.size);
    for (const [k, v] of totals) expect(formatCents(got.get(k) ?? -1n), k).toBe(formatCents(v));

    let palantir = 0n;
    for (const [k, v] of totals) if (/PALANTIR/i.test(k) && k.endsWith('|2022')) palantir += v;
    expect(palantir).toBeGreaterThan(0n);
    const [p] = await sql(store.db, `SELECT sum(federal_action_obligation) AS total FROM transactions
      WHERE awarding_sub_agency_code = '7012' AND action_date_fiscal_year = 2022 AND recipient_name ILIKE '%palantir%'`);
    expect(formatCents(centsOf(p!['total']))).toBe(formatCents(palantir));
  });

  it('awardtrace delta alone: upserts load, D rows count as deletions of rows not held', async () => {
    const t = raw(DELTA);
    expect(t.header).toHaveLength(299);
    const deletions = t.rows.filter((r) => r.values['correction_delete_ind'] === 'D').length;
    expect(deletions).toBe(2);
    const store = await tempStore();
    const result = await ingest(store.db, { paths: [DELTA] });
    expect(result.files[0]!.counts).toMatchObject({ read: 6, loaded: 6 - deletions, deleted: deletions, deletedAbsent: deletions, rejected: 0 });
    const expected = t.rows.filter((r) => r.values['correction_delete_ind'] !== 'D').reduce((s, r) => s + cents(r.values['federal_action_obligation']!), 0n);
    const [s] = await sql(store.db, `SELECT sum(federal_action_obligation) AS total FROM transactions`);
    expect(centsOf(s!['total'])).toBe(expected);
  });

  it('the walk-through: asof\'s 6 transactions (with its negative obligation) and the subawards total, all in one store', async () => {
    const store = await tempStore();
    const result = await ingest(store.db, { paths: WALK_THROUGH });
    expect(result.failed).toBe(0);
    const skipped = result.files.filter((f) => f.skipped);
    expect(skipped.map((f) => f.name).sort()).toEqual([
      realFile('mn_ice_contracts', 'all_after_2020', 'Assistance_PrimeAwardSummaries_2025-03-28_H03M23S01_1.csv'),
      realFile('mn_ice_contracts', 'all_after_2020', 'Assistance_Subawards_2025-03-28_H03M23S23_1.csv'),
      // a real subawards download holding only its header: "no data rows", passed over (issue 16)
      realFile('mn_ice_contracts', 'umn', 'Contracts_Subawards_2025-03-28_H02M59S12_1.csv'),
    ]);
    expect(skipped.find((f) => f.name.includes('umn'))!.skipped).toMatch(/^warning: no data rows/);
    for (const f of result.files.filter((x) => x.counts)) {
      const c = f.counts!;
      expect(c.read, f.name).toBe(c.loaded + c.replaced + c.unchanged + c.deleted + c.rejected);
    }

    const asof = raw(ASOF);
    expect(asof.rows).toHaveLength(6);
    const stored = await sql(store.db, `SELECT contract_transaction_unique_key AS k, federal_action_obligation AS a, source_file AS f
      FROM transactions WHERE source_file = '${ASOF.replaceAll("'", "''")}'`);
    const byKey = new Map(stored.map((r) => [r['k'], r['a']]));
    expect(byKey.size).toBe(6);
    for (const r of asof.rows) {
      expect(centsOf(byKey.get(r.values['contract_transaction_unique_key'])), r.values['contract_transaction_unique_key']).toBe(cents(r.values['federal_action_obligation']!));
    }
    expect([...byKey.values()]).toContain('-12475741.45');
    const asofTotal = asof.rows.reduce((s, r) => s + cents(r.values['federal_action_obligation']!), 0n);
    const [a] = await sql(store.db, `SELECT sum(federal_action_obligation) AS total FROM transactions WHERE source_file = '${ASOF.replaceAll("'", "''")}'`);
    expect(centsOf(a!['total'])).toBe(asofTotal);

    const subs = raw(SUBAWARDS).rows.reduce((s, r) => s + cents(r.values['subaward_amount']!), 0n);
    const [sb] = await sql(store.db, `SELECT sum(subaward_amount) AS total FROM subawards WHERE source_file = '${SUBAWARDS.replaceAll("'", "''")}'`);
    expect(centsOf(sb!['total'])).toBe(subs);
  });

  it('ingesting everything twice gives identical tables, counts and sums', async () => {
    const store = await tempStore();
    const first = await ingest(store.db, { paths: WALK_THROUGH });
    const dataTables = (fp: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(fp).filter(([t]) => /_current(_history)?$/.test(t)));
    const sums = `SELECT (SELECT count(*) FROM transactions) AS tx, (SELECT sum(federal_action_obligation) FROM transactions) AS obligated,
        (SELECT count(*) FROM award_summaries) AS awards, (SELECT sum(total_obligated_amount) FROM award_summaries) AS award_total,
        (SELECT count(*) FROM subawards) AS subs, (SELECT sum(subaward_amount) FROM subawards) AS sub_total,
        (SELECT count(*) FROM agency_codes) AS agencies`;
    const before = dataTables(await storeFingerprint(store.db));
    const sumsBefore = await sql(store.db, sums);
    const second = await ingest(store.db, { paths: WALK_THROUGH });
    expect(dataTables(await storeFingerprint(store.db))).toEqual(before);
    expect(await sql(store.db, sums)).toEqual(sumsBefore);
    expect(second.files.map((f) => f.name)).toEqual(first.files.map((f) => f.name));
    for (const [i, f] of second.files.entries()) {
      if (!f.counts) continue;
      const c = f.counts;
      expect(c.read, f.name).toBe(first.files[i]!.counts!.read);
      expect(c.loaded + c.replaced, `${f.name} loads nothing the second time`).toBe(0);
      expect(c.deleted, f.name).toBe(c.deletedAbsent);
      expect(c.read, f.name).toBe(c.unchanged + c.rejected + c.deleted);
    }
  });
});
