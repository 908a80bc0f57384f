/**
 * The compact search graph (loadSearchGraph), evidence fetched for many edges at once
 * (edgeEvidenceMany) and the cached agency directory give exactly the answers of the whole-graph way
 * (loadGraph, edgeEvidence per step), on the real ICE/CBP files and the FedRAMP feed.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerContext } from '../../src/analysis/answer.js';
import { loadAgencyDirectory } from '../../src/entities/agencies.js';
import { ingest } from '../../src/ingest.js';
import { edgeEvidence, edgeEvidenceMany } from '../../src/graph/evidence.js';
import { pathAnswer } from '../../src/graph/graphAnswers.js';
import { findPaths, loadGraph, loadSearchGraph, type GraphEdge } from '../../src/graph/paths.js';
import { searchGraphFolder } from '../../src/graph/searchGraphFile.js';
import { referenceFindPaths } from '../support/referencePathSearch.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { type TempStore } from '../support/tempStore.js';
import { realGraphStore } from '../support/realStores.js';

describe.skipIf(!hasRealData)('path search: compact graph and batched evidence agree with the whole-graph way', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  let store: TempStore;
  let companies: string[];

  beforeAll(async () => {
    store = await realGraphStore();
    // families by degree: the largest, some in the middle, the smallest, and the companies
    const ranked = (await store.db.all<{ f: string }>(
      `SELECT f FROM (SELECT from_node AS f FROM graph_edges WHERE kind <> 'owns' OR to_node NOT LIKE 'recipient:%'
         UNION ALL SELECT to_node FROM graph_edges WHERE kind <> 'owns' OR to_node NOT LIKE 'recipient:%')
       WHERE f IN (SELECT 'family:' || family_id FROM entity_families) GROUP BY f ORDER BY count(*) DESC, f`,
    )).map((x) => x.f.slice('family:'.length));
    expect(ranked.length).toBeGreaterThan(50);
    companies = [...new Set([...ranked.slice(0, 6), ranked[Math.floor(ranked.length / 2)]!, ranked.at(-1)!, 'amazon', 'thomson-reuters', 'palantir'])];
  }, 180_000);
  afterAll(() => store?.cleanup());

  it('findPaths (compact, from loadSearchGraph or from a loaded graph) finds the reference search\'s ranked paths', async () => {
    for (const agencies of [['agency:7012'], ['agency:7014'], ['agency:7012', 'agency:7014']]) {
      const full = await loadGraph(store.db, undefined, false, agencies);
      const compact = await loadSearchGraph(store.db, undefined, agencies);
      for (const c of companies) {
        for (const maxHops of [1, 2, 3, 4]) {
          const options = { maxHops, limit: 10, today: '2026-01-01' };
          const a = referenceFindPaths(full, [`family:${c}`], agencies, options);
          const b = findPaths(compact, [`family:${c}`], agencies, options);
          expect(b, `${c} ${agencies.join('+')} ${maxHops}`).toEqual(a);
          expect(findPaths(full, [`family:${c}`], agencies, options), `${c} ${agencies.join('+')} ${maxHops} (loaded graph)`).toEqual(a);
        }
      }
    }
  }, 180_000);

  it('pathAnswer gives the same answer both ways, in both directions, for toptier and subtier agencies', async () => {
    const ctx = await answerContext(store.db, 'test');
    let withPaths = 0;
    for (const c of companies) {
      for (const agency of ['ICE', 'CBP', 'DHS']) {
        for (const options of [{}, { maxHops: 2, evidenceLimit: 1, limit: 4, reuseGraph: false }]) {
          const whole = await pathAnswer(store.db, ctx, c, agency, { ...options, fullGraph: true });
          const compact = await pathAnswer(store.db, ctx, c, agency, options);
          expect(compact, `${c} ${agency} ${JSON.stringify(options)}`).toEqual(whole);
          if (compact.paths.length) withPaths++;
        }
      }
      const back = await pathAnswer(store.db, ctx, 'ICE', c, { fullGraph: true });
      expect(await pathAnswer(store.db, ctx, 'ICE', c)).toEqual(back);
    }
    expect(withPaths).toBeGreaterThan(20);
  }, 300_000);

  it('the search graph file beside the store gives the graph read from the store; a damaged file or a rebuilt graph is read again', async () => {
    const folder = searchGraphFolder(store.db.path)!;
    rmSync(folder, { recursive: true, force: true });
    const agencies = ['agency:7012'];
    const fromStore = await loadSearchGraph(store.db, undefined, agencies, { reuse: false });
    expect(existsSync(folder), 'reuse: false writes no file').toBe(false);
    await loadSearchGraph(store.db, undefined, agencies, { reuse: 'disk' }); // writes the file
    const files = readdirSync(folder).filter((f) => f.endsWith('.wbsg'));
    expect(files).toHaveLength(1);
    const fromFile = await loadSearchGraph(store.db, undefined, agencies, { reuse: 'disk' });
    const probe = ['agency:7012', ...companies.map((c) => `family:${c}`), 'family:no-such-family'];
    for (const id of probe) {
      expect(fromFile.nodes.has(id), id).toBe(fromStore.nodes.has(id));
      expect(fromFile.nodes.get(id), id).toEqual(fromStore.nodes.get(id));
      expect(fromFile.adjacency.get(id), id).toEqual(fromStore.adjacency.get(id));
    }
    for (const c of companies) {
      for (const maxHops of [2, 4]) {
        const options = { maxHops, limit: 10, today: '2026-01-01' };
        expect(findPaths(fromFile, [`family:${c}`], agencies, options), `${c} ${maxHops}`).toEqual(findPaths(fromStore, [`family:${c}`], agencies, options));
      }
    }
    // a damaged file is not believed: the graph is read from the store again and the file rewritten
    const file = join(folder, files[0]!);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const again = await loadSearchGraph(store.db, undefined, agencies, { reuse: 'disk' });
    expect(again.adjacency.get('agency:7012')).toEqual(fromStore.adjacency.get('agency:7012'));
    expect(readFileSync(file).equals(bytes)).toBe(true);
    // a rebuilt graph (a new build time) gets its own file; the old build's file is removed
    await store.db.run(`UPDATE graph_state SET value = '2000-01-01T00:00:00.000Z' WHERE key = 'built_at'`);
    try {
      await loadSearchGraph(store.db, undefined, agencies, { reuse: 'disk' });
      const now = readdirSync(folder).filter((f) => f.endsWith('.wbsg'));
      expect(now).toHaveLength(1);
      expect(now[0]).not.toBe(files[0]);
    } finally {
      await store.db.run(`UPDATE graph_state SET value = ? WHERE key = 'built_at'`, [new Date().toISOString()]);
    }
  }, 180_000);

  it('edgeEvidenceMany equals edgeEvidence edge by edge (counts, totals, the rows shown and their order)', async () => {
    const g = await loadGraph(store.db, ['prime', 'subaward', 'resells', 'authorizes', 'builds_on', 'owns'], false, ['agency:7012']);
    const byKind = new Map<string, GraphEdge[]>();
    for (const e of g.edges) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
    const sample = [...byKind.values()].flatMap((list) => list.slice(0, 25));
    expect(sample.filter((e) => e.kind === 'prime').length).toBe(25);
    expect(sample.filter((e) => e.kind === 'subaward').length).toBeGreaterThan(0);
    for (const agencies of [['7012'], null]) {
      for (const limit of [0, 1, 5]) {
        const many = await edgeEvidenceMany(store.db, [...sample, ...sample.slice(0, 3)], agencies, limit);
        for (const e of sample) expect(many.get(e.id), `${e.id} ${limit}`).toEqual(await edgeEvidence(store.db, e, agencies, limit));
      }
    }
  }, 180_000);

  it('the agency directory is read again after an ingest changes the store', async () => {
    const before = await loadAgencyDirectory(store.db);
    expect(await loadAgencyDirectory(store.db)).toBe(before);
    const r = await ingest(store.db, { paths: [realFile('sierrawells_ice_contracts')] });
    expect(r.failed).toBe(0);
    const after = await loadAgencyDirectory(store.db);
    expect(after).not.toBe(before);
    expect(after).toEqual(await loadAgencyDirectory(store.db, { bundledPath: undefined }));
  }, 120_000);
});
