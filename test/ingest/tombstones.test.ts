/**
 * Tombstones on the real Award Data Archive delta: a transaction deleted by a delta (correction_delete_ind
 * = D) stays deleted when an older full file holding it is loaded later, in either order; a newer row
 * (later last_modified_date) re-creates it; a deletion older than the stored row is not applied; `status`
 * lists the tombstones. The "full file" is the delta's own upsert rows without the delta's two leading
 * columns (the 297-column prime transactions layout), and the deletion is one of the delta's real D rows
 * naming a real transaction: all values are the real file's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../src/cli/statusCommand.js';
import { storeStatus } from '../../src/status.js';
import { parseCsv, writeCsv } from '../support/csv.js';
import { expectReconciled, ingestOne } from '../support/ingestHelpers.js';
import { hasRealData, realFile, REAL_DATA_SKIP_REASON } from '../support/realData.js';
import { storeFingerprint, tempStore, type TempStore } from '../support/tempStore.js';

const DELTA = realFile('awardtrace-fixture', 'FY(All)_012_Contracts_Delta_20260908_1.csv');
/** A real transaction of the delta (an upsert row) that the tests delete. */
const KEY = '1204_-NONE-_123J1923P0010_0_-NONE-_0';

type Row = Record<string, string>;

function real(): { header: string[]; rows: Row[] } {
  const [head, ...records] = parseCsv(readFileSync(DELTA));
  const header = head!.fields;
  return { header, rows: records.map((r) => Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? '']))) };
}

/** The delta's upserts as a full prime transactions file (the delta's first two columns dropped). */
function fullFile(store: TempStore, name: string, edit: (r: Row) => Row = (r) => r): string {
  const { header, rows } = real();
  const full = header.filter((h) => h !== 'correction_delete_ind' && h !== 'agency_id');
  return store.write(name, writeCsv(full, rows.filter((r) => r['correction_delete_ind'] !== 'D').map(edit)));
}

/** A delta holding one deletion of KEY, shaped as the real file's D rows, dated `date`. */
function deletion(store: TempStore, name: string, date: string): string {
  const { header, rows } = real();
  const d = rows.find((r) => r['correction_delete_ind'] === 'D')!;
  return store.write(name, writeCsv(header, [{ ...d, contract_transaction_unique_key: KEY, last_modified_date: date }]));
}

const amountOf = async (store: TempStore): Promise<string | null> =>
  ((await store.db.one<{ a: string }>(`SELECT CAST(federal_action_obligation AS VARCHAR) AS a FROM transactions WHERE contract_transaction_unique_key = ?`, [KEY]))?.a ?? null);

describe.skipIf(!hasRealData)(`tombstones (${hasRealData ? 'real delta' : REAL_DATA_SKIP_REASON})`, () => {
  it('the real delta\'s D rows become tombstones dated by day; loading it again changes nothing', async () => {
    const store = await tempStore();
    const first = await ingestOne(store.db, DELTA);
    expect(first.counts).toMatchObject({ read: 6, deleted: 2, deletedAbsent: 2 });
    const t = await store.db.all(`SELECT record_key, CAST(deleted_version AS VARCHAR) AS v FROM tombstones ORDER BY 1`);
    const ds = real().rows.filter((r) => r['correction_delete_ind'] === 'D');
    expect(t).toEqual(ds.map((r) => ({ record_key: r['contract_transaction_unique_key']!, v: `${r['last_modified_date']} 00:00:00` }))
      .sort((a, b) => a.record_key.localeCompare(b.record_key)));
    const before = await storeFingerprint(store.db);
    const again = await ingestOne(store.db, DELTA);
    expect(again.counts).toMatchObject({ read: 6, loaded: 0, replaced: 0, deleted: 0, unchanged: 6, rejected: 0 });
    const after = await storeFingerprint(store.db);
    for (const k of ['tx_current', 'tx_current_history', 'tombstones', 'rejects']) expect(after[k], k).toEqual(before[k]);
  });

  it('deleted after the full file: the older file loaded again is refused for that row; a newer row restores it', async () => {
    const store = await tempStore();
    const full = fullFile(store, 'full.csv');
    expect((await ingestOne(store.db, full)).file.layout).toBe('contracts_prime_transactions');
    expect(await amountOf(store)).toBe('165000.00');

    const del = await ingestOne(store.db, deletion(store, 'FY(All)_012_Contracts_Delta_20260910_1.csv', '2026-09-10'));
    expect(del.counts).toMatchObject({ read: 1, deleted: 1, deletedAbsent: 0 });
    expect(await amountOf(store)).toBeNull();

    const older = await ingestOne(store.db, full);
    expectReconciled(older.counts);
    expect(older.counts).toMatchObject({ read: 4, unchanged: 3, rejected: 1, loaded: 0 });
    expect(older.file.warnings.join(' ')).toMatch(/1 row\(s\) refused: a delta deleted them/);
    expect(await amountOf(store)).toBeNull();
    const reason = await store.db.one<{ reason: string; field: string }>(`SELECT reason, field FROM rejects`);
    expect(reason!.field).toBe('last_modified_date');
    expect(reason!.reason).toMatch(/^stays deleted: deleted by .*Delta_20260910_1\.csv line 2 as of 2026-09-10 \(the whole day\); this row's last_modified_date \(2023-07-24 13:26:57\) is not later$/);

    // the same day is not later than a date-only deletion
    const sameDay = await ingestOne(store.db, fullFile(store, 'same-day.csv', (r) => (r['contract_transaction_unique_key'] === KEY ? { ...r, last_modified_date: '2026-09-10 15:00:00+00' } : r)));
    expect(sameDay.counts).toMatchObject({ rejected: 1 });
    expect(await amountOf(store)).toBeNull();

    const status = await storeStatus(store.db);
    expect(status.tombstones).toMatchObject({ active: 1, restored: 0 });
    expect(status.tombstones.list).toEqual([expect.objectContaining({ key: KEY, deletedVersion: '2026-09-10 00:00:00', line: 2, refusedSince: 2 })]);
    expect(renderStatus(status)).toContain(`${KEY}  deleted as of 2026-09-10 by ${store.dir}/FY(All)_012_Contracts_Delta_20260910_1.csv line 2`);

    const newer = await ingestOne(store.db, fullFile(store, 'newer.csv', (r) => (r['contract_transaction_unique_key'] === KEY ? { ...r, last_modified_date: '2026-09-11 08:00:00+00', federal_action_obligation: '150000.00' } : r)));
    expect(newer.counts).toMatchObject({ read: 4, loaded: 1, unchanged: 3, rejected: 0 });
    expect(newer.file.warnings.join(' ')).toMatch(/1 row\(s\) re-create records a delta had deleted/);
    expect(await amountOf(store)).toBe('150000.00');
    const lifted = await storeStatus(store.db);
    expect(lifted.tombstones).toMatchObject({ active: 0, restored: 1, list: [] });
    expect(await store.db.all(`SELECT superseded_how, superseded_line FROM tombstones`)).toEqual([{ superseded_how: 'restored', superseded_line: expect.anything() }]);

    // and the old file once more: the newer row stands (an ordinary older version now)
    const once = await ingestOne(store.db, full);
    expect(once.counts).toMatchObject({ rejected: 1 });
    expect(await amountOf(store)).toBe('150000.00');
  });

  it('deleted before the full file is ever loaded: the older file\'s row is refused, the others load', async () => {
    const store = await tempStore();
    const del = await ingestOne(store.db, deletion(store, 'FY(All)_012_Contracts_Delta_20260910_1.csv', '2026-09-10'));
    expect(del.counts).toMatchObject({ read: 1, deleted: 1, deletedAbsent: 1 });
    expect(del.file.warnings.join(' ')).toMatch(/kept as tombstones/);
    const full = await ingestOne(store.db, fullFile(store, 'full.csv'));
    expectReconciled(full.counts);
    expect(full.counts).toMatchObject({ read: 4, loaded: 3, rejected: 1 });
    expect(await amountOf(store)).toBeNull();
    const n = await store.db.one<{ n: string }>(`SELECT count(*) AS n FROM transactions`);
    expect(n!.n).toBe('3');
    // the refused row counts as held on purpose in the coverage of answers, never as missing
    const kinds = (await storeStatus(store.db)).rejectKinds.map((k) => k.kind);
    expect(kinds).toEqual(['stays_deleted']);
    const newer = await ingestOne(store.db, fullFile(store, 'newer.csv', (r) => (r['contract_transaction_unique_key'] === KEY ? { ...r, last_modified_date: '2026-09-11 08:00:00+00' } : r)));
    expect(newer.counts).toMatchObject({ loaded: 1, unchanged: 3 });
    expect(await amountOf(store)).toBe('165000.00');
  });

  it('a deletion older than the stored row is not applied (the stored row is newer), and leaves no tombstone', async () => {
    const store = await tempStore();
    await ingestOne(store.db, fullFile(store, 'later.csv', (r) => (r['contract_transaction_unique_key'] === KEY ? { ...r, last_modified_date: '2026-10-01 09:00:00+00' } : r)));
    const del = await ingestOne(store.db, deletion(store, 'old-delta.csv', '2026-09-10'));
    expectReconciled(del.counts);
    expect(del.counts).toMatchObject({ read: 1, deleted: 0, rejected: 1 });
    expect(await amountOf(store)).toBe('165000.00');
    const r = await store.db.one<{ reason: string }>(`SELECT reason FROM rejects`);
    expect(r!.reason).toMatch(/^older than the stored version \(a deletion as of 2026-09-10 00:00:00 < 2026-10-01 09:00:00, from .*later\.csv line \d+\): not applied$/);
    expect(await store.db.all(`SELECT * FROM tombstones`)).toEqual([]);
  });
});
