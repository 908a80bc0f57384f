/**
 * The path explorer: a company and an agency → the evidence paths between them, as a list (works without
 * JavaScript; each step's evidence in a disclosure) and as an interactive graph (web/static/graph.js,
 * Cytoscape.js) whose edges show their evidence on click.
 */
import { EDGE_KINDS, edgeKind, isEdgeKind, type EdgeKind } from '../../model/edgeKinds.js';
import { pathAnswer, type PathAnswer, type StepView } from '../../graph/graphAnswers.js';
import { membersWords } from '../../graph/scopedSteps.js';
import { UsageError } from '../../errors.js';
import { endpoint, int, str } from '../endpoint.js';
import { href, html, money, table, type Html } from '../html.js';
import { csvTable, MONEY_NOTE, nodeLink } from './common.js';

export interface GraphElements {
  nodes: Array<{ id: string; label: string; type: string; link: string | null }>;
  /** One per distinct stored edge on any path; `paths` lists the ranks of the paths it is on. */
  edges: Array<{ id: string; source: string; target: string; kind: string; sentence: string; amount: string | null; paths: number[]; evidence: StepView['evidence']; confidence: string; source_text: string; detail: string | null }>;
}

export interface PathPage {
  answer: PathAnswer | null;
  graph: GraphElements;
}

/** Nodes and edges of all paths, for the interactive graph. */
export function graphElements(a: PathAnswer): GraphElements {
  const nodes = new Map<string, GraphElements['nodes'][number]>();
  const edges = new Map<string, GraphElements['edges'][number]>();
  for (const p of a.paths) {
    for (const s of p.steps) {
      for (const n of [s.from, s.to]) nodes.set(n.id, { id: n.id, label: n.label, type: n.type, link: nodeLink(n.id) ?? null });
      const id = `${s.kind}:${s.edgeFrom}>${s.edgeTo}`;
      const e = edges.get(id);
      if (e) e.paths.push(p.rank);
      else {
        edges.set(id, { id, source: s.edgeFrom, target: s.edgeTo, kind: s.kind, sentence: s.sentence, amount: s.amount, paths: [p.rank], evidence: s.evidence, confidence: s.confidence, source_text: s.source, detail: s.detail });
      }
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function parseKinds(text: string | undefined): EdgeKind[] | undefined {
  if (!text) return undefined;
  const kinds = text.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) if (!isEdgeKind(k)) throw new UsageError(`unknown edge kind "${k.slice(0, 40)}" (kinds: ${EDGE_KINDS.join(', ')})`);
  return kinds as EdgeKind[];
}

function stepHtml(s: StepView): Html {
  const ev = s.evidence;
  const via = s.scope?.status === 'context' ? null : membersWords(ev);
  return html`<li><span class="kind kind-${s.kind}">${edgeKind(s.kind).label.web}</span>${s.scope?.status === 'context' ? html` <span class="context">context</span>` : ''} ${s.sentence}
${via ? html`<p class="members">${via}</p>` : ''}
<details><summary>evidence: ${ev.count} record(s)${ev.total !== null ? html`, ${money(ev.total)}` : ''}${ev.agencyFilter ? html` at ${s.scope?.label ?? ev.agencyFilter.join(', ')}` : ''}; confidence ${s.confidence}</summary>
${ev.allAgencies ? html`<p>All agencies (not only ${s.scope?.label ?? ''}): ${ev.allAgencies.count} record(s)${ev.allAgencies.total !== null ? html`, ${money(ev.allAgencies.total)}` : ''}.</p>` : ''}
${ev.deduplicated ? html`<p>De-duplicated: ${ev.repeatsDropped.count} repeated report(s) dropped.</p>` : ''}
<p>${s.source}${s.detail ? html` — ${s.detail}` : ''}${ev.note ? html` — ${ev.note}` : ''}</p>
${table(ev.records, [
    { head: 'record', cell: (r) => `${r.table} ${r.key}` },
    { head: 'date', cell: (r) => r.date ?? '' },
    { head: 'amount', num: true, cell: (r) => money(r.amount) },
    { head: 'party', cell: (r) => r.party ?? '' },
    { head: 'text', cell: (r) => r.text ?? '' },
    { head: 'source', cell: (r) => (r.sourceFile ? `${r.sourceFile}${r.line ? ` line ${r.line}` : ''}` : '') },
  ])}</details></li>`;
}

export const pathEndpoint = endpoint<PathPage>({
  id: 'path', page: '/path', api: '/api/path', cache: true,
  summary: 'Evidence paths between a company and an agency through prime awards, subawards, resellers, FedRAMP authorizations and hosting, with the records behind each step',
  params: [
    { name: 'from', type: 'string', description: 'company (family name, alias, member, UEI) or agency; both from and to are needed for an answer' },
    { name: 'to', type: 'string', description: 'agency (code, abbreviation or name) or company' },
    { name: 'maxHops', type: 'integer', minimum: 1, maximum: 6, default: 4, description: 'longest path, in steps' },
    { name: 'limit', type: 'integer', minimum: 1, maximum: 25, default: 10, description: 'paths to show' },
    { name: 'kinds', type: 'string', maxLength: 100, description: `edge kinds to use, comma-separated (${EDGE_KINDS.join(', ')})` },
  ],
  responseSchema: { type: 'object', description: `{answer: the path answer as \`whosbehind path --json\` prints it (null without from and to), graph: {nodes, edges} for drawing}. ${MONEY_NOTE}` },
  async load(ctx, p) {
    const from = str(p, 'from');
    const to = str(p, 'to');
    const kinds = parseKinds(str(p, 'kinds'));
    if (!from || !to) return { answer: null, graph: { nodes: [], edges: [] } };
    const answer = await ctx.store.use((db) => pathAnswer(db, ctx.store.context, from, to, { maxHops: int(p, 'maxHops'), limit: int(p, 'limit'), kinds, evidenceLimit: 5 }));
    return { answer, graph: graphElements(answer) };
  },
  csv: ({ answer }) => csvTable((answer?.paths ?? []).flatMap((p) => p.steps.map((s, i) => ({
    path: p.rank, score: p.score, step: i + 1, kind: s.kind, from: s.from.label, to: s.to.label, amount: s.amount, records: s.records,
    first_date: s.firstDate, last_date: s.lastDate, confidence: s.confidence, sentence: s.sentence, evidence_records: s.evidence.count, evidence_total: s.evidence.total,
  }))), ['path', 'score', 'step', 'kind', 'from', 'to', 'amount', 'records', 'first_date', 'last_date', 'confidence', 'sentence', 'evidence_records', 'evidence_total'],
  ['path', 'score', 'step', 'amount', 'records', 'evidence_records', 'evidence_total']),
  render({ answer: a }, p) {
    const form = html`<form class="filters" action="/path" method="get">
<label>Company <input name="from" value="${str(p, 'from') ?? ''}" placeholder="Amazon" required></label>
<label>Agency <input name="to" value="${str(p, 'to') ?? ''}" placeholder="ICE" required></label>
<label>Max steps <input name="maxHops" type="number" min="1" max="6" value="${int(p, 'maxHops') ?? 4}"></label>
<label>Paths <input name="limit" type="number" min="1" max="25" value="${int(p, 'limit') ?? 10}"></label>
<button>Find paths</button></form>`;
    if (!a) return { title: 'Path explorer', body: html`${form}<p>Pick a company and an agency to see how money and services connect them, with the records behind each step. Try <a href="${href('/path', { from: 'Amazon', to: 'ICE' })}">Amazon → ICE</a>.</p>` };
    const api = href('/api/path', { from: str(p, 'from'), to: str(p, 'to'), maxHops: int(p, 'maxHops'), limit: int(p, 'limit'), kinds: str(p, 'kinds') });
    const body = html`${form}
<p class="lead">${a.paths.length} path(s) from <strong>${a.from.label}</strong> to <strong>${a.to.label}</strong> (at most ${a.maxHops} steps; ${a.enumerated} enumerated${a.truncated ? ', stopped early' : ''}).</p>
${a.notes.length ? html`<ul class="notes">${a.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
<section class="graph-panel"><div id="graph" data-api="${api}" aria-label="paths as a graph"><p class="js-only">The interactive graph needs JavaScript; the list below has every path and the evidence of each step.</p></div>
<aside id="evidence" aria-live="polite"><p>Click an edge of the graph to see its evidence. Without JavaScript, open each step's evidence in the list below.</p></aside></section>
<h2>Paths</h2>
<ol class="paths">${a.paths.map((path) => html`<li id="path-${path.rank}"><p>score ${path.score.toFixed(3)}, ${path.hops} step(s): ${path.why.join('; ')}</p><ol>${path.steps.map(stepHtml)}</ol></li>`)}</ol>
<p class="context">Snapshot ${a.context.snapshotId ?? '(none)'}; whosbehind ${a.context.toolVersion}.</p>`;
    return { title: `Paths: ${a.from.label} → ${a.to.label}`, body, scripts: ['/static/cytoscape.min.js', '/static/graph.js'] };
  },
});
