/**
 * A small store for the web tests: ICE and CBP transactions with hostile record text (markup, formula
 * prefixes), a de-obligation, two near-identical supplier names (an entity suggestion), a reseller
 * naming AWS, and a served copy of it on a free loopback port.
 */
import { resolveEntities } from '../../src/entities/resolve.js';
import { ensureGraph } from '../../src/graph/graphAnswers.js';
import { ingest } from '../../src/ingest.js';
import { startServer, type RunningServer, type ServeOptions } from '../../src/web/server.js';
import { TX_HEADER, txRow } from '../support/answerFixtures.js';
import { writeCsv } from '../support/csv.js';
import { loadAgencyReference } from '../support/ingestHelpers.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

export const XSS_NAME = 'EVIL <script>window.__xss=1</script> LLC';
export const XSS_DESCRIPTION = `<img src=x onerror="window.__xss=2">"'><svg onload=window.__xss=3>`;
export const FORMULA_DESCRIPTION = '=HYPERLINK("http://evil.example","click")';

export async function buildWebStore(): Promise<TempStore> {
  const store = await tempStore({ autoCleanup: false });
  await loadAgencyReference(store);
  const rows = [
    { piid: 'X1', amount: '1000.00', uei: 'TESTEVIL0001', name: XSS_NAME, date: '2022-02-01' },
    { piid: 'F1', amount: '250.00', uei: 'TESTFORM0001', name: '@SUM(A1) HOLDINGS', date: '2022-03-01' },
    { piid: 'A1', amount: '500.00', uei: 'TESTACME0001', name: 'ACME DATA SYSTEMS LLC', date: '2021-12-01' },
    { piid: 'A1', mod: '1', amount: '-120.50', uei: 'TESTACME0001', name: 'ACME DATA SYSTEMS LLC', date: '2022-06-01' },
    { piid: 'A2', amount: '300.00', uei: 'TESTACME0002', name: 'ACME DATA SYSTEM, LLC', date: '2023-01-10' },
    { piid: 'R1', amount: '700.00', uei: 'TESTRESELL01', name: 'CLOUDSHOP RESELLER LLC', date: '2022-04-01' },
    { piid: 'P1', amount: '900.00', name: 'PALANTIR TECHNOLOGIES INC.', date: '2022-05-01' },
    { piid: 'B1', amount: '40.00', uei: 'TESTCBPONLY1', name: 'BORDER TOWING LLC', awarding: '7014', date: '2022-06-01' },
  ].map(txRow);
  const describe: Record<string, string> = { X1: XSS_DESCRIPTION, F1: FORMULA_DESCRIPTION, R1: 'AMAZON WEB SERVICES (AWS) CLOUD HOSTING' };
  for (const r of rows) if (describe[r['award_id_piid']!]) r['transaction_description'] = describe[r['award_id_piid']!]!;
  const r = await ingest(store.db, { paths: [store.write('tx.csv', writeCsv(TX_HEADER, rows))] });
  if (r.failed) throw new Error('fixture ingest failed');
  await resolveEntities(store.db);
  await ensureGraph(store.db, [], async () => []);
  store.close();
  return store;
}

export async function serveStore(store: TempStore, options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const s = await startServer({ dbPath: store.dbPath, host: '127.0.0.1', port: 0, ...options });
  await s.ready;
  return s;
}
