/**
 * A small synthetic store for report tests: ICE transactions over three fiscal years (one recipient
 * with a hostile name and description), a CBP-only supplier, a subaward, and a FedRAMP feed in which an
 * Amazon cloud is authorized by ICE and hosts a Palantir offering, so every section has content.
 */
import { expect } from 'vitest';
import { ensureGraph } from '../../src/graph/graphAnswers.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ingest } from '../../src/ingest.js';
import { subCsv, TX_HEADER, txRow } from '../support/answerFixtures.js';
import { writeCsv } from '../support/csv.js';
import { loadAgencyReference } from '../support/ingestHelpers.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

export const HOSTILE_NAME = 'EVIL <script>alert("name")</script> & CO';
export const HOSTILE_DESCRIPTION = '<img src=x onerror="alert(1)"> | [link](javascript:alert(2)) **bold** `code`';

function product(id: string, cso: string, csp: string, models: string[], leveraged: unknown[] = []) {
  return { id, csp, cso, status: 'FedRAMP Authorized', impact_level: 'High', service_model: models, leveraged_systems: leveraged, uei: '', fedramp_auth: '2020-01-01T00:00:00.000Z' };
}

const FEED = JSON.stringify({
  meta: { last_change: '2026-01-01T00:00:00.000Z' },
  data: {
    Products: [
      product('F1', 'Big Cloud GovCloud', 'Amazon', ['IaaS', 'PaaS', 'SaaS'], [{ id: 'F2', cso: 'Case Platform - High' }]),
      product('F2', 'Case Platform - High', 'Palantir Technologies Inc.', ['PaaS', 'SaaS']),
    ],
    Agencies: [
      { id: '22-002', parent: 'Department of Homeland Security', sub: '' },
      { id: '22-002-04', parent: 'Department of Homeland Security', sub: 'Immigration and Customs Enforcement', sub_id: '22-002-04' },
    ],
    AtoMapping: [{ id: 'F1', agency_id: '22-002-04', parent: 'Department of Homeland Security', sub: 'Immigration and Customs Enforcement', ato_date: '2024-04-27T20:00:00.000Z', auth_date: '', exp_date: '' }],
    ReuseMapping: [],
  },
}, null, 1);

/** Builds the store (resolved, graph built); the caller cleans it up. */
export async function reportStore(): Promise<TempStore> {
  const store = await tempStore({ autoCleanup: false });
  await loadAgencyReference(store);
  const rows = [
    { piid: 'P1', amount: '1000000.00', name: 'PALANTIR TECHNOLOGIES INC.', date: '2021-05-01' },
    { piid: 'P1', mod: '1', amount: '2500000.00', name: 'PALANTIR TECHNOLOGIES INC.', date: '2022-05-01' },
    { piid: 'P1', mod: '2', amount: '-250000.00', name: 'PALANTIR TECHNOLOGIES INC.', date: '2023-02-01' },
    { piid: 'R1', amount: '400000.00', uei: 'TESTRESELL01', name: 'CLOUDSHOP RESELLER LLC', date: '2022-02-01' },
    { piid: 'R2', amount: '150000.00', uei: 'TESTRESELL01', name: 'CLOUDSHOP RESELLER LLC', date: '2023-03-01' },
    { piid: 'G1', amount: '7000000.00', uei: 'TESTGUARD001', name: 'GUARD SERVICES LLC', date: '2021-07-01', psc: 'S206' },
    { piid: 'G1', mod: '1', amount: '8000000.00', uei: 'TESTGUARD001', name: 'GUARD SERVICES LLC', date: '2022-07-01', psc: 'S206' },
    { piid: 'E1', amount: '12345.67', uei: 'TESTEVIL0001', name: HOSTILE_NAME, date: '2022-09-01' },
    { piid: 'C1', amount: '900000.00', uei: 'TESTCACI0001', name: 'CACI NSS, LLC', date: '2023-06-01' },
    { piid: 'X1', amount: '40000.00', uei: 'TESTCBPONLY1', name: 'BORDER TOWING LLC', awarding: '7014', date: '2023-06-01' },
  ].map(txRow);
  const describe = (piid: string, text: string): void => {
    for (const r of rows.filter((x) => x['award_id_piid'] === piid)) {
      r['transaction_description'] = text;
      r['prime_award_base_transaction_description'] = text;
    }
  };
  describe('R1', 'AMAZON WEB SERVICES (AWS) CLOUD HOSTING RENEWAL');
  describe('R2', 'AWS GOVCLOUD CONSUMPTION'); // a resale cue (data/brands.yaml relations)
  describe('E1', HOSTILE_DESCRIPTION);
  const tx = writeCsv(TX_HEADER, rows);
  const r1 = await ingest(store.db, { paths: [store.write('tx.csv', tx)] });
  expect(r1.failed, JSON.stringify(r1.files)).toBe(0);
  await ingest(store.db, {
    paths: [store.write('subs.csv', subCsv([
      { primePiid: 'C1', primeName: 'CACI NSS, LLC', primeUei: 'TESTCACI0001', number: 'S-1', amount: '120000.00', subName: 'THOMSON REUTERS SPECIAL SERVICES LLC', date: '2023-07-01' },
    ]))],
  });
  const feed = await ingest(store.db, { paths: [store.write('fedramp/data.json', FEED)] });
  expect(feed.failed, JSON.stringify(feed.files)).toBe(0);
  await resolveEntities(store.db);
  await ensureGraph(store.db, [], async () => []);
  return store;
}
