/**
 * The precomputed answer facts (src/analysis/answerFacts.ts) give exactly the answers computed from the
 * records, on a synthetic store and on the real ICE/CBP files; a new ingest makes them stale (answers
 * then compute directly), and the next resolution brings them back, with the new rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyAnswer } from '../../src/analysis/agencyAnswer.js';
import { answerContext, type AnswerContext } from '../../src/analysis/answer.js';
import { currentAnswerFacts } from '../../src/analysis/answerFacts.js';
import { companyAnswer } from '../../src/analysis/companyAnswer.js';
import { parseFiscalYears } from '../../src/analysis/fiscalYears.js';
import { findAgency, loadAgencyDirectory, type AgencyRef } from '../../src/entities/agencies.js';
import { findCompany } from '../../src/entities/companies.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ingest } from '../../src/ingest.js';
import type { Database } from '../../src/store/database.js';
import { writeCsv } from '../support/csv.js';
import { SUMMARY_HEADER, subCsv, txCsv, type TxSpec } from '../support/answerFixtures.js';
import { loadAgencyReference } from '../support/ingestHelpers.js';
import { REAL_DATA_SKIP_REASON, hasRealData } from '../support/realData.js';
import { tempStore, type TempStore } from '../support/tempStore.js';
import { realAnswersStore } from '../support/realStores.js';

const TX: TxSpec[] = [
  { piid: 'A1', amount: '100.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2022-01-10', psc: 'D302' },
  { piid: 'A1', mod: '1', amount: '-40.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2022-06-10', psc: 'D302' },
  { piid: 'A1', mod: '2', amount: '12.34', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2023-06-10', psc: 'D302' },
  { piid: 'A2', amount: '60.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2021-03-10', psc: '7030', funding: '7014' },
  { piid: 'B1', amount: '50.00', uei: 'TESTBRAVO001', name: 'BRAVO GUARDS INC', awarding: '7001', funding: '7012', date: '2021-09-30', psc: 'S206', naics: '561210' },
  { piid: 'C1', amount: '30.00', uei: 'TESTBRAVO002', name: 'BRAVO GUARDS WEST LLC', parentUei: 'TESTBRAVO001', parentName: 'BRAVO GUARDS INC', funding: '7014', date: '2021-10-01', psc: 'R408' },
  { piid: 'C1', mod: '1', amount: '30.00', uei: 'TESTBRAVO002', name: 'BRAVO GUARDS WEST LLC', parentUei: 'TESTBRAVO001', parentName: 'BRAVO GUARDS INC', funding: '7014', date: '2022-10-01', psc: 'R408' },
  { piid: 'D1', amount: '5.25', uei: 'TESTDELTA001', name: 'DELTA VEHICLES CORP', funding: '', date: '2023-02-01', psc: '2310' },
  // same amount as A2: ties in the ranking order as the direct computation orders them
  { piid: 'G1', amount: '60.00', name: 'GOLF NAME ONLY SERVICES', date: '2022-02-02', naics: '541512' },
  { piid: 'E1', amount: '1000.00', uei: 'TESTECHO0001', name: 'ECHO BUILDERS INC', awarding: '7014', date: '2022-02-02', psc: 'Y1AA' },
  { piid: 'E1', mod: '1', amount: '-1000.00', uei: 'TESTECHO0001', name: 'ECHO BUILDERS INC', awarding: '7014', date: '2023-02-02', psc: 'Y1AA' },
];

/** Every SQL statement `fn` sends through db.all and db.one. */
async function statementsOf<T>(db: Database, fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const sql: string[] = [];
  const all = db.all.bind(db);
  const one = db.one.bind(db);
  db.all = (async (s: string, p?: never) => { sql.push(s); return all(s, p); }) as Database['all'];
  db.one = (async (s: string, p?: never) => { sql.push(s); return one(s, p); }) as Database['one'];
  try {
    return { result: await fn(), sql };
  } finally {
    db.all = all;
    db.one = one;
  }
}

const FY = [undefined, parseFiscalYears('2022'), parseFiscalYears('2021..2023'), parseFiscalYears('2030')];

/** Asserts that every agency and company answer is the same with and without the facts, and that the facts were read. */
async function expectSameAnswers(db: Database, ctx: AnswerContext, agencies: AgencyRef[], familyIds: string[], fys = FY): Promise<void> {
  for (const ref of agencies) {
    for (const basis of ['either', 'awarding', 'funding'] as const) {
      for (const fiscalYears of fys) {
        const options = { basis, ...(fiscalYears ? { fiscalYears } : {}), limit: 3, topAwards: 4 };
        const direct = await agencyAnswer(db, ref, ctx, { ...options, useFacts: false });
        const { result: fast, sql } = await statementsOf(db, () => agencyAnswer(db, ref, ctx, options));
        expect(fast, `${ref.level} ${ref.code} ${basis} ${JSON.stringify(fiscalYears)}`).toEqual(direct);
        expect(sql.some((s) => s.includes('answer_tx'))).toBe(true);
        expect(sql.some((s) => s.includes('FROM tx_current'))).toBe(false);
      }
    }
  }
  for (const familyId of familyIds) {
    const company = await findCompany(db, familyId);
    for (const agencyBasis of ['awarding', 'funding'] as const) {
      for (const fiscalYears of fys) {
        const options = { agencyBasis, ...(fiscalYears ? { fiscalYears } : {}), topAwards: 4 };
        const direct = await companyAnswer(db, company, ctx, { ...options, useFacts: false });
        const { result: fast, sql } = await statementsOf(db, () => companyAnswer(db, company, ctx, options));
        expect(fast, `${familyId} ${agencyBasis} ${JSON.stringify(fiscalYears)}`).toEqual(direct);
        expect(sql.some((s) => s.includes('answer_tx'))).toBe(true);
        expect(sql.some((s) => s.includes('FROM tx_current'))).toBe(false);
      }
    }
  }
}

describe('answer facts on a synthetic store', () => {
  let store: TempStore;
  let ctx: AnswerContext;
  let agencies: AgencyRef[];

  beforeAll(async () => {
    store = await tempStore({ autoCleanup: false });
    await loadAgencyReference(store);
    await ingest(store.db, { paths: [store.write('tx.csv', txCsv(TX))] });
    await ingest(store.db, {
      paths: [store.write('summaries.csv', writeCsv(SUMMARY_HEADER, [
        {
          contract_award_unique_key: 'CONT_AWD_S1_7012_-NONE-_-NONE-', award_id_piid: 'S1', total_obligated_amount: '777.77',
          award_base_action_date: '2021-11-01', award_base_action_date_fiscal_year: '2022', award_latest_action_date: '2022-08-01',
          award_latest_action_date_fiscal_year: '2022', awarding_agency_code: '070', awarding_sub_agency_code: '7012',
          funding_agency_code: '070', funding_sub_agency_code: '7012', recipient_uei: 'TESTALPHA001', recipient_name: 'ALPHA DATA LLC',
          last_modified_date: '2024-01-01 00:00:00',
        },
        {
          // an award whose transactions are loaded: counted with transactions, not as summary-only
          contract_award_unique_key: 'CONT_AWD_A1_7012_-NONE-_-NONE-', award_id_piid: 'A1', total_obligated_amount: '72.34',
          award_base_action_date: '2022-01-10', award_base_action_date_fiscal_year: '2022', award_latest_action_date: '2023-06-10',
          award_latest_action_date_fiscal_year: '2023', awarding_agency_code: '070', awarding_sub_agency_code: '7012',
          funding_agency_code: '070', funding_sub_agency_code: '7012', recipient_uei: 'TESTALPHA001', recipient_name: 'ALPHA DATA LLC',
          last_modified_date: '2024-01-01 00:00:00',
        },
      ]))],
    });
    await ingest(store.db, {
      paths: [store.write('subs.csv', subCsv([
        { primePiid: 'A1', primeName: 'ALPHA DATA LLC', primeUei: 'TESTALPHA001', number: 'SUB-1', reportId: 'R1', amount: '60000.00', subUei: 'TESTFOXT0001', subName: 'FOXTROT CLOUD LLC', date: '2022-03-01' },
        { primePiid: 'A1', primeName: 'ALPHA DATA LLC', primeUei: 'TESTALPHA001', number: 'SUB-1', reportId: 'R2', amount: '60000.00', subUei: 'TESTFOXT0001', subName: 'FOXTROT CLOUD LLC', date: '2022-04-01' },
        { primePiid: 'E1', primeName: 'ECHO BUILDERS INC', primeUei: 'TESTECHO0001', number: 'SUB-2', amount: '45000.00', subUei: 'TESTFOXT0001', subName: 'FOXTROT CLOUD LLC', awarding: '7014' },
        { primePiid: 'C1', primeName: 'BRAVO GUARDS WEST LLC', primeUei: 'TESTBRAVO002', number: 'SUB-3', amount: '31000.00', subName: 'HOTEL NAME ONLY LLC', date: '2023-01-05' },
      ]))],
    });
    await resolveEntities(store.db);
    ctx = await answerContext(store.db, 'test');
    const dir = await loadAgencyDirectory(store.db);
    agencies = ['ICE', 'CBP', '7001', 'DHS'].map((q) => findAgency(dir, q));
  }, 60_000);
  afterAll(() => store?.cleanup());

  it('are current after resolution', async () => {
    expect(await currentAnswerFacts(store.db)).toEqual({ subawardRepeatsUniform: true });
  });

  it('agency and company answers equal the direct computation for every agency, basis, fiscal years and family', async () => {
    const families = (await store.db.all<{ family_id: string }>(`SELECT family_id FROM entity_families ORDER BY 1`)).map((r) => r.family_id);
    expect(families.length).toBeGreaterThanOrEqual(6);
    await expectSameAnswers(store.db, ctx, agencies, families);
  }, 60_000);

  it('a new ingest makes them stale: answers compute from the records (and include the new rows) until the next resolution', async () => {
    const ice = agencies[0]!;
    const before = await agencyAnswer(store.db, ice, ctx, { basis: 'either' });
    await ingest(store.db, {
      paths: [store.write('tx2.csv', txCsv([
        { piid: 'K1', amount: '9.99', uei: 'TESTKILO0001', name: 'KILO SYSTEMS LLC', date: '2022-05-05', psc: 'D302' },
      ]))],
    });
    expect(await currentAnswerFacts(store.db)).toBeNull();
    const { result: stale, sql } = await statementsOf(store.db, () => agencyAnswer(store.db, ice, ctx, { basis: 'either' }));
    expect(sql.some((s) => s.includes('answer_tx'))).toBe(false);
    expect(stale.totals.transactions).toBe(before.totals.transactions + 1);
    expect(stale).toEqual(await agencyAnswer(store.db, ice, ctx, { basis: 'either', useFacts: false }));

    await resolveEntities(store.db);
    expect(await currentAnswerFacts(store.db)).not.toBeNull();
    const { result: fresh, sql: freshSql } = await statementsOf(store.db, () => agencyAnswer(store.db, ice, ctx, { basis: 'either' }));
    expect(freshSql.some((s) => s.includes('answer_tx'))).toBe(true);
    expect(fresh.totals.transactions).toBe(before.totals.transactions + 1);
    expect(fresh.families.map((f) => f.familyId)).toContain('uei-testkilo0001');
    expect(fresh).toEqual(await agencyAnswer(store.db, ice, ctx, { basis: 'either', useFacts: false }));
  }, 60_000);
});

describe.skipIf(!hasRealData)('answer facts on the real ICE and CBP files', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  let store: TempStore;

  beforeAll(async () => {
    store = await realAnswersStore();
  }, 120_000);
  afterAll(() => store?.cleanup());

  it('agency answers (ICE, CBP, DHS) and the largest families\' company answers equal the direct computation', async () => {
    expect(await currentAnswerFacts(store.db)).not.toBeNull();
    const ctx = await answerContext(store.db, 'test');
    const dir = await loadAgencyDirectory(store.db);
    const agencies = ['ICE', 'CBP', 'DHS'].map((q) => findAgency(dir, q));
    const top = (await store.db.all<{ family_id: string }>(
      `SELECT family_id FROM tx_current WHERE family_id IS NOT NULL GROUP BY 1 ORDER BY sum(federal_action_obligation) DESC, 1 LIMIT 6`,
    )).map((r) => r.family_id);
    await expectSameAnswers(store.db, ctx, agencies, [...new Set([...top, 'thomson-reuters', 'palantir'])], [undefined, parseFiscalYears('2022')]);
  }, 300_000);
});
