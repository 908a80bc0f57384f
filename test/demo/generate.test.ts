import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE_KINDS } from '../../src/demo/files.js';
import type { DemoFileKind } from '../../src/demo/files.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { Sql, csv, decimalSum, generateInTemp, headerOf } from './demoFixture.js';
import type { GeneratedDemo } from './demoFixture.js';

const EXPECTED_COLUMNS: Record<DemoFileKind, number> = {
  agencyCodes: 21,
  transactions: 297,
  awardSummaries: 286,
  subawards: 118,
  delta: 299,
  apiProjection: 10,
};

const REAL_HEADERS: Record<DemoFileKind, string[]> = {
  agencyCodes: ['data-act-broker', 'agency_codes.csv'],
  transactions: ['asof-fixture', 'usaspending_transactions_lmt.csv'],
  awardSummaries: ['mn_ice_contracts', 'umn', 'Contracts_PrimeAwardSummaries_2025-03-28_H02M59S08_1.csv'],
  subawards: ['mn_ice_contracts', 'all_after_2020', 'Contracts_Subawards_2025-03-28_H03M23S17_1.csv'],
  delta: ['awardtrace-fixture', 'FY(All)_012_Contracts_Delta_20260908_1.csv'],
  apiProjection: ['cbp-ice-dashboard', 'CBP_ICE_FY2021_Contract_Obligations.csv'],
};

let a: GeneratedDemo;
let b: GeneratedDemo;
let sql: Sql;

beforeAll(async () => {
  [a, b] = await Promise.all([generateInTemp({ transactions: 2000 }), generateInTemp({ transactions: 2000 })]);
  sql = await Sql.open();
});

afterAll(() => {
  sql?.close();
  a?.remove();
  b?.remove();
});

describe('determinism', () => {
  it.each(DEMO_FILE_KINDS)('same seed gives byte-identical %s', (kind) => {
    expect(a.bytes(kind).equals(b.bytes(kind))).toBe(true);
  });

  it('gives the same manifest, and a different seed gives different data', async () => {
    expect(a.manifest).toEqual(b.manifest);
    const other = await generateInTemp({ transactions: 2000, seed: 7, only: ['transactions'] });
    try {
      expect(other.bytes('transactions').equals(a.bytes('transactions'))).toBe(false);
      expect(other.manifest.files.map((f) => f.kind)).toEqual(['transactions']);
    } finally {
      other.remove();
    }
  });

  it('writes the same transactions file whether or not the other files are written', async () => {
    const only = await generateInTemp({ transactions: 2000, only: ['transactions'] });
    try {
      expect(only.bytes('transactions').equals(a.bytes('transactions'))).toBe(true);
      expect(only.manifest.transactions).toEqual(a.manifest.transactions);
    } finally {
      only.remove();
    }
  });
});

describe('headers', () => {
  it.each(DEMO_FILE_KINDS)('%s has the column count of its real layout', (kind) => {
    expect(headerOf(a.path(kind))).toHaveLength(EXPECTED_COLUMNS[kind]);
    expect(a.manifest.files.find((f) => f.kind === kind)?.columns).toBe(EXPECTED_COLUMNS[kind]);
  });

  const title = hasRealData
    ? '%s header equals the real file header, column for column'
    : `%s header equals the real file header (skipped: ${REAL_DATA_SKIP_REASON})`;
  it.skipIf(!hasRealData).each(DEMO_FILE_KINDS)(title, (kind) => {
    expect(headerOf(a.path(kind))).toEqual(headerOf(realFile(...REAL_HEADERS[kind])));
  });

  it('uses CRLF record ends, and a BOM on agency_codes.csv only', () => {
    for (const kind of DEMO_FILE_KINDS) {
      const bytes = a.bytes(kind);
      const text = bytes.toString('utf8');
      expect(text.endsWith('\r\n'), kind).toBe(true);
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), kind).toBe(kind === 'agencyCodes');
      // Bare line feeds appear only inside the quoted subaward description.
      const bareLf = text.replace(/\r\n/g, '').includes('\n');
      expect(bareLf, kind).toBe(kind === 'subawards');
    }
  });
});

describe('manifest sums equal sums recomputed from the written files', () => {
  it('counts the rows of every file', async () => {
    for (const f of a.manifest.files) {
      expect(Number(await sql.value(`SELECT count(*)::INTEGER FROM ${csv(a.path(f.kind))}`)), f.kind).toBe(f.rows);
    }
    expect(a.manifest.files.find((f) => f.kind === 'transactions')?.rows).toBe(2000);
  });

  it('total federal_action_obligation', async () => {
    const total = await sql.value(`SELECT ${decimalSum('federal_action_obligation')} FROM ${csv(a.path('transactions'))}`);
    expect(total).toBe(a.manifest.transactions.federalActionObligation);
  });

  it('federal_action_obligation per awarding and per funding subtier and fiscal year', async () => {
    for (const basis of ['awarding', 'funding'] as const) {
      const rows = await sql.rows(`
        SELECT ${basis}_sub_agency_code AS "subtierCode", action_date_fiscal_year::INTEGER AS "fiscalYear",
               count(*)::INTEGER AS transactions, ${decimalSum('federal_action_obligation')} AS "federalActionObligation"
        FROM ${csv(a.path('transactions'))} GROUP BY ALL ORDER BY 1, 2`);
      const expected = basis === 'awarding'
        ? a.manifest.transactions.byAwardingSubtierFiscalYear
        : a.manifest.transactions.byFundingSubtierFiscalYear;
      expect(rows).toEqual(expected);
    }
  });

  it('award summaries: total_obligated_amount, and each award equals the sum of its transactions', async () => {
    const total = await sql.value(`SELECT ${decimalSum('total_obligated_amount')} FROM ${csv(a.path('awardSummaries'))}`);
    expect(total).toBe(a.manifest.awardSummaries.totalObligatedAmount);
    expect(total).toBe(a.manifest.transactions.federalActionObligation);
    const mismatches = await sql.value(`
      WITH t AS (SELECT contract_award_unique_key AS k, sum(CAST(federal_action_obligation AS DECIMAL(38, 2))) AS s
                 FROM ${csv(a.path('transactions'))} GROUP BY 1)
      SELECT count(*)::INTEGER FROM ${csv(a.path('awardSummaries'))} AS a FULL JOIN t ON a.contract_award_unique_key = t.k
      WHERE t.k IS NULL OR a.contract_award_unique_key IS NULL OR CAST(a.total_obligated_amount AS DECIMAL(38, 2)) <> t.s`);
    expect(mismatches).toBe(0);
  });

  it('subaward amounts, with and without re-reports', async () => {
    const file = csv(a.path('subawards'));
    const m = a.manifest.subawards;
    expect(await sql.value(`SELECT ${decimalSum('subaward_amount')} FROM ${file}`)).toBe(m.subawardAmount);
    const distinct = await sql.rows(`
      SELECT count(*)::INTEGER AS n, ${decimalSum('subaward_amount')} AS amount FROM (
        SELECT * FROM ${file} QUALIFY row_number() OVER (
          PARTITION BY prime_award_unique_key, subaward_number ORDER BY subaward_fsrs_report_last_modified_date DESC) = 1)`);
    expect(distinct).toEqual([{ n: m.distinctSubawards, amount: m.subawardAmountDistinct }]);
    expect(m.rows).toBe(m.distinctSubawards + 1);
  });

  it('API projection: all rows, distinct rows, and agreement with the transactions file', async () => {
    const file = csv(a.path('apiProjection'));
    const m = a.manifest.apiProjection;
    expect(await sql.value(`SELECT ${decimalSum('Federal Action Obligation')} FROM ${file}`)).toBe(m.federalActionObligationAllRows);
    const distinct = await sql.rows(`SELECT count(*)::INTEGER AS n, ${decimalSum('Federal Action Obligation')} AS amount FROM (SELECT DISTINCT * FROM ${file})`);
    expect(distinct).toEqual([{ n: m.distinctRows, amount: m.federalActionObligationDistinct }]);
    expect(m.repeatedRows).toBeGreaterThan(0);
    const fromTransactions = await sql.value(
      `SELECT ${decimalSum('federal_action_obligation')} FROM ${csv(a.path('transactions'))} WHERE awarding_sub_agency_code = '${m.subtierCode}'`,
    );
    expect(fromTransactions).toBe(m.federalActionObligationDistinct);
  });

  it('the delta, applied by transaction key, gives the manifest total after delta', async () => {
    const tx = csv(a.path('transactions'));
    const delta = csv(a.path('delta'));
    const after = await sql.value(`
      WITH base AS (SELECT contract_transaction_unique_key AS k, federal_action_obligation AS amount FROM ${tx}),
           d AS (SELECT correction_delete_ind AS ind, contract_transaction_unique_key AS k, federal_action_obligation AS amount FROM ${delta}),
           merged AS (SELECT k, amount FROM base WHERE k NOT IN (SELECT k FROM d)
                      UNION ALL SELECT k, amount FROM d WHERE ind IS DISTINCT FROM 'D')
      SELECT ${decimalSum('amount')} FROM merged`);
    expect(after).toBe(a.manifest.delta.federalActionObligationAfterDelta);
    const bySubtierYear = await sql.rows(`
      WITH d AS (SELECT * FROM ${delta}),
           merged AS (SELECT awarding_sub_agency_code, action_date_fiscal_year, federal_action_obligation FROM ${tx}
                      WHERE contract_transaction_unique_key NOT IN (SELECT contract_transaction_unique_key FROM d)
                      UNION ALL SELECT awarding_sub_agency_code, action_date_fiscal_year, federal_action_obligation
                      FROM d WHERE correction_delete_ind IS DISTINCT FROM 'D')
      SELECT awarding_sub_agency_code AS "subtierCode", action_date_fiscal_year::INTEGER AS "fiscalYear",
             count(*)::INTEGER AS transactions, ${decimalSum('federal_action_obligation')} AS "federalActionObligation"
      FROM merged GROUP BY ALL ORDER BY 1, 2`);
    expect(bySubtierYear).toEqual(a.manifest.delta.byAwardingSubtierFiscalYearAfterDelta);
    const counts = await sql.rows(`
      SELECT count(*) FILTER (WHERE correction_delete_ind = 'D')::INTEGER AS deletes,
             count(*) FILTER (WHERE correction_delete_ind IS NULL AND contract_transaction_unique_key IN (
               SELECT contract_transaction_unique_key FROM ${tx}))::INTEGER AS updates,
             count(*) FILTER (WHERE correction_delete_ind IS NULL AND contract_transaction_unique_key NOT IN (
               SELECT contract_transaction_unique_key FROM ${tx}))::INTEGER AS inserts
      FROM ${delta}`);
    expect(counts).toEqual([{ deletes: 2, updates: a.manifest.delta.updates, inserts: a.manifest.delta.inserts }]);
    expect(a.manifest.delta.deletes).toBe(2);
  });
});
