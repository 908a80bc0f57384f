import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { ingest } from '../../src/ingest.js';
import { LEGACY_259_COLUMNS } from '../../src/sources/layouts/legacyHeader.js';
import { legacyNames } from '../../src/sources/layouts/legacyNames.js';
import { TRANSACTIONS } from '../../src/store/tables.js';
import { parseCsv, parseCsvTable, writeCsv } from '../support/csv.js';
import { expectRejects, ingestOne } from '../support/ingestHelpers.js';
import { cents, centsOf, formatCents } from '../support/money.js';
import { hasRealData, realFile } from '../support/realData.js';
import { storeFingerprint, tempStore } from '../support/tempStore.js';

const ASOF = realFile('asof-fixture', 'usaspending_transactions_lmt.csv');
const DICTIONARY = realFile('usaspending-data-dictionary');

/** The asof fixture's 6 real transactions, each as a name → value map (297-column layout). */
function asofRows(): Array<Record<string, string>> {
  return parseCsvTable(readFileSync(ASOF)).rows.map((r) => r.values);
}

// The legacy layout names three columns differently; every other legacy column with a current twin has its name.
const LEGACY_FROM_CURRENT: Record<string, string> = {
  parent_award_id: 'parent_award_id_piid', award_description: 'transaction_description', fiscal_year: 'action_date_fiscal_year',
};

/** The same real values under the documented 259-column legacy header (columns the current layout lacks stay empty). */
function legacyRows(rows = asofRows()): Array<Record<string, string>> {
  return rows.map((r) => Object.fromEntries(LEGACY_259_COLUMNS.map((c) => [c, r[LEGACY_FROM_CURRENT[c] ?? c] ?? ''])));
}

const headerless = (rows: Array<Record<string, string>>): string =>
  writeCsv(LEGACY_259_COLUMNS, rows).split('\r\n').slice(1).join('\r\n');

describe.skipIf(!hasRealData)('legacy 259-column contract transactions', () => {
  it('loads with its header; the rebuilt keys equal USAspending\'s own on the 6 real rows; re-ingest changes nothing', async () => {
    const real = asofRows();
    const store = await tempStore();
    const path = store.write('legacy.csv', writeCsv(LEGACY_259_COLUMNS, legacyRows(real)));
    const { file, counts } = await ingestOne(store.db, path);
    expect(file.layout).toBe('legacy_contracts_259');
    expect(counts).toMatchObject({ read: 6, loaded: 6, rejected: 0 });
    const stored = await store.db.all<{ k: string; a: string; amount: string; fy: string }>(
      `SELECT contract_transaction_unique_key AS k, contract_award_unique_key AS a, CAST(federal_action_obligation AS VARCHAR) AS amount,
              action_date_fiscal_year AS fy FROM transactions ORDER BY source_line`);
    expect(stored.map((s) => s.k)).toEqual(real.map((r) => r['contract_transaction_unique_key']));
    expect(stored.map((s) => s.a)).toEqual(real.map((r) => r['contract_award_unique_key']));
    expect(stored.map((s) => formatCents(cents(s.amount)))).toEqual(real.map((r) => formatCents(cents(r['federal_action_obligation']!))));
    // Personal fields of the layout are never stored (the table has no such columns), the fixture's amounts are kept exactly.
    const [sum] = await store.db.all(`SELECT sum(federal_action_obligation) AS s FROM transactions`);
    expect(centsOf(sum!['s'])).toBe(real.reduce((s, r) => s + cents(r['federal_action_obligation']!), 0n));

    const again = await ingestOne(store.db, path);
    expect(again.counts).toMatchObject({ read: 6, loaded: 0, unchanged: 6 });
  });

  it('two records with the same key parts collide: the second is rejected naming the first, never added', async () => {
    const [first] = legacyRows();
    const twin = { ...first!, federal_action_obligation: '1.00', award_description: 'A DIFFERENT TEXT' };
    const other = { ...first!, transaction_number: '11' }; // one key part differs: a separate transaction
    const store = await tempStore();
    const { counts } = await ingestOne(store.db, store.write('dup.csv', writeCsv(LEGACY_259_COLUMNS, [first!, twin, other])));
    expect(counts).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    const r = await store.db.one<{ line: string; reason: string }>(`SELECT line, reason FROM rejects`);
    expect(r!.line).toBe('3');
    expect(r!.reason).toMatch(/same contract_transaction_unique_key as line 2/);
    const keys = await store.db.all<{ k: string }>(`SELECT contract_transaction_unique_key AS k FROM transactions ORDER BY k`);
    expect(keys.map((k) => k.k)).toEqual(['9700_-NONE-_FA880718C0009_P00200_-NONE-_10', '9700_-NONE-_FA880718C0009_P00200_-NONE-_11']);
  });

  it('without its header: "line 1 looks like data", then loads with --layout; a wrong layout is refused and the store is unchanged', async () => {
    const store = await tempStore();
    const path = store.write('noheader.csv', headerless(legacyRows()));
    const before = await storeFingerprint(store.db);
    const e = await expectRejects(() => ingest(store.db, { paths: [path] }), BadInputError);
    expect(e.message).toContain('line 1 looks like data: 259 values, no header');
    expect(e.message).toContain('--layout legacy_contracts_259');
    expect(e.message).not.toMatch(/empty column name/);
    expect(await storeFingerprint(store.db)).toEqual(before);

    // The current 297-column rows, headerless, are not this layout: refused at line 1, nothing stored.
    const current = store.write('current-noheader.csv', readFileSync(ASOF, 'utf8').split('\r\n').slice(1).join('\r\n'));
    const wrong = await expectRejects(() => ingest(store.db, { paths: [current], layout: 'legacy_contracts_259' }), BadInputError);
    expect(wrong.message).toMatch(/line 1 has 297 values; layout legacy_contracts_259 has 259 columns/);
    expect(await storeFingerprint(store.db)).toEqual(before);

    // The same 259 values under a header that puts them in the wrong places: the first misfit refuses the file.
    const shifted = [...LEGACY_259_COLUMNS.slice(1), LEGACY_259_COLUMNS[0]];
    const headerFile = store.write('shifted-header.csv', `${shifted.join(',')}\r\n`);
    const misfit = await expectRejects(() => ingest(store.db, { paths: [path], headerFrom: headerFile }), BadInputError);
    expect(misfit.where.line).toBe(1);
    expect(misfit.where.field).toBeDefined();
    expect(misfit.message).toMatch(/do not fit layout legacy_contracts_259: wrong --layout\? nothing stored/);
    expect(await storeFingerprint(store.db)).toEqual(before);

    const ok = await ingest(store.db, { paths: [path], layout: 'legacy_contracts_259' });
    expect(ok.files[0]!.counts).toMatchObject({ read: 6, loaded: 6, rejected: 0 });
    const rows = await store.db.all(`SELECT source_line AS line, contract_transaction_unique_key AS k FROM transactions ORDER BY 1`);
    expect(rows.map((r) => Number(r['line']))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map((r) => r['k'])).toEqual(asofRows().map((r) => r['contract_transaction_unique_key']));
    const src = await store.db.one(`SELECT header_from, header_columns, date_order FROM sources`);
    expect(src).toMatchObject({ header_from: 'layout legacy_contracts_259', header_columns: 259 });
    expect(String(src!['date_order'])).toMatch(/^iso/);
  });

  it('an unknown --layout, or one without a declared header, is a usage error', async () => {
    const store = await tempStore();
    const path = store.write('x.csv', headerless(legacyRows()));
    await expect(ingest(store.db, { paths: [path], layout: 'nope' })).rejects.toThrow(/unknown layout "nope"; layouts with a declared header: legacy_contracts_259/);
    await expect(ingest(store.db, { paths: [path], layout: 'contracts_prime_transactions' })).rejects.toThrow(/declares no full header/);
  });
});

/** dd/mm/yyyy, dd/mm/yy hh:mm (day-first) or m/d/yyyy from an ISO date or timestamp. */
const dayFirst = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const dayFirstTs = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 16)}`;
const monthFirst = (iso: string): string => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}/${iso.slice(0, 4)}`;
const DATE_COLUMNS = ['action_date', 'period_of_performance_start_date', 'period_of_performance_current_end_date', 'period_of_performance_potential_end_date', 'ordering_period_end_date'];

function reDated(rows: Array<Record<string, string>>, date: (iso: string) => string, ts: (iso: string) => string): Array<Record<string, string>> {
  return rows.map((r) => {
    const out = { ...r };
    for (const c of DATE_COLUMNS) if (out[c]) out[c] = date(out[c]!);
    if (out['last_modified_date']) out['last_modified_date'] = ts(out['last_modified_date']!);
    return out;
  });
}

describe.skipIf(!hasRealData)('date order, decided per file', () => {
  it('a day-first file (dd/mm/yyyy, dd/mm/yy hh:mm) is read day-first: the dates equal the real ISO ones; provenance says why', async () => {
    const real = legacyRows();
    const store = await tempStore();
    const path = store.write('dayfirst.csv', writeCsv(LEGACY_259_COLUMNS, reDated(real, dayFirst, dayFirstTs)));
    const { file, counts } = await ingestOne(store.db, path);
    expect(file.dateOrder).toBe('dmy');
    expect(counts).toMatchObject({ read: 6, loaded: 6, rejected: 0 });
    const got = await store.db.all(`SELECT CAST(action_date AS VARCHAR) AS d, strftime(last_modified_date, '%Y-%m-%d %H:%M') AS t FROM transactions ORDER BY source_line`);
    expect(got.map((g) => g['d'])).toEqual(real.map((r) => r['action_date']));
    expect(got.map((g) => g['t'])).toEqual(real.map((r) => r['last_modified_date']!.slice(0, 16)));
    const src = await store.db.one<{ date_order: string }>(`SELECT date_order FROM sources`);
    expect(src!.date_order).toMatch(/^dmy: \d+ date\(s\) read only day-first \(first: line \d+ /);
  });

  it('a file mixing month-first and day-first dates is refused with example lines; one whose dates all read both ways too, unless told', async () => {
    const real = legacyRows();
    const store = await tempStore();
    const before = await storeFingerprint(store.db);
    // Row 1 (2026-06-11) month-first "6/11/2026" reads both ways; row 6 (2026-06-16) day-first "16/06/2026" only day-first;
    // row 4 (2026-06-03) written month-first as "6/3/2026" is ambiguous; period dates month-first: "3/12/2024"-style and 6/30.
    const mixed = reDated(real, monthFirst, (t) => t);
    mixed[5] = reDated([real[5]!], dayFirst, (t) => t)[0]!;
    const e = await expectRejects(() => ingest(store.db, { paths: [store.write('mixed.csv', writeCsv(LEGACY_259_COLUMNS, mixed))] }), BadInputError);
    expect(e.message).toMatch(/mixes date orders: \d+ date\(s\) read only month-first \(line \d+ /);
    expect(e.message).toMatch(/only day-first \(line 7 /);
    expect(await storeFingerprint(store.db)).toEqual(before);

    // Only dates whose day is 12 or less, written day-first: undecidable.
    const early = real.map((r) => ({ ...r, action_date: '2026-06-02', period_of_performance_start_date: '', period_of_performance_current_end_date: '', period_of_performance_potential_end_date: '', ordering_period_end_date: '' }));
    const path = store.write('early.csv', writeCsv(LEGACY_259_COLUMNS, reDated(early, dayFirst, (t) => t)));
    const u = await expectRejects(() => ingest(store.db, { paths: [path] }), BadInputError);
    expect(u.message).toMatch(/cannot decide the date order: all 6 spreadsheet date\(s\) read both month-first and day-first \(line 2 action_date "02\/06\/2026"/);
    expect(await storeFingerprint(store.db)).toEqual(before);
    const told = await ingest(store.db, { paths: [path], dateOrder: 'dmy' });
    expect(told.files[0]!.counts).toMatchObject({ loaded: 6 });
    const d = await store.db.all(`SELECT DISTINCT CAST(action_date AS VARCHAR) AS d FROM transactions`);
    expect(d).toEqual([{ d: '2026-06-02' }]);
    expect((await store.db.one(`SELECT date_order FROM sources`))!['date_order']).toBe('dmy: given with --date-order');
  });
});

describe.skipIf(!hasRealData)('pre-2017 USAspending names (data/legacy-usaspending-names.csv)', () => {
  it('every mapping marked "dictionary" is a pair in USAspending\'s Legacy_USA_Spending.csv, onto a declared column', () => {
    const legacy = parseCsv(readFileSync(`${DICTIONARY}/Legacy_USA_Spending.csv`)).map((r) => r.fields);
    const current = parseCsv(readFileSync(`${DICTIONARY}/USA_Spending_Downloads.csv`)).map((r) => r.fields);
    expect(legacy.length).toBe(current.length); // the two files list the same elements, row by row
    const pairs = new Set<string>();
    for (let i = 1; i < legacy.length; i++) {
      const [files, names] = legacy[i]!;
      if (!files?.includes('Contracts')) continue;
      const legacyList = names!.split(', ');
      const contractName = (legacyList.length > 1 && files.includes('Assistance') ? legacyList[legacyList.length - 1] : legacyList[0])!.toLowerCase();
      for (const c of current[i]![1]!.split(', ')) pairs.add(`${contractName}|${c}`);
    }
    const declared = new Set(TRANSACTIONS.columns.map((c) => c.name));
    const names = legacyNames();
    expect(names.length).toBeGreaterThan(50);
    for (const n of names) {
      expect(declared.has(n.column), n.column).toBe(true);
      if (n.basis === 'dictionary') expect(pairs.has(`${n.legacyName}|${n.column}`), `${n.legacyName} → ${n.column}`).toBe(true);
      else expect(n.basis).toMatch(/^whosbehind: .{20,}/);
    }
  });

  it('a pre-2017 file (legacy names, mixed case, "CODE: NAME" fields) loads with the same keys and amounts as the real rows', async () => {
    const real = asofRows();
    const codeName = (code: string, name: string): string => (code ? `${code}: ${name}` : '');
    const header = ['piid', 'modnumber', 'transactionnumber', 'idvagencyid', 'idvpiid', 'dollarsobligated', 'signeddate', 'maj_agency_cat',
      'contractingofficeagencyid', 'VendorName', 'dunsnumber', 'fiscal_year', 'last_modified_date'];
    const rows = real.map((r) => ({
      piid: r['award_id_piid']!, modnumber: r['modification_number']!, transactionnumber: r['transaction_number']!,
      idvagencyid: r['parent_award_agency_id']!, idvpiid: r['parent_award_id_piid']!, dollarsobligated: r['federal_action_obligation']!,
      signeddate: monthFirst(r['action_date']!), maj_agency_cat: codeName(r['awarding_agency_code']!, r['awarding_agency_name']!),
      contractingofficeagencyid: codeName(r['awarding_sub_agency_code']!, r['awarding_sub_agency_name']!), VendorName: r['recipient_name']!,
      dunsnumber: r['recipient_duns']!, fiscal_year: r['action_date_fiscal_year']!, last_modified_date: r['last_modified_date']!,
    }));
    const store = await tempStore();
    const { file, counts } = await ingestOne(store.db, store.write('pre2017.csv', writeCsv(header, rows)));
    expect(file.layout).toBe('usaspending_pre2017_contracts');
    expect(file.dateOrder).toBe('mdy');
    expect(counts).toMatchObject({ read: 6, loaded: 6, rejected: 0 });
    const got = await store.db.all(`SELECT contract_transaction_unique_key AS k, awarding_sub_agency_code AS sub, awarding_sub_agency_name AS sub_name,
        recipient_name AS name, CAST(action_date AS VARCHAR) AS d FROM transactions ORDER BY source_line`);
    expect(got).toEqual(real.map((r) => ({
      k: r['contract_transaction_unique_key'], sub: r['awarding_sub_agency_code'], sub_name: r['awarding_sub_agency_name'],
      name: r['recipient_name'], d: r['action_date'],
    })));
  });
});
