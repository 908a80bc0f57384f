/**
 * `awardAnswer`: one award traced through the store. Stores are built from CSV text by the real ingest;
 * expected figures are computed here from the rows the test wrote (or, for real data, from the raw files
 * with the test's own CSV parser), in BigInt cents.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerContext } from '../../src/analysis/answer.js';
import { awardAnswer, parseAwardKey, type AwardAnswer } from '../../src/analysis/awardAnswer.js';
import { awardTransactionsCsv, renderAwardText } from '../../src/cli/awardCommand.js';
import { NotFoundError } from '../../src/errors.js';
import { ingest } from '../../src/ingest.js';
import type { Database } from '../../src/store/database.js';
import { parseCsv, parseCsvTable, writeCsv, type CsvTable } from '../support/csv.js';
import { expectRejects, loadAgencyReference } from '../support/ingestHelpers.js';
import { minimalHeader } from '../support/layoutHeaders.js';
import { cents, fiscalYear, formatCents } from '../support/money.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

type Row = Record<string, string>;

const TX_HEADER = [
  ...minimalHeader('transactions'),
  'transaction_number', 'parent_award_id_piid', 'parent_award_agency_id', 'parent_award_agency_name', 'action_type_code', 'action_type',
  'awarding_agency_code', 'awarding_agency_name', 'awarding_office_code', 'awarding_office_name',
  'funding_agency_code', 'funding_agency_name', 'funding_sub_agency_code', 'funding_sub_agency_name',
  'recipient_parent_uei', 'recipient_parent_name', 'product_or_service_code', 'product_or_service_code_description',
  'naics_code', 'naics_description', 'award_type', 'potential_total_value_of_award', 'usaspending_permalink',
];
const SUMMARY_HEADER = [...minimalHeader('summaries2025'), 'parent_award_id_piid', 'potential_total_value_of_award'];
const SUB_HEADER = [...minimalHeader('subawards'), 'prime_award_amount', 'subawardee_parent_name'];
const API_HEADER = minimalHeader('api');

const RECIPIENT = {
  recipient_name: 'EXAMPLE SYSTEMS, INC.', recipient_uei: 'EXAMPLEUEI12', recipient_parent_uei: 'PARENTUEI123',
  recipient_parent_name: 'EXAMPLE HOLDINGS LLC',
};
const ICE = {
  awarding_agency_code: '070', awarding_agency_name: 'Department of Homeland Security', awarding_sub_agency_code: '7012',
  awarding_sub_agency_name: 'U.S. Immigration and Customs Enforcement', awarding_office_code: '70CTD0',
  awarding_office_name: 'ICE INFORMATION TECHNOLOGY DIVISION',
  funding_agency_code: '070', funding_agency_name: 'Department of Homeland Security', funding_sub_agency_code: '7012',
  funding_sub_agency_name: 'U.S. Immigration and Customs Enforcement',
};

/** CONT_AWD_<piid>_<agency>_<parent piid>_<parent agency> (parent '-NONE-' when absent). */
function awardKey(piid: string, agency = '7012', parent?: string, parentAgency?: string): string {
  return `CONT_AWD_${piid}_${agency}_${parent ?? '-NONE-'}_${parent ? parentAgency : '-NONE-'}`;
}

/** One transaction row of award `key` (the award's PIID and parent parsed from it). */
function tx(key: string, mod: string, amount: string, date: string, extra: Row = {}): Row {
  const [, kind, piid, agency, parent = '-NONE-', parentAgency = '-NONE-'] = key.split('_');
  return {
    contract_transaction_unique_key: `${agency}_${kind === 'IDV' ? '-NONE-' : parentAgency}_${piid}_${mod}_${parent}_${extra['transaction_number'] ?? '0'}`,
    contract_award_unique_key: key,
    award_id_piid: piid!,
    modification_number: mod,
    federal_action_obligation: amount,
    action_date: date,
    action_date_fiscal_year: String(fiscalYear(date)),
    parent_award_id_piid: parent === '-NONE-' ? '' : parent,
    parent_award_agency_id: parentAgency === '-NONE-' ? '' : parentAgency,
    transaction_description: `ACTION ${mod}`,
    last_modified_date: '2024-02-01 00:00:00',
    ...RECIPIENT,
    ...ICE,
    ...extra,
  };
}

async function answer(db: Database, id: string): Promise<AwardAnswer> {
  return awardAnswer(db, id, await answerContext(db, 'test'));
}

async function ingestText(store: TempStore, name: string, text: string): Promise<string> {
  const path = store.write(name, text);
  const result = await ingest(store.db, { paths: [path] });
  expect(result.files[0]!.error, name).toBeUndefined();
  expect(result.files[0]!.counts!.rejected, `${name} rejected rows`).toBe(0);
  return path;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Every money field of an answer, by path, to check they are exact decimal strings. */
const MONEY_FIELDS = new Set([
  'obligation', 'runningTotal', 'transactionsObligated', 'obligations', 'deobligations', 'summaryObligated', 'difference',
  'amount', 'total', 'totalWithoutDuplicates', 'totalWithoutFlagged', 'potentialTotalValue', 'currentTotalValue',
  'ordersTransactionsObligated', 'ordersSummaryObligated',
]);
function moneyValues(value: unknown, path = '$', out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(value)) value.forEach((x, i) => moneyValues(x, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) {
      if (MONEY_FIELDS.has(k) && (x === null || typeof x !== 'object')) out.push([`${path}.${k}`, x]);
      else moneyValues(x, `${path}.${k}`, out);
    }
  }
  return out;
}

describe('transactions of one award', () => {
  const KEY = awardKey('70CTD024C0001');
  // Written out of order on purpose: the answer orders them by action date, then modification number.
  const ROWS: Row[] = [
    tx(KEY, 'P00010', '-0.10', '2023-06-01', { action_type_code: 'K', action_type: 'CLOSE OUT' }),
    tx(KEY, 'P00002', '-30000.25', '2023-03-01', { action_type_code: 'M', action_type: 'OTHER ADMINISTRATIVE ACTION' }),
    tx(KEY, '0', '100000.00', '2023-01-10', { action_type_code: '', action_type: '', transaction_description: 'BASE AWARD: CASE MANAGEMENT', product_or_service_code: 'DA01', product_or_service_code_description: 'IT AND TELECOM - BUSINESS APPLICATION', naics_code: '541512', naics_description: 'COMPUTER SYSTEMS DESIGN SERVICES', award_type: 'DEFINITIVE CONTRACT' }),
    tx(KEY, 'P00001', '25000.50', '2023-03-01', { action_type_code: 'B', action_type: 'SUPPLEMENTAL AGREEMENT FOR WORK WITHIN SCOPE' }),
    tx(KEY, 'P00003', '0.00', '2023-10-05', { action_type_code: 'C', action_type: 'FUNDING ONLY ACTION' }),
  ];
  const ORDER = ['0', 'P00001', 'P00002', 'P00010', 'P00003'];

  it('lists modifications and a de-obligation in order with an exact running total; negatives kept', async () => {
    const store = await tempStore();
    const file = await ingestText(store, 'Contracts_PrimeTransactions_1.csv', writeCsv(TX_HEADER, ROWS));
    const a = await answer(store.db, KEY);
    expect(a.awardKey).toBe(KEY);
    expect(a.matchedBy).toBe('award key');
    expect(a.awardKind).toBe('award');
    expect(a.transactions.map((t) => t.modificationNumber)).toEqual(ORDER);

    let running = 0n;
    for (const [i, mod] of ORDER.entries()) {
      const row = ROWS.find((r) => r['modification_number'] === mod)!;
      const t = a.transactions[i]!;
      running += cents(row['federal_action_obligation']!);
      expect(t.obligation, mod).toBe(formatCents(cents(row['federal_action_obligation']!)));
      expect(t.runningTotal, mod).toBe(formatCents(running));
      expect(t.deobligation, mod).toBe(cents(row['federal_action_obligation']!) < 0n);
      expect(t.actionDate).toBe(row['action_date']);
      expect(t.fiscalYear).toBe(fiscalYear(row['action_date']!));
      expect(t.actionTypeCode).toBe(row['action_type_code'] || null);
      expect(t.description).toBe(row['transaction_description']);
      // The line the row was written on: header is line 1, rows follow in file order.
      expect(t.sourceFile).toBe(file);
      expect(t.line).toBe(ROWS.indexOf(row) + 2);
    }
    expect(a.transactions.find((t) => t.modificationNumber === 'P00003')!.fiscalYear).toBe(2024);
    const positive = ROWS.map((r) => cents(r['federal_action_obligation']!)).filter((c) => c > 0n).reduce((s, c) => s + c, 0n);
    const negative = ROWS.map((r) => cents(r['federal_action_obligation']!)).filter((c) => c < 0n).reduce((s, c) => s + c, 0n);
    expect(a.totals).toMatchObject({
      transactionCount: 5, countedTransactions: 5, transactionsObligated: formatCents(running),
      obligations: formatCents(positive), deobligations: formatCents(negative), summaryObligated: null, mismatch: false,
    });
    expect(a.totals.transactionsObligated).toBe('95000.15');

    // The summary fields come from the records, each naming the record it came from.
    expect(a.summary.recipient).toMatchObject({ name: 'EXAMPLE SYSTEMS, INC.', uei: 'EXAMPLEUEI12', parentName: 'EXAMPLE HOLDINGS LLC', parentUei: 'PARENTUEI123' });
    expect(a.summary.awarding).toMatchObject({ agencyCode: '070', subAgencyCode: '7012', officeCode: '70CTD0', officeName: 'ICE INFORMATION TECHNOLOGY DIVISION' });
    expect(a.summary.funding).toMatchObject({ subAgencyCode: '7012', subAgencyName: 'U.S. Immigration and Customs Enforcement' });
    expect(a.summary.psc).toMatchObject({ code: 'DA01', from: { table: 'transactions', key: ROWS[2]!['contract_transaction_unique_key'] } });
    expect(a.summary.naics).toMatchObject({ code: '541512' });
    expect(a.summary.description).toEqual({ text: 'BASE AWARD: CASE MANAGEMENT', from: { table: 'transactions', key: ROWS[2]!['contract_transaction_unique_key'] } });
    expect(a.summary.dates).toMatchObject({ base: '2023-01-10', latest: '2023-10-05' });
    expect(a.summary.permalink).toBe(`https://www.usaspending.gov/award/${KEY}`);
    expect(a.summary.permalinkBuilt).toBe(true);
    expect(a.parent).toMatchObject({ hasParent: false, inStore: false });
    expect(a.idv).toBeNull();

    // Evidence: one record per transaction with its file and line; the source with its sha256.
    expect(a.evidence).toHaveLength(5);
    for (const t of a.transactions) expect(a.evidence).toContainEqual({ table: 'transactions', key: t.key, amount: t.obligation, sourceFile: file, line: t.line, snapshotId: t.snapshotId });
    expect(a.sources).toHaveLength(1);
    expect(a.sources[0]).toMatchObject({ name: file, sha256: sha256(readFileSync(file, 'utf8')), layout: 'contracts_prime_transactions', records: 5 });
    expect(a.snapshotId).toBe(a.sources[0]!.snapshotId);
    expect(a.snapshotId).not.toBeNull();
  });

  it('finds the award by PIID and by key in any letter case or as its usaspending.gov address', async () => {
    const store = await tempStore();
    await ingestText(store, 't.csv', writeCsv(TX_HEADER, ROWS));
    expect((await answer(store.db, '70ctd024c0001')).matchedBy).toBe('piid');
    expect((await answer(store.db, '70ctd024c0001')).awardKey).toBe(KEY);
    expect((await answer(store.db, KEY.toLowerCase())).awardKey).toBe(KEY);
    expect((await answer(store.db, `https://www.usaspending.gov/award/${KEY}/`)).awardKey).toBe(KEY);
  });

  it('text output: headline, table with de-obligations, sources; --explain adds file and line; control characters stripped', async () => {
    const store = await tempStore();
    const rows = ROWS.map((r) => ({ ...r, recipient_name: 'EXAMPLE \u001b[31mSYSTEMS\u001b[0m\u0007 INC.' }));
    const file = await ingestText(store, 't.csv', writeCsv(TX_HEADER, rows));
    const a = await answer(store.db, KEY);
    const text = renderAwardText(a);
    expect(text).toContain(`Award ${KEY}`);
    expect(text).toContain('$95,000.15');
    expect(text).toContain('-$30,000.25');
    expect(text).toContain('DE-OBLIGATION');
    expect(text).toContain(file);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain('EXAMPLE [31mSYSTEMS [0m INC.');
    expect(text).not.toContain(' line 2 ');
    const explained = renderAwardText(a, true);
    for (const t of a.transactions) expect(explained).toContain(`${t.key}: ${file} line ${t.line}`);
  });

  it('CSV: every transaction with running total; formula-like text neutralised, negative amounts left as numbers', async () => {
    const store = await tempStore();
    const rows = ROWS.map((r) => (r['modification_number'] === 'P00002'
      ? { ...r, transaction_description: '=HYPERLINK("http://evil.example","click")' }
      : r['modification_number'] === 'P00001' ? { ...r, transaction_description: '@SUM(A1:A2)' } : r));
    await ingestText(store, 't.csv', writeCsv(TX_HEADER, rows));
    const a = await answer(store.db, KEY);
    const records = parseCsv(awardTransactionsCsv(a)).map((r) => r.fields);
    const header = records[0]!;
    const col = (name: string): number => header.indexOf(name);
    expect(records).toHaveLength(6);
    const body = records.slice(1);
    expect(body.map((r) => r[col('modification_number')])).toEqual(ORDER);
    expect(body.map((r) => r[col('federal_action_obligation')])).toEqual(a.transactions.map((t) => t.obligation));
    expect(body.map((r) => r[col('running_total')])).toEqual(a.transactions.map((t) => t.runningTotal));
    const p2 = body.find((r) => r[col('modification_number')] === 'P00002')!;
    expect(p2[col('transaction_description')]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(p2[col('federal_action_obligation')]).toBe('-30000.25');
    expect(p2[col('deobligation')]).toBe('true');
    expect(body.find((r) => r[col('modification_number')] === 'P00001')![col('transaction_description')]).toBe("'@SUM(A1:A2)");
    expect(body.map((r) => r[col('source_line')])).toEqual(a.transactions.map((t) => String(t.line)));
  });

  it('JSON: every money figure is an exact decimal string, never a number', async () => {
    const store = await tempStore();
    await ingestText(store, 't.csv', writeCsv(TX_HEADER, ROWS));
    await ingestText(store, 's.csv', writeCsv(SUMMARY_HEADER, [{
      contract_award_unique_key: KEY, award_id_piid: '70CTD024C0001', total_obligated_amount: '95000.15',
      award_base_action_date: '2023-01-10', award_base_action_date_fiscal_year: '2023', last_modified_date: '2024-02-01 00:00:00',
      potential_total_value_of_award: '250000',
    }]));
    await ingestText(store, 'sub.csv', writeCsv(SUB_HEADER, [{
      prime_award_unique_key: KEY, prime_award_piid: '70CTD024C0001', subaward_number: 'S1', subaward_amount: '31000.5',
      subaward_fsrs_report_id: 'R1', subaward_action_date: '2023-05-01',
    }]));
    const json = JSON.parse(JSON.stringify(await answer(store.db, KEY))) as AwardAnswer;
    const values = moneyValues(json);
    expect(values.length).toBeGreaterThan(20);
    for (const [path, value] of values) {
      if (value === null) continue;
      expect(typeof value, path).toBe('string');
      expect(value, path).toMatch(/^-?\d+\.\d{2}$/);
    }
    expect(json.subawards.items[0]!.amount).toBe('31000.50');
    expect(json.summary.potentialTotalValue).toBe('250000.00');
    expect(json.totals.summaryObligated).toBe('95000.15');
    expect(json.totals.mismatch).toBe(false);
  });
});

describe('award summary against the transactions', () => {
  it('flags a summary total that differs from the sum of the loaded transactions, and one with no transactions', async () => {
    const store = await tempStore();
    const partial = awardKey('PARTIAL1');
    const only = awardKey('SUMMARYONLY1');
    const rows = [tx(partial, '0', '1000.00', '2023-01-10'), tx(partial, 'P00001', '-250.00', '2023-02-10')];
    await ingestText(store, 't.csv', writeCsv(TX_HEADER, rows));
    const summaries = ([
      { contract_award_unique_key: partial, award_id_piid: 'PARTIAL1', total_obligated_amount: '5750.00', award_base_action_date: '2023-01-10', award_latest_action_date: '2023-09-01', recipient_name: 'SUMMARY NAME LLC', prime_award_base_transaction_description: 'SUMMARY DESCRIPTION' },
      { contract_award_unique_key: only, award_id_piid: 'SUMMARYONLY1', total_obligated_amount: '42.00', award_base_action_date: '2022-01-10' },
    ] as Row[]).map((r): Row => ({ ...r, last_modified_date: '2024-02-01 00:00:00' }));
    const summaryFile = await ingestText(store, 's.csv', writeCsv(SUMMARY_HEADER, summaries));

    const a = await answer(store.db, partial);
    const sum = cents('1000.00') + cents('-250.00');
    expect(a.totals.transactionsObligated).toBe(formatCents(sum));
    expect(a.totals.summaryObligated).toBe('5750.00');
    expect(a.totals.difference).toBe(formatCents(cents('5750.00') - sum));
    expect(a.totals.mismatch).toBe(true);
    expect(a.totals.note).toMatch(/differs/);
    // The award summary describes the award as a whole: it is preferred for descriptive fields.
    expect(a.summary.recipient).toMatchObject({ name: 'SUMMARY NAME LLC', from: { table: 'award_summaries', key: partial } });
    expect(a.summary.description).toEqual({ text: 'SUMMARY DESCRIPTION', from: { table: 'award_summaries', key: partial } });
    expect(a.summary.dates).toMatchObject({ base: '2023-01-10', latest: '2023-09-01' });
    expect(a.evidence).toContainEqual({ table: 'award_summaries', key: partial, amount: '5750.00', sourceFile: summaryFile, line: 2, snapshotId: expect.any(Number) });
    expect(a.sources.map((s) => s.layout).sort()).toEqual(['contracts_prime_award_summaries', 'contracts_prime_transactions']);
    expect(renderAwardText(a)).toMatch(/DIFFERS from the transactions by \$5,000\.00/);

    const b = await answer(store.db, only);
    expect(b.transactions).toEqual([]);
    expect(b.totals).toMatchObject({ transactionCount: 0, transactionsObligated: '0.00', summaryObligated: '42.00', mismatch: true });
    expect(b.totals.note).toMatch(/No transactions/);
  });
});

describe('parent vehicles and IDVs', () => {
  const VEHICLE = 'CONT_IDV_GS35F0001X_4732';
  const ORDER1 = awardKey('70CTD023FR0000001', '7012', 'GS35F0001X', '4732');
  const ORDER2 = awardKey('70CTD023FR0000002', '7012', 'GS35F0001X', '4732');
  const ORDER3 = awardKey('70CTD023FR0000003', '7012', 'GS35F0001X', '4732');
  const ORPHAN = awardKey('70CTD023FR0000009', '7012', 'NNG15SD99B', '8000');

  async function build(): Promise<TempStore> {
    const store = await tempStore();
    const rows = [
      tx(VEHICLE, '0', '0.00', '2019-05-20', { parent_award_id_piid: '', recipient_name: 'SCHEDULE HOLDER INC', award_type: '' }),
      tx(VEHICLE, 'P00001', '5.00', '2020-05-20', { recipient_name: 'SCHEDULE HOLDER INC' }),
      tx(ORDER1, '0', '1200.00', '2023-01-05'),
      tx(ORDER1, 'P00001', '-200.00', '2023-04-05'),
      tx(ORDER2, '0', '300.30', '2023-02-05'),
      tx(ORPHAN, '0', '777.77', '2023-03-05'),
    ];
    await ingestText(store, 't.csv', writeCsv(TX_HEADER, rows));
    // An order known only from its award summary.
    await ingestText(store, 's.csv', writeCsv(SUMMARY_HEADER, [{
      contract_award_unique_key: ORDER3, award_id_piid: '70CTD023FR0000003', parent_award_id_piid: 'GS35F0001X',
      total_obligated_amount: '50.00', award_base_action_date: '2023-05-01', last_modified_date: '2024-02-01 00:00:00',
    }]));
    return store;
  }

  it('an order whose vehicle is loaded: names it, shows its own amounts apart, never adds them', async () => {
    const store = await build();
    const a = await answer(store.db, ORDER1);
    expect(a.parsedKey).toEqual({ kind: 'award', piid: '70CTD023FR0000001', agencyId: '7012', parentPiid: 'GS35F0001X', parentAgencyId: '4732' });
    expect(a.parent).toMatchObject({
      hasParent: true, piid: 'GS35F0001X', agencyId: '4732', expectedKey: VEHICLE, inStore: true,
      fromKey: { piid: 'GS35F0001X', agencyId: '4732' },
      records: [{ key: VEHICLE, transactionCount: 2, transactionsObligated: '5.00', summaryObligated: null, recipientName: 'SCHEDULE HOLDER INC' }],
    });
    expect(a.totals.transactionsObligated).toBe(formatCents(cents('1200.00') + cents('-200.00')));
    expect(a.transactions.at(-1)!.runningTotal).toBe('1000.00');
    // The vehicle's records are evidence of the parent figure, kept apart from the award's own.
    expect(a.evidence.filter((e) => e.table === 'transactions').map((e) => e.key)).toHaveLength(4);
    expect(renderAwardText(a)).toMatch(/In the store: CONT_IDV_GS35F0001X_4732/);
  });

  it('an order whose vehicle is not loaded: says so, with the key it would have', async () => {
    const store = await build();
    const a = await answer(store.db, ORPHAN);
    expect(a.parent).toMatchObject({ hasParent: true, piid: 'NNG15SD99B', agencyId: '8000', expectedKey: 'CONT_IDV_NNG15SD99B_8000', inStore: false, records: [] });
    expect(a.parent.notes.join(' ')).toMatch(/not in the store/);
    expect(a.totals.transactionsObligated).toBe('777.77');
  });

  it('an IDV lists the orders under it (by key and by parent_award_id_piid) with their obligations, not added to its own', async () => {
    const store = await build();
    const a = await answer(store.db, VEHICLE);
    expect(a.awardKind).toBe('idv');
    expect(a.totals.transactionsObligated).toBe('5.00');
    expect(a.idv).not.toBeNull();
    expect(a.idv!.orders).toEqual([
      { key: ORDER1, kind: 'order', piid: '70CTD023FR0000001', recipientName: 'EXAMPLE SYSTEMS, INC.', transactionCount: 2, transactionsObligated: '1000.00', summaryObligated: null },
      { key: ORDER2, kind: 'order', piid: '70CTD023FR0000002', recipientName: 'EXAMPLE SYSTEMS, INC.', transactionCount: 1, transactionsObligated: '300.30', summaryObligated: null },
      { key: ORDER3, kind: 'order', piid: '70CTD023FR0000003', recipientName: null, transactionCount: 0, transactionsObligated: '0.00', summaryObligated: '50.00' },
    ]);
    expect(a.idv).toMatchObject({ orderCount: 3, ordersTransactionsObligated: '1300.30', ordersSummaryObligated: '50.00', ordersWithSummary: 1 });
    expect(a.notes.join(' ')).toMatch(/obligations sit on the orders/);
    expect(a.idv!.orders.map((o) => o.key)).not.toContain(ORPHAN);
    expect(a.parent.hasParent).toBe(false);
  });

  it('a vehicle whose own record is not loaded is found by its PIID or key as the parent its orders name', async () => {
    const store = await build();
    const a = await answer(store.db, 'nng15sd99b');
    expect(a).toMatchObject({ awardKey: 'CONT_IDV_NNG15SD99B_8000', awardKind: 'idv', matchedBy: 'vehicle named by stored awards', transactions: [] });
    expect(a.idv!.orders.map((o) => o.key)).toEqual([ORPHAN]);
    expect(a.idv!.ordersTransactionsObligated).toBe('777.77');
    expect(a.summary.recipient).toBeNull();
    expect(a.notes.join(' ')).toMatch(/own record is not in the store/);
    expect((await answer(store.db, 'CONT_IDV_NNG15SD99B_8000')).idv!.orderCount).toBe(1);
    // A vehicle key under another agency names nothing.
    const wrong = await expectRejects(() => answer(store.db, 'CONT_IDV_NNG15SD99B_9999'), NotFoundError);
    expect(wrong.message).toContain('CONT_IDV_NNG15SD99B_9999');
  });

  it('parses award keys', () => {
    expect(parseAwardKey('CONT_AWD_70B03C21F00001132_7014_70B03C21D00000003_7014')).toEqual({ kind: 'award', piid: '70B03C21F00001132', agencyId: '7014', parentPiid: '70B03C21D00000003', parentAgencyId: '7014' });
    expect(parseAwardKey('CONT_AWD_123J1923P0010_1204_-NONE-_-NONE-')).toEqual({ kind: 'award', piid: '123J1923P0010', agencyId: '1204', parentPiid: null, parentAgencyId: null });
    expect(parseAwardKey('CONT_IDV_12314419A0013_1205')).toEqual({ kind: 'idv', piid: '12314419A0013', agencyId: '1205', parentPiid: null, parentAgencyId: null });
    expect(parseAwardKey('ASST_NON_123')).toBeNull();
    expect(parseAwardKey('CONT_AWD_X')).toBeNull();
  });
});

describe('subawards under an award', () => {
  const KEY = awardKey('70CMSD23P00000099');
  const sub = (number: string, amount: string, report: string, ym: [number, number], date = '2023-04-26', extra: Row = {}): Row => ({
    prime_award_unique_key: KEY, prime_award_piid: '70CMSD23P00000099', prime_awardee_name: 'EXAMPLE SYSTEMS, INC.', prime_award_amount: '2000000.00',
    subaward_type: 'sub-contract', subaward_fsrs_report_id: report, subaward_fsrs_report_year: String(ym[0]), subaward_fsrs_report_month: String(ym[1]),
    subaward_number: number, subaward_amount: amount, subaward_action_date: date, subaward_action_date_fiscal_year: String(fiscalYear(date)),
    subawardee_uei: 'SUBUEI123456', subawardee_name: 'SUB SUPPLIER CORP', subaward_description: 'PARTS',
    subaward_fsrs_report_last_modified_date: `${ym[0]}-${String(ym[1]).padStart(2, '0')}-15 00:00:00`, ...extra,
  });
  const SUBS: Row[] = [
    sub('PO-11', '78624.00', 'R-2023-08', [2023, 8]),
    sub('PO-11', '78624.00', 'R-2022-11', [2022, 11]),
    sub('PO-11', '78624.00', 'R-2024-04', [2024, 4]),
    sub('PO-11', '70854.50', 'R-2024-04B', [2024, 4], '2023-09-28'),
    sub('5000024029', '5000024029.00', 'R-2023-01', [2023, 1], '2022-12-01'),
    sub('PO-12', '3100000.00', 'R-2023-01', [2023, 1]),
    sub('PO-13', '-47.03', 'R-2023-01', [2023, 1]),
  ];

  it('flags re-reports and suspect amounts, totals with and without them, and never adds them to the prime', async () => {
    const store = await tempStore();
    const rows = [tx(KEY, '0', '1500000.00', '2022-10-01'), tx(KEY, 'P00001', '500000.00', '2023-02-01')];
    await ingestText(store, 't.csv', writeCsv(TX_HEADER, rows));
    const subFile = await ingestText(store, 'Contracts_Subawards_1.csv', writeCsv(SUB_HEADER, SUBS));
    const a = await answer(store.db, KEY);

    expect(a.totals.transactionsObligated).toBe('2000000.00');
    expect(a.subawards.count).toBe(SUBS.length);
    const all = SUBS.reduce((s, r) => s + cents(r['subaward_amount']!), 0n);
    const distinct = new Map(SUBS.map((r) => [`${r['subaward_number']}|${cents(r['subaward_amount']!)}`, cents(r['subaward_amount']!)]));
    const withoutDup = [...distinct.values()].reduce((s, c) => s + c, 0n);
    const suspect = cents('5000024029.00') + cents('3100000.00');
    expect(a.subawards.total).toBe(formatCents(all));
    expect(a.subawards.totalWithoutDuplicates).toBe(formatCents(withoutDup));
    expect(a.subawards.totalWithoutFlagged).toBe(formatCents(withoutDup - suspect));
    expect(a.subawards.duplicateCount).toBe(2);
    expect(a.subawards.suspectCount).toBe(2);
    expect(a.subawards.primeTotal).toEqual({ amount: '2000000.00', basis: expect.stringMatching(/prime_award_amount/) });

    const byReport = (n: string, r: string) => a.subawards.items.find((x) => x.subawardNumber === n && x.reportId === r)!;
    // The earliest report of PO-11 / 78624.00 is kept; the later two point to it.
    const first = byReport('PO-11', 'R-2022-11');
    expect(first.duplicateOf).toBeNull();
    expect(first.flags).toEqual([]);
    for (const r of ['R-2023-08', 'R-2024-04']) {
      const x = a.subawards.items.find((i) => i.subawardNumber === 'PO-11' && i.reportId === r && i.amount === '78624.00')!;
      expect(x.duplicateOf, r).toBe(first.key);
      expect(x.flags, r).toEqual(['duplicate']);
    }
    // Same number, other amount: a separate action, not a duplicate.
    expect(a.subawards.items.find((i) => i.amount === '70854.50')!.flags).toEqual([]);
    expect(byReport('5000024029', 'R-2023-01').flags).toEqual(['amount-is-subaward-number', 'exceeds-prime-total']);
    expect(byReport('PO-12', 'R-2023-01').flags).toEqual(['exceeds-prime-total']);
    expect(byReport('PO-13', 'R-2023-01')).toMatchObject({ amount: '-47.03', flags: ['negative'] });
    // Each subaward is evidence with its file and line.
    for (const [i, r] of SUBS.entries()) {
      const key = `${KEY}|${r['subaward_number']}|${r['subaward_fsrs_report_id']}`;
      expect(a.evidence, key).toContainEqual({ table: 'subawards', key, amount: formatCents(cents(r['subaward_amount']!)), sourceFile: subFile, line: i + 2, snapshotId: expect.any(Number) });
    }
    // Ordered by action date.
    const dates = a.subawards.items.map((x) => x.actionDate!);
    expect(dates).toEqual([...dates].sort());
    const text = renderAwardText(a);
    expect(text).toContain('Subawards (7)');
    expect(text).toMatch(/amount-is-subaward-number, exceeds-prime-total/);
  });

  it('an award known only from subawards is found, with its prime fields and the prime amount they state', async () => {
    const store = await tempStore();
    await ingestText(store, 'Contracts_Subawards_1.csv', writeCsv(SUB_HEADER, SUBS));
    const a = await answer(store.db, '70CMSD23P00000099');
    expect(a.awardKey).toBe(KEY);
    expect(a.transactions).toEqual([]);
    expect(a.summary.recipient).toMatchObject({ name: 'EXAMPLE SYSTEMS, INC.', from: { table: 'subawards' } });
    expect(a.totals.transactionsObligated).toBe('0.00');
    expect(a.subawards.primeTotal!.amount).toBe('2000000.00');
  });
});

describe('resolution errors', () => {
  it('a PIID shared by several awards is refused with the candidate keys; nothing found gives the closest', async () => {
    const store = await tempStore();
    const ice = awardKey('SHARED0001', '7012');
    const cbp = awardKey('SHARED0001', '7014');
    const other = awardKey('70CTD024C0042');
    await ingestText(store, 't.csv', writeCsv(TX_HEADER, [tx(ice, '0', '1.00', '2023-01-01'), tx(cbp, '0', '2.00', '2023-01-01'), tx(other, '0', '3.00', '2023-01-01')]));

    const ambiguous = await expectRejects(() => answer(store.db, 'shared0001'), NotFoundError);
    expect([...ambiguous.suggestions].sort()).toEqual([ice, cbp].sort());
    expect(ambiguous.message).toMatch(/2 awards/);
    // Either key is still accepted as such.
    expect((await answer(store.db, cbp)).totals.transactionsObligated).toBe('2.00');

    const prefix = await expectRejects(() => answer(store.db, '70CTD024C004'), NotFoundError);
    expect(prefix.suggestions[0]).toBe('70CTD024C0042');
    expect(prefix.suggestions).toContain(other);
    expect(prefix.suggestions.length).toBeLessThanOrEqual(5);

    const typo = await expectRejects(() => answer(store.db, 'SHARDE0001'), NotFoundError);
    expect(typo.suggestions).toContain('SHARED0001');
    expect(typo.message).toContain('SHARDE0001');

    const nothing = await expectRejects(() => answer(store.db, 'ZZZZZZZZZZZZZZZZZZZZQQQ'), NotFoundError);
    expect(nothing.suggestions).toEqual([]);
  });
});

describe('the API projection beside full transaction rows', () => {
  it('an API row repeating a full row of the award is shown but not counted twice', async () => {
    const store = await tempStore();
    await loadAgencyReference(store);
    const key = awardKey('70CDCR22FR0000013', '7012', '70RDAD21D00000002', '7001');
    await ingestText(store, 't.csv', writeCsv(TX_HEADER, [tx(key, '0', '205439.28', '2022-01-10'), tx(key, 'P00001', '-1000.00', '2022-03-10')]));
    const api = [
      { Agency: 'ICE', 'Award ID': '70CDCR22FR0000013', 'Recipient Name': 'EXAMPLE SYSTEMS, INC.', 'Federal Action Obligation': '205439.28', 'Action Date': '2022-01-10', Modification: '0', 'Transaction Description': 'BASE', 'Generated Award ID': key },
      { Agency: 'ICE', 'Award ID': '70CDCR22FR0000013', 'Recipient Name': 'EXAMPLE SYSTEMS, INC.', 'Federal Action Obligation': '5000.0', 'Action Date': '2022-06-10', Modification: 'P00002', 'Transaction Description': 'MORE', 'Generated Award ID': key },
    ];
    await ingestText(store, 'api.csv', writeCsv(API_HEADER, api));
    const a = await answer(store.db, key);
    expect(a.totals).toMatchObject({ transactionCount: 4, countedTransactions: 3, repeatsNotCounted: { count: 1, amount: '205439.28' } });
    expect(a.totals.transactionsObligated).toBe(formatCents(cents('205439.28') + cents('-1000.00') + cents('5000.0')));
    const repeat = a.transactions.find((t) => !t.counted)!;
    expect(repeat.apiProjection).toBe(true);
    expect(repeat.repeatOf).toBe(a.transactions.find((t) => t.modificationNumber === '0' && !t.apiProjection)!.key);
    expect(a.transactions.at(-1)!.runningTotal).toBe(a.totals.transactionsObligated);
    // The full row describes the award; the funding agency is known from it, not from the projection.
    expect(a.summary.funding).not.toBeNull();
    expect(a.notes.join(' ')).toMatch(/API projection/);
  });
});

// ─── real data ─────────────────────────────────────────────────────────────────────────────────────

const ASOF = realFile('asof-fixture', 'usaspending_transactions_lmt.csv');
const DELTA = realFile('awardtrace-fixture', 'FY(All)_012_Contracts_Delta_20260908_1.csv');
const SUBAWARDS = realFile('mn_ice_contracts', 'all_after_2020', 'Contracts_Subawards_2025-03-28_H03M23S17_1.csv');
const DASHBOARD = ['2021', '2022', '2023'].map((fy) => realFile('cbp-ice-dashboard', `CBP_ICE_FY${fy}_Contract_Obligations.csv`));
const AGENCY_CODES = realFile('data-act-broker', 'agency_codes.csv');

const raw = new Map<string, CsvTable>();
function table(path: string): CsvTable {
  let t = raw.get(path);
  if (!t) raw.set(path, (t = parseCsvTable(readFileSync(path))));
  return t;
}

describe.skipIf(!hasRealData)('real data from ../shared/data/real', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  let store: TempStore;
  beforeAll(async () => {
    store = await tempStore({ autoCleanup: false });
    const result = await ingest(store.db, { paths: [ASOF, DELTA, SUBAWARDS, ...DASHBOARD, AGENCY_CODES] });
    expect(result.failed).toBe(0);
  }, 300_000);
  afterAll(() => store?.cleanup());

  it('awardtrace delta: an award with a base and a modification, found by PIID; sums and lines from the raw file', async () => {
    const t = table(DELTA);
    const key = 'CONT_AWD_123J1923P0010_1204_-NONE-_-NONE-';
    const rows = t.rows.filter((r) => r.values['contract_award_unique_key'] === key && r.values['correction_delete_ind'] !== 'D');
    expect(rows.length).toBe(2);
    const a = await answer(store.db, '123J1923P0010');
    expect(a.awardKey).toBe(key);
    expect(a.matchedBy).toBe('piid');
    const expectedOrder = [...rows].sort((x, y) => x.values['action_date']!.localeCompare(y.values['action_date']!));
    expect(a.transactions.map((x) => x.key)).toEqual(expectedOrder.map((r) => r.values['contract_transaction_unique_key']));
    let running = 0n;
    for (const [i, r] of expectedOrder.entries()) {
      running += cents(r.values['federal_action_obligation']!);
      expect(a.transactions[i]).toMatchObject({
        modificationNumber: r.values['modification_number'], actionDate: r.values['action_date'], runningTotal: formatCents(running),
        fiscalYear: Number(r.values['action_date_fiscal_year']), sourceFile: DELTA, line: r.line,
      });
    }
    expect(a.totals.transactionsObligated).toBe(formatCents(running));
    const last = expectedOrder.at(-1)!.values;
    expect(a.summary.recipient).toMatchObject({ name: last['recipient_name'] || null, uei: last['recipient_uei'] || null });
    expect(a.summary.awarding).toMatchObject({ subAgencyCode: last['awarding_sub_agency_code'], officeCode: last['awarding_office_code'] || null });
    expect(a.summary.psc!.code).toBe(last['product_or_service_code']);
    expect(a.summary.permalink).toBe(last['usaspending_permalink'] || `https://www.usaspending.gov/award/${key}`);
    expect(a.parent.hasParent).toBe(false);
    expect(a.sources).toEqual([expect.objectContaining({ name: DELTA, sha256: sha256(readFileSync(DELTA, 'utf8')), records: 2 })]);
    // Deleted transactions (delta D rows) are gone from the answer of their award.
    const deleted = t.rows.filter((r) => r.values['correction_delete_ind'] === 'D').map((r) => r.values['contract_transaction_unique_key']);
    expect(a.transactions.map((x) => x.key)).not.toEqual(expect.arrayContaining(deleted));
  });

  it('awardtrace delta: the BPA (CONT_IDV_…) names its schedule from parent_award_id_piid; an order names a vehicle not loaded', async () => {
    const t = table(DELTA);
    const idvRow = t.rows.find((r) => r.values['contract_award_unique_key']!.startsWith('CONT_IDV_'))!.values;
    const idv = await answer(store.db, idvRow['contract_award_unique_key']!);
    expect(idv.awardKind).toBe('idv');
    expect(idv.parent).toMatchObject({ hasParent: true, piid: idvRow['parent_award_id_piid'], inStore: false, fromKey: null });
    expect(idv.idv).not.toBeNull();
    expect(idv.idv!.orders).toEqual([]);
    expect(idv.totals.transactionsObligated).toBe(formatCents(cents(idvRow['federal_action_obligation']!)));

    const orderRow = t.rows.find((r) => r.values['contract_award_unique_key'] === 'CONT_AWD_123J1925F0045_1204_15JPSS23D00000069_1501')!.values;
    const order = await answer(store.db, orderRow['contract_award_unique_key']!);
    expect(order.parent).toMatchObject({ hasParent: true, piid: orderRow['parent_award_id_piid'], agencyId: '1501', expectedKey: 'CONT_IDV_15JPSS23D00000069_1501', inStore: false });
    expect(order.totals.transactionsObligated).toBe(formatCents(cents(orderRow['federal_action_obligation']!)));
  });

  it('asof: the delivery order with a de-obligation keeps it negative', async () => {
    const row = table(ASOF).rows.find((r) => r.values['federal_action_obligation']!.startsWith('-'))!;
    const a = await answer(store.db, row.values['contract_award_unique_key']!);
    expect(a.transactions).toHaveLength(1);
    expect(a.transactions[0]).toMatchObject({ obligation: formatCents(cents(row.values['federal_action_obligation']!)), deobligation: true, sourceFile: ASOF, line: row.line });
    expect(a.totals.deobligations).toBe(formatCents(cents(row.values['federal_action_obligation']!)));
    expect(a.parent).toMatchObject({ hasParent: true, piid: row.values['parent_award_id_piid'], inStore: false });
    expect(a.summary.recipient).toMatchObject({ name: row.values['recipient_name'], parentName: row.values['recipient_parent_name'] || null });
    expect(a.summary.funding).toMatchObject({ subAgencyCode: row.values['funding_sub_agency_code'] || null });
  });

  it('ICE order with dashboard transactions and real subawards: sums, re-reports and totals against the raw files', async () => {
    const key = 'CONT_AWD_70CDCR22FR0000013_7012_70RDAD21D00000002_7001';
    // Transactions: the dashboard rows of this award, identical rows counted once (the store keys them by all ten fields).
    const seen = new Set<string>();
    let txTotal = 0n;
    let txCount = 0;
    for (const path of DASHBOARD) {
      const t = table(path);
      for (const r of t.rows) {
        if (r.values['Generated Award ID'] !== key) continue;
        const id = JSON.stringify(t.header.map((h) => r.values[h]));
        if (seen.has(id)) continue;
        seen.add(id);
        txCount++;
        txTotal += cents(r.values['Federal Action Obligation']!);
      }
    }
    expect(txCount).toBeGreaterThan(0);
    const subs = table(SUBAWARDS).rows.filter((r) => r.values['prime_award_unique_key'] === key);
    expect(subs.length).toBe(30);
    const subTotal = subs.reduce((s, r) => s + cents(r.values['subaward_amount']!), 0n);
    const distinct = new Map(subs.map((r) => [`${r.values['subaward_number']}|${cents(r.values['subaward_amount']!)}`, cents(r.values['subaward_amount']!)]));
    const withoutDup = [...distinct.values()].reduce((s, c) => s + c, 0n);
    expect(withoutDup).toBeLessThan(subTotal);

    const a = await answer(store.db, key);
    expect(a.totals.transactionCount).toBe(txCount);
    expect(a.totals.transactionsObligated).toBe(formatCents(txTotal));
    expect(a.transactions.every((x) => x.apiProjection)).toBe(true);
    // The projection names no funding agency; the subaward reports state the prime's.
    expect(a.summary.funding!.from.table).toBe('subawards');
    expect(a.summary.funding!.subAgencyCode).toBe(subs.find((r) => r.values['subaward_fsrs_report_id'] && `${key}|${r.values['subaward_number']}|${r.values['subaward_fsrs_report_id']}` === a.summary.funding!.from.key)!.values['prime_award_funding_sub_agency_code']);
    expect(a.summary.recipient!.from.table).toBe('transactions');
    expect(a.parent).toMatchObject({ piid: '70RDAD21D00000002', agencyId: '7001', inStore: false });
    expect(a.subawards.count).toBe(30);
    expect(a.subawards.total).toBe(formatCents(subTotal));
    expect(a.subawards.totalWithoutDuplicates).toBe(formatCents(withoutDup));
    expect(a.subawards.duplicateCount).toBe(subs.length - distinct.size);
    // Subawards are never added to the prime's obligations.
    expect(a.totals.transactionsObligated).toBe(formatCents(txTotal));
    for (const r of subs) {
      const item = a.subawards.items.find((x) => x.reportId === r.values['subaward_fsrs_report_id'] && x.subawardNumber === r.values['subaward_number'])!;
      expect(item.line).toBe(r.line);
      expect(item.sourceFile).toBe(SUBAWARDS);
    }
    const files = a.sources.map((s) => s.name);
    expect(files).toContain(SUBAWARDS);
    expect(files.every((f) => f === SUBAWARDS || DASHBOARD.includes(f))).toBe(true);
  });

  it('real subawards larger than the prime amount their report states are flagged', async () => {
    const key = 'CONT_AWD_70CMSD23P00000006_7012_-NONE-_-NONE-';
    const subs = table(SUBAWARDS).rows.filter((r) => r.values['prime_award_unique_key'] === key);
    expect(subs.length).toBeGreaterThan(0);
    // The prime amount stated by the latest report (by its last-modified date).
    const latest = [...subs].sort((x, y) => x.values['subaward_fsrs_report_last_modified_date']!.localeCompare(y.values['subaward_fsrs_report_last_modified_date']!)).at(-1)!;
    const prime = cents(latest.values['prime_award_amount']!);
    const over = subs.filter((r) => cents(r.values['subaward_amount']!) > prime).map((r) => r.values['subaward_fsrs_report_id']).sort();
    expect(over.length).toBeGreaterThan(0);
    const a = await answer(store.db, key);
    expect(a.subawards.primeTotal!.amount).toBe(formatCents(prime));
    expect(a.subawards.items.filter((x) => x.flags.includes('exceeds-prime-total')).map((x) => x.reportId).sort()).toEqual(over);
  });
});
