/**
 * Paths between a company family and an agency through the relationship graph, ranked.
 *
 * The search walks edges in either direction; only families and cloud offerings may sit in the middle
 * of a path (an agency in the middle would join two unrelated contracts; a member recipient is a dead
 * end). A breadth-first pass from the agency marks how far each node is from it, so the enumeration
 * from the company only follows steps that can still arrive within --max-hops; paths are enumerated
 * shortest first and capped, and the cap is reported.
 */
import type { Database } from '../store/database.js';
import { toCents } from '../analysis/money.js';
import { literal } from '../store/sql.js';
import type { EdgeKind, NodeType } from './buildGraph.js';
import { EDGE_KINDS } from './buildGraph.js';

export interface GraphNode {
  id: string;
  type: NodeType;
  label: string;
  detail: string | null;
}

export interface GraphEdge {
  id: string;
  kind: EdgeKind;
  from: string;
  to: string;
  amount: string | null;
  awardingAmount: string | null;
  fundingAmount: string | null;
  records: number;
  firstDate: string | null;
  lastDate: string | null;
  agencies: string[];
  source: string;
  confidence: string;
  detail: string | null;
}

export interface LoadedGraph {
  nodes: Map<string, GraphNode>;
  edges: GraphEdge[];
  adjacency: Map<string, GraphEdge[]>;
}

/**
 * Loads the stored graph (optionally only some edge kinds) into memory. With `agencies`, edges touching
 * an agency are loaded only for those agencies (agencies never sit in the middle of a path, so other
 * agencies' edges cannot be on one). Long text (detail, source, the awarding/funding split) is left
 * out and filled in by `completeEdges` for the edges an answer shows.
 */
export async function loadGraph(db: Database, kinds: readonly EdgeKind[] = EDGE_KINDS, withRecipients = false, agencies?: readonly string[]): Promise<LoadedGraph> {
  const nodes = new Map<string, GraphNode>();
  // member recipients are leaves no path passes through: left out unless asked for (exports)
  const nodeFilter = withRecipients ? '' : `WHERE type <> 'recipient'`;
  const edgeFilter = withRecipients ? '' : `AND NOT (kind = 'owns' AND to_node LIKE 'recipient:%')`;
  const agencyFilter = agencies
    ? `AND ((from_node NOT LIKE 'agency:%' AND to_node NOT LIKE 'agency:%') OR from_node IN (${agencies.map(literal).join(', ') || 'NULL'})
         OR to_node IN (${agencies.map(literal).join(', ') || 'NULL'}))`
    : '';
  // Large results cross from DuckDB as one tab-separated text: converting values one by one costs
  // microseconds each, and a graph has hundreds of thousands of them.
  const clean = (col: string): string => `replace(replace(coalesce(CAST(${col} AS VARCHAR), ''), chr(9), ' '), chr(10), ' ')`;
  const text = async (sql: string): Promise<string[][]> => {
    const [[value]] = (await db.rows(sql)) as [[string | null]];
    return value ? value.split('\n').map((line) => line.split('\t')) : [];
  };
  for (const [id, type, label] of await text(
    `SELECT string_agg(concat_ws(chr(9), ${clean('node_id')}, ${clean('type')}, ${clean('label')}), chr(10)) FROM graph_nodes ${nodeFilter}`)) {
    nodes.set(id!, { id: id!, type: type as NodeType, label: label!, detail: null });
  }
  const kindList = kinds.map((k) => `'${k}'`).join(', ');
  const rows = await text(
    `SELECT string_agg(concat_ws(chr(9), edge_id, kind, ${clean('from_node')}, ${clean('to_node')}, ${clean('amount')}, records,
       ${clean('first_date')}, ${clean('last_date')}, ${clean('agencies')}, confidence), chr(10))
     FROM graph_edges WHERE kind IN (${kindList || "''"}) ${edgeFilter} ${agencyFilter}`,
  );
  const edges: GraphEdge[] = rows.map(([id, kind, from, to, amount, records, d0, d1, ags, confidence]) => ({
    id: id!, kind: kind as EdgeKind, from: from!, to: to!, amount: amount || null,
    awardingAmount: null, fundingAmount: null, records: Number(records), firstDate: d0 || null,
    lastDate: d1 || null, agencies: ags ? ags.split(',') : [], source: '', confidence: confidence!, detail: null,
  }));
  const adjacency = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    for (const end of [e.from, e.to]) {
      const list = adjacency.get(end);
      if (list) list.push(e);
      else adjacency.set(end, [e]);
    }
  }
  for (const list of adjacency.values()) list.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { nodes, edges, adjacency };
}

/** Fills in the long fields (detail, source, awarding/funding split) and node details of the given edges. */
export async function completeEdges(db: Database, g: LoadedGraph, edges: readonly GraphEdge[]): Promise<void> {
  const ids = [...new Set(edges.filter((e) => !e.source).map((e) => e.id))];
  if (ids.length) {
    const byId = new Map<string, GraphEdge[]>();
    for (const e of edges) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
    for (const [id, detail, source, aw, fu] of await db.rows(
      `SELECT edge_id, detail, source, CAST(awarding_amount AS VARCHAR), CAST(funding_amount AS VARCHAR) FROM graph_edges
       WHERE edge_id IN (${ids.map(literal).join(', ')})`,
    )) {
      for (const e of byId.get(String(id)) ?? []) {
        e.detail = (detail as string | null) ?? null;
        e.source = String(source);
        e.awardingAmount = (aw as string | null) ?? null;
        e.fundingAmount = (fu as string | null) ?? null;
      }
    }
  }
  const nodeIds = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  if (nodeIds.length) {
    for (const [id, detail] of await db.rows(`SELECT node_id, detail FROM graph_nodes WHERE node_id IN (${nodeIds.map(literal).join(', ')})`)) {
      const n = g.nodes.get(String(id));
      if (n) n.detail = (detail as string | null) ?? null;
    }
  }
}

export interface PathStep {
  edge: GraphEdge;
  /** The step's start and end in the order of the path (company side first). */
  from: string;
  to: string;
  /** Whether the path walks the edge along its direction. */
  forward: boolean;
}

export interface RankedPath {
  rank: number;
  score: number;
  hops: number;
  steps: PathStep[];
  why: string[];
}

export interface PathSearchOptions {
  maxHops?: number;
  /** Most paths returned. */
  limit?: number;
  /** Most partial paths expanded (the search says when it stopped early). */
  cap?: number;
  /** Reference date for recency (default: today). */
  today?: string;
}

export interface PathSearchResult {
  paths: RankedPath[];
  enumerated: number;
  truncated: boolean;
}

const MIDDLE: ReadonlySet<NodeType> = new Set(['family', 'offering']);

/** Bonus for an authorization whose provider the same agency also pays as prime. */
const CORROBORATION = 1.15;

const KIND_WEIGHT: Record<EdgeKind, number> = {
  prime: 1, owns: 1, authorizes: 0.8, builds_on: 0.9, resells: 0.85, subaward: 0.8, claim: 0.5,
};
/** Facts without a date of activity: not discounted for age. */
const TIMELESS: ReadonlySet<EdgeKind> = new Set(['owns', 'builds_on', 'claim']);
const CONFIDENCE_WEIGHT: Record<string, number> = { record: 1, weak: 0.6, inferred: 0.7, claim: 0.4 };

function edgeScore(e: GraphEdge, todayYear: number): number {
  let s = KIND_WEIGHT[e.kind] * (CONFIDENCE_WEIGHT[e.confidence] ?? 0.5);
  if (e.amount !== null) {
    const dollars = Number(toCents(e.amount)) / 100;
    s *= dollars > 1 ? 0.6 + 0.4 * Math.min(1, Math.log10(dollars) / 9) : 0.6;
  }
  const last = TIMELESS.has(e.kind) ? null : e.lastDate ?? e.firstDate;
  if (last) s *= Math.max(0.5, 1 - 0.1 * Math.max(0, todayYear - 2 - Number(last.slice(0, 4))));
  return s;
}

/** All ranked paths from any of `from` to any of `to`. */
export function findPaths(g: LoadedGraph, from: readonly string[], to: readonly string[], options: PathSearchOptions = {}): PathSearchResult {
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
  const heap: Partial[] = [];
  const push = (p: Partial): void => {
    heap.push(p);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.score >= heap[i]!.score) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  };
  const pop = (): Partial | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.score > heap[m]!.score) m = l;
        if (r < heap.length && heap[r]!.score > heap[m]!.score) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
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
  for (const s of new Set(from)) push({ node: s, score: 1, depth: 0, parent: null, step: null });
  const corroborated = (steps: readonly PathStep[]): boolean => steps.some((st) => st.edge.kind === 'authorizes'
    && (g.adjacency.get(st.edge.to) ?? []).some((o) => o.kind === 'owns' && o.to === st.edge.to
      && (g.adjacency.get(o.from) ?? []).some((e) => e.kind === 'prime' && e.from === st.edge.from)));
  const adjusted: number[] = [];
  const kthBest = (): number => [...adjusted].sort((a, b) => b - a)[wanted - 1] ?? 0;
  let expansions = 0;
  let truncated = false;
  for (let p = pop(); p; p = pop()) {
    // a found path may still gain the corroboration bonus (× CORROBORATION): keep going until no
    // waiting path could overtake the last of the best `wanted`
    if (found.length >= wanted && p.score * CORROBORATION < kthBest()) break;
    if (p.depth && targets.has(p.node)) {
      const steps = stepsOf(p);
      found.push(steps);
      adjusted.push(p.score * (corroborated(steps) ? CORROBORATION : 1));
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
      push({ node: other, score, depth: p.depth + 1, parent: p, step: { edge: e, from: p.node, to: other, forward: e.from === p.node } });
    }
  }

  const ranked = found.map((steps) => {
    let score = steps.reduce((p, st) => p * scoreOf(st.edge), 1) * 0.7 ** (steps.length - 1);
    const why = explainRank(steps);
    // an agency authorizing an offering whose provider it also pays as prime: two independent records agree
    for (const st of steps) {
      if (st.edge.kind !== 'authorizes') continue;
      const owners = (g.adjacency.get(st.edge.to) ?? []).filter((e) => e.kind === 'owns' && e.to === st.edge.to).map((e) => e.from);
      const paid = owners.flatMap((o) => (g.adjacency.get(o) ?? []).filter((e) => e.kind === 'prime' && e.from === st.edge.from));
      if (paid.length) {
        score *= CORROBORATION;
        why.push(`corroborated: ${g.nodes.get(st.edge.from)?.label ?? st.edge.from} also pays ${paid.map((e) => g.nodes.get(e.to)?.label ?? e.to).join(', ')} as prime (${paid.map((e) => e.amount).join(', ')})`);
      }
    }
    return { steps, score, hops: steps.length, why };
  });
  ranked.sort((a, b) => b.score - a.score || a.hops - b.hops || pathKey(a.steps).localeCompare(pathKey(b.steps)));
  return {
    paths: ranked.slice(0, options.limit ?? 10).map((p, i) => ({ rank: i + 1, score: Math.round(p.score * 1000) / 1000, hops: p.hops, steps: p.steps, why: p.why })),
    enumerated: found.length,
    truncated,
  };
}

function pathKey(steps: readonly PathStep[]): string {
  return steps.map((s) => s.edge.id).join('>');
}

function explainRank(steps: readonly PathStep[]): string[] {
  const why = [`${steps.length} step${steps.length === 1 ? '' : 's'}`];
  const claims = steps.filter((s) => s.edge.confidence === 'claim').length;
  const soft = steps.filter((s) => s.edge.confidence === 'weak' || s.edge.confidence === 'inferred').length;
  if (!claims && !soft) why.push('every step backed by records');
  if (soft) why.push(`${soft} step(s) inferred or weakly matched`);
  if (claims) why.push(`${claims} step(s) only a cited claim`);
  const money = steps.filter((s) => s.edge.amount !== null);
  if (money.length) {
    const least = money.reduce((m, s) => (toCents(s.edge.amount!) < toCents(m.edge.amount!) ? s : m));
    why.push(`smallest amount on the way: ${least.edge.amount} (${least.edge.kind})`);
  }
  const dates = steps.map((s) => s.edge.lastDate ?? s.edge.firstDate).filter((d): d is string => !!d).sort();
  if (dates.length) why.push(`latest activity ${dates.at(-1)}`);
  return why;
}
