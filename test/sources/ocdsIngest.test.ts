import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findOcdsAgencies, findOcdsSuppliers, ocdsAgencyAnswer, ocdsCompanyAnswer } from '../../src/analysis/ocdsAnswers.js';
import { BadInputError } from '../../src/errors.js';
import { ingest } from '../../src/ingest.js';
import { expectReconciled, expectRejects } from '../support/ingestHelpers.js';
import { cents, formatCents } from '../support/money.js';
import { hasRealData, realFile } from '../support/realData.js';
import { storeFingerprint, tempStore } from '../support/tempStore.js';

const OCDS = realFile('ocds-sample-data');
const NSW0 = realFile('ocds-sample-data', 'australia-nsw-release-packages', '0.json');
const ASOF = realFile('asof-fixture', 'usaspending_transactions_lmt.csv');

/**
 * The real NSW tender package (0.json, a tender of "Public Works Advisory - Hunter New England Region") with one
 * CONSTRUCTED award release added: the NSW samples hold tender notices only, no amounts. The award (AUD, a
 * supplier with an AU-ABN identifier) is made up here to test currency handling; it is not NSW data.
 */
function nswWithConstructedAward(): string {
  const pkg = JSON.parse(readFileSync(NSW0, 'utf8')) as { releases: Array<Record<string, unknown>> };
  const tender = pkg.releases[0]!;
  pkg.releases.push({
    ocid: tender['ocid'], id: `${String(tender['id'])}-award-TEST`, date: '2018-03-01T00:00:00Z', tag: ['award'], language: 'en',
    buyer: tender['buyer'],
    awards: [{
      id: 'CONSTRUCTED-1', status: 'active', date: '2018-03-01T00:00:00Z', value: { amount: 1234567.89, currency: 'AUD' },
      suppliers: [{ name: 'CONSTRUCTED TEST SUPPLIER PTY LTD', identifier: { scheme: 'AU-ABN', id: '00000000000' } }],
    }],
  });
  return JSON.stringify(pkg);
}

describe.skipIf(!hasRealData)('OCDS ingest', () => {
  it('all 22 sample files load; counts reconcile; loading again changes nothing', async () => {
    const store = await tempStore();
    const first = await ingest(store.db, { paths: [OCDS] });
    const ocds = first.files.filter((f) => f.layout === 'ocds');
    expect(ocds).toHaveLength(22);
    for (const f of ocds) expectReconciled(f.counts!);
    const rows = await store.db.one<{ p: string; c: string; a: string }>(`SELECT (SELECT count(*) FROM ocds_processes) AS p,
      (SELECT count(*) FROM ocds_contracts) AS c, (SELECT count(*) FROM ocds_awards) AS a`);
    // 10 NSW + 10 Mexico + the fictional process (its release package and its record are one process: the record is unchanged)
    expect(rows).toEqual({ p: '21', c: '12', a: '1' });
    expect(first.files.find((f) => f.name.endsWith('record-ocds-213czf-000-00001.json'))!.counts).toMatchObject({ unchanged: 1 });
    expect(first.files.find((f) => f.name.endsWith('ocds-213czf-000-00001.json') && !f.name.includes('record'))!.warnings.join(' ')).toMatch(/FICTIONAL/);
    const before = await storeFingerprint(store.db);
    const again = await ingest(store.db, { paths: [OCDS] });
    expect(again.files.every((f) => f.counts!.unchanged === f.counts!.read)).toBe(true);
    const after = await storeFingerprint(store.db);
    for (const t of ['ocds_processes', 'ocds_agencies', 'ocds_suppliers', 'ocds_awards', 'ocds_contracts']) expect(after[t]).toEqual(before[t]);
  });

  it('an NSW buyer\'s answer shows its AUD amount on its own line, never summed with the USD transactions in the same store', async () => {
    const store = await tempStore();
    await ingest(store.db, { paths: [ASOF, store.write('nsw-award.json', nswWithConstructedAward())] });
    const [buyer] = await findOcdsAgencies(store.db, 'Public Works Advisory - Hunter New England Region');
    expect(buyer).toMatchObject({ agencyId: 'ocds-43qwtd:Public Works Advisory - Hunter New England Region', country: 'AU' });
    const a = await ocdsAgencyAnswer(store.db, buyer!, { explain: true });
    expect(a.totals).toEqual([{ currency: 'AUD', amount: '1234567.89', lines: 1, processes: 1 }]);
    expect(a.suppliers).toEqual([expect.objectContaining({ recipientId: 'AU-ABN-00000000000', currency: 'AUD', amount: '1234567.89' })]);
    expect(a.evidence![0]).toMatchObject({ ocid: 'ocds-43qwtd-RFT-0B980BC7-FB94-5FC4-D587404FC31576A7', basis: 'award', jsonPointer: '/awards/0' });
    // The US dollars stay in transactions; no OCDS figure includes them.
    const usd = await store.db.one<{ s: string }>(`SELECT CAST(sum(federal_action_obligation) AS VARCHAR) AS s FROM transactions`);
    expect(formatCents(cents(usd!.s))).not.toBe('1234567.89');
    expect(a.totals.some((t) => t.currency === 'USD')).toBe(false);
    const [supplier] = await findOcdsSuppliers(store.db, 'AU-ABN-00000000000');
    const c = await ocdsCompanyAnswer(store.db, supplier!);
    expect(c.byBuyer).toEqual([expect.objectContaining({ country: 'AU', currency: 'AUD', amount: '1234567.89' })]);
  });

  it('amounts of different currencies are listed apart for one supplier', async () => {
    const store = await tempStore();
    const pkg = JSON.parse(nswWithConstructedAward()) as { releases: Array<Record<string, unknown>> };
    const award = pkg.releases[1]!['awards'] as Array<Record<string, unknown>>;
    award.push({ ...award[0]!, id: 'CONSTRUCTED-2', value: { amount: '100.10', currency: 'NZD' } });
    await ingest(store.db, { paths: [store.write('two.json', JSON.stringify(pkg))] });
    const [supplier] = await findOcdsSuppliers(store.db, 'CONSTRUCTED TEST SUPPLIER');
    const c = await ocdsCompanyAnswer(store.db, supplier!);
    expect(c.totals.map((t) => [t.currency, t.amount])).toEqual([['AUD', '1234567.89'], ['NZD', '100.10']]);
  });

  it('bad OCDS in a run (a value without currency) refuses the run with file and JSON pointer; the store is unchanged', async () => {
    const store = await tempStore();
    await ingest(store.db, { paths: [ASOF] });
    const before = await storeFingerprint(store.db);
    const pkg = JSON.parse(nswWithConstructedAward()) as { releases: Array<{ awards?: Array<{ value: Record<string, unknown> }> }> };
    delete pkg.releases[1]!.awards![0]!.value['currency'];
    const bad = store.write('bad.json', JSON.stringify(pkg));
    const e = await expectRejects(() => ingest(store.db, { paths: [realFile('ocds-sample-data', 'mexico-apf-records'), bad] }), BadInputError);
    expect(e.where).toMatchObject({ file: bad, field: '/releases/1/awards/0/value/currency' });
    expect(await storeFingerprint(store.db)).toEqual(before);
  });
});
