/**
 * The relationship graph over a small synthetic store (every edge kind, FedRAMP orientation, brand
 * false positives, ranking, claims all-or-nothing, exports) and over the real ICE/CBP files and the
 * FedRAMP feed (the done-when paths).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerContext } from '../../src/analysis/answer.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { BadInputError } from '../../src/errors.js';
import { ingest } from '../../src/ingest.js';
import { claimResolver } from '../../src/graph/storeClaims.js';
import { loadClaimsFile } from '../../src/graph/claims.js';
import { neighbourhood, toDot, toGraphML, toJsonGraph } from '../../src/graph/exportGraph.js';
import { ensureGraph, partnersAnswer, pathAnswer } from '../../src/graph/graphAnswers.js';
import { findPaths, loadGraph } from '../../src/graph/paths.js';
import type { GraphClaim } from '../../src/graph/buildGraph.js';
import type { Database } from '../../src/store/database.js';
import { subCsv, txCsv } from '../support/answerFixtures.js';
import { expectRejects, loadAgencyReference } from '../support/ingestHelpers.js';
import { REAL_DATA_SKIP_REASON, hasRealData } from '../support/realData.js';
import { storeFingerprint, tempStore, type TempStore } from '../support/tempStore.js';
import { realGraphStore } from '../support/realStores.js';

function product(id: string, cso: string, csp: string, models: string[], leveraged: unknown[] = []) {
  return { id, csp, cso, status: 'FedRAMP Authorized', impact_level: 'High', service_model: models, leveraged_systems: leveraged, uei: '', fedramp_auth: '2020-01-01T00:00:00.000Z' };
}
const FEED = JSON.stringify({
  meta: { last_change: '2026-01-01T00:00:00.000Z' },
  data: {
    Products: [
      // the feed lists the SaaS in the IaaS's leveraged_systems, as the real feed does for AWS GovCloud
      product('F1', 'Big Cloud GovCloud', 'Amazon', ['IaaS', 'PaaS', 'SaaS'], [{ id: 'F2', cso: 'Case Platform - High' }]),
      product('F2', 'Case Platform - High', 'Palantir Technologies Inc.', ['PaaS', 'SaaS']),
      product('F3', 'Unrelated Mail', 'Mailco', ['SaaS']),
    ],
    Agencies: [
      { id: '22-002', parent: 'Department of Homeland Security', sub: '' },
      { id: '22-002-04', parent: 'Department of Homeland Security', sub: 'Immigration and Customs Enforcement', sub_id: '22-002-04' },
    ],
    AtoMapping: [{ id: 'F1', agency_id: '22-002-04', parent: 'Department of Homeland Security', sub: 'Immigration and Customs Enforcement', ato_date: '2024-04-27T20:00:00.000Z', auth_date: '', exp_date: '' }],
    ReuseMapping: [{ id: 'F2', agency_id: '22-002', sub_id: '22-002-04', sub: 'Immigration and Customs Enforcement', ato_date: '2025-12-16T20:00:00.000Z', auth_date: '', exp_date: '' }],
  },
}, null, 1);

async function buildStore(): Promise<TempStore> {
  const store = await tempStore({ autoCleanup: false });
  await loadAgencyReference(store);
  const tx = txCsv([
    { piid: 'R1', amount: '500.00', uei: 'TESTRESELL01', name: 'CLOUDSHOP RESELLER LLC', date: '2024-02-01' },
    { piid: 'R2', amount: '250.00', uei: 'TESTRESELL01', name: 'CLOUDSHOP RESELLER LLC', date: '2024-03-01' },
    { piid: 'W1', amount: '80.00', uei: 'TESTSTEEL001', name: 'IRON WORKS LLC', date: '2024-02-01', psc: 'Y1AA' },
    { piid: 'P1', amount: '1000.00', name: 'PALANTIR TECHNOLOGIES INC.', date: '2024-05-01' },
    { piid: 'T1', amount: '300.00', name: 'WEST PUBLISHING CORPORATION', date: '2023-05-01' },
    { piid: 'C1', amount: '900.00', uei: 'TESTCACI0001', name: 'CACI NSS, LLC', date: '2023-06-01' },
    { piid: 'X1', amount: '40.00', uei: 'TESTCBPONLY1', name: 'BORDER TOWING LLC', awarding: '7014', date: '2023-06-01' },
    { piid: 'B1', amount: '600.00', uei: 'TESTBOOZ0001', name: 'BOOZ ALLEN HAMILTON INC', date: '2023-08-01' },
  ]);
  // descriptions: the reseller's name AWS with resale cues; the steel firm's "AWS" is the welding society;
  // Palantir names itself; a consultancy (synthetic text: the shared real data holds no Booz Allen row
  // naming AWS) works on an AWS environment, which is services on the platform, not resale
  const described = tx
    .replace('WORK ON R1', 'AMAZON WEB SERVICES (AWS) CLOUD HOSTING RENEWAL')
    .replace('WORK ON R2', 'AWS GOVCLOUD CONSUMPTION')
    .replace('WORK ON B1', 'ENGINEERING SUPPORT SERVICES AND MIGRATION OF ICE APPLICATIONS TO THE AWS ENVIRONMENT')
    .replace('WORK ON W1', 'WELDING REPAIRS BY AWS D1.1 CERTIFIED WELDERS')
    .replace('WORK ON P1', 'PALANTIR GOTHAM LICENSES');
  await ingest(store.db, { paths: [store.write('tx.csv', described)] });
  await ingest(store.db, {
    paths: [store.write('subs.csv', subCsv([
      { primePiid: 'C1', primeName: 'CACI NSS, LLC', primeUei: 'TESTCACI0001', number: 'S-1', amount: '120000.00', subName: 'THOMSON REUTERS SPECIAL SERVICES LLC', date: '2023-07-01' },
    ]))],
  });
  const feedResult = await ingest(store.db, { paths: [store.write('fedramp/data.json', FEED)] });
  expect(feedResult.failed, JSON.stringify(feedResult.files)).toBe(0);
  await resolveEntities(store.db);
  const built = await ensureGraph(store.db, [], async () => []);
  expect(built).not.toBeNull();
  return store;
}

async function edges(db: Database, kind: string): Promise<Array<Record<string, unknown>>> {
  return db.all(`SELECT from_node, to_node, CAST(amount AS VARCHAR) AS amount, records, agencies, confidence, detail FROM graph_edges WHERE kind = ? ORDER BY 1, 2`, [kind]);
}

describe('relationship graph on a synthetic store', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = await buildStore();
  }, 60_000);
  afterAll(() => store?.cleanup());

  it('prime edges: agency → family, awarding and funding recorded', async () => {
    const prime = await edges(store.db, 'prime');
    expect(prime.find((e) => e['to_node'] === 'family:palantir')).toMatchObject({ from_node: 'agency:7012', amount: '1000.00', records: 1, confidence: 'record' });
    expect(prime.find((e) => e['to_node'] === 'family:uei-testcbponly1')).toMatchObject({ from_node: 'agency:7014', amount: '40.00' });
    const row = await store.db.one(`SELECT CAST(awarding_amount AS VARCHAR) AS a, CAST(funding_amount AS VARCHAR) AS f FROM graph_edges WHERE kind = 'prime' AND to_node = 'family:palantir'`);
    expect(row).toEqual({ a: '1000.00', f: '1000.00' });
  });

  it('subaward edges carry the prime award\'s agency', async () => {
    expect(await edges(store.db, 'subaward')).toEqual([expect.objectContaining({ from_node: 'family:caci', to_node: 'family:thomson-reuters', amount: '120000.00', agencies: '7012' })]);
  });

  it('resells: the brand named in descriptions, with the matched text; no welding society, no self-mention', async () => {
    const resells = await edges(store.db, 'resells');
    expect(resells.map((e) => [e['from_node'], e['to_node'], e['amount'], e['records']])).toEqual([['family:uei-testresell01', 'family:amazon', '750.00', 2]]);
    const mentions = await store.db.all(`SELECT text, matched_text FROM graph_brand_mentions ORDER BY 1`);
    expect(mentions).toContainEqual({ text: 'AMAZON WEB SERVICES (AWS) CLOUD HOSTING RENEWAL', matched_text: 'AMAZON WEB SERVICES' });
    expect(mentions.some((m) => String(m['text']).includes('WELD'))).toBe(false);
  });

  it('services_on: work on a brand\'s platform is not resale (issue 13 item 3: Booz Allen\'s AWS work)', async () => {
    expect((await edges(store.db, 'resells')).some((e) => e['from_node'] === 'family:booz-allen-hamilton')).toBe(false);
    const services = await edges(store.db, 'services_on');
    expect(services.map((e) => [e['from_node'], e['to_node'], e['amount'], e['records']])).toEqual([['family:booz-allen-hamilton', 'family:amazon', '600.00', 1]]);
    const ctx = await answerContext(store.db, 'test');
    const a = await pathAnswer(store.db, ctx, 'Amazon', 'ICE');
    const step = a.paths.flatMap((p) => p.steps).find((s) => s.kind === 'services_on')!;
    expect(step.sentence).toBe('Booz Allen Hamilton Holding Corporation provides services on Amazon.com, Inc. at ICE: $600.00 in 1 record(s)');
    expect(step.evidence.records[0]).toMatchObject({ matched: 'AWS', rule: expect.stringMatching(/^services-work: "SUPPORT SERVICES" \(data\/brands\.yaml line \d+\)$/) });
    expect(a.paths.flatMap((p) => p.steps).some((s) => s.kind === 'resells' && /Booz/.test(s.from.label + s.to.label))).toBe(false);
  });

  it('FedRAMP: authorizes, providers owning offerings, builds_on oriented by service model', async () => {
    const auth = await edges(store.db, 'authorizes');
    expect(auth.map((e) => [e['from_node'], e['to_node']])).toEqual([['agency:7012', 'offering:F1'], ['agency:7012', 'offering:F2']]);
    const built = await edges(store.db, 'builds_on');
    expect(built.map((e) => [e['from_node'], e['to_node']])).toEqual([['offering:F2', 'offering:F1']]);
    expect(String(built[0]!['detail'])).toMatch(/^orientation service_model: .*IaaS under PaaS/);
    const owns = (await edges(store.db, 'owns')).filter((e) => String(e['to_node']).startsWith('offering:'));
    expect(owns.map((e) => [e['from_node'], e['to_node']])).toEqual([
      ['family:amazon', 'offering:F1'], ['family:palantir', 'offering:F2'], ['family:provider-mailco', 'offering:F3'],
    ]);
  });

  it('path Amazon ICE: direct authorization first, then the reseller, then the offering built on Amazon\'s cloud', async () => {
    const ctx = await answerContext(store.db, 'test');
    const a = await pathAnswer(store.db, ctx, 'Amazon', 'ICE');
    const routes = a.paths.map((p) => p.steps.map((s) => `${s.kind}:${s.from.id}>${s.to.id}`).join(' '));
    expect(routes[0]).toBe('owns:family:amazon>offering:F1 authorizes:offering:F1>agency:7012');
    expect(routes).toContain('resells:family:amazon>family:uei-testresell01 prime:family:uei-testresell01>agency:7012');
    expect(routes).toContain('owns:family:amazon>offering:F1 builds_on:offering:F1>offering:F2 authorizes:offering:F2>agency:7012');
    const resale = a.paths.find((p) => p.steps[0]!.kind === 'resells')!;
    expect(resale.steps[0]!.evidence.records.map((r) => r.matched).sort()).toEqual(['AMAZON WEB SERVICES', 'AWS GOVCLOUD']);
    expect(resale.steps[0]!.evidence.total).toBe('750.00');
    const viaPalantir = a.paths.find((p) => p.steps.some((s) => s.to.id === 'offering:F2') && p.hops === 3)!;
    expect(viaPalantir.why.join(' ')).toContain('also pays Palantir Technologies Inc. as prime ($1,000.00)');
    // scores never increase down the list; reversed order asks the same question
    for (let i = 1; i < a.paths.length; i++) expect(a.paths[i]!.score).toBeLessThanOrEqual(a.paths[i - 1]!.score);
    const back = await pathAnswer(store.db, ctx, 'ICE', 'Amazon');
    expect(back.paths[0]!.steps.map((s) => s.from.id)).toEqual(['agency:7012', 'offering:F1']);
  });

  it('path "Thomson Reuters" ICE: the direct West Publishing route and the CACI subaward route', async () => {
    const ctx = await answerContext(store.db, 'test');
    const a = await pathAnswer(store.db, ctx, 'Thomson Reuters', 'ICE');
    const routes = a.paths.map((p) => p.steps.map((s) => s.kind).join(','));
    expect(routes.slice(0, 2)).toEqual(['prime', 'subaward,prime']);
    expect(a.paths[0]!.steps[0]!.evidence.records[0]).toMatchObject({ party: 'WEST PUBLISHING CORPORATION', amount: '300.00' });
    expect(a.paths[1]!.steps[0]!.evidence.records[0]).toMatchObject({ amount: '120000.00' });
  });

  it('--kinds and --max-hops narrow the search', async () => {
    const ctx = await answerContext(store.db, 'test');
    const onlyMoney = await pathAnswer(store.db, ctx, 'Amazon', 'ICE', { kinds: ['prime', 'resells'] });
    expect(onlyMoney.paths.map((p) => p.steps.map((s) => s.kind).join(','))).toEqual(['resells,prime']);
    const short = await pathAnswer(store.db, ctx, 'Amazon', 'ICE', { maxHops: 2 });
    expect(short.paths.every((p) => p.hops <= 2)).toBe(true);
    const none = await pathAnswer(store.db, ctx, 'Amazon', 'CBP');
    expect(none.paths).toEqual([]);
    expect(none.notes.join(' ')).toMatch(/no path of at most 4 steps/);
  });

  it('partners Amazon --of ICE: the reseller and the company on its cloud, with evidence both ways', async () => {
    const ctx = await answerContext(store.db, 'test');
    const a = await partnersAnswer(store.db, ctx, 'Amazon', 'ICE');
    expect(a.partners.map((p) => p.familyId).sort()).toEqual(['booz-allen-hamilton', 'palantir', 'uei-testresell01']);
    expect(a.partners.find((p) => p.familyId === 'booz-allen-hamilton')!.withCompany.map((s) => s.kind)).toEqual(['services_on']);
    const pal = a.partners.find((p) => p.familyId === 'palantir')!;
    expect(pal.withCompany.map((s) => s.kind).sort()).toEqual(['builds_on', 'owns']);
    expect(pal.withAgency.map((s) => s.kind).sort()).toEqual(['authorizes', 'prime']);
  });

  it('claims: a bad row is rejected with its line and reason, and the graph is unchanged', async () => {
    const good = store.write('claims-good.yaml', [
      '- from: Palantir', '  to: Amazon', '  kind: hosted_on', '  source: https://example.org/report', '  date: 2018-10', '',
    ].join('\n'));
    const bad = store.write('claims-bad.yaml', [
      '- from: Palantir', '  to: Amazon', '  kind: hosted_on', '  source: https://example.org/report', '',
      '- from: Nonexistent Holdings', '  to: ICE', '  kind: supplies', '  source: https://example.org/x', '',
    ].join('\n'));
    const before = await storeFingerprint(store.db);
    const loader = async (files: readonly string[]): Promise<GraphClaim[]> => {
      const out: GraphClaim[] = [];
      for (const f of files) for (const c of await loadClaimsFile(f, claimResolver(store.db))) out.push({ ...c, fromLabel: c.fromName, toLabel: c.toName });
      return out;
    };
    const err = await expectRejects(() => ensureGraph(store.db, [bad], loader), BadInputError);
    expect(err.where).toMatchObject({ file: bad, line: 6, field: 'from' });
    expect(await storeFingerprint(store.db)).toEqual(before);

    await ensureGraph(store.db, [good], loader);
    const claims = await edges(store.db, 'claim');
    expect(claims).toEqual([expect.objectContaining({ from_node: 'family:palantir', to_node: 'family:amazon', confidence: 'claim' })]);
    const g = await loadGraph(store.db);
    const viaClaim = findPaths(g, ['family:amazon'], ['agency:7012'], { maxHops: 2 }).paths.find((p) => p.steps[0]!.edge.kind === 'claim')!;
    const viaRecords = findPaths(g, ['family:amazon'], ['agency:7012'], { maxHops: 2 }).paths.find((p) => p.steps[0]!.edge.kind === 'resells')!;
    expect(viaClaim.why).toContain('1 step(s) only a cited claim');
    expect(viaClaim.score).toBeLessThan(viaRecords.score);
    await ensureGraph(store.db, [], loader); // back to no claims
    expect(await edges(store.db, 'claim')).toEqual([]);
  });

  it('exports GraphML, JSON graph and DOT with record text escaped', async () => {
    const g = await loadGraph(store.db);
    g.nodes.get('family:palantir')!.label = 'Palantir <script>"x"</script> & co';
    const sg = neighbourhood(g, ['agency:7012'], 2, 100);
    expect(sg.nodes.map((n) => n.id)).toContain('offering:F1');
    const graphml = toGraphML(sg);
    expect(graphml).toContain('Palantir &lt;script&gt;&quot;x&quot;&lt;/script&gt; &amp; co');
    expect(graphml).not.toContain('<script>');
    const dot = toDot(sg);
    expect(dot).toContain('"Palantir <script>\\"x\\"</script> & co"');
    const json = JSON.parse(toJsonGraph(sg)) as { graph: { nodes: Record<string, { label: string }>; edges: Array<{ relation: string }> } };
    expect(json.graph.nodes['family:palantir']!.label).toBe('Palantir <script>"x"</script> & co');
    expect(new Set(json.graph.edges.map((e) => e.relation))).toEqual(new Set(['prime', 'authorizes', 'builds_on', 'owns', 'resells', 'services_on', 'subaward']));
  });
});

describe.skipIf(!hasRealData)('relationship graph on the real ICE/CBP files and the FedRAMP feed', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  let store: TempStore;
  beforeAll(async () => {
    store = await realGraphStore();
  }, 180_000);
  afterAll(() => store?.cleanup());

  it('path Amazon ICE: AWS GovCloud authorized, Palantir FCS-High built on it while Palantir holds ICE prime awards, Four Points reselling AWS', async () => {
    const a = await pathAnswer(store.db, await answerContext(store.db, 'test'), 'Amazon', 'ICE', { limit: 10 });
    const text = a.paths.map((p) => p.steps.map((s) => `${s.kind}:${s.from.label}>${s.to.label}`).join(' | '));
    expect(text[0]).toBe('owns:Amazon.com, Inc.>AWS GovCloud (Amazon) | authorizes:AWS GovCloud (Amazon)>U.S. Immigration and Customs Enforcement');
    const palantir = a.paths.find((p) => p.steps.some((s) => s.kind === 'builds_on' && s.to.label.startsWith('Palantir Federal Cloud Service - High') && s.from.label === 'AWS GovCloud (Amazon)'))!;
    expect(palantir).toBeDefined();
    expect(palantir.steps.find((s) => s.kind === 'builds_on')!.detail).toMatch(/^orientation service_model: listed in AWS GovCloud's leveraged_systems/);
    expect(palantir.why.join(' ')).toContain('also pays Palantir Technologies Inc. as prime ($73,677,408.78)');
    const fourPoints = a.paths.find((p) => p.steps[0]!.kind === 'resells' && p.steps[0]!.to.label === 'FOUR POINTS TECHNOLOGY, L.L.C.')!;
    expect(fourPoints).toBeDefined();
    const ev = fourPoints.steps[0]!.evidence;
    expect(ev.records.length).toBeGreaterThan(0);
    expect(ev.records.every((r) => r.matched && r.text && r.amount !== null)).toBe(true);
  });

  it('partners Amazon --of ICE lists Palantir and Four Points Technology', async () => {
    const a = await partnersAnswer(store.db, await answerContext(store.db, 'test'), 'Amazon', 'ICE');
    const names = a.partners.map((p) => p.name);
    expect(names).toContain('Palantir Technologies Inc.');
    expect(names).toContain('FOUR POINTS TECHNOLOGY, L.L.C.');
    const fp = a.partners.find((p) => p.name === 'FOUR POINTS TECHNOLOGY, L.L.C.')!;
    // Four Points' Amazon records: resale (AWS consumption), services (ProServe, migration) and mere naming, each its own step
    expect(fp.withCompany.map((s) => s.kind).sort()).toEqual(['names', 'resells', 'services_on']);
    expect(fp.withAgency.map((s) => s.kind)).toEqual(['prime']);
  });

  it('path "Thomson Reuters" ICE shows the direct route and the CACI subaward route', async () => {
    const a = await pathAnswer(store.db, await answerContext(store.db, 'test'), 'Thomson Reuters', 'ICE');
    const routes = a.paths.map((p) => p.steps.map((s) => `${s.kind}:${s.from.label}>${s.to.label}`).join(' | '));
    expect(routes[0]).toBe('prime:Thomson Reuters Corporation>U.S. Immigration and Customs Enforcement');
    expect(routes).toContain('subaward:Thomson Reuters Corporation>CACI International Inc | prime:CACI International Inc>U.S. Immigration and Customs Enforcement');
    expect(a.paths[0]!.steps[0]!.evidence.records.some((r) => r.party === 'WEST PUBLISHING CORPORATION' || r.party === 'THOMSON REUTERS SPECIAL SERVICES LLC')).toBe(true);
  });
});
