/**
 * The neighbourhood of a node as a subgraph, written as GraphML, JSON graph or Graphviz DOT. Labels and
 * details come from records and are escaped for each format.
 */
import { toCents } from '../analysis/money.js';
import { edgeKind, isEdgeKind } from '../model/edgeKinds.js';
import type { GraphEdge, GraphNode, LoadedGraph } from './paths.js';

export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Nodes left out because of the limit. */
  omitted: number;
}

const weight = (e: GraphEdge): bigint => (e.amount === null ? 0n : toCents(e.amount) < 0n ? -toCents(e.amount) : toCents(e.amount));

/**
 * Nodes within `depth` steps of the centre (agencies are not expanded past the first step: an agency's
 * other suppliers are another question), at most `limit` nodes, strongest edges first.
 */
export function neighbourhood(g: LoadedGraph, centre: readonly string[], depth: number, limit: number, includeRecipients = false): Subgraph {
  const keep = new Set<string>(centre.filter((c) => g.nodes.has(c)));
  let frontier = [...keep];
  let omitted = 0;
  for (let d = 1; d <= depth && frontier.length; d++) {
    const candidates: Array<{ node: string; w: bigint }> = [];
    for (const n of frontier) {
      if (d > 1 && g.nodes.get(n)?.type === 'agency') continue;
      for (const e of g.adjacency.get(n) ?? []) {
        const other = e.from === n ? e.to : e.from;
        if (keep.has(other)) continue;
        if (!includeRecipients && g.nodes.get(other)?.type === 'recipient') continue;
        candidates.push({ node: other, w: weight(e) });
      }
    }
    const best = new Map<string, bigint>();
    for (const c of candidates) if ((best.get(c.node) ?? -1n) < c.w) best.set(c.node, c.w);
    const ordered = [...best.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])));
    const next: string[] = [];
    for (const [node] of ordered) {
      if (keep.size >= limit) {
        omitted++;
        continue;
      }
      keep.add(node);
      next.push(node);
    }
    frontier = next;
  }
  const nodes = [...keep].sort().map((id) => g.nodes.get(id)!).filter(Boolean);
  const edges = g.edges.filter((e) => keep.has(e.from) && keep.has(e.to)).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { nodes, edges, omitted };
}

const xml = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toGraphML(sg: Subgraph): string {
  const nodeKeys = ['type', 'label', 'detail'];
  const edgeKeys = ['kind', 'amount', 'awarding_amount', 'funding_amount', 'records', 'first_date', 'last_date', 'agencies', 'source', 'confidence', 'detail'];
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...nodeKeys.map((k) => `  <key id="n_${k}" for="node" attr.name="${k}" attr.type="string"/>`),
    ...edgeKeys.map((k) => `  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="string"/>`),
    '  <graph id="whosbehind" edgedefault="directed">',
  ];
  for (const n of sg.nodes) {
    out.push(`    <node id="${xml(n.id)}">`);
    out.push(`      <data key="n_type">${xml(n.type)}</data>`, `      <data key="n_label">${xml(n.label)}</data>`);
    if (n.detail) out.push(`      <data key="n_detail">${xml(n.detail)}</data>`);
    out.push('    </node>');
  }
  for (const e of sg.edges) {
    out.push(`    <edge id="${xml(e.id)}" source="${xml(e.from)}" target="${xml(e.to)}">`);
    const vals: Record<string, string | null> = {
      kind: e.kind, amount: e.amount, awarding_amount: e.awardingAmount, funding_amount: e.fundingAmount, records: String(e.records),
      first_date: e.firstDate, last_date: e.lastDate, agencies: e.agencies.join(',') || null, source: e.source, confidence: e.confidence, detail: e.detail,
    };
    for (const k of edgeKeys) if (vals[k] !== null && vals[k] !== undefined) out.push(`      <data key="e_${k}">${xml(vals[k]!)}</data>`);
    out.push('    </edge>');
  }
  out.push('  </graph>', '</graphml>');
  return out.join('\n') + '\n';
}

/** JSON Graph Format (jsongraphformat.info) with whosbehind's fields as metadata. */
export function toJsonGraph(sg: Subgraph): string {
  return JSON.stringify({
    graph: {
      directed: true,
      metadata: { omittedNodes: sg.omitted },
      nodes: Object.fromEntries(sg.nodes.map((n) => [n.id, { label: n.label, metadata: { type: n.type, detail: n.detail } }])),
      edges: sg.edges.map((e) => ({
        id: e.id, source: e.from, target: e.to, relation: e.kind,
        metadata: { amount: e.amount, awardingAmount: e.awardingAmount, fundingAmount: e.fundingAmount, records: e.records, firstDate: e.firstDate,
          lastDate: e.lastDate, agencies: e.agencies, source: e.source, confidence: e.confidence, detail: e.detail },
      })),
    },
  }, null, 2) + '\n';
}

const dot = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
const SHAPE: Record<string, string> = { agency: 'box', family: 'ellipse', offering: 'component', recipient: 'note' };

export function toDot(sg: Subgraph): string {
  const out = ['digraph whosbehind {', '  rankdir=LR;', '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const n of sg.nodes) out.push(`  ${dot(n.id)} [label=${dot(n.label)}, shape=${SHAPE[n.type] ?? 'ellipse'}];`);
  for (const e of sg.edges) {
    const label = e.amount !== null ? `${e.kind} ${e.amount}` : e.kind;
    out.push(`  ${dot(e.from)} -> ${dot(e.to)} [label=${dot(label)}, style=${isEdgeKind(e.kind) ? edgeKind(e.kind).label.dot : 'solid'}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
