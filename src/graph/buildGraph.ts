/**
 * The relationship graph: every way a company stands behind an agency, as edges with evidence. The edge
 * kinds (what each means, how it is built, its evidence) are declared in src/model/edgeKinds.ts; the build
 * runs each kind's declared query or step (brandEdges.ts, fedrampEdges.ts, members, claims) in
 * declaration order.
 *
 * Edges are aggregated (one per pair and kind) and stored in graph_edges; the records behind an edge
 * are fetched on demand (graph/evidence.ts), so the graph never copies the transactions.
 */
import type { Database } from '../store/database.js';
import { loadAgencyDirectory } from '../entities/agencies.js';
import { normalizeName } from '../entities/normalizeName.js';
import { loadAllFamilies } from '../entities/familiesFile.js';
import { entityState } from '../entities/resolve.js';
import { EDGE_KIND_DECLARATIONS, EDGE_KINDS, kindsWithRole, type EdgeBuild, type EdgeKind, type NodeType } from '../model/edgeKinds.js';
import { literal } from '../store/sql.js';
import { defaultBrandLexicon, type BrandLexicon } from './brandLexicon.js';
import { brandEdges, MENTION_COLUMNS, type MentionRow } from './brandEdges.js';
import { fedrampEdges } from './fedrampEdges.js';
import { newGraphBuild, tableExists, type GraphBuild } from './graphBuild.js';

export const GRAPH_VERSION = 'graph-v7'; // v7: brand mentions split into resells / services_on / names; v6: subaward edges count repeated reports once; v5: graph_search_edges

/** A claim with both ends resolved (from a claims file, see graph/claims.ts). */
export interface GraphClaim {
  fromType: 'company' | 'agency' | 'offering';
  fromId: string;
  fromLabel?: string;
  toType: 'company' | 'agency' | 'offering';
  toId: string;
  toLabel?: string;
  kind: string;
  sourceUrl: string;
  quote?: string | null;
  date?: string | null;
  note?: string | null;
  file: string;
  line: number;
}

export { EDGE_KINDS, type EdgeKind, type NodeType } from '../model/edgeKinds.js';

export interface GraphBuildResult {
  nodes: number;
  edges: Record<string, number>;
  ms: number;
  notes: string[];
}

/** Tables the graph writes; all derived, replaced whole by each build. */
export const GRAPH_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS graph_nodes (node_id VARCHAR NOT NULL, type VARCHAR NOT NULL, label VARCHAR NOT NULL, detail VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS graph_edges (edge_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, from_node VARCHAR NOT NULL,
     to_node VARCHAR NOT NULL, amount DECIMAL(38,2), awarding_amount DECIMAL(38,2), funding_amount DECIMAL(38,2),
     records INTEGER NOT NULL, first_date DATE, last_date DATE, agencies VARCHAR, source VARCHAR NOT NULL,
     confidence VARCHAR NOT NULL, detail VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS graph_brand_mentions (text VARCHAR NOT NULL, brand VARCHAR NOT NULL, family_node VARCHAR NOT NULL,
     term VARCHAR NOT NULL, matched_text VARCHAR NOT NULL, snippet VARCHAR NOT NULL, confidence VARCHAR NOT NULL, relation VARCHAR, rule VARCHAR)`,
  // graphs of v6 and before: the relation a description states and the rule that decided it (brandRelation.ts)
  `ALTER TABLE graph_brand_mentions ADD COLUMN IF NOT EXISTS relation VARCHAR`,
  `ALTER TABLE graph_brand_mentions ADD COLUMN IF NOT EXISTS rule VARCHAR`,
  `CREATE TABLE IF NOT EXISTS graph_state (key VARCHAR NOT NULL, value VARCHAR)`,
  // path search's compact form (paths.ts loadSearchGraph): one text line per edge between non-recipient
  // nodes, with both ends as their numbers in node id order, numbered in edge id order
  `CREATE TABLE IF NOT EXISTS graph_search_edges (edge_no INTEGER NOT NULL, kind VARCHAR NOT NULL, from_agency VARCHAR,
     to_agency VARCHAR, line VARCHAR NOT NULL)`,
];

/** SQL text of a column for the tab- and newline-separated texts the graph crosses to JavaScript in. */
export function textCell(col: string): string {
  return `replace(replace(coalesce(CAST(${col} AS VARCHAR), ''), chr(9), ' '), chr(10), ' ')`;
}

/** The SQL that numbers nodes and writes one search line per edge (see graph_search_edges). */
export const SEARCH_EDGES_SELECT = `
  WITH n AS (SELECT node_id, CAST(row_number() OVER (ORDER BY node_id) - 1 AS INTEGER) AS i FROM graph_nodes WHERE type <> 'recipient')
  SELECT CAST(row_number() OVER (ORDER BY e.edge_id) AS INTEGER) AS edge_no, e.kind,
    CASE WHEN e.from_node LIKE 'agency:%' THEN e.from_node END AS from_agency,
    CASE WHEN e.to_node LIKE 'agency:%' THEN e.to_node END AS to_agency,
    concat_ws(chr(9), f.i, t.i, e.edge_id, e.kind, ${'${AMOUNT}'}, e.records, ${'${D0}'}, ${'${D1}'}, ${'${AGS}'}, e.confidence) AS line
  FROM graph_edges e JOIN n f ON f.node_id = e.from_node JOIN n t ON t.node_id = e.to_node
  WHERE NOT (e.kind IN (${'${OWNERSHIP}'}) AND e.to_node LIKE 'recipient:%')`
  .replace('${AMOUNT}', textCell('e.amount')).replace('${D0}', textCell('e.first_date'))
  .replace('${D1}', textCell('e.last_date')).replace('${AGS}', textCell('e.agencies'))
  .replace('${OWNERSHIP}', kindsWithRole('ownership').map(literal).join(', '));

export interface BuildGraphOptions {
  lexicon?: BrandLexicon;
  claims?: readonly GraphClaim[];
}

/** Builds the graph from the store's records, resolved families, FedRAMP tables and claims; replaces graph_* tables. */
export async function buildGraph(db: Database, options: BuildGraphOptions = {}): Promise<GraphBuildResult> {
  const t0 = Date.now();
  const lap = (label: string): void => {
    if (process.env['WHOSBEHIND_PROFILE']) process.stderr.write(`[graph ${Date.now() - t0} ms] ${label}\n`);
  };
  const lexicon = options.lexicon ?? defaultBrandLexicon();
  const dir = await loadAgencyDirectory(db);
  // families with records, and curated families that have none here (a brand or provider may name one)
  const familyNames = new Map((await db.all<{ family_id: string; name: string }>(`SELECT family_id, name FROM entity_families`)).map((f) => [f.family_id, f.name]));
  const curated = await loadAllFamilies((await entityState(db)).familiesFiles);
  for (const f of curated) if (!familyNames.has(f.id)) familyNames.set(f.id, f.family);
  // names people use for a curated family ("Amazon", "AWS"), as FedRAMP provider names do
  const aliasOf = new Map<string, string>();
  for (const f of curated) for (const a of [f.family, ...f.aliases]) aliasOf.set(normalizeName(a), f.id);
  const familyOfUei = new Map((await db.all<{ key: string; family_id: string }>(
    `SELECT k.key, r.family_id FROM entity_keys k JOIN entity_recipients r USING (recipient_id) WHERE k.key LIKE 'uei:%'`)).map((r) => [r.key.slice(4), r.family_id]));
  const b = newGraphBuild(db, dir, familyNames, EDGE_KINDS);
  for (const s of GRAPH_DDL) await db.run(s);
  // Everything below is read first; the tables are replaced in one transaction at the end.
  let mentions: MentionRow[] = [];
  const steps: Record<Extract<EdgeBuild, { step: string }>['step'], () => Promise<void>> = {
    'brand mentions': async () => { mentions = await brandEdges(b, lexicon); },
    fedramp: () => fedrampEdges(b, aliasOf, familyOfUei),
    members: () => memberEdges(b),
    claims: async () => claimEdges(b, options.claims ?? []),
  };
  const nodeOf = (type: string, id: string, name: string | null): string => {
    const node = `${type}:${id}`;
    if (type === 'agency') b.addNode(node, 'agency', b.agencyLabel(id, name));
    else b.addNode(node, type as NodeType, name ?? (type === 'family' ? familyNames.get(id) : undefined) ?? id);
    return node;
  };
  const done = new Set<string>();
  for (const decl of EDGE_KIND_DECLARATIONS) {
    for (const build of decl.build as readonly EdgeBuild[]) {
      if ('step' in build) {
        if (done.has(build.step)) continue;
        done.add(build.step);
        await steps[build.step]();
        lap(build.step);
        continue;
      }
      if (build.requires && !(await Promise.all(build.requires.map((t) => tableExists(db, t)))).every(Boolean)) continue;
      for (const r of await db.all(build.sql)) {
        const from = nodeOf(String(r['from_type']), String(r['from_id']), (r['from_name'] as string | null) ?? null);
        const to = nodeOf(String(r['to_type']), String(r['to_id']), (r['to_name'] as string | null) ?? null);
        b.pushEdge(decl.kind, from, to, {
          amount: (r['amount'] as string | null) ?? null, awarding: (r['awarding'] as string | null) ?? null, funding: (r['funding'] as string | null) ?? null,
          records: Number(r['records']), first: (r['d0'] as string | null) ?? null, last: (r['d1'] as string | null) ?? null,
          agencies: (r['agencies'] as string | null) ?? null, source: decl.source, confidence: String(r['confidence']),
          detail: (r['detail'] as string | null) ?? null,
        });
      }
      lap(decl.kind);
    }
  }

  const { nodes, edges } = b;
  await db.transaction(async () => {
    await db.run(`DELETE FROM graph_nodes`);
    await db.run(`DELETE FROM graph_edges`);
    await db.run(`DELETE FROM graph_brand_mentions`);
    await db.appendRows('graph_nodes', [...nodes.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([id, n]) => [id, n.type, n.label, n.detail]));
    await db.run(`CREATE TEMP TABLE IF NOT EXISTS wb_edges (edge_id VARCHAR, kind VARCHAR, from_node VARCHAR, to_node VARCHAR, amount VARCHAR,
      awarding_amount VARCHAR, funding_amount VARCHAR, records INTEGER, first_date VARCHAR, last_date VARCHAR, agencies VARCHAR, source VARCHAR,
      confidence VARCHAR, detail VARCHAR)`);
    await db.run(`DELETE FROM wb_edges`);
    await db.appendRows('wb_edges', edges);
    // text → DECIMAL(38,2) is slow in DuckDB (~10 µs a value); through DECIMAL(18,2) it is ~50× faster and
    // exact for every amount that fits there, which is every real one; the rest take the slow cast
    const money = (col: string): string => `coalesce(CAST(TRY_CAST(${col} AS DECIMAL(18,2)) AS DECIMAL(38,2)), CAST(${col} AS DECIMAL(38,2)))`;
    await db.run(`INSERT INTO graph_edges SELECT edge_id, kind, from_node, to_node, ${money('amount')}, ${money('awarding_amount')},
      ${money('funding_amount')}, records, TRY_CAST(first_date AS DATE), TRY_CAST(last_date AS DATE), agencies, source, confidence, detail
      FROM wb_edges ORDER BY edge_id`);
    await db.run(`CREATE TEMP TABLE IF NOT EXISTS wb_mentions (${MENTION_COLUMNS})`);
    await db.run(`DELETE FROM wb_mentions`);
    await db.appendRows('wb_mentions', mentions);
    await db.run(`INSERT INTO graph_brand_mentions (text, brand, family_node, term, matched_text, snippet, confidence, relation, rule) SELECT * FROM wb_mentions`);
    await db.run(`DELETE FROM graph_search_edges`);
    await db.run(`INSERT INTO graph_search_edges SELECT * FROM (${SEARCH_EDGES_SELECT}) ORDER BY edge_no`);
    await db.run(`DELETE FROM graph_state`);
    await db.appendRows('graph_state', [['version', GRAPH_VERSION], ['built_at', new Date().toISOString()]]);
  });
  return { nodes: nodes.size, edges: b.counts, ms: Date.now() - t0, notes: b.notes };
}

/** owns: family → member recipients (families with no other edge stay out of the graph). */
async function memberEdges(b: GraphBuild): Promise<void> {
  // owns: family → member recipients
  for (const r of await b.db.all(`SELECT recipient_id, family_id, name, records FROM entity_recipients ORDER BY 1`)) {
    const famNode = `family:${r['family_id']}`;
    if (!b.nodes.has(famNode)) continue; // recipients of families with no edges stay out of the graph
    const rec = `recipient:${r['recipient_id']}`;
    b.addNode(rec, 'recipient', String(r['name']));
    b.pushEdge('owns', famNode, rec, { records: Number(r['records']), source: 'entities', confidence: 'record', detail: 'family member (whosbehind entities explain)' });
  }

}

/** claim: an edge per cited claim, both ends resolved (graph/storeClaims.ts). */
function claimEdges(b: GraphBuild, claims: readonly GraphClaim[]): void {
  // claims
  for (const c of claims) {
    const from = claimNode(c.fromType, c.fromId);
    const to = claimNode(c.toType, c.toId);
    b.addNode(from.node, from.type, c.fromLabel ?? c.fromId);
    b.addNode(to.node, to.type, c.toLabel ?? c.toId);
    b.pushEdge('claim', from.node, to.node, {
      records: 1, first: c.date ?? null, last: c.date ?? null, source: `${c.file} line ${c.line}`, confidence: 'claim',
      detail: JSON.stringify({ kind: c.kind, sourceUrl: c.sourceUrl, quote: c.quote ?? null, note: c.note ?? null }),
    });
  }

}

function claimNode(type: string, id: string): { node: string; type: NodeType } {
  if (type === 'agency') return { node: `agency:${id}`, type: 'agency' };
  if (type === 'offering') return { node: `offering:${id}`, type: 'offering' };
  return { node: `family:${id}`, type: 'family' };
}

