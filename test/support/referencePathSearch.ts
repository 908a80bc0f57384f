/**
 * The reference path search for the tests: the best-first search of src/graph/paths.ts written over node
 * and edge objects (g.nodes, g.adjacency) instead of node numbers, as the production search was before it
 * became compact. Kept only here, so the one search in src/ can be checked against it on real and
 * synthetic graphs (same pushes in the same order, same scores, same stopping rule).
 */
import {
  CORROBORATION, MIDDLE, MaxHeap, corroborated, edgeScore, rankPaths,
  type GraphEdge, type LoadedGraph, type PathSearchOptions, type PathSearchResult, type PathStep,
} from '../../src/graph/paths.js';

/** All ranked paths from any of `from` to any of `to` (the reference for findPaths). */
export function referenceFindPaths(g: LoadedGraph, from: readonly string[], to: readonly string[], options: PathSearchOptions = {}): PathSearchResult {
  const maxHops = options.maxHops ?? 4;
  const cap = options.cap ?? 50_000;
  const targets = new Set(to);
  const todayYear = Number((options.today ?? new Date().toISOString()).slice(0, 4));

  // distance to the target set, known exactly for 0 and 1 step (an agency's neighbours); anything else
  // counts as 2 or more. Looking further would visit most of the graph for a large agency.
  const dist = new Map<string, number>();
  let frontier = [...targets];
  for (const t of frontier) dist.set(t, 0);
  for (let d = 1; d <= Math.min(1, maxHops) && frontier.length; d++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const e of g.adjacency.get(node) ?? []) {
        const other = e.from === node ? e.to : e.from;
        if (dist.has(other)) continue;
        const type = g.nodes.get(other)?.type;
        // a start node may be of any type; only middles are restricted, and they are checked again below
        if (type && !MIDDLE.has(type) && !from.includes(other)) continue;
        dist.set(other, d);
        next.push(other);
      }
    }
    frontier = next;
  }

  // Best-first search over partial paths: an edge's score is at most 1 and each step past the first
  // costs 0.7, so extending a path never raises its score, and paths reach the target in descending
  // score order. The search stops once it has enough paths to rank (the corroboration bonus is applied
  // afterwards, so a few more than asked are kept) or its expansion budget is spent.
  const found: PathStep[][] = [];
  const wanted = Math.max((options.limit ?? 10) * 2, 20);
  interface Partial { node: string; score: number; depth: number; parent: Partial | null; step: PathStep | null }
  const heap = new MaxHeap<Partial>();
  const onPath = (p: Partial, node: string): boolean => {
    for (let q: Partial | null = p; q; q = q.parent) if (q.node === node) return true;
    return false;
  };
  const stepsOf = (p: Partial): PathStep[] => {
    const out: PathStep[] = [];
    for (let q: Partial | null = p; q?.step; q = q.parent) out.push(q.step);
    return out.reverse();
  };
  const scoreCache = new Map<GraphEdge, number>();
  const scoreOf = (e: GraphEdge): number => {
    let v = scoreCache.get(e);
    if (v === undefined) scoreCache.set(e, (v = edgeScore(e, todayYear)));
    return v;
  };
  for (const s of new Set(from)) heap.push({ node: s, score: 1, depth: 0, parent: null, step: null });
  const adjusted: number[] = [];
  const kthBest = (): number => [...adjusted].sort((a, b) => b - a)[wanted - 1] ?? 0;
  let expansions = 0;
  let truncated = false;
  for (let p = heap.pop(); p; p = heap.pop()) {
    // a found path may still gain the corroboration bonus (× CORROBORATION): keep going until no
    // waiting path could overtake the last of the best `wanted`
    if (found.length >= wanted && p.score * CORROBORATION < kthBest()) break;
    if (p.depth && targets.has(p.node)) {
      const steps = stepsOf(p);
      found.push(steps);
      adjusted.push(p.score * (corroborated(g, steps) ? CORROBORATION : 1));
      continue;
    }
    if (++expansions > cap) {
      truncated = true;
      break;
    }
    const remaining = maxHops - p.depth - 1;
    for (const e of g.adjacency.get(p.node) ?? []) {
      const other = e.from === p.node ? e.to : e.from;
      if ((dist.get(other) ?? 2) > remaining) continue;
      if (!targets.has(other)) {
        if (remaining === 0) continue;
        const type = g.nodes.get(other)?.type;
        if (!type || !MIDDLE.has(type)) continue;
      }
      if (onPath(p, other)) continue;
      const score = p.score * scoreOf(e) * (p.depth > 0 ? 0.7 : 1);
      heap.push({ node: other, score, depth: p.depth + 1, parent: p, step: { edge: e, from: p.node, to: other, forward: e.from === p.node } });
    }
  }

  return rankPaths(g, found, scoreOf, truncated, options);
}

