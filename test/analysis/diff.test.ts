/**
 * diff between snapshots: the rules on small synthetic files (new award, modification, de-obligation,
 * replaced and deleted records, snapshots compared in any order), then the real cbp-ice-dashboard files
 * ingested year by year, checked against an independent computation from the raw CSVs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/analysis/diff.js';
import { familiesFilesFor } from '../../src/entities/companies.js';
import { findAgency, loadAgencyDirectory } from '../../src/entities/agencies.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ingest } from '../../src/ingest.js';
import type { Database } from '../../src/store/database.js';
import { parseCsvTable, writeCsv } from '../support/csv.js';
import { loadAgencyReference } from '../support/ingestHelpers.js';
import { minimalHeader } from '../support/layoutHeaders.js';
import { cents, formatCents } from '../support/money.js';
import { hasRealData, realFile } from '../support/realData.js';
import { tempStore } from '../support/tempStore.js';

type Row = Record<string, string>;
const TX = minimalHeader('transactions');
const DELTA = minimalHeader('delta');

function tx(award: string, mod: string, amount: string, lastModified = '2024-01-01 00:00:00', recipient = `SUPPLIER ${award}`): Row {
  return {
    contract_transaction_unique_key: `7012_-NONE-_${award}_${mod}_-NONE-_0`, contract_award_unique_key: `CONT_AWD_${award}_7012_-NONE-_-NONE-`,
    award_id_piid: award, modification_number: mod, federal_action_obligation: amount, action_date: '2023-03-15', action_date_fiscal_year: '2023',
    recipient_name: recipient, awarding_sub_agency_code: '7012', awarding_sub_agency_name: 'U.S. Immigration and Customs Enforcement',
    last_modified_date: lastModified,
  };
}

async function resolve(db: Database): Promise<void> {
  await resolveEntities(db, { familiesFiles: await familiesFilesFor(db, undefined) });
}

describe('diff rules', () => {
  it('finds new awards, new modifications with de-obligations, replaced and deleted records, and new supplier families', async () => {
    const store = await tempStore();
    const s1 = (await ingest(store.db, { paths: [store.write('a.csv', writeCsv(TX, [tx('A1', '0', '100.00'), tx('A2', '0', '50.00')]))] })).snapshotId!;
    const s2 = (await ingest(store.db, { paths: [store.write('b.csv', writeCsv(TX, [
      tx('A1', 'P00001', '-40.25'), // de-obligation on a known award
      tx('A2', '0', '75.00', '2024-06-01 00:00:00'), // the same record, corrected
      tx('B1', '0', '10.00', '2024-01-01 00:00:00', 'NEWCO LLC'), tx('B1', 'P00001', '5.10', '2024-01-01 00:00:00', 'NEWCO LLC'),
    ]))] })).snapshotId!;
    const delta = { ...tx('A1', '0', '100.00', '2024-07-01 00:00:00'), correction_delete_ind: 'D', agency_id: '7012' };
    const s3 = (await ingest(store.db, { paths: [store.write('c.csv', writeCsv(DELTA, [delta]))] })).snapshotId!;
    await resolve(store.db);

    const d = await diffSnapshots(store.db, { from: s1, to: s2 });
    expect(d.newAwards.map((a) => [a.awardKey, a.amount, a.records.length])).toEqual([['CONT_AWD_B1_7012_-NONE-_-NONE-', '15.10', 2]]);
    expect(d.newModifications.map((m) => [m.record.modification, m.amount, m.deobligation])).toEqual([['P00001', '-40.25', true]]);
    expect(d.changedRecords.map((c) => [c.before.amount, c.after.amount, c.change])).toEqual([['50.00', '75.00', '25.00']]);
    expect(d.removedRecords).toEqual([]);
    expect(d.newFamiliesForAgency.map((p) => [p.agencyCode, p.familyName, p.amount])).toEqual([['7012', 'NEWCO LLC', '15.10']]);
    expect(d.newFamiliesForAgency[0]!.records.map((r) => [r.sourceFile.endsWith('b.csv'), r.line])).toEqual([[true, 4], [true, 5]]);
    expect(d.unchanged).toBe(false);

    // the deletion in snapshot 3 shows as a removed record; the state before it is still readable
    const d3 = await diffSnapshots(store.db, { from: s2, to: s3 });
    expect(d3.removedRecords.map((r) => [r.key, r.amount])).toEqual([['7012_-NONE-_A1_0_-NONE-_0', '100.00']]);
    expect(d3.newAwards).toEqual([]);
    // from the empty store everything current at s2 is new
    const d0 = await diffSnapshots(store.db, { from: 0, to: s2 });
    expect(d0.newAwards.map((a) => a.awardKey).sort()).toEqual(['CONT_AWD_A1_7012_-NONE-_-NONE-', 'CONT_AWD_A2_7012_-NONE-_-NONE-', 'CONT_AWD_B1_7012_-NONE-_-NONE-']);
    expect(d0.newAwards.find((a) => a.awardKey.includes('A2'))!.amount).toBe('75.00');
    expect(d0.newAwards.find((a) => a.awardKey.includes('A1'))!.amount).toBe('59.75');
    // no change between a snapshot and itself
    expect((await diffSnapshots(store.db, { from: s2, to: s2 })).unchanged).toBe(true);
    // an unknown snapshot is named as unknown, whichever side it is on; a reversed pair is refused
    await expect(diffSnapshots(store.db, { from: s3 + 40 })).rejects.toThrow(`no snapshot ${s3 + 40} in the store`);
    await expect(diffSnapshots(store.db, { to: s3 + 40 })).rejects.toThrow(`no snapshot ${s3 + 40} in the store`);
    await expect(diffSnapshots(store.db, { from: s3, to: s2 })).rejects.toThrow(`--from ${s3} is later than --to ${s2}`);
  });
});

const FILES = ['2021', '2022', '2023'].map((y) => `CBP_ICE_FY${y}_Contract_Obligations.csv`);

interface RawRow { agency: string; award: string; recipient: string; cents: bigint; mod: string; date: string }

/** The file's distinct rows (identical repeats counted once), read with the test's own CSV parser. */
function rawRows(name: string): RawRow[] {
  const seen = new Set<string>();
  const out: RawRow[] = [];
  for (const { values: v } of parseCsvTable(readFileSync(realFile('cbp-ice-dashboard', name))).rows) {
    const id = JSON.stringify(v);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ agency: v['Agency']!, award: v['Generated Award ID']!, recipient: v['Recipient Name']!, cents: cents(v['Federal Action Obligation']!), mod: v['Modification']!, date: v['Action Date']! });
  }
  return out;
}

describe.skipIf(!hasRealData)('diff over the cbp-ice-dashboard files ingested FY2021, FY2022, FY2023 as separate snapshots', () => {
  it('reports new ICE awards, modifications and supplier families matching the raw files', async () => {
    const store = await tempStore();
    await loadAgencyReference(store);
    const snaps: number[] = [];
    for (const f of FILES) snaps.push((await ingest(store.db, { paths: [realFile('cbp-ice-dashboard', f)] })).snapshotId!);
    await resolve(store.db);
    const ice = findAgency(await loadAgencyDirectory(store.db), 'ICE');
    const raw = FILES.map(rawRows);

    for (const step of [0, 1]) {
      const before = raw.slice(0, step + 1).flat();
      const after = raw[step + 1]!.filter((r) => r.agency === 'ICE');
      const d = await diffSnapshots(store.db, { from: snaps[step]!, to: snaps[step + 1]!, agency: ice, basis: 'awarding' });

      // new awards: ICE award keys of the later file never seen before (any agency), with their exact totals
      const known = new Set(before.map((r) => r.award));
      const expectedAwards = new Map<string, bigint>();
      for (const r of after) if (!known.has(r.award)) expectedAwards.set(r.award, (expectedAwards.get(r.award) ?? 0n) + r.cents);
      expect(d.newAwards.length).toBe(expectedAwards.size);
      expect(new Map(d.newAwards.map((a) => [a.awardKey, cents(a.amount)]))).toEqual(expectedAwards);
      // listed largest first by absolute amount, ties by award key
      const abs = (c: bigint): bigint => (c < 0n ? -c : c);
      const expectedOrder = [...expectedAwards].sort(([ka, a], [kb, b]) => (abs(b) !== abs(a) ? (abs(b) > abs(a) ? 1 : -1) : ka < kb ? -1 : 1)).map(([k]) => k);
      expect(d.newAwards.map((a) => a.awardKey)).toEqual(expectedOrder);

      // new modifications: the later file's ICE rows of awards seen before; de-obligations are the negative ones
      const mods = after.filter((r) => known.has(r.award));
      expect(d.newModifications.length).toBe(mods.length);
      expect(formatCents(d.newModifications.reduce((s, m) => s + cents(m.amount), 0n))).toBe(formatCents(mods.reduce((s, r) => s + r.cents, 0n)));
      expect(d.newModifications.filter((m) => m.deobligation).length).toBe(mods.filter((r) => r.cents < 0n).length);

      // new supplier families: every record of a reported family names a recipient ICE never paid before,
      // and every such recipient's family is reported new or had another member paid by ICE before
      const iceBefore = new Set(before.filter((r) => r.agency === 'ICE').map((r) => r.recipient));
      const newNames = new Set(after.map((r) => r.recipient).filter((n) => !iceBefore.has(n)));
      const reported = new Set(d.newFamiliesForAgency.map((p) => p.familyId));
      expect(d.newFamiliesForAgency.every((p) => p.agencyCode === '7012' && p.basis === 'awarding')).toBe(true);
      for (const p of d.newFamiliesForAgency) for (const r of p.records) expect(newNames.has(r.recipient!), r.recipient!).toBe(true);
      const familyOf = new Map((await store.db.all<{ n: string; f: string }>(`SELECT DISTINCT recipient_name AS n, family_id AS f FROM tx_current WHERE awarding_sub_agency_code = '7012'`)).map((r) => [r.n, r.f]));
      const familiesBefore = new Set([...iceBefore].map((n) => familyOf.get(n)));
      for (const n of newNames) expect(reported.has(familyOf.get(n)!) || familiesBefore.has(familyOf.get(n)), n).toBe(true);
      expect(reported.size).toBeGreaterThan(50);
      expect(d.changedRecords).toEqual([]);
      expect(d.removedRecords).toEqual([]);
    }

    // keywords: ICE records naming Amazon (e.g. Four Points Technology reselling AWS) from the empty store to FY2021
    const rawText = parseCsvTable(readFileSync(realFile('cbp-ice-dashboard', FILES[0]!))).rows.map((r) => r.values)
      .filter((v) => v['Agency'] === 'ICE' && /amazon/i.test(`${v['Recipient Name']} ${v['Transaction Description']}`));
    const distinct = [...new Map(rawText.map((v) => [JSON.stringify(v), v])).values()];
    const byAward = new Map<string, bigint>();
    for (const v of distinct) byAward.set(v['Generated Award ID']!, (byAward.get(v['Generated Award ID']!) ?? 0n) + cents(v['Federal Action Obligation']!));
    expect(byAward.size).toBeGreaterThan(0);
    const k = await diffSnapshots(store.db, { from: 0, to: snaps[0]!, agency: ice, basis: 'awarding', keywords: ['Amazon'] });
    expect(new Map(k.newAwards.map((a) => [a.awardKey, cents(a.amount)]))).toEqual(byAward);
    expect(k.newModifications).toEqual([]);
  }, 180_000);
});
