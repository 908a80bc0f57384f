/**
 * The one path search (findPaths, compact) against the reference search over objects
 * (test/support/referencePathSearch.ts) on random synthetic graphs: always run, no real data needed.
 */
import { describe, expect, it } from 'vitest';
import { EDGE_KINDS, type EdgeKind, type NodeType } from '../../src/model/edgeKinds.js';
import { findPaths, type GraphEdge, type GraphNode, type LoadedGraph } from '../../src/graph/paths.js';
import { referenceFindPaths } from '../support/referencePathSearch.js';

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticGraph(seed: number, nodeCount: number, edgeCount: number): LoadedGraph {
  const r = rng(seed);
  const types: NodeType[] = ['agency', 'family', 'family', 'family', 'offering', 'recipient'];
  const nodes = new Map<string, GraphNode>();
  for (let i = 0; i < nodeCount; i++) {
    const type = types[Math.floor(r() * types.length)]!;
    const id = `${type}:n${i}`;
    nodes.set(id, { id, type, label: `node ${i}`, detail: null });
  }
  const ids = [...nodes.keys()];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < edgeCount; i++) {
    const kind = EDGE_KINDS[Math.floor(r() * EDGE_KINDS.length)] as EdgeKind;
    const from = ids[Math.floor(r() * ids.length)]!;
    // a few edges end at a node the graph does not hold, as loadGraph's can
    const to = r() < 0.03 ? `family:missing${i}` : ids[Math.floor(r() * ids.length)]!;
    const money = r() < 0.6;
    const cents = BigInt(Math.floor((r() - 0.1) * 1e10));
    const year = 2015 + Math.floor(r() * 12);
    edges.push({
      id: `E${String(Math.floor(r() * 1e12)).padStart(12, '0')}${i}`, kind, from, to,
      amount: money ? `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents) / 100n}.${String((cents < 0n ? -cents : cents) % 100n).padStart(2, '0')}` : null,
      awardingAmount: null, fundingAmount: null, records: 1 + Math.floor(r() * 20),
      firstDate: r() < 0.8 ? `${year}-01-15` : null, lastDate: r() < 0.8 ? `${year + 1}-06-30` : null,
      agencies: [], source: '', confidence: ['record', 'record', 'weak', 'inferred', 'claim'][Math.floor(r() * 5)]!, detail: null,
    });
  }
  const adjacency = new Map<string, GraphEdge[]>();
  for (const e of edges) for (const end of [e.from, e.to]) adjacency.set(end, [...(adjacency.get(end) ?? []), e]);
  for (const list of adjacency.values()) list.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { nodes, edges, adjacency };
}

describe('path search on synthetic graphs: the compact search equals the reference', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i', (seed) => {
    const g = syntheticGraph(seed, 60 + seed * 10, 250 + seed * 40);
    const agencies = [...g.nodes.values()].filter((n) => n.type === 'agency').map((n) => n.id);
    const families = [...g.nodes.values()].filter((n) => n.type === 'family').map((n) => n.id);
    let withPaths = 0;
    for (const start of families.slice(0, 12)) {
      for (const maxHops of [1, 2, 3, 4]) {
        for (const target of [agencies.slice(0, 1), agencies.slice(0, 3)]) {
          const options = { maxHops, limit: 5, today: '2026-01-01', cap: seed % 2 ? 200 : 50_000 };
          const want = referenceFindPaths(g, [start], target, options);
          expect(findPaths(g, [start], target, options), `${start} → ${target.join('+')} in ${maxHops}`).toEqual(want);
          if (want.paths.length) withPaths++;
        }
      }
    }
    // the comparison means something only when paths are found
    expect(withPaths).toBeGreaterThan(5);
  });

  it('a start node the graph does not hold finds nothing, as the reference', () => {
    const g = syntheticGraph(9, 50, 200);
    const target = [...g.nodes.values()].filter((n) => n.type === 'agency').map((n) => n.id);
    expect(findPaths(g, ['family:nowhere'], target)).toEqual(referenceFindPaths(g, ['family:nowhere'], target));
  });
});
