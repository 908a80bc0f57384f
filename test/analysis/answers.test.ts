/**
 * agency, company and breakdown answers over a small synthetic store whose every figure is known:
 * basis handling, fiscal years, negative amounts, awards known only from summaries, subawards kept
 * apart (with repeated reports), evidence records, exact decimal strings.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { agencyAnswer } from '../../src/analysis/agencyAnswer.js';
import { answerContext } from '../../src/analysis/answer.js';
import { breakdownAnswer } from '../../src/analysis/breakdown.js';
import { companyAnswer } from '../../src/analysis/companyAnswer.js';
import { parseFiscalYears } from '../../src/analysis/fiscalYears.js';
import { findAgency, loadAgencyDirectory, type AgencyRef } from '../../src/entities/agencies.js';
import { findCompany } from '../../src/entities/companies.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ingest } from '../../src/ingest.js';
import { writeCsv } from '../support/csv.js';
import { SUMMARY_HEADER, subCsv, txCsv, type TxSpec } from '../support/answerFixtures.js';
import { loadAgencyReference } from '../support/ingestHelpers.js';
import { cents, formatCents } from '../support/money.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

const TX: TxSpec[] = [
  // awarded and funded by ICE
  { piid: 'A1', amount: '100.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2022-01-10', psc: 'D302' },
  { piid: 'A1', mod: '1', amount: '-40.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2022-06-10', psc: 'D302' },
  // awarded by DHS procurement operations, funded by ICE
  { piid: 'B1', amount: '50.00', uei: 'TESTBRAVO001', name: 'BRAVO GUARDS INC', awarding: '7001', funding: '7012', date: '2021-09-30', psc: 'S206', naics: '561210' },
  // awarded by ICE, funded by CBP
  { piid: 'C1', amount: '30.00', uei: 'TESTBRAVO002', name: 'BRAVO GUARDS WEST LLC', parentUei: 'TESTBRAVO001', parentName: 'BRAVO GUARDS INC', funding: '7014', date: '2021-10-01', psc: 'R408' },
  // awarded by ICE, no funding agency recorded
  { piid: 'D1', amount: '5.25', uei: 'TESTDELTA001', name: 'DELTA VEHICLES CORP', funding: '', date: '2023-02-01', psc: '2310' },
  // CBP only
  { piid: 'E1', amount: '1000.00', uei: 'TESTECHO0001', name: 'ECHO BUILDERS INC', awarding: '7014', date: '2022-02-02', psc: 'Y1AA' },
];

let store: TempStore;
let ice: AgencyRef;
let ctx: Awaited<ReturnType<typeof answerContext>>;

beforeAll(async () => {
  store = await tempStore({ autoCleanup: false });
  await loadAgencyReference(store);
  await ingest(store.db, { paths: [store.write('tx.csv', txCsv(TX))] });
  await ingest(store.db, {
    paths: [store.write('summaries.csv', writeCsv(SUMMARY_HEADER, [
      // an award with no transactions loaded: known only from its summary
      {
        contract_award_unique_key: 'CONT_AWD_S1_7012_-NONE-_-NONE-', award_id_piid: 'S1', total_obligated_amount: '777.77',
        award_base_action_date: '2021-11-01', award_base_action_date_fiscal_year: '2022', award_latest_action_date: '2022-08-01',
        award_latest_action_date_fiscal_year: '2022', awarding_agency_code: '070', awarding_sub_agency_code: '7012',
        funding_agency_code: '070', funding_sub_agency_code: '7012', recipient_uei: 'TESTALPHA001', recipient_name: 'ALPHA DATA LLC',
        last_modified_date: '2024-01-01 00:00:00',
      },
    ]))],
  });
  await ingest(store.db, {
    paths: [store.write('subs.csv', subCsv([
      { primePiid: 'A1', primeName: 'ALPHA DATA LLC', primeUei: 'TESTALPHA001', number: 'SUB-1', reportId: 'R1', amount: '60000.00', subUei: 'TESTFOXT0001', subName: 'FOXTROT CLOUD LLC', date: '2022-03-01' },
      // the same subaward re-reported in a later report
      { primePiid: 'A1', primeName: 'ALPHA DATA LLC', primeUei: 'TESTALPHA001', number: 'SUB-1', reportId: 'R2', amount: '60000.00', subUei: 'TESTFOXT0001', subName: 'FOXTROT CLOUD LLC', date: '2022-04-01' },
      { primePiid: 'E1', primeName: 'ECHO BUILDERS INC', primeUei: 'TESTECHO0001', number: 'SUB-2', amount: '45000.00', subUei: 'TESTFOXT0001', subName: 'FOXTROT CLOUD LLC', awarding: '7014' },
    ]))],
  });
  await resolveEntities(store.db);
  ice = findAgency(await loadAgencyDirectory(store.db), 'ICE');
  ctx = await answerContext(store.db, 'test');
});
afterAll(() => store.cleanup());

const MONEY = /^-?\d+\.\d{2}$/;

describe('agency answer: basis', () => {
  it('awarding, funding and either select different transactions, and the split says how', async () => {
    const awarding = await agencyAnswer(store.db, ice, ctx, { basis: 'awarding' });
    const funding = await agencyAnswer(store.db, ice, ctx, { basis: 'funding' });
    const either = await agencyAnswer(store.db, ice, ctx, { basis: 'either' });
    expect(awarding.totals.obligations).toBe('95.25'); // 100 - 40 + 30 + 5.25
    expect(funding.totals.obligations).toBe('110.00'); // 100 - 40 + 50
    expect(either.totals.obligations).toBe('145.25');
    expect(either.split).toEqual({
      both: { obligations: '60.00', transactions: 2 },
      awardingOnly: { obligations: '35.25', transactions: 2 },
      fundingOnly: { obligations: '50.00', transactions: 1 },
      noFundingAgency: { obligations: '5.25', transactions: 1 },
    });
    expect(either.caveats.join(' ')).toContain('no funding agency');
  });

  it('ranks families (parent field joins Bravo West to Bravo) with shares, split columns and years', async () => {
    const a = await agencyAnswer(store.db, ice, ctx, { basis: 'either' });
    expect(a.families.map((f) => [f.rank, f.familyId, f.obligations, f.share, f.awards, f.transactions, f.awardedBy, f.fundedBy])).toEqual([
      [1, 'uei-testbravo001', '80.00', '55.08', 2, 2, '30.00', '50.00'],
      [2, 'uei-testalpha001', '60.00', '41.31', 1, 2, '60.00', '60.00'],
      [3, 'uei-testdelta001', '5.25', '3.61', 1, 1, '5.25', '0.00'],
    ]);
    const bravo = a.families[0]!;
    expect([bravo.firstFiscalYear, bravo.lastFiscalYear]).toEqual([2021, 2022]);
    expect(a.totals).toEqual({ obligations: '145.25', transactions: 5, awards: 4, families: 3 });
  });

  it('keeps negative amounts: a de-obligation lowers the family total and shows in its record list', async () => {
    const a = await agencyAnswer(store.db, ice, ctx, { basis: 'awarding', explain: true });
    const alpha = a.families.find((f) => f.familyId === 'uei-testalpha001')!;
    expect(alpha.obligations).toBe('60.00');
    expect(alpha.evidence!.map((e) => e.amount)).toEqual(['100.00', '-40.00']);
    expect(alpha.evidence!.every((e) => e.sourceFile.endsWith('tx.csv') && e.table === 'transactions')).toBe(true);
    expect(alpha.evidence!.map((e) => e.line)).toEqual([2, 3]);
    // every listed family's evidence sums to its figure
    for (const f of a.families) expect(formatCents(f.evidence!.reduce((s, e) => s + cents(e.amount!), 0n))).toBe(f.obligations);
  });
});

describe('fiscal years', () => {
  it('30 September belongs to its year, 1 October to the next', async () => {
    const fy21 = await agencyAnswer(store.db, ice, ctx, { basis: 'either', fiscalYears: parseFiscalYears('2021') });
    expect(fy21.totals.obligations).toBe('50.00'); // B1 on 2021-09-30
    const fy22 = await agencyAnswer(store.db, ice, ctx, { basis: 'either', fiscalYears: parseFiscalYears('FY2022') });
    expect(fy22.totals.obligations).toBe('90.00'); // C1 on 2021-10-01, A1 and its de-obligation
    const range = await agencyAnswer(store.db, ice, ctx, { basis: 'either', fiscalYears: parseFiscalYears('2021..2022') });
    expect(range.trend).toEqual([
      { fiscalYear: 2021, obligations: '50.00', transactions: 1 },
      { fiscalYear: 2022, obligations: '90.00', transactions: 3 },
    ]);
  });
});

describe('what is kept apart from prime totals', () => {
  it('an award known only from its summary is listed with its life-of-award total, not added', async () => {
    const a = await agencyAnswer(store.db, ice, ctx, { basis: 'either', explain: true });
    expect(a.awardSummariesOnly.awards).toBe(1);
    expect(a.awardSummariesOnly.totalObligated).toBe('777.77');
    expect(a.awardSummariesOnly.families[0]!.evidence![0]).toMatchObject({ table: 'award_summaries', key: 'CONT_AWD_S1_7012_-NONE-_-NONE-', line: 2 });
    expect(a.totals.obligations).toBe('145.25');
  });

  it('subawards under the agency\'s primes are listed by subawardee family, repeats flagged, never added', async () => {
    const a = await agencyAnswer(store.db, ice, ctx, { basis: 'either' });
    expect(a.subawards).toMatchObject({ subawards: 2, amount: '120000.00', amountWithoutRepeats: '60000.00', repeats: 1 });
    expect(a.subawards.families).toEqual([
      expect.objectContaining({ familyId: 'uei-testfoxt0001', subawards: 2, amount: '120000.00', primes: ['ALPHA DATA LLC'] }),
    ]);
    expect(a.totals.obligations).toBe('145.25');
  });
});

describe('company answer', () => {
  it('gives members with reasons, obligations by agency and year, and subawards received by prime and agency', async () => {
    const bravo = await companyAnswer(store.db, await findCompany(store.db, 'Bravo Guards'), ctx, { agencyBasis: 'awarding' });
    expect(bravo.members.map((m) => m.recipientId)).toEqual(['uei:TESTBRAVO001', 'uei:TESTBRAVO002']);
    expect(bravo.byAgency.map((r) => [r.subtierCode, r.obligations, r.share])).toEqual([['7001', '50.00', '62.50'], ['7012', '30.00', '37.50']]);
    const byFunding = await companyAnswer(store.db, await findCompany(store.db, 'Bravo Guards'), ctx, { agencyBasis: 'funding' });
    expect(byFunding.byAgency.map((r) => [r.subtierCode, r.obligations])).toEqual([['7012', '50.00'], ['7014', '30.00']]);

    const fox = await companyAnswer(store.db, await findCompany(store.db, 'FOXTROT CLOUD'), ctx, { agencyBasis: 'awarding', explain: true });
    expect(fox.totals.obligations).toBe('0.00');
    expect(fox.subawardsReceived.rows.map((r) => [r.primeFamilyId, r.primeAgencySubtierCode, r.subawards, r.amount, r.amountWithoutRepeats])).toEqual([
      ['uei-testalpha001', '7012', 2, '120000.00', '60000.00'],
      ['uei-testecho0001', '7014', 1, '45000.00', '45000.00'],
    ]);
    expect(fox.subawardsReceived.rows[0]!.evidence!.map((e) => e.line)).toEqual([2, 3]);
  });

  it('money everywhere in the JSON is an exact decimal string', async () => {
    const a = await agencyAnswer(store.db, ice, ctx, { basis: 'either' });
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (/obligations|amount|awardedBy|fundedBy|totalObligated/i.test(k) && typeof x !== 'object') {
            expect(x, `${path}.${k}`).toMatch(MONEY);
          } else walk(x, `${path}.${k}`);
        }
      }
    };
    walk(JSON.parse(JSON.stringify(a)), 'answer');
  });
});

describe('breakdown', () => {
  it('by category: per-year shares come from exact sums and add up to 100%', async () => {
    const b = await breakdownAnswer(store.db, ice, 'category', ctx, { basis: 'either' });
    for (const t of b.totals) {
      const rows = b.rows.filter((r) => r.fiscalYear === t.fiscalYear);
      expect(formatCents(rows.reduce((s, r) => s + cents(r.obligations), 0n))).toBe(t.obligations);
      const shareSum = rows.reduce((s, r) => s + Number(r.share), 0);
      expect(Math.abs(shareSum - 100)).toBeLessThanOrEqual(0.01 * rows.length);
    }
    const fy2022 = b.rows.filter((r) => r.fiscalYear === 2022).map((r) => [r.code, r.obligations, r.share]);
    expect(fy2022).toEqual([['it_data_services', '60.00', '66.67'], ['professional_services', '30.00', '33.33']]);
    const fy2021 = b.rows.filter((r) => r.fiscalYear === 2021).map((r) => [r.code, r.obligations]);
    expect(fy2021).toEqual([['detention_facilities', '50.00']]); // S206 bought from a facilities-support NAICS
  });

  it('--explain attaches the records of each row; they sum to its figure', async () => {
    const b = await breakdownAnswer(store.db, ice, 'category', ctx, { basis: 'either', explain: true });
    for (const r of b.rows) expect(formatCents(r.evidence!.reduce((s, e) => s + cents(e.amount!), 0n)), `${r.fiscalYear} ${r.code}`).toBe(r.obligations);
    const it22 = b.rows.find((r) => r.fiscalYear === 2022 && r.code === 'it_data_services')!;
    expect(it22.evidence!.map((e) => [e.amount, e.line])).toEqual([['100.00', 2], ['-40.00', 3]]);
  });

  it('by psc and by year', async () => {
    const psc = await breakdownAnswer(store.db, ice, 'psc', ctx, { basis: 'awarding' });
    expect(psc.rows.map((r) => [r.code, r.obligations])).toEqual([['D302', '60.00'], ['R408', '30.00'], ['2310', '5.25']]);
    const years = await breakdownAnswer(store.db, ice, 'year', ctx, { basis: 'awarding' });
    expect(years.rows.map((r) => [r.code, r.obligations, r.share])).toEqual([['2022', '90.00', '94.49'], ['2023', '5.25', '5.51']]);
  });

  it('an agency with no records in the years asked says so', async () => {
    const cbp = findAgency(await loadAgencyDirectory(store.db), 'CBP');
    const b = await breakdownAnswer(store.db, cbp, 'category', ctx, { basis: 'either', fiscalYears: parseFiscalYears('2030') });
    expect(b.rows).toEqual([]);
    expect(b.caveats[0]).toMatch(/^No prime transactions of/);
  });
});
