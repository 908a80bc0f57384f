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
import { formatMoney, toCents } from '../analysis/money.js';
import { literal } from '../store/sql.js';
import { EDGE_KINDS, edgeKind, hasRole, kindsWithRole, type EdgeKind, type NodeType } from '../model/edgeKinds.js';
import { GRAPH_VERSION, SEARCH_EDGES_SELECT } from './buildGraph.js';
import { readSearchGraphFile, searchGraphFile, searchGraphFolder, writeSearchGraphFile, type SearchGraphParts } from './searchGraphFile.js';

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
  const edgeFilter = withRecipients ? '' : `AND NOT (kind IN (${kindsWithRole('ownership').map(literal).join(', ')}) AND to_node LIKE 'recipient:%')`;
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

/**
 * The graph `loadGraph(db, kinds, false, agencies)` loads, for a path search: the same nodes, edges and
 * adjacency (each list in edge id order), but compact: the edges cross from DuckDB as one text with
 * node numbers instead of node ids, and node and edge objects are made only when the search asks for a
 * node's adjacency (`adjacency.get`) or a node (`nodes.get`). `edges` is left empty, and iterating the
 * maps sees only what was made so far: use loadGraph for exports.
 */
export async function loadSearchGraph(db: Database, kinds: readonly EdgeKind[] = EDGE_KINDS, agencies?: readonly string[], options: { reuse?: boolean | 'disk' } = {}): Promise<LoadedGraph> {
  if (options.reuse === false) return graphFromParts(await readSearchGraphParts(db, kinds, agencies));
  // kept per open store, and in a file beside the store, while the stored graph is the same build (a rebuild changes its build time and digest)
  const stampRows = await db.all<{ v: string | null }>(`SELECT value AS v FROM graph_state WHERE key IN ('built_at', 'digest') ORDER BY key`)
    .catch(() => [] as Array<{ v: string | null }>);
  const stamp = JSON.stringify([GRAPH_VERSION, stampRows.map((r) => r.v)]);
  const selection = JSON.stringify([[...kinds].sort(), agencies ? [...agencies].sort() : null]);
  const key = `${stamp}\0${selection}`;
  let cache = searchGraphs.get(db);
  if (!cache) searchGraphs.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && stampRows.length && options.reuse !== 'disk') return hit;
  let parts: SearchGraphParts | null = null;
  const folder = stampRows.length ? searchGraphFolder(db.path) : null;
  const file = folder ? searchGraphFile(folder, stamp, selection) : null;
  if (file) parts = readSearchGraphFile(file, stamp);
  if (!parts) {
    parts = await readSearchGraphParts(db, kinds, agencies);
    if (folder && file) writeSearchGraphFile(folder, file, parts, stamp);
  }
  const g = graphFromParts(parts);
  if (stampRows.length) {
    cache.set(key, g);
    // a few agencies' graphs at most
    while (cache.size > 4) cache.delete(cache.keys().next().value!);
  }
  return g;
}

const searchGraphs = new WeakMap<Database, Map<string, LoadedGraph>>();

/** Reads the compact search graph from the store: two texts from DuckDB, parsed into arrays. */
async function readSearchGraphParts(db: Database, kinds: readonly EdgeKind[], agencies?: readonly string[]): Promise<SearchGraphParts> {
  const clean = (col: string): string => `replace(replace(coalesce(CAST(${col} AS VARCHAR), ''), chr(9), ' '), chr(10), ' ')`;
  const one = async (sql: string): Promise<string> => ((await db.rows(sql)) as [[string | null]])[0]?.[0] ?? '';
  const nodeText = await one(
    `SELECT string_agg(concat_ws(chr(9), ${clean('node_id')}, ${clean('type')}, ${clean('label')}), chr(10) ORDER BY node_id)
     FROM graph_nodes WHERE type <> 'recipient'`);
  const kindList = kinds.map((k) => `'${k}'`).join(', ');
  // edges whose ends are not (non-recipient) nodes cannot be on a path: a search only walks to nodes it knows.
  // The build writes each edge's line (graph_search_edges); a graph built before that is read the slow way.
  const stored = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'graph_search_edges'`);
  const inAgencies = agencies?.map(literal).join(', ') || 'NULL';
  const edgeText = stored?.n
    ? await one(
      `SELECT string_agg(line, chr(10) ORDER BY edge_no) FROM graph_search_edges e WHERE e.kind IN (${kindList || "''"})
       ${agencies ? `AND ((e.from_agency IS NULL AND e.to_agency IS NULL) OR e.from_agency IN (${inAgencies}) OR e.to_agency IN (${inAgencies}))` : ''}`,
    )
    : await one(
      `SELECT string_agg(line, chr(10) ORDER BY edge_no) FROM (${SEARCH_EDGES_SELECT}) e WHERE e.kind IN (${kindList || "''"})
       ${agencies ? `AND ((e.from_agency IS NULL AND e.to_agency IS NULL) OR e.from_agency IN (${inAgencies}) OR e.to_agency IN (${inAgencies}))` : ''}`,
    );
  return partsFromTexts(nodeText, edgeText);
}

/** Parses the node text (id, type, label a line, in id order) and edge text (both ends' numbers, then the edge's fields). */
export function partsFromTexts(nodeText: string, edgeText: string): SearchGraphParts {
  // nodes: line offsets, ids and types now; labels when a node is asked for
  const nodeStart: number[] = [];
  const nodeIds: string[] = [];
  const nodeTypes: string[] = [];
  const index = new Map<string, number>();
  for (let at = 0; nodeText && at <= nodeText.length;) {
    const end = nodeText.indexOf('\n', at);
    const stop = end < 0 ? nodeText.length : end;
    const t1 = nodeText.indexOf('\t', at);
    const t2 = nodeText.indexOf('\t', t1 + 1);
    const id = nodeText.slice(at, t1);
    index.set(id, nodeIds.length);
    nodeIds.push(id);
    nodeTypes.push(nodeText.slice(t1 + 1, t2));
    nodeStart.push(t2 + 1);
    if (end < 0) break;
    at = stop + 1;
  }
  const nodeEnd = (i: number): number => {
    const e = nodeText.indexOf('\n', nodeStart[i]!);
    return e < 0 ? nodeText.length : e;
  };
  // edges: line offsets and both ends' numbers; adjacency as offsets into one array of edge numbers
  const edgeStart: number[] = [];
  const endList: number[] = [];
  const readInt = (from: number): [number, number] => {
    let v = 0;
    let i = from;
    for (let c = edgeText.charCodeAt(i); c >= 48 && c <= 57; c = edgeText.charCodeAt(++i)) v = v * 10 + (c - 48);
    return [v, i];
  };
  for (let at = 0; edgeText && at < edgeText.length;) {
    const [from, i1] = readInt(at);
    const [to, i2] = readInt(i1 + 1);
    endList.push(from, to);
    edgeStart.push(i2 + 1);
    const end = edgeText.indexOf('\n', i2);
    if (end < 0) break;
    at = end + 1;
  }
  const edgeCount = edgeStart.length;
  const ends = Int32Array.from(endList);
  const offsets = new Int32Array(nodeIds.length + 1);
  for (const n of ends) offsets[n + 1]!++;
  for (let i = 1; i < offsets.length; i++) offsets[i]! += offsets[i - 1]!;
  const fill = offsets.slice(0, nodeIds.length);
  const incident = new Int32Array(ends.length);
  // in edge order, so each node's list is in edge id order; an edge from a node to itself is listed twice, as loadGraph does
  for (let e = 0; e < edgeCount; e++) {
    incident[fill[ends[2 * e]!]!++] = e;
    incident[fill[ends[2 * e + 1]!]!++] = e;
  }
  const middle = new Uint8Array(nodeIds.length);
  nodeTypes.forEach((t, i) => { if (MIDDLE.has(t as NodeType)) middle[i] = 1; });
  return {
    nodeCount: nodeIds.length, edgeCount, middle, ends, offsets, incident,
    nodeId: (i) => nodeIds[i]!, nodeType: (i) => nodeTypes[i]!, nodeLabel: (i) => nodeText.slice(nodeStart[i]!, nodeEnd(i)),
    indexOf: (id) => index.get(id),
    edgeText: (e) => {
      const end = edgeText.indexOf('\n', edgeStart[e]!);
      return edgeText.slice(edgeStart[e]!, end < 0 ? edgeText.length : end);
    },
  };
}

/** The lazy graph over compact parts: node and edge objects are made when the search or an answer asks for them. */
function graphFromParts(parts: SearchGraphParts): LoadedGraph {
  const { offsets, incident, ends } = parts;
  const edgeObjects: Array<GraphEdge | undefined> = new Array(parts.edgeCount);
  const edgeAt = (e: number): GraphEdge => {
    let edge = edgeObjects[e];
    if (edge) return edge;
    const [id, kind, amount, records, d0, d1, ags, confidence] = parts.edgeText(e).split('\t');
    edge = {
      id: id!, kind: kind as EdgeKind, from: parts.nodeId(ends[2 * e]!), to: parts.nodeId(ends[2 * e + 1]!), amount: amount || null,
      awardingAmount: null, fundingAmount: null, records: Number(records), firstDate: d0 || null,
      lastDate: d1 || null, agencies: ags ? ags.split(',') : [], source: '', confidence: confidence!, detail: null,
    };
    edgeObjects[e] = edge;
    return edge;
  };

  class LazyNodes extends Map<string, GraphNode> {
    override get(id: string): GraphNode | undefined {
      let node = super.get(id);
      if (node) return node;
      const i = parts.indexOf(id);
      if (i === undefined) return undefined;
      node = { id, type: parts.nodeType(i) as NodeType, label: parts.nodeLabel(i), detail: null };
      super.set(id, node);
      return node;
    }

    override has(id: string): boolean {
      return parts.indexOf(id) !== undefined;
    }
  }
  class LazyAdjacency extends Map<string, GraphEdge[]> {
    override get(id: string): GraphEdge[] | undefined {
      let list = super.get(id);
      if (list) return list;
      const n = parts.indexOf(id);
      if (n === undefined || offsets[n] === offsets[n + 1]) return undefined;
      list = [];
      for (let k = offsets[n]!; k < offsets[n + 1]!; k++) list.push(edgeAt(incident[k]!));
      super.set(id, list);
      return list;
    }

    override has(id: string): boolean {
      const n = parts.indexOf(id);
      return n !== undefined && offsets[n] !== offsets[n + 1];
    }
  }
  const graph: LoadedGraph & { [COMPACT]?: CompactGraph } = { nodes: new LazyNodes(), edges: [], adjacency: new LazyAdjacency() };
  graph[COMPACT] = { indexOf: parts.indexOf, nodeId: parts.nodeId, nodeCount: parts.nodeCount, middle: parts.middle, offsets, incident, ends, edgeAt };
  return graph;
}

/** The arrays behind a graph from loadSearchGraph, which findPaths searches without making objects for every neighbour. */
interface CompactGraph {
  indexOf(id: string): number | undefined;
  nodeId(i: number): string;
  nodeCount: number;
  /** 1 where the node may sit in the middle of a path (family, offering). */
  middle: Uint8Array;
  /** Node n's incident edges are incident[offsets[n] .. offsets[n + 1]), in edge id order. */
  offsets: Int32Array;
  incident: Int32Array;
  /** Edge e goes from ends[2e] to ends[2e + 1]. */
  ends: Int32Array | number[];
  edgeAt: (e: number) => GraphEdge;
}

const COMPACT = Symbol('compact search graph');

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

export const MIDDLE: ReadonlySet<NodeType> = new Set(['family', 'offering']);

/** Bonus for an authorization whose provider the same agency also pays as prime. */
export const CORROBORATION = 1.15;

const CONFIDENCE_WEIGHT: Record<string, number> = { record: 1, weak: 0.6, inferred: 0.7, claim: 0.4 };

/** A step's score (at most 1): its kind's declared weight × confidence, discounted for small amounts and (unless timeless) age. */
export function edgeScore(e: GraphEdge, todayYear: number): number {
  const decl = edgeKind(e.kind);
  let s = decl.weight * (CONFIDENCE_WEIGHT[e.confidence] ?? 0.5);
  if (e.amount !== null) {
    const dollars = Number(toCents(e.amount)) / 100;
    s *= dollars > 1 ? 0.6 + 0.4 * Math.min(1, Math.log10(dollars) / 9) : 0.6;
  }
  const last = decl.timeless ? null : e.lastDate ?? e.firstDate;
  if (last) s *= Math.max(0.5, 1 - 0.1 * Math.max(0, todayYear - 2 - Number(last.slice(0, 4))));
  return s;
}

/** A max-heap on `score`: the best-first searches' queue of partial paths. */
export class MaxHeap<T extends { score: number }> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The item with the highest score, left in the heap. */
  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const heap = this.items;
    heap.push(item);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.score >= heap[i]!.score) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const heap = this.items;
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
  }
}

/** A path is corroborated when an agency authorizes an offering whose owner that agency also pays as prime. */
export function corroborated(g: LoadedGraph, steps: readonly PathStep[]): boolean {
  return steps.some((st) => corroborations(g, st.edge).length > 0);
}

/** The payments backing an authorization: the authorizing agency pays the offering's owner as prime. */
function corroborations(g: LoadedGraph, e: GraphEdge): GraphEdge[] {
  if (!hasRole(e.kind, 'authorization')) return [];
  const owners = (g.adjacency.get(e.to) ?? []).filter((o) => hasRole(o.kind, 'ownership') && o.to === e.to).map((o) => o.from);
  return owners.flatMap((o) => (g.adjacency.get(o) ?? []).filter((p) => hasRole(p.kind, 'payment') && p.from === e.from));
}

/**
 * All ranked paths from any of `from` to any of `to`: a best-first search over the compact form of the
 * graph (the one loadSearchGraph makes; a graph from loadGraph is put in that form once and kept).
 */
export function findPaths(g: LoadedGraph, from: readonly string[], to: readonly string[], options: PathSearchOptions = {}): PathSearchResult {
  return findPathsCompact(g, compactOf(g), from, to, options);
}

const compactForms = new WeakMap<LoadedGraph, CompactGraph>();

/** The compact form of a graph: its own when loadSearchGraph made it, else made from its nodes and edges (in edge id order). */
function compactOf(g: LoadedGraph): CompactGraph {
  const own = (g as LoadedGraph & { [COMPACT]?: CompactGraph })[COMPACT];
  if (own) return own;
  const made = compactForms.get(g);
  if (made) return made;
  const index = new Map<string, number>();
  const nodeIds: string[] = [];
  const number = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      index.set(id, (i = nodeIds.length));
      nodeIds.push(id);
    }
    return i;
  };
  for (const id of [...g.nodes.keys()].sort()) number(id);
  const edges = [...g.edges].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ends: number[] = [];
  for (const e of edges) ends.push(number(e.from), number(e.to));
  const middle = new Uint8Array(nodeIds.length);
  nodeIds.forEach((id, i) => { const t = g.nodes.get(id)?.type; if (t && MIDDLE.has(t)) middle[i] = 1; });
  const offsets = new Int32Array(nodeIds.length + 1);
  for (const n of ends) offsets[n + 1]!++;
  for (let i = 1; i < offsets.length; i++) offsets[i]! += offsets[i - 1]!;
  const fill = offsets.slice(0, nodeIds.length);
  const incident = new Int32Array(ends.length);
  for (let e = 0; e < edges.length; e++) {
    incident[fill[ends[2 * e]!]!++] = e;
    incident[fill[ends[2 * e + 1]!]!++] = e;
  }
  const c: CompactGraph = { indexOf: (id) => index.get(id), nodeId: (i) => nodeIds[i]!, nodeCount: nodeIds.length, middle, offsets, incident, ends, edgeAt: (e) => edges[e]! };
  compactForms.set(g, c);
  return c;
}

/**
 * The search: from the company side, best first, on node numbers, making edge objects only for the steps
 * it takes. A breadth-first pass from the targets marks nodes one step away (anything else counts as two
 * or more: looking further would visit most of the graph for a large agency). An edge's score is at most 1
 * and each step past the first costs 0.7, so extending a path never raises its score and paths reach the
 * target in descending score order; the search stops once it has enough paths to rank (the corroboration
 * bonus is applied afterwards, so a few more than asked are kept) or its expansion budget is spent.
 * test/support/referencePathSearch.ts is the same search over node and edge objects, which the tests
 * compare it with.
 */
function findPathsCompact(g: LoadedGraph, c: CompactGraph, from: readonly string[], to: readonly string[], options: PathSearchOptions): PathSearchResult {
  const maxHops = options.maxHops ?? 4;
  const cap = options.cap ?? 50_000;
  const todayYear = Number((options.today ?? new Date().toISOString()).slice(0, 4));
  const n = c.nodeCount;
  const isTarget = new Uint8Array(n);
  const isStart = new Uint8Array(n);
  for (const t of to) { const i = c.indexOf(t); if (i !== undefined) isTarget[i] = 1; }
  for (const f of from) { const i = c.indexOf(f); if (i !== undefined) isStart[i] = 1; }
  // distance to the targets: 0, 1, or unknown (counts as 2), as findPaths marks it
  const dist = new Int8Array(n).fill(2);
  let frontier: number[] = [];
  for (const t of new Set(to)) { const i = c.indexOf(t); if (i !== undefined) { dist[i] = 0; frontier.push(i); } }
  const known = new Uint8Array(n);
  for (const i of frontier) known[i] = 1;
  for (let d = 1; d <= Math.min(1, maxHops) && frontier.length; d++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let k = c.offsets[node]!; k < c.offsets[node + 1]!; k++) {
        const e = c.incident[k]!;
        const other = c.ends[2 * e] === node ? c.ends[2 * e + 1]! : c.ends[2 * e]!;
        if (known[other]) continue;
        if (!c.middle[other] && !isStart[other]) continue;
        known[other] = 1;
        dist[other] = d;
        next.push(other);
      }
    }
    frontier = next;
  }

  const found: PathStep[][] = [];
  const wanted = Math.max((options.limit ?? 10) * 2, 20);
  interface Partial { node: number; score: number; depth: number; parent: Partial | null; edge: number }
  const heap = new MaxHeap<Partial>();
  const onPath = (p: Partial, node: number): boolean => {
    for (let q: Partial | null = p; q; q = q.parent) if (q.node === node) return true;
    return false;
  };
  const stepsOf = (p: Partial): PathStep[] => {
    const out: PathStep[] = [];
    for (let q: Partial | null = p; q?.parent; q = q.parent) {
      const edge = c.edgeAt(q.edge);
      const a = c.nodeId(q.parent.node);
      out.push({ edge, from: a, to: c.nodeId(q.node), forward: edge.from === a });
    }
    return out.reverse();
  };
  const scoreCache = new Map<GraphEdge, number>();
  const scoreOf = (e: GraphEdge): number => {
    let v = scoreCache.get(e);
    if (v === undefined) scoreCache.set(e, (v = edgeScore(e, todayYear)));
    return v;
  };
  const edgeScores = new Float64Array(c.ends.length / 2).fill(NaN);
  const scoreOfEdge = (e: number): number => {
    let v = edgeScores[e]!;
    if (Number.isNaN(v)) edgeScores[e] = v = scoreOf(c.edgeAt(e));
    return v;
  };
  // start nodes the graph does not hold are still expanded (to nothing), as findPaths does
  for (const s of new Set(from)) {
    const i = c.indexOf(s);
    heap.push({ node: i ?? -1, score: 1, depth: 0, parent: null, edge: -1 });
  }
  // the `wanted` best adjusted scores found so far, negated in a max-heap so its top is the least of them:
  // the wanted-th best score, read on every step once enough paths are found (sorting them each time
  // cost most of a search from a family with thousands of edges)
  const best = new MaxHeap<{ score: number }>();
  const kthBest = (): number => (best.size >= wanted ? -best.peek()!.score : 0);
  let expansions = 0;
  let truncated = false;
  for (let p = heap.pop(); p; p = heap.pop()) {
    if (found.length >= wanted && p.score * CORROBORATION < kthBest()) break;
    if (p.depth && p.node >= 0 && isTarget[p.node]) {
      const steps = stepsOf(p);
      found.push(steps);
      best.push({ score: -(p.score * (corroborated(g, steps) ? CORROBORATION : 1)) });
      if (best.size > wanted) best.pop();
      continue;
    }
    if (++expansions > cap) {
      truncated = true;
      break;
    }
    if (p.node < 0) continue;
    const remaining = maxHops - p.depth - 1;
    for (let k = c.offsets[p.node]!; k < c.offsets[p.node + 1]!; k++) {
      const e = c.incident[k]!;
      const other = c.ends[2 * e] === p.node ? c.ends[2 * e + 1]! : c.ends[2 * e]!;
      if (dist[other]! > remaining) continue;
      if (!isTarget[other]) {
        if (remaining === 0) continue;
        if (!c.middle[other]) continue;
      }
      if (onPath(p, other)) continue;
      const score = p.score * scoreOfEdge(e) * (p.depth > 0 ? 0.7 : 1);
      heap.push({ node: other, score, depth: p.depth + 1, parent: p, edge: e });
    }
  }
  return rankPaths(g, found, scoreOf, truncated, options);
}

/** Ranks found paths: score (steps' scores, 0.7 a step past the first, the corroboration bonus), then fewer steps, then edge ids. */
export function rankPaths(g: LoadedGraph, found: PathStep[][], scoreOf: (e: GraphEdge) => number, truncated: boolean, options: PathSearchOptions): PathSearchResult {
  const ranked = found.map((steps) => {
    let score = steps.reduce((p, st) => p * scoreOf(st.edge), 1) * 0.7 ** (steps.length - 1);
    const why = explainRank(steps);
    // an agency authorizing an offering whose provider it also pays as prime: two independent records agree
    for (const st of steps) {
      const paid = corroborations(g, st.edge);
      if (paid.length) {
        score *= CORROBORATION;
        why.push(`corroborated: ${g.nodes.get(st.edge.from)?.label ?? st.edge.from} also pays ${paid.map((e) => g.nodes.get(e.to)?.label ?? e.to).join(', ')} as prime (${paid.map((e) => (e.amount === null ? 'no amount' : formatMoney(toCents(e.amount)))).join(', ')})`);
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
    why.push(`smallest amount on the way: ${formatMoney(toCents(least.edge.amount))} (${least.edge.kind})`);
  }
  const dates = steps.map((s) => s.edge.lastDate ?? s.edge.firstDate).filter((d): d is string => !!d).sort();
  if (dates.length) why.push(`latest activity ${dates.at(-1)}`);
  return why;
}
