/** An agency's or a company's relationships: the graph edges touching its nodes, strongest first. */
import { edgeKind, isEdgeKind } from '../../model/edgeKinds.js';
import type { Database } from '../../store/database.js';

export interface Relationship {
  kind: string;
  from: { id: string; label: string; type: string };
  to: { id: string; label: string; type: string };
  amount: string | null;
  records: number;
  firstDate: string | null;
  lastDate: string | null;
  confidence: string;
  source: string;
}

/** Edges with one end in `nodes` (recipient membership edges left out), largest amounts first. */
export async function relationships(db: Database, nodes: readonly string[], limit = 30): Promise<{ count: number; items: Relationship[] }> {
  if (!nodes.length) return { count: 0, items: [] };
  const exists = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'graph_edges'`);
  if (!exists?.n) return { count: 0, items: [] };
  const list = nodes.map(() => '?').join(', ');
  const where = `(e.from_node IN (${list}) OR e.to_node IN (${list})) AND e.to_node NOT LIKE 'recipient:%'`;
  // one scan: the total rides along on every row (count(*) OVER ()), the join only on the rows kept
  const rows = await db.all(
    `WITH e AS (SELECT e.*, count(*) OVER ()::INTEGER AS total FROM graph_edges e WHERE ${where}
       ORDER BY abs(coalesce(e.amount, 0)) DESC, e.records DESC, e.edge_id LIMIT ${Math.floor(limit)})
     SELECT e.total, e.kind, e.from_node, coalesce(a.label, e.from_node) AS from_label, coalesce(a.type, '') AS from_type,
       e.to_node, coalesce(b.label, e.to_node) AS to_label, coalesce(b.type, '') AS to_type,
       CAST(e.amount AS VARCHAR) AS amount, e.records, CAST(e.first_date AS VARCHAR) AS first_date, CAST(e.last_date AS VARCHAR) AS last_date,
       e.confidence, e.source
     FROM e LEFT JOIN graph_nodes a ON a.node_id = e.from_node LEFT JOIN graph_nodes b ON b.node_id = e.to_node
     ORDER BY abs(coalesce(e.amount, 0)) DESC, e.records DESC, e.edge_id`, [...nodes, ...nodes]);
  return {
    count: rows.length ? Number(rows[0]!['total']) : 0,
    items: rows.map((r) => ({
      kind: String(r['kind']),
      from: { id: String(r['from_node']), label: String(r['from_label']), type: String(r['from_type']) },
      to: { id: String(r['to_node']), label: String(r['to_label']), type: String(r['to_type']) },
      amount: (r['amount'] as string | null) ?? null, records: Number(r['records']),
      firstDate: (r['first_date'] as string | null) ?? null, lastDate: (r['last_date'] as string | null) ?? null,
      confidence: String(r['confidence']), source: String(r['source']),
    })),
  };
}

import { html, money, table, type Html } from '../html.js';
import { nodeLink } from './common.js';

const nodeCell = (n: Relationship['from']): Html => {
  const link = nodeLink(n.id);
  return link ? html`<a href="${link}">${n.label}</a>` : html`${n.label}`;
};

/** The relationships table of an agency or company page. */
export function relationshipsTable(r: { count: number; items: Relationship[] }, pathLink: (other: Relationship) => string | undefined): Html {
  return html`<section id="relationships"><h2>Relationships (${r.count})</h2>
<p>Edges of the relationship graph: prime awards, subawards, resellers naming a brand, FedRAMP authorizations and hosting, ownership. ${r.count > r.items.length ? `The ${r.items.length} largest are shown.` : ''}</p>
${table(r.items, [
    { head: 'from', cell: (e) => nodeCell(e.from) },
    { head: 'relationship', cell: (e) => (isEdgeKind(e.kind) ? edgeKind(e.kind).label.web : e.kind) },
    { head: 'to', cell: (e) => nodeCell(e.to) },
    { head: 'amount', num: true, cell: (e) => money(e.amount) },
    { head: 'records', num: true, cell: (e) => e.records },
    { head: 'dates', cell: (e) => [e.firstDate, e.lastDate].filter(Boolean).join(' to ') },
    { head: 'confidence', cell: (e) => e.confidence },
    { head: '', cell: (e) => { const l = pathLink(e); return l ? html`<a href="${l}">paths</a>` : ''; } },
  ])}</section>`;
}
