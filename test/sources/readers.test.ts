/**
 * The shared reader contract: every source layout runs the same checks on small synthetic files written in
 * that layout (the exact real header when ../shared/data/real is present, else a minimal one with the
 * layout's signature columns). Expected values come from the rows the test wrote, parsed back with the
 * test's own CSV reader: never from the code under test.
 */
import { ingest } from '../../src/ingest.js';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.js';
import { parseCsv, writeCsv } from '../support/csv.js';
import { expectReconciled, ingestOne, loadAgencyReference } from '../support/ingestHelpers.js';
import { headerFor, minimalHeader, realHeader, type LayoutName } from '../support/layoutHeaders.js';
import { cents, centsOf } from '../support/money.js';
import { baseTables, storeFingerprint, tempStore, type TempStore } from '../support/tempStore.js';

type Row = Record<string, string>;

/** What a layout's contract run needs to know; all names are the layout's own header names unless said. */
interface ReaderCase {
  name: string;
  layout: LayoutName;
  /** Layout id the store records in sources.layout. */
  layoutId: string;
  /** Physical table the rows land in. */
  table: string;
  /** Stored column identifying a row, and its expected value for a written row. */
  identity: string;
  identityOf(row: Row): string;
  /** A money column: header name and stored name. */
  amount?: { header: string; stored: string };
  /** A date column: header name and stored name. */
  date?: { header: string; stored: string };
  /** A free-text column that will hold commas, quotes and a line feed. */
  text: { header: string; stored: string };
  /** Values that cannot be read, the column they go in, and the stored field a reject must name. */
  bad: Array<{ header: string; value: string; field: string }>;
  /** Header columns that must stay in a reduced header (signature, required, the ones checked here). */
  keep: string[];
  /** Three or more valid rows (at least one negative amount where the layout has money). */
  rows(): Row[];
  /** Runs before the file is ingested (e.g. loads the agency reference). */
  setup?(store: TempStore): Promise<void>;
}

const PERSONAL = /phone_number|fax_number|highly_compensated_officer/;
const SENTINEL = 'PERSONALSENTINEL';
const SENTINEL_PAY = '9876543.21';

/** Puts recognisable values in every personal column the header has. */
function withPersonal(header: readonly string[], row: Row): Row {
  const out = { ...row };
  for (const h of header) if (PERSONAL.test(h)) out[h] = h.endsWith('_amount') ? SENTINEL_PAY : `${SENTINEL} ${h}`;
  return out;
}

function csvFor(header: readonly string[], rows: Row[], options?: Parameters<typeof writeCsv>[2]): string {
  return writeCsv(header, rows.map((r) => withPersonal(header, r)), options);
}

interface StoredRow { id: string; amount: string | null; date: string | null; text: string | null }

async function storedRows(db: Database, c: ReaderCase): Promise<Map<string, StoredRow>> {
  const q = (n: string): string => `"${n}"`;
  const rows = await db.all<StoredRow & Record<string, unknown>>(`SELECT CAST(${q(c.identity)} AS VARCHAR) AS id,
      ${c.amount ? `CAST(${q(c.amount.stored)} AS VARCHAR)` : 'NULL'} AS amount,
      ${c.date ? `CAST(${q(c.date.stored)} AS VARCHAR)` : 'NULL'} AS date,
      ${q(c.text.stored)} AS text
    FROM ${q(c.table)}`);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Checks the stored rows are exactly the written ones: identities, exact amounts, dates, text. */
async function expectStored(db: Database, c: ReaderCase, rows: Row[]): Promise<void> {
  const stored = await storedRows(db, c);
  expect([...stored.keys()].sort()).toEqual(rows.map((r) => c.identityOf(r)).sort());
  for (const r of rows) {
    const s = stored.get(c.identityOf(r))!;
    if (c.amount) expect(centsOf(s.amount), `${c.amount.stored} of ${c.identityOf(r)}`).toBe(cents(r[c.amount.header]!));
    if (c.date) expect(s.date, `${c.date.stored} of ${c.identityOf(r)}`).toBe(r[c.date.header]);
    expect(s.text, `${c.text.stored} of ${c.identityOf(r)}`).toBe(r[c.text.header]);
  }
}

async function tableFingerprint(db: Database, table: string): Promise<unknown> {
  const all = await storeFingerprint(db);
  return { current: all[table], history: all[`${table}_history`] };
}

/** Every base table row, as text, that contains `needle`. */
async function rowsContaining(db: Database, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const t of await baseTables(db)) {
    const rows = await db.all<{ r: string }>(`SELECT CAST(x AS VARCHAR) AS r FROM "${t}" x WHERE CAST(x AS VARCHAR) LIKE ?`, [`%${needle}%`]);
    found.push(...rows.map((r) => `${t}: ${r.r.slice(0, 200)}`));
  }
  return found;
}

/** The shared contract every reader runs. */
function runReaderContract(c: ReaderCase): void {
  const header = headerFor(c.layout);
  const describeName = `${c.name} (${realHeader(c.layout) ? `real ${header.length}-column header` : `minimal ${header.length}-column header: real data absent`})`;

  describe(describeName, () => {
    const prepare = async (): Promise<TempStore> => {
      const store = await tempStore();
      await c.setup?.(store);
      return store;
    };

    it('loads a well-formed file; counts reconcile and match the sources row', async () => {
      const store = await prepare();
      const rows = c.rows();
      const path = store.write('in/well-formed.csv', csvFor(header, rows));
      const { file, counts } = await ingestOne(store.db, path);
      expect(file.layout).toBe(c.layoutId);
      expectReconciled(counts);
      expect(counts).toMatchObject({ read: rows.length, loaded: rows.length, replaced: 0, unchanged: 0, deleted: 0, rejected: 0 });
      await expectStored(store.db, c, rows);
      const src = await store.db.all(`SELECT name, layout, header_columns, read, loaded, rejected FROM sources WHERE name = ?`, [path]);
      expect(src).toHaveLength(1);
      expect(src[0]).toMatchObject({ layout: c.layoutId, header_columns: header.length });
      expect(Number(src[0]!['read'])).toBe(rows.length);
      expect(Number(src[0]!['loaded'])).toBe(rows.length);
    });

    const amount = c.amount;
    if (amount) {
      it('keeps negative amounts (de-obligations) exactly', async () => {
        const store = await prepare();
        const rows = c.rows();
        const negatives = rows.filter((r) => cents(r[amount.header]!) < 0n);
        expect(negatives.length, 'the case must include a negative amount').toBeGreaterThan(0);
        await ingestOne(store.db, store.write('neg.csv', csvFor(header, rows)));
        const stored = await storedRows(store.db, c);
        for (const r of negatives) expect(centsOf(stored.get(c.identityOf(r))!.amount)).toBe(cents(r[amount.header]!));
        const total = await store.db.one<{ s: string }>(`SELECT CAST(sum("${amount.stored}") AS VARCHAR) AS s FROM "${c.table}"`);
        expect(centsOf(total!.s)).toBe(rows.reduce((s, r) => s + cents(r[amount.header]!), 0n));
      });
    }

    it('re-ingesting the same file changes nothing', async () => {
      const store = await prepare();
      const rows = c.rows();
      const path = store.write('again.csv', csvFor(header, rows));
      await ingestOne(store.db, path);
      const before = await tableFingerprint(store.db, c.table);
      const rejectsBefore = (await storeFingerprint(store.db))['rejects'];
      const { counts } = await ingestOne(store.db, path);
      expectReconciled(counts);
      expect(counts).toMatchObject({ read: rows.length, loaded: 0, replaced: 0, unchanged: rows.length, deleted: 0, rejected: 0 });
      expect(await tableFingerprint(store.db, c.table)).toEqual(before);
      expect((await storeFingerprint(store.db))['rejects']).toEqual(rejectsBefore);
    });

    it('reads columns by name: reordered, with optional columns removed', async () => {
      const store = await prepare();
      const rows = c.rows();
      const optional = header.filter((h) => !c.keep.includes(h) && !PERSONAL.test(h));
      const dropped = new Set(optional.filter((_, i) => i % 2 === 0));
      // Reversed, every other optional column gone, and one column no layout knows (ignored by name).
      const reduced = [...header.filter((h) => !dropped.has(h)).reverse(), 'analyst_note'];
      const withNote = rows.map((r, i) => ({ ...r, analyst_note: `note ${i}, not stored` }));
      const { counts } = await ingestOne(store.db, store.write('reordered.csv', csvFor(reduced, withNote)));
      expectReconciled(counts);
      expect(counts).toMatchObject({ read: rows.length, loaded: rows.length, rejected: 0 });
      await expectStored(store.db, c, rows);
    });

    it('reads a BOM, CRLF records and a bare LF inside a quoted field; a later reject names the physical line', async () => {
      const store = await prepare();
      const rows = c.rows();
      rows[0]![c.text.header] = 'first line, with "quotes"\nsecond line\nthird line';
      const bad = c.bad[0]!;
      rows[2]![bad.header] = bad.value;
      const text = csvFor(header, rows, { bom: true, eol: '\r\n' });
      expect(text.startsWith('\uFEFF')).toBe(true);
      const parsed = parseCsv(text);
      const expectedLine = parsed[3]!.line; // header is record 0
      expect(expectedLine, 'two line feeds inside the first record push the third record down').toBe(6);
      const path = store.write('bom-crlf.csv', text);
      const { counts } = await ingestOne(store.db, path);
      expectReconciled(counts);
      expect(counts).toMatchObject({ read: rows.length, loaded: rows.length - 1, rejected: 1 });
      const rejects = await store.db.all(`SELECT s.name, r.line, r.field, r.reason FROM rejects r JOIN sources s USING (source_id)`);
      expect(rejects).toHaveLength(1);
      expect(rejects[0]).toMatchObject({ name: path, line: String(expectedLine), field: bad.field });
      const stored = await storedRows(store.db, c);
      expect(stored.get(c.identityOf(rows[0]!))!.text).toBe(rows[0]![c.text.header]);
      expect(stored.has(c.identityOf(rows[2]!))).toBe(false);
    });

    it('passes over a header-only file with "no data rows"; with allowEmpty loads it as zero rows', async () => {
      const store = await prepare();
      const before = await tableFingerprint(store.db, c.table);
      const path = store.write('header-only.csv', csvFor(header, []));
      const skipped = await ingest(store.db, { paths: [path] });
      expect(skipped.snapshotId).toBeUndefined();
      expect(skipped.files[0]).toMatchObject({ layout: c.layoutId, warnings: ['no data rows'] });
      expect(skipped.files[0]!.skipped).toMatch(/^warning: no data rows/);
      expect(await store.db.one(`SELECT count(*) AS n FROM sources WHERE name = ?`, [path])).toEqual({ n: '0' });
      const { file, counts } = await ingestOne(store.db, path, { allowEmpty: true });
      expect(file.layout).toBe(c.layoutId);
      expect(counts).toMatchObject({ read: 0, loaded: 0, replaced: 0, unchanged: 0, deleted: 0, rejected: 0 });
      expect(await tableFingerprint(store.db, c.table)).toEqual(before);
      const src = await store.db.one(`SELECT read, loaded FROM sources WHERE name = ?`, [path]);
      expect(src).toEqual({ read: '0', loaded: '0' });
      // The header line alone, without a final line break, is a header-only file too.
      const bare = await ingestOne(store.db, store.write('header-only-no-eol.csv', csvFor(header, [], { finalEol: false })), { allowEmpty: true });
      expect(bare.counts).toMatchObject({ read: 0, loaded: 0, rejected: 0 });
      expect(await tableFingerprint(store.db, c.table)).toEqual(before);
    });

    it('sends a row with an unreadable value to rejects (file, line, field, reason) and loads the others', async () => {
      const store = await prepare();
      const rows = c.rows();
      while (rows.length < c.bad.length + 2) rows.push(...c.rows().map((r, i) => ({ ...r, ...extraIdentity(c, r, rows.length + i) })));
      c.bad.forEach((b, i) => { rows[i + 1]![b.header] = b.value; });
      const text = csvFor(header, rows);
      const parsed = parseCsv(text);
      const path = store.write('bad-values.csv', text);
      const { counts } = await ingestOne(store.db, path);
      expectReconciled(counts);
      expect(counts).toMatchObject({ read: rows.length, loaded: rows.length - c.bad.length, rejected: c.bad.length });
      const rejects = await store.db.all<{ name: string; line: string; field: string; reason: string; raw: string }>(
        `SELECT s.name, r.line, r.field, r.reason, r.raw FROM rejects r JOIN sources s USING (source_id) ORDER BY r.line`,
      );
      expect(rejects).toHaveLength(c.bad.length);
      c.bad.forEach((b, i) => {
        const r = rejects[i]!;
        expect(r.name).toBe(path);
        expect(Number(r.line)).toBe(parsed[i + 2]!.line);
        expect(r.field).toBe(b.field);
        expect(r.reason).toContain(b.field);
        expect(r.reason).toContain(`"${b.value}"`);
        expect(JSON.parse(r.raw)[b.header]).toBe(b.value);
      });
      const good = rows.filter((_, i) => i === 0 || i > c.bad.length);
      await expectStored(store.db, c, good);
    });

    it('never stores personal fields (phone, fax, officers\' names and pay): not as columns, not in rows or rejects', async () => {
      const store = await prepare();
      const rows = c.rows();
      rows[1]![c.bad[0]!.header] = c.bad[0]!.value; // a reject keeps raw values: personal ones must not be among them
      const { counts } = await ingestOne(store.db, store.write('personal.csv', csvFor(header, rows)));
      expect(counts.rejected).toBe(1);
      const personalInHeader = header.filter((h) => PERSONAL.test(h));
      if (realHeader(c.layout) && c.layout !== 'api' && c.layout !== 'agencyCodes') expect(personalInHeader.length).toBeGreaterThan(0);
      const columns = await store.db.all<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE regexp_matches(lower(column_name), 'phone|fax|compensated|officer')`,
      );
      expect(columns).toEqual([]);
      expect(await rowsContaining(store.db, SENTINEL)).toEqual([]);
      expect(await rowsContaining(store.db, SENTINEL_PAY)).toEqual([]);
    });
  });
}

/** Distinct identity values for extra copies of rows (so more rows can be made from one case). */
function extraIdentity(c: ReaderCase, row: Row, n: number): Row {
  const out: Row = {};
  for (const h of c.keep) {
    if (/unique_key|Generated Award ID|^SUBTIER CODE$|subaward_number/.test(h) && row[h]) out[h] = `${row[h]}X${n}`;
  }
  return out;
}

// ---- the cases ------------------------------------------------------------------------------------------

const TX_KEEP = [
  'contract_transaction_unique_key', 'contract_award_unique_key', 'federal_action_obligation', 'action_date',
  'action_date_fiscal_year', 'transaction_description', 'last_modified_date',
];

function transactionRows(): Row[] {
  const base = (i: number, amount: string, date: string, fy: string): Row => ({
    contract_transaction_unique_key: `7012_-NONE-_70CMSD24C000000${i}_0_-NONE-_0`,
    contract_award_unique_key: `CONT_AWD_70CMSD24C000000${i}_7012_-NONE-_-NONE-`,
    award_id_piid: `70CMSD24C000000${i}`,
    modification_number: '0',
    federal_action_obligation: amount,
    action_date: date,
    action_date_fiscal_year: fy,
    awarding_sub_agency_code: '7012',
    awarding_sub_agency_name: 'U.S. Immigration and Customs Enforcement',
    recipient_name: `EXAMPLE SYSTEMS ${i}, INC.`,
    transaction_description: `IT SUPPORT, "PHASE ${i}"`,
    last_modified_date: '2024-01-02 10:08:35+00',
  });
  return [
    base(1, '1234567.89', '2023-10-05', '2024'),
    base(2, '-12475741.45', '2023-09-30', '2023'),
    base(3, '0.10', '2024-02-29', '2024'),
    base(4, '99', '2022-12-01', '2023'),
  ];
}

const TX_BAD = [
  { header: 'federal_action_obligation', value: '1,234.00', field: 'federal_action_obligation' },
  { header: 'action_date', value: '2023-02-30', field: 'action_date' },
];

const SUMMARY_KEEP = [
  'contract_award_unique_key', 'total_obligated_amount', 'award_base_action_date', 'award_base_action_date_fiscal_year',
  'recipient_name', 'last_modified_date',
];

function summaryRows(): Row[] {
  const base = (i: number, amount: string, date: string, fy: string): Row => ({
    contract_award_unique_key: `CONT_AWD_70CDCR22P0000000${i}_7012_-NONE-_-NONE-`,
    award_id_piid: `70CDCR22P0000000${i}`,
    total_obligated_amount: amount,
    award_base_action_date: date,
    award_base_action_date_fiscal_year: fy,
    award_latest_action_date: date,
    award_latest_action_date_fiscal_year: fy,
    awarding_sub_agency_code: '7012',
    recipient_name: `COUNTY OF EXAMPLE ${i}, "SHERIFF"`,
    last_modified_date: '2023-05-10 00:00:00',
  });
  return [
    base(1, '11200.00', '2021-10-01', '2022'),
    base(2, '-3500.50', '2022-09-30', '2022'),
    base(3, '985034.88', '2017-12-22', '2018'),
  ];
}

const SUMMARY_BAD = [
  { header: 'total_obligated_amount', value: '$11,200', field: 'total_obligated_amount' },
  { header: 'award_base_action_date', value: '2021-13-01', field: 'award_base_action_date' },
];

const cases: ReaderCase[] = [
  {
    name: 'contract prime transactions (297 columns)',
    layout: 'transactions',
    layoutId: 'contracts_prime_transactions',
    table: 'tx_current',
    identity: 'contract_transaction_unique_key',
    identityOf: (r) => r['contract_transaction_unique_key']!,
    amount: { header: 'federal_action_obligation', stored: 'federal_action_obligation' },
    date: { header: 'action_date', stored: 'action_date' },
    text: { header: 'transaction_description', stored: 'transaction_description' },
    bad: TX_BAD,
    keep: TX_KEEP,
    rows: transactionRows,
  },
  {
    name: 'Award Data Archive contracts delta (299 columns)',
    layout: 'delta',
    layoutId: 'contracts_delta',
    table: 'tx_current',
    identity: 'contract_transaction_unique_key',
    identityOf: (r) => r['contract_transaction_unique_key']!,
    amount: { header: 'federal_action_obligation', stored: 'federal_action_obligation' },
    date: { header: 'action_date', stored: 'action_date' },
    text: { header: 'transaction_description', stored: 'transaction_description' },
    bad: TX_BAD,
    keep: ['correction_delete_ind', ...TX_KEEP],
    rows: () => transactionRows().map((r) => ({ ...r, correction_delete_ind: '', agency_id: '7012' })),
  },
  {
    name: 'contract prime award summaries, 2025 layout (286 columns)',
    layout: 'summaries2025',
    layoutId: 'contracts_prime_award_summaries',
    table: 'award_current',
    identity: 'contract_award_unique_key',
    identityOf: (r) => r['contract_award_unique_key']!,
    amount: { header: 'total_obligated_amount', stored: 'total_obligated_amount' },
    date: { header: 'award_base_action_date', stored: 'award_base_action_date' },
    text: { header: 'recipient_name', stored: 'recipient_name' },
    bad: SUMMARY_BAD,
    keep: SUMMARY_KEEP,
    rows: summaryRows,
  },
  {
    name: 'contract prime award summaries, 2022 layout (279 columns)',
    layout: 'summaries2022',
    layoutId: 'contracts_prime_award_summaries',
    table: 'award_current',
    identity: 'contract_award_unique_key',
    identityOf: (r) => r['contract_award_unique_key']!,
    amount: { header: 'total_obligated_amount', stored: 'total_obligated_amount' },
    date: { header: 'award_base_action_date', stored: 'award_base_action_date' },
    text: { header: 'recipient_name', stored: 'recipient_name' },
    bad: SUMMARY_BAD,
    keep: SUMMARY_KEEP,
    rows: summaryRows,
  },
  {
    name: 'contract subawards (118 columns)',
    layout: 'subawards',
    layoutId: 'contracts_subawards',
    table: 'sub_current',
    identity: 'subaward_key',
    // Declared key: prime award key + subaward number + FSRS report id.
    identityOf: (r) => `${r['prime_award_unique_key']}|${r['subaward_number']}|${r['subaward_fsrs_report_id']}`,
    amount: { header: 'subaward_amount', stored: 'subaward_amount' },
    date: { header: 'subaward_action_date', stored: 'subaward_action_date' },
    text: { header: 'subaward_description', stored: 'subaward_description' },
    bad: [
      { header: 'subaward_amount', value: '9.2E+06', field: 'subaward_amount' },
      { header: 'subaward_action_date', value: 'March 3, 2021', field: 'subaward_action_date' },
    ],
    keep: [
      'prime_award_unique_key', 'prime_award_piid', 'subaward_number', 'subaward_amount', 'subaward_fsrs_report_id',
      'subaward_action_date', 'subaward_action_date_fiscal_year', 'subaward_description', 'subaward_fsrs_report_last_modified_date',
    ],
    rows: () => [
      ['1', '9200000.00', '2021-03-03', '2021', '12345'],
      ['2', '-30000.00', '2020-10-01', '2021', '12346'],
      ['3', '45000', '2024-09-30', '2024', '12347'],
    ].map(([n, amount, date, fy, report]) => ({
      prime_award_unique_key: `CONT_AWD_70CMSD19FR000000${n}_7012_GS35F0086U_4730`,
      prime_award_piid: `70CMSD19FR000000${n}`,
      prime_awardee_name: 'CACI NSS, LLC',
      subaward_type: 'sub-contract',
      subaward_fsrs_report_id: report!,
      subaward_fsrs_report_year: '2021',
      subaward_fsrs_report_month: '3',
      subaward_number: `SUB-${n}`,
      subaward_amount: amount!,
      subaward_action_date: date!,
      subaward_action_date_fiscal_year: fy!,
      subawardee_name: 'THOMSON REUTERS SPECIAL SERVICES, LLC',
      subawardee_address_line_1: `${SENTINEL} street`,
      subawardee_zip_code: '20001',
      subaward_description: `DATA SERVICES, "CLEAR" ${n}`,
      subaward_fsrs_report_last_modified_date: '2021-04-01 12:00:00',
    })),
  },
  {
    name: 'API spending_by_transaction projection (10 columns)',
    layout: 'api',
    layoutId: 'api_spending_by_transaction_csv',
    table: 'tx_current',
    identity: 'contract_award_unique_key', // the projection has no transaction key; each test row has its own award
    identityOf: (r) => r['Generated Award ID']!,
    amount: { header: 'Federal Action Obligation', stored: 'federal_action_obligation' },
    date: { header: 'Action Date', stored: 'action_date' },
    text: { header: 'Transaction Description', stored: 'transaction_description' },
    bad: [
      { header: 'Federal Action Obligation', value: '1,234.00', field: 'federal_action_obligation' },
      { header: 'Action Date', value: '2022-02-29', field: 'action_date' },
    ],
    keep: minimalHeader('api'), // all ten are its signature
    setup: loadAgencyReference,
    rows: () => [
      ['ICE', '70CTD022FR0000001', 'PALANTIR USG INC', '17500000.0', '2022-01-14', '0', '7012'],
      ['ICE', '70CTD022FR0000002', 'FOUR POINTS TECHNOLOGY, L.L.C.', '-2500.55', '2021-11-02', 'P00003', '7012'],
      ['CBP', '70B04C22F0000003', 'DELOITTE CONSULTING LLP', '105602082.78', '2022-09-06', 'P00013', '7014'],
    ].map(([agency, piid, name, amount, date, mod, code]) => ({
      Agency: agency!, 'Award ID': piid!, 'Recipient Name': name!, 'Federal Action Obligation': amount!, 'Action Date': date!,
      Modification: mod!, 'Product/Service Description': 'IT AND TELECOM- OTHER IT AND TELECOMMUNICATIONS',
      'NAICS Description': 'COMPUTER SYSTEMS DESIGN SERVICES', 'Transaction Description': `AWS CLOUD, "GOVCLOUD" ${piid}`,
      'Generated Award ID': `CONT_AWD_${piid}_${code}_GS35F0086U_4730`,
    })),
  },
  {
    name: 'official agency codes list',
    layout: 'agencyCodes',
    layoutId: 'agency_codes',
    table: 'agency_code_current',
    identity: 'agency_code_key',
    // Declared key: CGAC code + FREC + subtier code.
    identityOf: (r) => `${r['CGAC AGENCY CODE']}|${r['FREC']}|${r['SUBTIER CODE']}`,
    text: { header: 'SUBTIER NAME', stored: 'subtier_name' },
    bad: [{ header: 'TOPTIER_FLAG', value: 'MAYBE', field: 'toptier_flag' }],
    keep: ['CGAC AGENCY CODE', 'AGENCY NAME', 'FREC', 'SUBTIER CODE', 'SUBTIER NAME', 'SUBTIER ABBREVIATION', 'TOPTIER_FLAG'],
    rows: () => [
      ['7000', 'Department of Homeland Security', 'DHS', 'TRUE'],
      ['7012', 'U.S. Immigration and Customs Enforcement', 'ICE', 'FALSE'],
      ['7014', 'U.S. Customs and Border Protection, "CBP"', 'CBP', 'FALSE'],
    ].map(([code, name, abbr, top]) => ({
      'CGAC AGENCY CODE': '070', 'AGENCY NAME': 'Department of Homeland Security', 'AGENCY ABBREVIATION': 'DHS',
      FREC: '7000', 'FREC Entity Description': 'Department of Homeland Security', 'FREC ABBREVIATION': 'DHS',
      'SUBTIER CODE': code!, 'SUBTIER NAME': name!, 'SUBTIER ABBREVIATION': abbr!, TOPTIER_FLAG: top!, IS_FREC: 'FALSE',
      'USER SELECTABLE ON USASPENDING.GOV': 'TRUE', COMMENT: 'Added per GSA, 2/24/20',
    })),
  },
];

for (const c of cases) runReaderContract(c);
