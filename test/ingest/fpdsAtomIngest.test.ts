/**
 * Ingesting FPDS ATOM pages: every real page loads into `transactions` (and its IDV documents into
 * `idv_actions`), per-contract sums equal the test's own sums of the XML, loading twice changes nothing,
 * a newer lastModifiedDate replaces and an older one is refused, and a bad page leaves the store as it was.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest.js';
import { BadInputError } from '../../src/errors.js';
import { expectReconciled, expectRejects, loadAgencyReference } from '../support/ingestHelpers.js';
import { cents, formatCents } from '../support/money.js';
import { hasRealData, realFile, REAL_DATA_SKIP_REASON } from '../support/realData.js';
import { storeFingerprint, tempStore } from '../support/tempStore.js';

const ATOM_DIR = realFile('fpds-atom');
const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => {
  const p = join(d, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.xml') ? [p] : [];
});

/** The test's own extraction of (PIID, obligatedAmount) per entry, by regular expression over the XML. */
function independentSums(files: string[]): Map<string, string> {
  const sums = new Map<string, bigint>();
  for (const f of files) {
    const xml = readFileSync(f, 'utf8');
    for (const m of xml.matchAll(/<(?:\w+:)?entry>([\s\S]*?)<\/(?:\w+:)?entry>/g)) {
      const block = m[1]!;
      const piid = /<(?:\w+:)?(?:awardContractID|IDVID)>[\s\S]*?<(?:\w+:)?PIID>([^<]+)</.exec(block)![1]!;
      const amount = /<(?:\w+:)?dollarValues>[\s\S]*?<(?:\w+:)?obligatedAmount>([^<]+)</.exec(block)![1]!;
      sums.set(piid, (sums.get(piid) ?? 0n) + cents(amount));
    }
  }
  return new Map([...sums].map(([k, v]) => [k, formatCents(v)]));
}

describe.skipIf(!hasRealData)(`ingesting FPDS ATOM pages (${hasRealData ? 'real data' : REAL_DATA_SKIP_REASON})`, () => {
  it('loads every page of fpds-atom (the 1.5.2 skeleton is passed over), sums per contract match the XML, twice changes nothing', async () => {
    const store = await tempStore();
    const first = await ingest(store.db, { paths: [ATOM_DIR] });
    const loaded = first.files.filter((f) => f.counts);
    expect(loaded.length).toBe(walk(ATOM_DIR).length - 1);
    const skipped = first.files.filter((f) => f.skipped);
    expect(skipped.map((f) => f.name).filter((n) => n.endsWith('.xml'))).toEqual([expect.stringContaining('fpds_specification_v1_5_2.xml')]);
    expect(skipped.find((f) => f.name.endsWith('.xml'))!.skipped).toMatch(/outside a feed/);
    for (const f of loaded) {
      expectReconciled(f.counts!);
      expect(f.counts!.rejected, f.name).toBe(0);
    }
    expect(loaded.reduce((n, f) => n + f.counts!.loaded, 0)).toBe(360);
    const n = await store.db.one<{ tx: string; idv: string; vehicles: string }>(`SELECT (SELECT count(*) FROM transactions) AS tx,
      (SELECT count(*) FROM idv_actions) AS idv, (SELECT count(*) FROM idvs) AS vehicles`);
    expect(n).toEqual({ tx: '360', idv: '340', vehicles: '14' });

    const stored = await store.db.all<{ piid: string; total: string }>(`SELECT award_id_piid AS piid, CAST(sum(federal_action_obligation) AS VARCHAR) AS total
      FROM transactions GROUP BY 1`);
    const expected = independentSums(walk(ATOM_DIR).filter((f) => !f.endsWith('fpds_specification_v1_5_2.xml')));
    expect(new Map(stored.map((r) => [r.piid, r.total]))).toEqual(expected);

    // provenance: every row names its page and the line of its <entry>
    const row = await store.db.one<{ source_file: string; source_line: number }>(`SELECT source_file, source_line FROM transactions
      WHERE award_id_piid = 'HSODT5C0003' AND modification_number = '0'`);
    expect(row!.source_file).toMatch(/HSODT5C0003.*page-0000-start-0\.xml$/);
    const xml = readFileSync(walk(join(ATOM_DIR, 'kenosa-atom-harvest', 'HSODT5C0003__de42a10284c3'))[0]!, 'utf8');
    expect(xml.split('\n')[Number(row!.source_line) - 1]).toMatch(/<entry>/);

    const before = await storeFingerprint(store.db);
    const again = await ingest(store.db, { paths: [ATOM_DIR] });
    expect(again.files.filter((f) => f.counts).every((f) => f.counts!.unchanged === f.counts!.read)).toBe(true);
    const after = await storeFingerprint(store.db);
    for (const t of ['tx_current', 'tx_current_history', 'idv_action_current', 'idv_action_current_history', 'rejects']) expect(after[t], t).toEqual(before[t]);
  });

  it('fills the toptier agency from the agency reference: ICE actions are DHS (070) on both bases', async () => {
    const store = await tempStore();
    await loadAgencyReference(store);
    await ingest(store.db, { paths: [join(ATOM_DIR, 'kenosa-atom-harvest', '70CDCR20D00000009__54cf881d8cd6')] });
    const r = await store.db.all(`SELECT DISTINCT awarding_agency_code, awarding_sub_agency_code, funding_agency_code, award_or_idv_flag FROM transactions`);
    expect(r).toEqual([{ awarding_agency_code: '070', awarding_sub_agency_code: '7012', funding_agency_code: '070', award_or_idv_flag: 'IDV' }]);
  });

  it('the 1.5.2 skeleton named on the command line is refused, and the store is left as it was', async () => {
    const store = await tempStore();
    const before = await storeFingerprint(store.db);
    const e = await expectRejects(() => ingest(store.db, { paths: [join(ATOM_DIR, 'fpds_specification_v1_5_2.xml')] }), BadInputError);
    expect(e.message).toMatch(/fpds_specification_v1_5_2\.xml line 1: an FPDS <award> document outside a feed/);
    expect(await storeFingerprint(store.db)).toEqual(before);
  });

  it('a newer lastModifiedDate replaces the action (old version kept in history); an older one is refused', async () => {
    const store = await tempStore();
    const page = join(ATOM_DIR, 'dherincx92_full_response_PBS4740.xml');
    await ingest(store.db, { paths: [page] });
    const xml = readFileSync(page, 'utf8');
    const firstLastMod = /<ns1:lastModifiedDate>([^<]+)</.exec(xml)![1]!;
    const firstAmount = /<ns1:obligatedAmount>([^<]+)</.exec(xml)![1]!;
    const newer = xml.replace(`<ns1:lastModifiedDate>${firstLastMod}<`, '<ns1:lastModifiedDate>2030-01-01 00:00:00<')
      .replace(`<ns1:obligatedAmount>${firstAmount}<`, '<ns1:obligatedAmount>-5.00<');
    const r = await ingest(store.db, { paths: [store.write('newer.xml', newer)] });
    expect(r.files[0]!.counts).toEqual(expect.objectContaining({ read: 10, replaced: 1, unchanged: 9 }));
    const older = xml.replace(`<ns1:lastModifiedDate>${firstLastMod}<`, '<ns1:lastModifiedDate>2001-01-01 00:00:00<');
    const r2 = await ingest(store.db, { paths: [store.write('older.xml', older)] });
    expect(r2.files[0]!.counts).toEqual(expect.objectContaining({ read: 10, rejected: 1, unchanged: 9 }));
    const reasons = await store.db.all<{ reason: string }>(`SELECT reason FROM rejects`);
    expect(reasons.map((x) => x.reason)).toEqual([expect.stringMatching(/older than the stored version .*newer\.xml/)]);
    expect((await store.db.one(`SELECT count(*) AS n FROM tx_current_history`))!['n']).toBe('1');
    expect((await store.db.one(`SELECT sum(federal_action_obligation)::VARCHAR AS s FROM transactions WHERE federal_action_obligation = -5`))!['s']).toBe('-5.00');
  });

  it('a truncated page fails the run and the store is unchanged; with --keep-going the good pages load', async () => {
    const store = await tempStore();
    const good = join(ATOM_DIR, 'fpds_feed_sample_1_org.xml');
    const text = readFileSync(good, 'utf8');
    const bad = store.write('in/truncated.xml', text.slice(0, Math.floor(text.length / 2)));
    const before = await storeFingerprint(store.db);
    const e = await expectRejects(() => ingest(store.db, { paths: [good, bad] }), BadInputError);
    expect(e.message).toMatch(/truncated\.xml line \d+: the page ends inside .*truncated/);
    expect(await storeFingerprint(store.db)).toEqual(before);
    const kept = await ingest(store.db, { paths: [good, bad], keepGoing: true });
    expect(kept.failed).toBe(1);
    expect((await store.db.one(`SELECT count(*) AS n FROM transactions`))!['n']).toBe('10');
  });

  it('an entry with an unreadable amount is rejected with its line and element; the page\'s other entries load', async () => {
    const store = await tempStore();
    const text = readFileSync(join(ATOM_DIR, 'fpds_feed_sample_1_org.xml'), 'utf8');
    const first = /<ns1:obligatedAmount>([^<]+)</.exec(text)![1]!;
    const path = store.write('bad-amount.xml', text.replace(`<ns1:obligatedAmount>${first}<`, '<ns1:obligatedAmount>2,501.00<'));
    const r = await ingest(store.db, { paths: [path] });
    expect(r.files[0]!.counts).toEqual(expect.objectContaining({ read: 10, loaded: 9, rejected: 1 }));
    const rej = await store.db.all(`SELECT line, field, reason FROM rejects`);
    expect(rej).toEqual([{ line: '11', field: 'dollarValues/obligatedAmount', reason: expect.stringMatching(/entry 1: element dollarValues\/obligatedAmount \(federal_action_obligation\): cannot read "2,501.00"/) }]);
  });
});
