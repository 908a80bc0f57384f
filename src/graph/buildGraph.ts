/**
 * The relationship graph: every way a company stands behind an agency, as edges with evidence.
 *
 *   prime       agency → family        transactions (awarding and funding basis both recorded)
 *   subaward    prime family → sub family, with the prime awards' agencies
 *   resells     reseller family → brand family, where descriptions name the brand (data/brands.yaml)
 *   authorizes  agency → cloud offering (FedRAMP ATO or reuse)
 *   builds_on   offering → the offering it runs on (FedRAMP leveraged systems, oriented by service model)
 *   owns        family → member recipient; provider family → its FedRAMP offering
 *   claim       anything from a cited claims file (shown as a claim, never as a record)
 *
 * Edges are aggregated (one per pair and kind) and stored in graph_edges; the records behind an edge
 * are fetched on demand (graph/evidence.ts), so the graph never copies the transactions.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../store/database.js';
import { findAgency, loadAgencyDirectory, type AgencyDirectory } from '../entities/agencies.js';
import { normalizeName } from '../entities/normalizeName.js';
import { loadAllFamilies } from '../entities/familiesFile.js';
import { entityState } from '../entities/resolve.js';
import { familyIdSql, SUBAWARDEE, SUB_PRIME, TX_RECIPIENT } from '../analysis/recipientJoin.js';
import { defaultBrandLexicon, matchBrands, brandSnippet, type BrandLexicon } from './brandLexicon.js';

export const GRAPH_VERSION = 'graph-v5'; // v5: graph_search_edges (the compact form path search loads)

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

export type EdgeKind = 'prime' | 'subaward' | 'resells' | 'authorizes' | 'builds_on' | 'owns' | 'claim';
export const EDGE_KINDS: readonly EdgeKind[] = ['prime', 'subaward', 'resells', 'authorizes', 'builds_on', 'owns', 'claim'];

export type NodeType = 'agency' | 'family' | 'offering' | 'recipient';

export interface GraphBuildResult {
  nodes: number;
  edges: Record<EdgeKind, number>;
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
     term VARCHAR NOT NULL, matched_text VARCHAR NOT NULL, snippet VARCHAR NOT NULL, confidence VARCHAR NOT NULL)`,
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
  WHERE NOT (e.kind = 'owns' AND e.to_node LIKE 'recipient:%')`
  .replace('${AMOUNT}', textCell('e.amount')).replace('${D0}', textCell('e.first_date'))
  .replace('${D1}', textCell('e.last_date')).replace('${AGS}', textCell('e.agencies'));

function edgeId(kind: string, from: string, to: string): string {
  return `E${createHash('sha1').update(`${kind}\0${from}\0${to}`).digest('hex').slice(0, 12)}`;
}

async function tableExists(db: Database, name: string): Promise<boolean> {
  const r = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?`, [name]);
  return (r?.n ?? 0) > 0;
}

/** Brand id of the lexicon → family node: its owner when the brand was acquired, else a curated family of that id. */
function brandNode(brandId: string, lexicon: BrandLexicon, families: Map<string, string>): { node: string; label: string } {
  const brand = lexicon.families.find((f) => f.id === brandId);
  const target = brand?.partOf?.family ?? brandId;
  const alias: Record<string, string> = { google: 'alphabet' };
  const id = families.has(target) ? target : families.has(alias[target] ?? '') ? alias[target]! : undefined;
  if (id) return { node: `family:${id}`, label: families.get(id)! };
  // a family formed from the records under the brand's name, else the brand itself
  const byName = [...families.entries()].find(([, name]) => normalizeName(name) === normalizeName(brand?.name.replace(/\s*\(.*\)$/, '') ?? brandId));
  if (byName) return { node: `family:${byName[0]}`, label: byName[1] };
  return { node: `family:brand-${brandId}`, label: brand?.name ?? brandId };
}

export interface BuildGraphOptions {
  lexicon?: BrandLexicon;
  claims?: readonly GraphClaim[];
}

/** Builds the graph from the store's records, resolved families, FedRAMP tables and claims; replaces graph_* tables. */
export async function buildGraph(db: Database, options: BuildGraphOptions = {}): Promise<GraphBuildResult> {
  const t0 = Date.now();
  const notes: string[] = [];
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
  const nodes = new Map<string, { type: NodeType; label: string; detail: string | null }>();
  const addNode = (id: string, type: NodeType, label: string, detail: string | null = null): void => {
    if (!nodes.has(id)) nodes.set(id, { type, label, detail });
  };
  const agencyLabel = (code: string, name: string | null): string => {
    const node = dir.byKey.get(`subtier:${code}`) ?? dir.byKey.get(`toptier:${code}`);
    return node?.name ?? name ?? code;
  };

  for (const s of GRAPH_DDL) await db.run(s);
  // Everything below is read first; the tables are replaced in one transaction at the end.
  const edges: Array<(string | number | null)[]> = [];
  const counts: Record<EdgeKind, number> = { prime: 0, subaward: 0, resells: 0, authorizes: 0, builds_on: 0, owns: 0, claim: 0 };
  const pushEdge = (kind: EdgeKind, from: string, to: string, e: {
    amount?: string | null; awarding?: string | null; funding?: string | null; records: number; first?: string | null; last?: string | null;
    agencies?: string | null; source: string; confidence: string; detail?: string | null;
  }): void => {
    counts[kind]++;
    edges.push([edgeId(kind, from, to), kind, from, to, e.amount ?? null, e.awarding ?? null, e.funding ?? null, e.records,
      e.first ?? null, e.last ?? null, e.agencies ?? null, e.source, e.confidence, e.detail ?? null]);
  };

  // prime: agency → family, either basis, with awarding and funding amounts recorded apart
  const fam = familyIdSql(TX_RECIPIENT);
  const prime = await db.all(
    `WITH t AS (
       SELECT r.awarding_sub_agency_code AS a, r.awarding_sub_agency_name AS an, r.funding_sub_agency_code AS f,
         r.funding_sub_agency_name AS fn, ${fam} AS fam, r.federal_action_obligation AS amt, r.action_date AS d
       FROM tx_current r ),
     u AS (SELECT a AS ag, an AS agn, * FROM t WHERE a IS NOT NULL
           UNION ALL SELECT f AS ag, fn AS agn, * FROM t WHERE f IS NOT NULL AND f IS DISTINCT FROM a)
     SELECT ag, any_value(agn) AS agn, fam, CAST(sum(amt) AS VARCHAR) AS s,
       CAST(sum(amt) FILTER (WHERE a = ag) AS VARCHAR) AS aw, CAST(sum(amt) FILTER (WHERE f = ag) AS VARCHAR) AS fu,
       count(*)::INTEGER AS n, CAST(min(d) AS VARCHAR) AS d0, CAST(max(d) AS VARCHAR) AS d1
     FROM u WHERE fam <> '(none)' GROUP BY ag, fam ORDER BY ag, fam`,
  );
  for (const r of prime) {
    const ag = `agency:${r['ag']}`;
    const famNode = `family:${r['fam']}`;
    addNode(ag, 'agency', agencyLabel(String(r['ag']), r['agn'] as string | null));
    addNode(famNode, 'family', familyNames.get(String(r['fam'])) ?? String(r['fam']));
    pushEdge('prime', ag, famNode, {
      amount: r['s'] as string, awarding: (r['aw'] as string | null) ?? '0.00', funding: (r['fu'] as string | null) ?? '0.00', records: Number(r['n']),
      first: r['d0'] as string | null, last: r['d1'] as string | null, agencies: String(r['ag']), source: 'transactions', confidence: 'record',
    });
  }

  lap('prime');
  // subaward: prime family → sub family, with the prime awards' awarding subtiers
  const subs = await db.all(
    `SELECT ${familyIdSql(SUB_PRIME)} AS pfam, ${familyIdSql(SUBAWARDEE)} AS sfam, CAST(sum(r.subaward_amount) AS VARCHAR) AS s, count(*)::INTEGER AS n,
       CAST(min(r.subaward_action_date) AS VARCHAR) AS d0, CAST(max(r.subaward_action_date) AS VARCHAR) AS d1,
       string_agg(DISTINCT r.prime_award_awarding_sub_agency_code, ',' ORDER BY r.prime_award_awarding_sub_agency_code) AS ags
     FROM sub_current r      WHERE r.prime_family_id IS NOT NULL AND r.sub_family_id IS NOT NULL AND r.prime_family_id <> r.sub_family_id
     GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  for (const r of subs) {
    const from = `family:${r['pfam']}`;
    const to = `family:${r['sfam']}`;
    addNode(from, 'family', familyNames.get(String(r['pfam'])) ?? String(r['pfam']));
    addNode(to, 'family', familyNames.get(String(r['sfam'])) ?? String(r['sfam']));
    pushEdge('subaward', from, to, {
      amount: r['s'] as string, records: Number(r['n']), first: r['d0'] as string | null, last: r['d1'] as string | null,
      agencies: (r['ags'] as string | null) ?? null, source: 'subawards', confidence: 'record',
      detail: 'self-reported by the prime; amounts as reported (repeats across reports possible)',
    });
  }

  lap('subaward');
  // resells: descriptions naming a brand other than the recipient's own family
  const texts = await db.all<{ text: string }>(
    `SELECT DISTINCT text FROM (
       SELECT transaction_description AS text FROM tx_current UNION SELECT prime_award_base_transaction_description FROM tx_current)
     WHERE text IS NOT NULL AND length(text) > 2`,
  );
  lap('texts');
  const mentions: Array<[string, string, string, string, string, string, string]> = [];
  const brandNodes = new Map<string, { node: string; label: string }>();
  // cheap prefilter: a description can only match if it holds the first word of some term
  const firstWords = new Set(lexicon.families.flatMap((f) => f.terms.map((t) => t.term.split(' ')[0]!)));
  for (const { text } of texts) {
    if (!text.toUpperCase().split(/[^A-Z0-9]+/).some((w) => firstWords.has(w))) continue;
    const seen = new Set<string>();
    for (const m of matchBrands(text, lexicon)) {
      if (seen.has(m.family)) continue;
      seen.add(m.family);
      let target = brandNodes.get(m.family);
      if (!target) brandNodes.set(m.family, (target = brandNode(m.family, lexicon, familyNames)));
      mentions.push([text, m.family, target.node, m.term, m.matchedText, brandSnippet(text, m), m.confidence]);
      addNode(target.node, 'family', target.label);
    }
  }
  lap('matching');
  await db.run(`CREATE TEMP TABLE IF NOT EXISTS wb_mentions (text VARCHAR, brand VARCHAR, family_node VARCHAR, term VARCHAR, matched_text VARCHAR, snippet VARCHAR, confidence VARCHAR)`);
  await db.run(`DELETE FROM wb_mentions`);
  await db.appendRows('wb_mentions', mentions);
  const resells = await db.all(
    `WITH m AS (${['transaction_description', 'prime_award_base_transaction_description'].map((col) => `
       SELECT r.contract_transaction_unique_key AS k, ${fam} AS fam, w.family_node, w.brand, w.confidence, r.federal_action_obligation AS amt,
         r.action_date AS d, coalesce(r.awarding_sub_agency_code, r.funding_sub_agency_code) AS ag
       FROM tx_current r JOIN wb_mentions w ON w.text = r.${col}`).join(' UNION ALL ')}),
     one AS (SELECT DISTINCT ON (k, family_node) * FROM m ORDER BY k, family_node, confidence DESC)
     SELECT fam, family_node, any_value(brand) AS brand, CAST(sum(amt) AS VARCHAR) AS s, count(*)::INTEGER AS n,
       CAST(min(d) AS VARCHAR) AS d0, CAST(max(d) AS VARCHAR) AS d1, string_agg(DISTINCT ag, ',' ORDER BY ag) AS ags,
       bool_or(confidence = 'strong') AS strong
     FROM one WHERE fam <> '(none)' AND 'family:' || fam <> family_node GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  lap('resells query');
  for (const r of resells) {
    const from = `family:${r['fam']}`;
    addNode(from, 'family', familyNames.get(String(r['fam'])) ?? String(r['fam']));
    pushEdge('resells', from, String(r['family_node']), {
      amount: r['s'] as string, records: Number(r['n']), first: r['d0'] as string | null, last: r['d1'] as string | null,
      agencies: (r['ags'] as string | null) ?? null, source: 'transactions (descriptions) + data/brands.yaml',
      confidence: r['strong'] ? 'record' : 'weak', detail: `descriptions name ${r['brand']}`,
    });
  }

  lap('resells');
  // FedRAMP: authorizes, builds_on, and provider families owning offerings
  if (await tableExists(db, 'fedramp_offerings')) {
    const offerings = await db.all(`SELECT * FROM fedramp_offerings`);
    const providerCache = new Map<string, ReturnType<typeof providerFamily>>();
    const normalizedFamilies = [...familyNames.entries()].map(([id, name]) => ({ id, name, norm: normalizeName(name) }));
    for (const o of offerings) {
      const id = `offering:${o['offering_id']}`;
      addNode(id, 'offering', `${o['offering']} (${o['provider']})`, JSON.stringify({
        provider: o['provider'], status: o['status'], impactLevel: o['impact_level'], serviceModels: o['service_models'],
      }));
      const uei = (o['provider_uei'] as string | null) ?? null;
      const byUei = uei ? familyOfUei.get(uei) : undefined;
      const byAlias = aliasOf.get(normalizeName(String(o['provider'])));
      let provider = providerCache.get(String(o['provider']));
      if (byUei) provider = { node: `family:${byUei}`, label: familyNames.get(byUei) ?? byUei, how: `provider UEI ${uei} is a member of this family` };
      else if (byAlias) provider = { node: `family:${byAlias}`, label: familyNames.get(byAlias)!, how: `provider name "${o['provider']}" is a name of the curated family` };
      else if (!provider) providerCache.set(String(o['provider']), (provider = providerFamily(String(o['provider']), normalizedFamilies)));
      addNode(provider.node, 'family', provider.label);
      pushEdge('owns', provider.node, id, {
        records: 1, source: 'fedramp', confidence: 'record', first: (o['authorization_date'] as string | null) ?? null,
        detail: `FedRAMP lists ${o['provider']} as the provider of ${o['offering']} (${o['offering_id']})${provider.how ? `; ${provider.how}` : ''}`,
      });
    }
    const fedAgencies = new Map((await db.all(`SELECT agency_id, parent_name, sub_name, name FROM fedramp_agencies`)).map((a) => [String(a['agency_id']), a]));
    const auths = await db.all(
      `SELECT agency_id, offering_id, list(kind ORDER BY kind) AS kinds, CAST(min(ato_date) AS VARCHAR) AS d0, CAST(max(ato_date) AS VARCHAR) AS d1, count(*)::INTEGER AS n
       FROM fedramp_authorizations GROUP BY 1, 2 ORDER BY 1, 2`);
    const agencyNodeCache = new Map<string, ReturnType<typeof fedrampAgencyNode>>();
    // several FedRAMP agency ids can name one USAspending agency: one edge per agency node and offering
    const grouped = new Map<string, { node: string; offering: string; ids: Set<string>; kinds: Set<string>; n: number; d0: string | null; d1: string | null }>();
    for (const a of auths) {
      const fa = fedAgencies.get(String(a['agency_id']));
      let node = agencyNodeCache.get(String(a['agency_id']));
      if (!node) agencyNodeCache.set(String(a['agency_id']), (node = fedrampAgencyNode(dir, String(a['agency_id']), fa)));
      addNode(node.node, 'agency', node.label, node.how);
      const k = `${node.node}\0${a['offering_id']}`;
      const g = grouped.get(k) ?? { node: node.node, offering: String(a['offering_id']), ids: new Set<string>(), kinds: new Set<string>(), n: 0, d0: null, d1: null };
      g.ids.add(String(a['agency_id']));
      for (const kind of a['kinds'] as string[]) g.kinds.add(kind);
      g.n += Number(a['n']);
      const d0 = a['d0'] as string | null;
      const d1 = a['d1'] as string | null;
      if (d0 && (!g.d0 || d0 < g.d0)) g.d0 = d0;
      if (d1 && (!g.d1 || d1 > g.d1)) g.d1 = d1;
      grouped.set(k, g);
    }
    for (const g of [...grouped.values()].sort((x, y) => (x.node + x.offering < y.node + y.offering ? -1 : 1))) {
      pushEdge('authorizes', g.node, `offering:${g.offering}`, {
        records: g.n, first: g.d0, last: g.d1, source: 'fedramp', confidence: 'record', agencies: [...g.ids].sort().join(','),
        detail: `${[...g.kinds].sort().map((k) => (k === 'ato' ? 'agency ATO' : 'reuse of another agency\'s authorization')).join(', ')} (FedRAMP agency ${[...g.ids].sort().join(', ')})`,
      });
    }
    for (const b of await db.all(`SELECT offering_id, built_on_id, orientation, orientation_note FROM fedramp_builds_on ORDER BY 1, 2`)) {
      pushEdge('builds_on', `offering:${b['offering_id']}`, `offering:${b['built_on_id']}`, {
        records: 1, source: 'fedramp', confidence: b['orientation'] === 'ambiguous' ? 'inferred' : 'record',
        detail: `orientation ${b['orientation']}: ${b['orientation_note']}`,
      });
    }
  } else {
    notes.push('no FedRAMP feed in the store: ingest fedramp-marketplace/data.json for authorizes and builds_on edges');
  }

  lap('fedramp');
  // owns: family → member recipients
  for (const r of await db.all(`SELECT recipient_id, family_id, name, records FROM entity_recipients ORDER BY 1`)) {
    const famNode = `family:${r['family_id']}`;
    if (!nodes.has(famNode)) continue; // recipients of families with no edges stay out of the graph
    const rec = `recipient:${r['recipient_id']}`;
    addNode(rec, 'recipient', String(r['name']));
    pushEdge('owns', famNode, rec, { records: Number(r['records']), source: 'entities', confidence: 'record', detail: 'family member (whosbehind entities explain)' });
  }

  lap('owns');
  // claims
  for (const c of options.claims ?? []) {
    const from = claimNode(c.fromType, c.fromId);
    const to = claimNode(c.toType, c.toId);
    addNode(from.node, from.type, c.fromLabel ?? c.fromId);
    addNode(to.node, to.type, c.toLabel ?? c.toId);
    pushEdge('claim', from.node, to.node, {
      records: 1, first: c.date ?? null, last: c.date ?? null, source: `${c.file} line ${c.line}`, confidence: 'claim',
      detail: JSON.stringify({ kind: c.kind, sourceUrl: c.sourceUrl, quote: c.quote ?? null, note: c.note ?? null }),
    });
  }

  lap('claims');
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
    await db.run(`INSERT INTO graph_brand_mentions SELECT * FROM wb_mentions`);
    await db.run(`DELETE FROM graph_search_edges`);
    await db.run(`INSERT INTO graph_search_edges SELECT * FROM (${SEARCH_EDGES_SELECT}) ORDER BY edge_no`);
    await db.run(`DELETE FROM graph_state`);
    await db.appendRows('graph_state', [['version', GRAPH_VERSION], ['built_at', new Date().toISOString()]]);
  });
  return { nodes: nodes.size, edges: counts, ms: Date.now() - t0, notes };
}

function claimNode(type: string, id: string): { node: string; type: NodeType } {
  if (type === 'agency') return { node: `agency:${id}`, type: 'agency' };
  if (type === 'offering') return { node: `offering:${id}`, type: 'offering' };
  return { node: `family:${id}`, type: 'family' };
}

/** The family of a FedRAMP provider name: a curated family by name or alias, else one formed from records, else its own node. */
function providerFamily(provider: string, families: ReadonlyArray<{ id: string; name: string; norm: string }>): { node: string; label: string; how: string | null } {
  const n = normalizeName(provider);
  const exact = families.find((f) => f.norm === n);
  if (exact) return { node: `family:${exact.id}`, label: exact.name, how: null };
  // "Amazon" → Amazon.com, Inc.; "Palantir Technologies" → Palantir Technologies Inc.: a family whose name starts with the provider's
  const starts = families.filter((f) => f.norm.startsWith(`${n} `));
  const curated = starts.filter((f) => !/^(uei|duns|name|parent)-/.test(f.id));
  const pick = curated.length === 1 ? curated[0] : starts.length === 1 ? starts[0] : undefined;
  if (pick) return { node: `family:${pick.id}`, label: pick.name, how: `provider name "${provider}" taken as family ${pick.name}` };
  return { node: `family:provider-${n.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, label: provider, how: 'provider not matched to a family in the records' };
}

/** A FedRAMP agency as a USAspending agency node when its name finds one; else its own node. */
function fedrampAgencyNode(dir: AgencyDirectory, id: string, a: Record<string, unknown> | undefined): { node: string; label: string; how: string } {
  const sub = (a?.['sub_name'] as string | null) ?? null;
  const parent = (a?.['parent_name'] as string | null) ?? '';
  for (const name of [sub, sub ? null : parent].filter((x): x is string => !!x)) {
    try {
      const ref = findAgency(dir, name);
      return { node: `agency:${ref.code}`, label: ref.name ?? name, how: `FedRAMP agency ${id} "${a?.['name']}" matched to ${ref.level} ${ref.code} by name` };
    } catch {
      // not matched: fall through
    }
  }
  return { node: `agency:fedramp-${id}`, label: String(a?.['name'] ?? id), how: `FedRAMP agency ${id}, not matched to a USAspending agency` };
}

