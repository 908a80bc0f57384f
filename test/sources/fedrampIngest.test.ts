import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { ingest } from '../../src/ingest.js';
import { COUNTED_ARRAYS, readFedrampFeed } from '../../src/sources/fedramp/index.js';
import { jsonPathLines, lineOfPath } from '../../src/sources/fedramp/jsonLines.js';
import { storeStatus } from '../../src/status.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import type { Database } from '../../src/store/database.js';
import { writeCsv } from '../support/csv.js';
import { expectReconciled, expectRejects, ingestOne } from '../support/ingestHelpers.js';
import { minimalHeader } from '../support/layoutHeaders.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { countRows, storeFingerprint, tempStore, type TempStore } from '../support/tempStore.js';
import { writeZip } from '../support/zipWriter.js';

const REAL_FEED = realFile('fedramp-marketplace', 'data.json');
const ICE = '22-002-04';

// ---- synthetic feeds, in the shape of GSA's data.json (see test/sources/fedramp.test.ts) --------------

function product(id: string, cso: string, models: string[], leveraged: unknown[] = [], extra: object = {}) {
  return {
    id, csp: `${cso} Inc.`, cso, status: 'FedRAMP Authorized', impact_level: 'High',
    service_model: models, leveraged_systems: leveraged, uei: '', fedramp_auth: 'Not Active', ...extra,
  };
}
const AGENCIES = [
  { id: '22-002', parent: 'Department of Homeland Security', sub: '' },
  { id: ICE, parent: 'Department of Homeland Security', sub: 'Immigration and Customs Enforcement', sub_id: ICE },
];
const DHS = { parent: 'Department of Homeland Security', sub: '', auth_date: '', exp_date: '' };
function feedText(lastChange: string, data: Record<string, unknown>, indent: number | undefined = 1): string {
  return JSON.stringify(
    { meta: { last_change: lastChange }, data: { Products: [], Agencies: AGENCIES, AtoMapping: [], ReuseMapping: [], ...data } },
    null, indent,
  );
}

const CLOUD = product('F1', 'Big Cloud GovCloud', ['IaaS', 'PaaS', 'SaaS'], [{ id: 'F2', cso: 'Case App – High' }], {
  uei: 'ABCDEFGHJKL1', fedramp_auth: '2020-06-01T20:00:00.000Z', auth_type: 'JAB',
});
const APP = product('F2', 'Case App – High', ['PaaS', 'SaaS']);
const ICE_ATO_F1 = { id: 'F1', agency_id: ICE, ...DHS, sub: 'Immigration and Customs Enforcement', ato_date: '2023-04-27T20:00:00.000Z' };

/** Feed A: 3 products (one bad), 2 agencies, 2 ATOs (one bad), 2 reuses (one bad), 1 leveraged entry. */
const FEED_A = feedText('2026-01-01T00:00:00.000Z', {
  Products: [CLOUD, APP, product('F3', 'Broken', ['XaaS'])],
  AtoMapping: [ICE_ATO_F1, { id: 'F2', agency_id: '22-000', parent: '', sub: '', ato_date: '', auth_date: '', exp_date: '' }],
  ReuseMapping: [
    { id: 'F2', agency_id: '22-002', sub_id: ICE, sub: 'Immigration and Customs Enforcement', ato_date: '2025-12-16T20:00:00.000Z', auth_date: '', exp_date: '' },
    { id: 'F9', agency_id: '22-002', sub_id: ICE, sub: 'Immigration and Customs Enforcement', ato_date: '', auth_date: '', exp_date: '' },
  ],
});

/**
 * Feed B, a month later: F1 the same, F2 changed status (replaced), F4 new and built on F1; ICE's
 * ATO the same, a new DHS ATO for F2; ICE's reuse of F2 no longer listed.
 */
const FEED_B = feedText('2026-02-01T00:00:00.000Z', {
  Products: [
    { ...CLOUD, leveraged_systems: [{ id: 'F2', cso: 'Case App – High' }, { id: 'F4' }] },
    { ...APP, status: 'FedRAMP In Process' },
    product('F4', 'New Thing', ['SaaS']),
  ],
  AtoMapping: [ICE_ATO_F1, { id: 'F2', agency_id: '22-002', ...DHS, ato_date: '2026-01-15T20:00:00.000Z' }],
});

const lineContaining = (text: string, needle: string): number => {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(needle));
  expect(at, needle).toBeGreaterThanOrEqual(0);
  expect(lines.filter((l) => l.includes(needle)), `${needle} is unique`).toHaveLength(1);
  return at + 1;
};

async function sources(db: Database): Promise<Array<Record<string, unknown>>> {
  return db.all(`SELECT * FROM sources ORDER BY source_id`);
}

/** Fingerprint of the FedRAMP tables only (sources and rejects grow on every ingest, as for CSV). */
async function fedrampFingerprint(db: Database): Promise<Record<string, unknown>> {
  return Object.fromEntries(Object.entries(await storeFingerprint(db)).filter(([t]) => t.startsWith('fedramp_')));
}

const sortedIds = async (db: Database, sql: string): Promise<string[]> =>
  (await db.all<{ id: string }>(sql)).map((r) => r.id).sort();

// ---- transactions CSV beside the feed --------------------------------------------------------

const TX_HEADER = minimalHeader('transactions');
function txCsv(n: number, first = 1): string {
  return writeCsv(TX_HEADER, Array.from({ length: n }, (_, k) => {
    const i = first + k;
    return {
      contract_transaction_unique_key: `7012_-NONE-_70CMSD23C00000${i}_0_-NONE-_0`,
      contract_award_unique_key: `CONT_AWD_70CMSD23C00000${i}_7012_-NONE-_-NONE-`,
      award_id_piid: `70CMSD23C00000${i}`, modification_number: '0', federal_action_obligation: `${i * 1000}.25`,
      action_date: '2023-03-15', action_date_fiscal_year: '2023', recipient_name: `SUPPLIER ${i} LLC`,
      last_modified_date: '2023-04-01 00:00:00',
    };
  }));
}

async function storeWithFeedB(): Promise<TempStore> {
  const store = await tempStore();
  await ingestOne(store.db, store.write('seed/tx.csv', txCsv(2)));
  await ingestOne(store.db, store.write('seed/feed-a.json', FEED_A));
  await ingestOne(store.db, store.write('seed/feed-b.json', FEED_B));
  return store;
}

// ---- tests -----------------------------------------------------------------------------------------

describe('FedRAMP feed ingest: one feed', () => {
  it('stores offerings, agencies, authorizations and edges with provenance, and counts every entry', async () => {
    const store = await tempStore();
    const path = store.write('feeds/marketplace.json', FEED_A);
    const { result, file, counts } = await ingestOne(store.db, path);
    expect(file.layout).toBe('fedramp_marketplace');
    expect(counts).toEqual({ read: 10, loaded: 7, replaced: 0, unchanged: 0, deleted: 0, rejected: 3, deletedAbsent: 0 });
    expectReconciled(counts);
    expect(file.warnings).toEqual([]);

    const [src] = await sources(store.db);
    expect(src).toMatchObject({
      source_id: 1, snapshot_id: result.snapshotId, name: path, path, archive: null, layout: 'fedramp_marketplace',
      header_columns: 0, read: '10', loaded: '7', replaced: '0', unchanged: '0', deleted: '0', rejected: '3', warnings: null,
      sha256: createHash('sha256').update(FEED_A).digest('hex'), bytes: String(Buffer.byteLength(FEED_A)),
    });

    expect(await store.db.all(`SELECT * EXCLUDE (source_file) FROM fedramp_offerings ORDER BY offering_id`)).toEqual([
      {
        offering_id: 'F1', provider: 'Big Cloud GovCloud Inc.', offering: 'Big Cloud GovCloud', provider_uei: 'ABCDEFGHJKL1',
        status: 'FedRAMP Authorized', impact_level: 'High', service_models: 'IaaS, PaaS, SaaS', authorization_type: 'JAB',
        authorization_date: '2020-06-01', ready_date: null, problems: null, json_path: 'data.Products[0]', source_id: 1, snapshot_id: 1,
      },
      {
        offering_id: 'F2', provider: 'Case App – High Inc.', offering: 'Case App – High', provider_uei: null,
        status: 'FedRAMP Authorized', impact_level: 'High', service_models: 'PaaS, SaaS', authorization_type: null,
        authorization_date: null, ready_date: null, problems: null, json_path: 'data.Products[1]', source_id: 1, snapshot_id: 1,
      },
    ]);
    const types = await store.db.one(`SELECT typeof(authorization_date) AS a, typeof(ready_date) AS r FROM fedramp_offerings LIMIT 1`);
    expect(types).toEqual({ a: 'DATE', r: 'DATE' });
    expect(await store.db.all(`SELECT agency_id, parent_name, sub_name, name, json_path FROM fedramp_agencies ORDER BY agency_id`)).toEqual([
      { agency_id: '22-002', parent_name: 'Department of Homeland Security', sub_name: null, name: 'Department of Homeland Security', json_path: 'data.Agencies[0]' },
      {
        agency_id: ICE, parent_name: 'Department of Homeland Security', sub_name: 'Immigration and Customs Enforcement',
        name: 'Department of Homeland Security / Immigration and Customs Enforcement', json_path: 'data.Agencies[1]',
      },
    ]);
    expect(await store.db.all(`SELECT agency_id, offering_id, kind, ato_date, auth_date, expiration_date, problems, json_path, agency_name, offering
        FROM fedramp_authorizations ORDER BY json_path`)).toEqual([
      {
        agency_id: ICE, offering_id: 'F1', kind: 'ato', ato_date: '2023-04-27', auth_date: null, expiration_date: null, problems: null,
        json_path: 'data.AtoMapping[0]', agency_name: 'Department of Homeland Security / Immigration and Customs Enforcement', offering: 'Big Cloud GovCloud',
      },
      {
        agency_id: ICE, offering_id: 'F2', kind: 'reuse', ato_date: '2025-12-16', auth_date: null, expiration_date: null, problems: null,
        json_path: 'data.ReuseMapping[0]', agency_name: 'Department of Homeland Security / Immigration and Customs Enforcement', offering: 'Case App – High',
      },
    ]);
    expect(await store.db.all(`SELECT offering_id, built_on_id, orientation, json_paths, offering, built_on_offering, source_file FROM fedramp_builds_on`)).toEqual([
      {
        offering_id: 'F2', built_on_id: 'F1', orientation: 'service_model', json_paths: 'data.Products[0].leveraged_systems[0]',
        offering: 'Case App – High', built_on_offering: 'Big Cloud GovCloud', source_file: path,
      },
    ]);
    const note = await store.db.one<{ orientation_note: string }>(`SELECT orientation_note FROM fedramp_builds_on`);
    expect(note!.orientation_note).toMatch(/Case App – High is built on Big Cloud GovCloud$/);
  });

  it('keeps rejects with the JSON path as field, the line the entry is on, and the entry as raw', async () => {
    const store = await tempStore();
    await ingestOne(store.db, store.write('marketplace.json', FEED_A));
    const rejects = await store.db.all(`SELECT snapshot_id, source_id, line, field, reason, raw FROM rejects ORDER BY field`);
    expect(rejects).toEqual([
      {
        snapshot_id: 1, source_id: 1, line: String(lineContaining(FEED_A, '"agency_id": "22-000"')), field: 'data.AtoMapping[1].agency_id',
        reason: 'agency_id "22-000" is not in Agencies, and the entry names no agency', raw: expect.stringContaining('"agency_id":"22-000"'),
      },
      {
        snapshot_id: 1, source_id: 1, line: String(lineContaining(FEED_A, '"XaaS"')), field: 'data.Products[2].service_model[0]',
        reason: 'unknown service model "XaaS"', raw: expect.stringContaining('"cso":"Broken"'),
      },
      {
        snapshot_id: 1, source_id: 1, line: String(lineContaining(FEED_A, '"id": "F9"')), field: 'data.ReuseMapping[1].id',
        reason: 'offering id "F9" is not in Products', raw: expect.stringContaining('"F9"'),
      },
    ]);
  });

  it('ingesting the same feed again changes no FedRAMP row: every entry unchanged', async () => {
    const store = await tempStore();
    const path = store.write('marketplace.json', FEED_A);
    await ingestOne(store.db, path);
    const before = await fedrampFingerprint(store.db);
    const again = await ingestOne(store.db, path);
    expect(again.counts).toMatchObject({ read: 10, loaded: 0, replaced: 0, unchanged: 7, rejected: 3 });
    expectReconciled(again.counts);
    // The same content saved another way (compact JSON) is the same feed too.
    const compact = await ingestOne(store.db, store.write('compact.json', feedText('2026-01-01T00:00:00.000Z', JSON.parse(FEED_A).data, undefined)));
    expect(compact.counts).toMatchObject({ loaded: 0, unchanged: 7, rejected: 3 });
    expect(await fedrampFingerprint(store.db)).toEqual(before);
    expect(await countRows(store.db, 'fedramp_offerings')).toBe(2);
    // Like a CSV file read again: a sources row for each reading, its rejects recorded under it.
    expect((await sources(store.db)).map((s) => [s['source_id'], s['unchanged']])).toEqual([[1, '0'], [2, '7'], [3, '7']]);
    expect(await countRows(store.db, 'rejects')).toBe(9);
  });
});

describe('FedRAMP feed ingest: a newer feed replaces the current one', () => {
  it('classifies entries against the previous feed, shows only the new feed, and keeps the old rows', async () => {
    const store = await tempStore();
    await ingestOne(store.db, store.write('a.json', FEED_A));
    const b = await ingestOne(store.db, store.write('b.json', FEED_B));
    // Products: F1 unchanged, F2 replaced, F4 loaded; agencies unchanged; ATOs: ICE's unchanged, DHS's
    // loaded; leveraged_systems: F2 on F1 unchanged, F4 on F1 loaded.
    expect(b.counts).toEqual({ read: 9, loaded: 3, replaced: 1, unchanged: 5, deleted: 0, rejected: 0, deletedAbsent: 0 });
    expect(b.file.warnings).toEqual(['no longer listed since the previous feed (source 1): 1 authorization(s)']);

    expect(await sortedIds(store.db, `SELECT offering_id AS id FROM fedramp_offerings`)).toEqual(['F1', 'F2', 'F4']);
    expect((await store.db.one(`SELECT status FROM fedramp_offerings WHERE offering_id = 'F2'`))!['status']).toBe('FedRAMP In Process');
    expect(await sortedIds(store.db, `SELECT agency_id || ' ' || offering_id || ' ' || kind AS id FROM fedramp_authorizations`))
      .toEqual(['22-002 F2 ato', `${ICE} F1 ato`]);
    expect(await sortedIds(store.db, `SELECT offering_id || ' on ' || built_on_id AS id FROM fedramp_builds_on`)).toEqual(['F2 on F1', 'F4 on F1']);
    expect(await sortedIds(store.db, `SELECT DISTINCT CAST(source_id AS VARCHAR) AS id FROM fedramp_authorizations`)).toEqual(['2']);

    // The replaced feed stays whole, recoverable by its source_id.
    expect(await store.db.all(`SELECT source_id, snapshot_id, last_change, offerings, agencies, authorizations, builds_on, superseded_snapshot_id
        FROM fedramp_feeds ORDER BY source_id`)).toEqual([
      { source_id: 1, snapshot_id: 1, last_change: '2026-01-01T00:00:00.000Z', offerings: '2', agencies: '2', authorizations: '2', builds_on: '1', superseded_snapshot_id: 2 },
      { source_id: 2, snapshot_id: 2, last_change: '2026-02-01T00:00:00.000Z', offerings: '3', agencies: '2', authorizations: '2', builds_on: '2', superseded_snapshot_id: null },
    ]);
    expect(await store.db.all(`SELECT agency_id, offering_id, kind FROM fedramp_authorizations_all WHERE source_id = 1 ORDER BY json_path`)).toEqual([
      { agency_id: ICE, offering_id: 'F1', kind: 'ato' }, { agency_id: ICE, offering_id: 'F2', kind: 'reuse' },
    ]);
    expect((await store.db.one(`SELECT status FROM fedramp_offerings_all WHERE source_id = 1 AND offering_id = 'F2'`))!['status']).toBe('FedRAMP Authorized');
    for (const [table, rows] of [['fedramp_offerings_all', 5], ['fedramp_agencies_all', 4], ['fedramp_authorizations_all', 4], ['fedramp_builds_on_all', 3]] as const) {
      expect(await countRows(store.db, table), table).toBe(rows);
    }
  });

  it('refuses an older feed that is not stored, leaving the store as it was (even beside good CSV files)', async () => {
    const store = await storeWithFeedB();
    const before = await storeFingerprint(store.db);
    const older = feedText('2025-12-01T00:00:00.000Z', { Products: [CLOUD, APP] });
    store.write('run/a-tx.csv', txCsv(3, 10));
    const olderPath = store.write('run/b-old.json', older);
    const error = await expectRejects(() => ingest(store.db, { paths: [`${store.dir}/run`] }), BadInputError);
    expect(error.where).toMatchObject({ file: olderPath, field: 'meta.last_change' });
    expect(error.message).toContain('feed last changed 2025-12-01T00:00:00.000Z, before the store\'s current FedRAMP feed (source 3');
    expect(await storeFingerprint(store.db)).toEqual(before);
  });

  it('an older feed already stored counts as unchanged (re-ingesting a folder of feeds)', async () => {
    const store = await storeWithFeedB();
    const before = await fedrampFingerprint(store.db);
    const again = await ingestOne(store.db, `${store.dir}/seed/feed-a.json`);
    expect(again.counts).toMatchObject({ read: 10, loaded: 0, unchanged: 7, rejected: 3 });
    expect(again.file.warnings).toEqual(['already stored as source 2 (' + `${store.dir}/seed/feed-a.json), an earlier feed; the current feed stays source 3`]);
    expect(await fedrampFingerprint(store.db)).toEqual(before);
  });

  it('feeds in one run load oldest first, whatever their names; the run again changes nothing', async () => {
    const store = await tempStore();
    const newer = store.write('feeds/a-newer.json', FEED_B);
    const older = store.write('feeds/b-older.json', FEED_A);
    const first = await ingest(store.db, { paths: [`${store.dir}/feeds`] });
    expect(first.files.map((f) => f.name)).toEqual([older, newer]);
    expect(first.files.map((f) => f.counts!.loaded)).toEqual([7, 3]);
    const current = await store.db.one<{ name: string }>(`SELECT s.name FROM fedramp_feeds f JOIN sources s USING (source_id) WHERE superseded_snapshot_id IS NULL`);
    expect(current!.name).toBe(newer);
    const before = await fedrampFingerprint(store.db);
    const second = await ingest(store.db, { paths: [`${store.dir}/feeds`] });
    expect(second.failed).toBe(0);
    expect(second.files.map((f) => [f.counts!.loaded, f.counts!.replaced, f.counts!.unchanged])).toEqual([[0, 0, 7], [0, 0, 9]]);
    expect(await fedrampFingerprint(store.db)).toEqual(before);
  });
});

describe('FedRAMP feed ingest: detection by content', () => {
  it('reads a feed beside CSV files in a folder and in a zip archive; CSV files load as before', async () => {
    const store = await tempStore();
    store.write('drop/tx.csv', txCsv(2));
    store.write('drop/feed.json', FEED_A);
    store.write('drop/notes.txt', '{"not": "read"}');
    const zip = writeZip([{ name: 'inner/data.json', data: FEED_B }, { name: 'inner/tx2.csv', data: txCsv(1, 5) }, { name: 'readme.md', data: 'x' }]);
    const zipPath = store.write('drop/bundle.zip', zip.buffer);
    const result = await ingest(store.db, { paths: [`${store.dir}/drop`] });
    expect(result.failed).toBe(0);
    const byName = Object.fromEntries(result.files.map((f) => [f.name.slice(store.dir.length + 1), f.layout ?? f.skipped]));
    expect(byName).toEqual({
      'drop/bundle.zip!inner/data.json': 'fedramp_marketplace',
      'drop/bundle.zip!inner/tx2.csv': 'contracts_prime_transactions',
      'drop/bundle.zip!readme.md': 'archive member is not a .csv, .json or .xml file',
      'drop/feed.json': 'fedramp_marketplace',
      'drop/notes.txt': 'not a .csv, .json, .xml or .zip file',
      'drop/tx.csv': 'contracts_prime_transactions',
    });
    expect(await countRows(store.db, 'transactions')).toBe(3);
    const zipped = await store.db.one(`SELECT archive, archive_sha256 FROM sources WHERE name = ?`, [`${zipPath}!inner/data.json`]);
    expect(zipped).toEqual({ archive: 'bundle.zip', archive_sha256: createHash('sha256').update(zip.buffer).digest('hex') });
    // Both feeds are stored, the newer one (from the archive) current.
    expect(await sortedIds(store.db, `SELECT offering_id AS id FROM fedramp_offerings`)).toEqual(['F1', 'F2', 'F4']);
  });

  it('passes over other well-formed JSON found in a folder (a manifest), but not broken JSON', async () => {
    const store = await tempStore();
    store.write('drop/tx.csv', txCsv(2));
    store.write('drop/manifest.json', '{"generator": "demo", "files": []}');
    const result = await ingest(store.db, { paths: [`${store.dir}/drop`] });
    expect(result.failed).toBe(0);
    const manifest = result.files.find((f) => f.name.endsWith('manifest.json'))!;
    expect(manifest.skipped).toMatch(/^JSON that is not a FedRAMP Marketplace feed; skipped/);
    expect(await countRows(store.db, 'transactions')).toBe(2);
    store.write('broken/feed.json', '{"data": {"Products": [');
    await expectRejects(() => ingest(store.db, { paths: [`${store.dir}/broken`] }), BadInputError);
  });

  it('recognises the feed by content, not by name', async () => {
    const store = await tempStore();
    const { file } = await ingestOne(store.db, store.write('download.txt', FEED_A));
    expect(file.layout).toBe('fedramp_marketplace');
  });

  it.each([
    ['other.json', '{"hello": [1, 2]}', /not a FedRAMP Marketplace feed: .*found an object with key\(s\) "hello"/],
    ['list.json', '[{"Products": []}]', /not a FedRAMP Marketplace feed: .*found a list/],
    ['package.txt', '  \n{"name": "x", "data": {"Products": []}}', /not a FedRAMP Marketplace feed: .*"name", "data"/],
    ['table.json', 'a,b\r\n1,2\r\n', /not valid JSON/],
  ])('other JSON (%s) fails naming the file', async (name, text, message) => {
    const store = await tempStore();
    const before = await storeFingerprint(store.db);
    const path = store.write(name, text);
    const error = await expectRejects(() => ingest(store.db, { paths: [path] }), BadInputError);
    expect(error.where.file).toBe(path);
    expect(error.message.startsWith(path)).toBe(true);
    expect(error.message).toMatch(message);
    expect(await storeFingerprint(store.db)).toEqual(before);
  });
});

describe('FedRAMP feed ingest: hostile input', () => {
  it('a truncated feed beside good CSV files fails the run and leaves the store exactly as it was', async () => {
    const store = await storeWithFeedB();
    const before = await storeFingerprint(store.db);
    store.write('run/a-tx.csv', txCsv(3, 10));
    const cut = FEED_B.slice(0, Math.floor(FEED_B.length / 2));
    const bad = store.write('run/b-feed.json', cut);
    store.write('run/c-tx.csv', txCsv(3, 20));
    const error = await expectRejects(() => ingest(store.db, { paths: [`${store.dir}/run`] }), BadInputError);
    expect(error.where).toMatchObject({ file: bad, line: cut.split('\n').length });
    expect(error.message).toContain(`${bad} line ${cut.split('\n').length}: not valid JSON`);
    expect(await storeFingerprint(store.db)).toEqual(before);
  });

  it('with keepGoing, the good CSV files are committed and the bad feed reported', async () => {
    const store = await storeWithFeedB();
    const before = await fedrampFingerprint(store.db);
    const good = store.write('run/a-tx.csv', txCsv(3, 10));
    const bad = store.write('run/b-feed.json', FEED_A.slice(0, 200));
    const older = store.write('run/c-older.json', feedText('2025-01-01T00:00:00.000Z', { Products: [APP] }));
    const result = await ingest(store.db, { paths: [`${store.dir}/run`], keepGoing: true });
    expect(result.failed).toBe(2);
    expect(result.files.find((f) => f.name === bad)!.error).toMatch(/not valid JSON/);
    expect(result.files.find((f) => f.name === older)!.error).toMatch(/an older feed cannot replace a newer one/);
    expect(result.files.find((f) => f.name === good)!.counts).toMatchObject({ loaded: 3 });
    expect(await fedrampFingerprint(store.db)).toEqual(before);
    expect((await sources(store.db)).map((s) => s['name'])).not.toContain(older);
  });

  it('wrong shapes, huge fields, deep nesting and bad bytes fail naming the file and the JSON path or line', async () => {
    const store = await tempStore();
    const cases: Array<[string, string | Buffer, Partial<BadInputError['where']>, RegExp]> = [
      ['no-reuse.json', JSON.stringify({ data: { Products: [], Agencies: [], AtoMapping: [] } }), { field: 'data.ReuseMapping' }, /expected a list, found nothing/],
      ['products-object.json', JSON.stringify({ data: { Products: {}, Agencies: [], AtoMapping: [], ReuseMapping: [] } }), { field: 'data.Products' }, /expected a list/],
      ['huge.json', feedText('2026-01-01T00:00:00.000Z', { Products: [product('F1', 'x'.repeat(300_000), ['SaaS'])] }), { field: 'data.Products[0].cso' }, /string of 300000 characters/],
      ['deep.json', `{"data": {"Products": ${'['.repeat(100)}${']'.repeat(100)}, "Agencies": [], "AtoMapping": []}}`, {}, /nested deeper than 32/],
      ['dup.json', feedText('2026-01-01T00:00:00.000Z', { Products: [APP, APP] }), { field: 'data.Products[1].id' }, /duplicate id "F2"/],
      ['latin1.json', Buffer.concat([Buffer.from('{"data": {"Products": [{"cso": "Caf'), Buffer.from([0xe9]), Buffer.from('"}]}}')]), {}, /not valid UTF-8/],
    ];
    const before = await storeFingerprint(store.db);
    for (const [name, text, where, message] of cases) {
      const path = store.write(name, text);
      const error = await expectRejects(() => ingest(store.db, { paths: [path] }), BadInputError);
      expect(error.where, name).toMatchObject({ file: path, ...where });
      expect(error.message, name).toMatch(message);
    }
    expect(await storeFingerprint(store.db)).toEqual(before);
  });

  it('entries of the wrong type become rejects; the rest of the feed loads', async () => {
    const store = await tempStore();
    const text = feedText('2026-01-01T00:00:00.000Z', {
      Products: [CLOUD, APP, { ...APP, id: { nested: true } }, 42, { ...product('F5', 'Odd', ['SaaS']), leveraged_systems: 'F1' }],
      Agencies: [...AGENCIES, { id: ['x'], parent: 'Nobody' }],
      AtoMapping: [ICE_ATO_F1, null, { ...ICE_ATO_F1, exp_date: '2/30/2024' }],
    });
    const { counts } = await ingestOne(store.db, store.write('odd.json', text));
    expectReconciled(counts);
    expect(counts).toMatchObject({ read: 12, loaded: 7, rejected: 5 });
    const reasons = await store.db.all(`SELECT field, reason FROM rejects ORDER BY field`);
    expect(reasons).toEqual([
      { field: 'data.Agencies[2].id', reason: 'expected text, found a list' },
      { field: 'data.AtoMapping[1]', reason: 'expected an object, found null' },
      { field: 'data.Products[2].id', reason: 'expected text, found an object' },
      { field: 'data.Products[3]', reason: 'expected an object, found number 42' },
      { field: 'data.Products[4].leveraged_systems', reason: 'expected a list, found string "F1"' },
    ]);
    // A bad detail of a good entry is kept as a problem, not a reject.
    const problems = await store.db.all(`SELECT json_path, problems FROM fedramp_authorizations WHERE problems IS NOT NULL`);
    expect(problems).toEqual([{ json_path: 'data.AtoMapping[2]', problems: 'exp_date: "2/30/2024" is not a calendar date; left out' }]);
  });
});

describe('status with FedRAMP feeds', () => {
  it('lists the feeds, which one is current, and the current rows per view', async () => {
    const store = await storeWithFeedB();
    const s = await storeStatus(store.db);
    expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    expect(s.tables.filter((t) => t.view.startsWith('fedramp_'))).toEqual([
      { view: 'fedramp_offerings', rows: 3 }, { view: 'fedramp_agencies', rows: 2 },
      { view: 'fedramp_authorizations', rows: 2 }, { view: 'fedramp_builds_on', rows: 2 },
    ]);
    expect(s.fedrampFeeds.map((f) => [f.source_id, f.current, f.superseded_snapshot_id, f.offerings])).toEqual([[2, false, 3, 2], [3, true, null, 3]]);
    const feedSource = s.sources.find((x) => x.source_id === 2)!;
    expect(feedSource).toMatchObject({ layout: 'fedramp_marketplace', read: 10, loaded: 7, rejected: 3 });
    expect(s.rejectReasons.filter((r) => r.source_id === 2).map((r) => r.field).sort())
      .toEqual(['data.AtoMapping[N].agency_id', 'data.Products[N].service_model[N]', 'data.ReuseMapping[N].id']);
  });
});

describe('schema migration 3', () => {
  it('a version-2 store keeps its data and gains the FedRAMP tables when opened for writing', async () => {
    const store = await tempStore();
    await ingestOne(store.db, store.write('tx.csv', txCsv(2)));
    // Back to what a version-2 store holds: no FedRAMP tables or views.
    for (const v of ['fedramp_offerings', 'fedramp_agencies', 'fedramp_authorizations', 'fedramp_builds_on']) await store.db.run(`DROP VIEW ${v}`);
    for (const t of ['fedramp_offerings_all', 'fedramp_agencies_all', 'fedramp_authorizations_all', 'fedramp_builds_on_all', 'fedramp_feeds']) await store.db.run(`DROP TABLE ${t}`);
    // nor the family columns of version 4
    for (const [t, c] of [['tx_current', 'family_id'], ['award_current', 'family_id'], ['sub_current', 'prime_family_id'], ['sub_current', 'sub_family_id']]) {
      await store.db.run(`ALTER TABLE ${t} DROP COLUMN ${c}`);
    }
    await store.db.run(`UPDATE wb_meta SET value = '2' WHERE key = 'schema_version'`);
    store.close();
    const db = await store.reopen();
    expect((await db.one(`SELECT value FROM wb_meta WHERE key = 'schema_version'`))!['value']).toBe(String(SCHEMA_VERSION));
    expect(await db.one(`SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE table_name = 'tx_current' AND column_name = 'family_id'`)).toEqual({ n: 1 });
    expect(await countRows(db, 'transactions')).toBe(2);
    await ingestOne(db, store.write('feed.json', FEED_A));
    expect(await countRows(db, 'fedramp_offerings')).toBe(2);
  });
});

describe('jsonPathLines', () => {
  const text = '{\n "a": [\n  1,\n  {"b c": {\n   "d": 2}}\n ],\n "e": "x\\"]"\n}';
  it('finds the line each value starts on, odd keys and escapes included', () => {
    const lines = jsonPathLines(text, ['a[0]', 'a[1]["b c"].d', 'e']);
    expect(Object.fromEntries(lines)).toEqual({ a: 2, 'a[0]': 3, 'a[1]': 4, 'a[1]["b c"]': 4, 'a[1]["b c"].d': 5, e: 7 });
  });
  it('falls back to the nearest ancestor for a path not in the text, and to 0', () => {
    const lines = jsonPathLines(text, ['a[1]["b c"].zz', 'q.r']);
    expect(lineOfPath(lines, 'a[1]["b c"].zz')).toBe(4);
    expect(lineOfPath(lines, 'q.r')).toBe(0);
  });
});

describe.skipIf(!hasRealData)('FedRAMP feed ingest, real 2026-04-28 feed', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  it('stores ICE authorizing AWS GovCloud and Palantir FCS-High, Palantir built on GovCloud; counts reconcile; re-ingest is a no-op', async () => {
    const store = await tempStore();
    const { counts } = await ingestOne(store.db, REAL_FEED);
    const feed = await readFedrampFeed(REAL_FEED);
    const sum = (k: 'read' | 'loaded' | 'rejected') => COUNTED_ARRAYS.reduce((n, a) => n + feed.counts[a][k], 0);
    expect(counts).toMatchObject({ read: sum('read'), loaded: sum('loaded'), replaced: 0, unchanged: 0, deleted: 0, rejected: sum('rejected') });
    expectReconciled(counts);
    expect(counts.read).toBe(5832);
    expect(await countRows(store.db, 'rejects')).toBe(counts.rejected);
    expect(await countRows(store.db, 'fedramp_offerings')).toBe(642);
    expect(await countRows(store.db, 'fedramp_agencies')).toBe(241);
    expect(await countRows(store.db, 'fedramp_authorizations')).toBe(feed.authorizations.length);
    expect(await countRows(store.db, 'fedramp_builds_on')).toBe(feed.buildsOn.length);

    const ice = await store.db.all(`SELECT offering_id, offering, kind, CAST(ato_date AS VARCHAR) AS ato_date FROM fedramp_authorizations
        WHERE agency_id = ? AND offering_id IN ('F1603047866', 'FR2434554673') ORDER BY offering_id, ato_date`, [ICE]);
    expect(ice).toEqual([
      { offering_id: 'F1603047866', offering: 'AWS GovCloud', kind: 'reuse', ato_date: '2023-04-27' },
      { offering_id: 'F1603047866', offering: 'AWS GovCloud', kind: 'reuse', ato_date: '2023-11-22' },
      { offering_id: 'FR2434554673', offering: 'Palantir Federal Cloud Service - High', kind: 'reuse', ato_date: '2025-12-16' },
    ]);
    const agency = await store.db.one(`SELECT name FROM fedramp_agencies WHERE agency_id = ?`, [ICE]);
    expect(agency!['name']).toBe('Department of Homeland Security / Immigration and Customs Enforcement');
    const edge = await store.db.all(`SELECT orientation, provider, built_on_provider, built_on_offering FROM fedramp_builds_on
        WHERE offering_id = 'FR2434554673' AND built_on_id = 'F1603047866'`);
    expect(edge).toEqual([{ orientation: 'service_model', provider: 'Palantir Technologies Inc.', built_on_provider: 'Amazon', built_on_offering: 'AWS GovCloud' }]);
    expect(await countRows(store.db, 'fedramp_builds_on')).toBeGreaterThan(1000);
    const reversed = await store.db.one<{ n: string }>(`SELECT count(*) AS n FROM fedramp_builds_on WHERE offering_id = 'F1603047866' AND built_on_id = 'FR2434554673'`);
    expect(reversed!.n).toBe('0');

    const src = await store.db.one(`SELECT read, loaded, replaced, unchanged, deleted, rejected FROM sources`);
    expect(Number(src!['read'])).toBe(['loaded', 'replaced', 'unchanged', 'deleted', 'rejected'].reduce((n, k) => n + Number(src![k]), 0));

    const before = await fedrampFingerprint(store.db);
    const again = await ingestOne(store.db, REAL_FEED);
    expect(again.counts).toMatchObject({ read: counts.read, loaded: 0, replaced: 0, unchanged: counts.loaded, rejected: counts.rejected });
    expect(await fedrampFingerprint(store.db)).toEqual(before);
  });
});
