import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest.js';
import { ingestOne } from '../support/ingestHelpers.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { storeFingerprint, tempStore } from '../support/tempStore.js';

const BA = realFile('usaspending-budget', 'budget_authority.csv');
const TAS = realFile('usaspending-budget', 'tas_list.csv');
const PA = realFile('usaspending-budget', 'program_activity.csv');
const LMT = realFile('sec-exhibit21', 'lmt_ex21q42025_sec_ex21_lmt_real.htm');

describe.skipIf(!hasRealData)('ingest of the budget references and Exhibit 21 (real files)', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  it('budget_authority.csv: recognised by its header, 4,490 rows × 48 years, exact dollars, mapped to 070/7012; twice changes nothing', async () => {
    const store = await tempStore();
    const { file, counts } = await ingestOne(store.db, BA);
    expect(file.layout).toBe('omb_budget_authority');
    expect(counts).toMatchObject({ read: 4490, loaded: 4490, rejected: 0 });
    const n = await store.db.one<{ n: number }>(`SELECT count(*) AS n FROM budget_authority`);
    expect(Number(n!.n)).toBe(4490 * 48);
    const ice = await store.db.all<{ line: number; ba: string; th: number }>(
      `SELECT source_line AS line, CAST(budget_authority AS VARCHAR) AS ba, amount_thousands AS th FROM budget_authority
       WHERE subtier_code = '7012' AND fiscal_year = 2018 ORDER BY 1`);
    expect(ice.map((r) => [Number(r.line), r.ba, Number(r.th)])).toEqual([
      [2993, '7513000000.00', 7513000], [2994, '340000000.00', 340000], [2995, '0.00', 0], [2996, '53000000.00', 53000],
    ]);
    const tq = await store.db.one<{ fy: number | null }>(`SELECT fiscal_year AS fy FROM budget_authority WHERE period = 'TQ' LIMIT 1`);
    expect(tq!.fy).toBeNull();
    const before = await storeFingerprint(store.db);
    const again = await ingestOne(store.db, BA);
    expect(again.counts).toMatchObject({ read: 4490, loaded: 0, unchanged: 4490 });
    const after = await storeFingerprint(store.db);
    expect(Object.fromEntries(Object.entries(after).filter(([t]) => t.startsWith('budget')))).toEqual(Object.fromEntries(Object.entries(before).filter(([t]) => t.startsWith('budget'))));
  });

  it('tas_list.csv (bare CR) and program_activity.csv load as references', async () => {
    const store = await tempStore();
    const r = await ingest(store.db, { paths: [TAS, PA] });
    expect(r.files.map((f) => [f.layout, f.counts?.loaded])).toEqual([['treasury_account_list', 11011], ['program_activity_list', 20027]]);
    const t = await store.db.one<{ tas: string; org: string }>(`SELECT tas, admin_org_name AS org FROM treasury_accounts WHERE source_line = 7093`);
    expect(t).toEqual({ tas: '070-X-0540-000', org: 'U.S. Immigration and Customs Enforcement' });
  });

  it('a budget row with a non-numeric cell is refused with file, line and column; the store is unchanged', async () => {
    const store = await tempStore();
    await ingestOne(store.db, TAS);
    const lines = readFileSync(BA, 'utf8').split('\r\n');
    lines[2992] = lines[2992]!.replace('"10,300,000"', 'ten million');
    const bad = store.write('bad/budget_authority.csv', lines.join('\r\n'));
    const before = await storeFingerprint(store.db);
    await expect(ingest(store.db, { paths: [bad] })).rejects.toThrow(/budget_authority\.csv line 2993, field 2021: "ten million" is not a number of thousands of dollars/);
    expect(await storeFingerprint(store.db)).toEqual(before);
  });

  it('an Exhibit 21 loads its filing and subsidiaries; one with no list is refused and the store is unchanged', async () => {
    const store = await tempStore();
    const { file, counts } = await ingestOne(store.db, LMT);
    expect(file.layout).toBe('sec_exhibit21');
    expect(counts).toMatchObject({ read: 14, loaded: 14 });
    const s = await store.db.one<Record<string, unknown>>(
      `SELECT name, jurisdiction, source_line, parent_name, form, url, source_file FROM ex21_subsidiaries WHERE name LIKE 'Sikorsky Aircraft%'`);
    expect(s).toMatchObject({ name: 'Sikorsky Aircraft Corporation', jurisdiction: 'Delaware', parent_name: 'Lockheed Martin Corporation', form: null, url: null });
    const before = await storeFingerprint(store.db);
    const empty = store.write('empty-ex21.htm', '<DOCUMENT>\n<TYPE>EX-21\n<TEXT>\n<html><body><p>Exhibit 21</p><p>Subsidiaries of Nothing Corp</p><p>None.</p></body></html>\n</TEXT>\n</DOCUMENT>\n');
    await expect(ingest(store.db, { paths: [empty] })).rejects.toThrow(/empty-ex21\.htm line 4: no list of subsidiaries found/);
    expect(await storeFingerprint(store.db)).toEqual(before);
    const again = await ingestOne(store.db, LMT);
    expect(again.counts).toMatchObject({ read: 14, loaded: 0, unchanged: 14 });
  });
});
