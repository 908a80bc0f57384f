/**
 * The property behind every path and partner sentence: for any agency A in the store, on any basis and in
 * any fiscal years asked, every record cited as evidence on a step labelled as backed at A is a record at
 * A on that basis, in those years. Checked on the real data store and on a seeded synthetic store, against
 * the records' own fields read from the store's record views (transactions, subawards), not the graph.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerContext, type AnswerContext, type Basis } from '../../src/analysis/answer.js';
import { fiscalYearOf, type FiscalYearRange } from '../../src/analysis/fiscalYears.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ensureGraph, partnersAnswer, pathAnswer, type StepView } from '../../src/graph/graphAnswers.js';
import { ingest } from '../../src/ingest.js';
import { edgeKind } from '../../src/model/edgeKinds.js';
import type { Database } from '../../src/store/database.js';
import { subCsv, txCsv, type SubSpec, type TxSpec } from '../support/answerFixtures.js';
import { loadAgencyReference } from '../support/ingestHelpers.js';
import { REAL_DATA_SKIP_REASON, hasRealData } from '../support/realData.js';
import { realGraphStore } from '../support/realStores.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

type RecordAt = { awarding: string | null; funding: string | null; date: string | null; [k: string]: unknown };

/** A cited record's agency fields and date, read from the record views by its key. */
async function recordAt(db: Database, table: string, key: string): Promise<RecordAt | null> {
  const sql = table === 'transactions'
    ? `SELECT awarding_sub_agency_code AS awarding, funding_sub_agency_code AS funding, CAST(action_date AS VARCHAR) AS date
       FROM transactions WHERE contract_transaction_unique_key = ?`
    : table === 'subawards'
      ? `SELECT prime_award_awarding_sub_agency_code AS awarding, prime_award_funding_sub_agency_code AS funding, CAST(subaward_action_date AS VARCHAR) AS date
         FROM subawards WHERE subaward_key = ?`
      : null;
  if (!sql) return null;
  return (await db.one<RecordAt>(sql, [key])) ?? null;
}

function atAgency(r: RecordAt, agency: string, basis: Basis): boolean {
  if (basis === 'awarding') return r.awarding === agency;
  if (basis === 'funding') return r.funding === agency;
  return r.awarding === agency || r.funding === agency;
}

/** Checks every step backed at `agency`; returns how many cited records were checked. */
async function checkSteps(db: Database, steps: readonly StepView[], agency: string, basis: Basis, years: FiscalYearRange | null, what: string): Promise<number> {
  let checked = 0;
  for (const s of steps) {
    if (s.scope?.status !== 'at agency' || edgeKind(s.kind).agencyScope === 'none') continue;
    expect(s.scope.basis, what).toBe(basis);
    for (const rec of s.evidence.records) {
      const r = await recordAt(db, rec.table, rec.key);
      if (rec.table !== 'transactions' && rec.table !== 'subawards') continue;
      expect(r, `${what}: ${rec.table} ${rec.key} is in the store`).not.toBeNull();
      expect(atAgency(r!, agency, basis), `${what}: "${s.sentence}" cites ${rec.table} ${rec.key} (awarding ${r!.awarding}, funding ${r!.funding}) as at ${agency} on the ${basis} basis`).toBe(true);
      if (years) {
        const fy = fiscalYearOf(r!.date!);
        expect(fy >= years.from && fy <= years.to, `${what}: ${rec.key} dated ${r!.date} (FY${fy})`).toBe(true);
      }
      checked++;
    }
  }
  return checked;
}

/** Agencies paying primes in the store, each with its busiest fiscal year, and companies with edges at it. */
async function agenciesAndCompanies(db: Database, perAgency: number): Promise<Array<{ agency: string; year: number; companies: string[] }>> {
  const agencies = await db.all<{ a: string; fy: number }>(
    `SELECT awarding_sub_agency_code AS a, mode(action_date_fiscal_year)::INTEGER AS fy FROM transactions
     WHERE awarding_sub_agency_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC`);
  const out = [];
  for (const { a, fy } of agencies) {
    // the largest prime families there, and the families whose subaward or brand edges list the agency
    const companies = await db.all<{ id: string }>(
      `SELECT id FROM (
         SELECT substr(to_node, 8) AS id, max(abs(amount)) AS w FROM graph_edges WHERE kind = 'prime' AND from_node = ? GROUP BY 1
         UNION ALL
         SELECT substr(to_node, 8), max(abs(amount)) FROM graph_edges WHERE kind <> 'prime' AND to_node LIKE 'family:%'
           AND list_contains(string_split(coalesce(agencies, ''), ','), ?) GROUP BY 1)
       GROUP BY id ORDER BY max(w) DESC NULLS LAST, id LIMIT ?`, [`agency:${a}`, a, perAgency]);
    out.push({ agency: a, year: fy, companies: companies.map((c) => c.id) });
  }
  return out;
}

async function checkStore(db: Database, ctx: AnswerContext, perAgency: number, extraCompanies: readonly string[]): Promise<{ answers: number; records: number }> {
  let answers = 0;
  let records = 0;
  for (const { agency, year, companies } of await agenciesAndCompanies(db, perAgency)) {
    for (const company of [...new Set([...companies, ...extraCompanies])]) {
      // each basis once, and the busiest year on two of them (each answer also computes its coverage block)
      const combos: Array<[Basis, FiscalYearRange | null]> = [['either', null], ['awarding', null], ['funding', { from: year, to: year }], ['either', { from: year, to: year }]];
      for (const [basis, years] of combos) {
        {
          const what = `${company} → ${agency} (${basis}${years ? `, FY${year}` : ''})`;
          const opts = { basis, ...(years ? { years } : {}) };
          const path = await pathAnswer(db, ctx, company, `subtier:${agency}`, { ...opts, limit: 5 });
          records += await checkSteps(db, path.paths.flatMap((p) => p.steps), agency, basis, years, `path ${what}`);
          for (const p of path.paths) {
            // "every step backed" only where every step is
            if (p.why.some((w) => w.startsWith('every step backed by records at'))) {
              expect(p.steps.every((s) => s.scope?.status !== 'context'), `path ${what} #${p.rank}`).toBe(true);
            }
          }
          const partners = await partnersAnswer(db, ctx, company, `subtier:${agency}`, opts);
          records += await checkSteps(db, partners.partners.flatMap((p) => [...p.withCompany, ...p.withAgency]), agency, basis, years, `partners ${what}`);
          answers += 2;
        }
      }
    }
  }
  return { answers, records };
}

/** A tiny deterministic generator (mulberry32), so the synthetic store is the same every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('property: a step labelled backed at an agency cites only records at that agency (basis, years)', () => {
  describe('on a seeded synthetic store', () => {
    let store: TempStore;
    beforeAll(async () => {
      store = await tempStore({ autoCleanup: false });
      await loadAgencyReference(store);
      const rnd = prng(13);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const texts = ['AMAZON WEB SERVICES PUBLIC CLOUD', 'AWS PROFESSIONAL SERVICES', 'BRIDGE TASK ORDER FOR AMAZON WEB SERVICES (AWS) FOR CBP.', 'MICROSOFT ELA LICENSES', 'IT SUPPORT', 'GUARD SERVICES'];
      const tx: TxSpec[] = [];
      const subs: SubSpec[] = [];
      for (let i = 0; i < 120; i++) {
        const firm = i % 12;
        const awarding = pick(['7012', '7014', '7001']);
        tx.push({
          piid: `P${i}`, amount: `${Math.floor(rnd() * 90000) - 10000}.${String(Math.floor(rnd() * 100)).padStart(2, '0')}`,
          uei: `TESTFIRM${String(firm).padStart(4, '0')}`, name: `FIRM ${firm} LLC`, awarding,
          funding: pick([awarding, '7012', '7014', '']), date: pick(['2021-02-01', '2021-11-15', '2022-06-30', '2023-01-10']),
        });
      }
      const described = tx.reduce((csv, t) => csv.replace(`WORK ON ${t.piid},`, `${pick(texts)},`), txCsv(tx));
      for (let i = 0; i < 30; i++) {
        subs.push({ primePiid: `P${i}`, primeName: `FIRM ${i % 12} LLC`, primeUei: `TESTFIRM${String(i % 12).padStart(4, '0')}`, number: `S-${i}`,
          amount: `${30000 + i * 1000}.00`, subName: `SUB ${i % 5} INC`, date: pick(['2021-03-01', '2022-03-01']), awarding: pick(['7012', '7014']) });
      }
      await ingest(store.db, { paths: [store.write('tx.csv', described)] });
      await ingest(store.db, { paths: [store.write('subs.csv', subCsv(subs))] });
      await resolveEntities(store.db);
      await ensureGraph(store.db, [], async () => []);
    }, 120_000);
    afterAll(() => store?.cleanup());

    it('holds for every agency, basis and year asked', async () => {
      const kinds = await store.db.all<{ kind: string }>(`SELECT DISTINCT kind FROM graph_edges ORDER BY 1`);
      // the store exercises the scoped kinds: prime at several agencies, subawards, each brand kind
      expect(kinds.map((k) => k.kind), JSON.stringify(kinds)).toEqual(expect.arrayContaining(['names', 'prime', 'resells', 'services_on', 'subaward']));
      const r = await checkStore(store.db, await answerContext(store.db, 'test'), 3, ['Amazon']);
      expect(r.answers).toBeGreaterThan(30);
      expect(r.records).toBeGreaterThan(30);
    }, 300_000);
  });

  describe.skipIf(!hasRealData)('on the real data store', () => {
    if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
    let store: TempStore;
    beforeAll(async () => { store = await realGraphStore(); }, 300_000);
    afterAll(() => store?.cleanup());

    it('holds for every agency paying primes there, on each basis, all years and its busiest year', async () => {
      const r = await checkStore(store.db, await answerContext(store.db, 'test'), 2, ['Amazon', 'Thomson Reuters']);
      expect(r.records).toBeGreaterThan(100);
    }, 900_000);
  });
});
