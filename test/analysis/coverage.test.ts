/**
 * The coverage block of agency, breakdown, company and award answers: which subtiers of a toptier the
 * store holds (checked against the raw files on the real data), refused rows that fall in the scope
 * (synthetic rows whose every figure is known), and the text every surface prints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyAnswer } from '../../src/analysis/agencyAnswer.js';
import { answerContext } from '../../src/analysis/answer.js';
import { awardAnswer } from '../../src/analysis/awardAnswer.js';
import { breakdownAnswer } from '../../src/analysis/breakdown.js';
import { companyAnswer } from '../../src/analysis/companyAnswer.js';
import { refusedRows } from '../../src/analysis/refusedRows.js';
import { renderBreakdown } from '../../src/cli/breakdownCommand.js';
import { renderAgency } from '../../src/cli/agencyCommand.js';
import { findAgency, loadAgencyDirectory } from '../../src/entities/agencies.js';
import { findCompany } from '../../src/entities/companies.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ingest } from '../../src/ingest.js';
import { TX_HEADER, txRow } from '../support/answerFixtures.js';
import { writeCsv } from '../support/csv.js';
import { readCsv } from '../graph/readCsv.js';
import { loadAgencyReference } from '../support/ingestHelpers.js';
import { hasRealData, realFile, REAL_DATA_SKIP_REASON } from '../support/realData.js';
import { realAnswersPaths } from '../support/realStores.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

describe('coverage: refused rows in scope (synthetic)', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = await tempStore({ autoCleanup: false });
    await loadAgencyReference(store);
    const rows = [
      txRow({ piid: 'OK1', amount: '100.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2022-01-10' }),
      // refused: thousands separator (amount unreadable)
      txRow({ piid: 'BAD1', amount: '1,234.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2022-02-10' }),
      // refused: impossible date (amount readable: it is what the row would add)
      { ...txRow({ piid: 'BAD2', amount: '250.50', uei: 'TESTBRAVO001', name: 'BRAVO GUARDS INC', date: '2022-03-10' }), action_date: '2022-13-45' },
      // refused, but for CBP in FY2021: outside ICE's scope
      txRow({ piid: 'BAD3', amount: 'n/a', uei: 'TESTECHO0001', name: 'ECHO BUILDERS INC', awarding: '7014', date: '2021-03-01' }),
    ];
    // an identical repeat: refused, but its record is held
    rows.push({ ...rows[0]! });
    rows.push(txRow({ piid: 'OK2', amount: '10.00', uei: 'TESTBRAVO001', name: 'BRAVO GUARDS INC', date: '2022-04-10' }));
    rows.push(txRow({ piid: 'OK3', amount: '20.00', uei: 'TESTECHO0001', name: 'ECHO BUILDERS INC', awarding: '7014', date: '2021-04-10' }));
    const r = await ingest(store.db, { paths: [store.write('tx.csv', writeCsv(TX_HEADER, rows))] });
    expect(r.files[0]!.counts!.rejected).toBe(4);
    await resolveEntities(store.db);
  });
  afterAll(() => store?.cleanup());

  it('agency ICE: counts the refused rows in scope, sums the readable amounts, names the command that lists them', async () => {
    const ctx = await answerContext(store.db, 'test');
    const ice = findAgency(await loadAgencyDirectory(store.db), 'ICE');
    const a = await agencyAnswer(store.db, ice, ctx, { basis: 'either' });
    const r = a.coverage.refused;
    expect(r.rows).toBe(3);
    expect(r.recordHeld).toBe(1);
    expect(r.missing).toEqual({ rows: 2, amount: '250.50', readableRows: 1, unreadable: 1, noYear: 0 });
    expect(r.command).toBe('whosbehind rejects --agency 7012 --basis either');
    expect(a.coverage.partial).toBe(true);
    const text = renderAgency(a, false);
    expect(text).toContain('Refused rows in scope: 3 — 2 row(s) whose record is not in the store; they would add $250.50 over the 1 with a readable amount (1 amount(s) unreadable)');
    expect(text).toMatch(/E\.g\. .*tx\.csv line \d+ \(federal_action_obligation\): field federal_action_obligation: cannot read "1,234\.00"/);
    // the listed rows are those, in line order
    const listed = await refusedRows(store.db, { kind: 'agency', agency: ice, basis: 'either' });
    expect(listed.map((x) => [x.line, x.kind, x.recordHeld])).toEqual([[3, 'unreadable_value', false], [4, 'unreadable_value', false], [6, 'repeat', true]]);
  });

  it('fiscal years and other agencies narrow the refused rows', async () => {
    const ctx = await answerContext(store.db, 'test');
    const dir = await loadAgencyDirectory(store.db);
    const cbp = await agencyAnswer(store.db, findAgency(dir, 'CBP'), ctx, { basis: 'awarding' });
    expect(cbp.coverage.refused.missing.rows).toBe(1);
    expect(cbp.coverage.refused.missing.readableRows).toBe(0);
    const ice2021 = await agencyAnswer(store.db, findAgency(dir, 'ICE'), ctx, { basis: 'either', fiscalYears: { from: 2021, to: 2021 } });
    expect(ice2021.coverage.refused.rows).toBe(0);
    expect(ice2021.coverage.fiscalYears.askedWithoutTransactions).toEqual([2021]);
  });

  it('company: refused rows naming a member; award: refused rows of that award', async () => {
    const ctx = await answerContext(store.db, 'test');
    const bravo = await companyAnswer(store.db, await findCompany(store.db, 'BRAVO GUARDS INC'), ctx, { agencyBasis: 'awarding' });
    expect(bravo.coverage.refused.missing).toMatchObject({ rows: 1, amount: '250.50' });
    const ok = await awardAnswer(store.db, 'OK1', ctx);
    expect(ok.coverage.refused.rows).toBe(1);
    expect(ok.coverage.refused.recordHeld).toBe(1);
  });

  it('breakdown of a toptier says which of its official subtiers the store holds', async () => {
    const ctx = await answerContext(store.db, 'test');
    const dhs = findAgency(await loadAgencyDirectory(store.db), 'DHS');
    const b = await breakdownAnswer(store.db, dhs, 'category', ctx, { basis: 'either' });
    expect(b.coverage.subtiers!.held.map((h) => h.code)).toEqual(['7012', '7014']);
    expect(b.coverage.subtiers!.officialCount).toBe(3);
    expect(b.coverage.subtiers!.notHeld.map((n) => n.code)).toEqual(['7000']);
    expect(renderBreakdown(b, false)).toContain('Coverage: PARTIAL — covers ICE, CBP only (2 of 3 subtiers)');
  });
});

describe.skipIf(!hasRealData)('coverage on the real ICE/CBP files', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = await tempStore({ autoCleanup: false });
    const r = await ingest(store.db, { paths: [...realAnswersPaths(), realFile('asof-fixture')] });
    expect(r.failed).toBe(0);
    await resolveEntities(store.db);
  }, 120_000);
  afterAll(() => store?.cleanup());

  /** DHS subtier codes named by any row of the raw files (awarding or funding), read without the code under test. */
  function dhsSubtiersInRawFiles(): Set<string> {
    const abbr = new Map<string, string>();
    for (const r of readCsv(realFile('data-act-broker', 'agency_codes.csv'))) if (r['CGAC AGENCY CODE'] === '070') abbr.set(r['SUBTIER ABBREVIATION']!, r['SUBTIER CODE']!);
    const out = new Set<string>();
    const top = (v: string | undefined): string => (v ?? '').trim().padStart(3, '0');
    const files = [
      ...['CBP_ICE_FY2021_Contract_Obligations.csv', 'CBP_ICE_FY2022_Contract_Obligations.csv', 'CBP_ICE_FY2023_Contract_Obligations.csv'].map((f) => realFile('cbp-ice-dashboard', f)),
      realFile('asof-fixture', 'usaspending_transactions_lmt.csv'),
      realFile('mn_ice_contracts', 'mn_all', 'Contracts_PrimeAwardSummaries_2025-03-21_H19M57S23_1.csv'),
      realFile('mn_ice_contracts', 'umn', 'Contracts_PrimeAwardSummaries_2025-03-28_H02M59S08_1.csv'),
      realFile('sierrawells_ice_contracts', 'us-local-gov-ice-contracts.csv'),
      realFile('mn_ice_contracts', 'all_after_2020', 'Contracts_Subawards_2025-03-28_H03M23S17_1.csv'),
      realFile('mn_ice_contracts', 'mn_all', 'Contracts_Subawards_2025-03-21_H19M57S41_1.csv'),
    ];
    for (const f of files) {
      for (const r of readCsv(f)) {
        if (r['Agency'] !== undefined) { if (abbr.has(r['Agency'])) out.add(abbr.get(r['Agency'])!); continue; }
        for (const side of ['awarding', 'funding']) {
          for (const p of ['', 'prime_award_']) {
            if (top(r[`${p}${side}_agency_code`]) === '070' && r[`${p}${side}_sub_agency_code`]) out.add(r[`${p}${side}_sub_agency_code`]!.trim());
          }
        }
      }
    }
    return out;
  }

  it('breakdown DHS --by category says it covers only the subtiers the raw files name (ICE, CBP, one Coast Guard row)', async () => {
    const ctx = await answerContext(store.db, 'test');
    const dhs = findAgency(await loadAgencyDirectory(store.db), 'DHS');
    const b = await breakdownAnswer(store.db, dhs, 'category', ctx, { basis: 'either' });
    const expected = dhsSubtiersInRawFiles();
    expect(new Set(b.coverage.subtiers!.held.map((h) => h.code))).toEqual(expected);
    // ICE and CBP transactions, one Coast Guard row (asof-fixture), and ICE award summaries funded by the
    // DHS Office of the Chief Procurement Officer (7055)
    expect([...expected].sort()).toEqual(['7008', '7012', '7014', '7055']);
    const official = new Set(readCsv(realFile('data-act-broker', 'agency_codes.csv'))
      .filter((r) => r['CGAC AGENCY CODE'] === '070' && r['SUBTIER CODE'] && r['USER SELECTABLE ON USASPENDING.GOV'] === 'TRUE').map((r) => r['SUBTIER CODE']));
    expect(b.coverage.subtiers!.officialCount).toBe(official.size);
    expect(b.coverage.subtiers!.notHeld).toHaveLength(official.size - 4);
    const text = renderBreakdown(b, false);
    expect(text.split('\n')[1]).toBe(`Coverage: PARTIAL — covers CBP, ICE, USCG, Office of the Chief Procurement Officer only (4 of ${official.size} subtiers); see Coverage below.`);
    expect(text).toContain(`Covers 4 of the ${official.size} current subtiers of DHS in the official agency list, the only ones the store holds: CBP (`);
    expect(text).toContain('Figures for DHS cover these subtiers only.');
  });

  it('flags the projection files whose fetch stopped early (no negative row in a large agency-year), as the raw files show', async () => {
    const ctx = await answerContext(store.db, 'test');
    const ice = findAgency(await loadAgencyDirectory(store.db), 'ICE');
    const a = await agencyAnswer(store.db, ice, ctx, { basis: 'either' });
    // independent: per file, the ICE rows and whether any is negative
    const flagged: number[] = [];
    for (const y of [2021, 2022, 2023]) {
      const rows = readCsv(realFile('cbp-ice-dashboard', `CBP_ICE_FY${y}_Contract_Obligations.csv`)).filter((r) => r['Agency'] === 'ICE');
      if (!rows.some((r) => Number(r['Federal Action Obligation']) < 0)) flagged.push(y);
    }
    expect(flagged).toEqual([2022, 2023]);
    expect(a.coverage.incompleteFetches.map((f) => f.fiscalYear)).toEqual(flagged);
    expect(a.coverage.limits.some((l) => l.includes('no funding agency'))).toBe(true);
    // the refused rows in ICE's scope are all repeats or other versions: nothing missing, and said so
    expect(a.coverage.refused.missing.rows).toBe(0);
    expect(a.coverage.refused.recordHeld).toBeGreaterThan(0);
    expect(renderAgency(a, false)).toMatch(/Refused rows in scope: \d+ — \d+ repeat\(s\) or other version\(s\) of records the store holds \(nothing missing\)/);
  });
});

if (!hasRealData) console.warn(REAL_DATA_SKIP_REASON);
