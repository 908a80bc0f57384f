/**
 * Section 5 of a report: the graph around the subject (graph `neighbourhood`) and the evidence paths to
 * watched names (`pathAnswer`), merged into one drawing where the paths' steps are marked.
 */
import type { AnswerContext } from '../analysis/answer.js';
import { toCents } from '../analysis/money.js';
import type { AgencyDirectory, AgencyRef } from '../entities/agencies.js';
import { NotFoundError } from '../errors.js';
import { EDGE_KINDS, edgeKind } from '../model/edgeKinds.js';
import { neighbourhood } from '../graph/exportGraph.js';
import { agencyNodes, pathAnswer, type EvidenceCache, type PathAnswer, type StepView } from '../graph/graphAnswers.js';
import { completeEdges, loadGraph } from '../graph/paths.js';
import type { Database } from '../store/database.js';
import type { PathStepView, ReportEdge, ReportNode, ReportRelationships, WatchedPaths } from './reportModel.js';

/** Nodes drawn around the subject (besides the paths' own). */
export const GRAPH_NODE_LIMIT = 24;
const PATHS_PER_NAME = 5;
const EVIDENCE_PER_STEP = 3;

export async function hasGraph(db: Database): Promise<boolean> {
  const r = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name IN ('graph_nodes', 'graph_edges')`);
  return r?.n === 2;
}

function stepOf(s: StepView): PathStepView {
  return {
    kind: s.kind, from: { id: s.from.id, type: s.from.type, label: s.from.label }, to: { id: s.to.id, type: s.to.type, label: s.to.label },
    sentence: s.sentence, amount: s.amount, records: s.records, detail: s.detail, source: s.source,
    evidence: {
      count: s.evidence.count, total: s.evidence.total, note: s.evidence.note,
      records: s.evidence.records.map((r) => ({
        table: r.table, key: r.key, amount: r.amount, date: r.date, party: r.party, text: r.text, matched: r.matched ?? null,
        sourceFile: r.sourceFile, line: r.line,
      })),
    },
  };
}

function watchedOf(name: string, a: PathAnswer, companySide: 'from' | 'to'): WatchedPaths {
  return {
    name, resolved: a[companySide].label,
    paths: a.paths.map((p) => ({ rank: p.rank, score: p.score, hops: p.hops, why: p.why, steps: p.steps.map(stepOf) })),
    notes: a.notes,
  };
}

/**
 * Relationships of an agency (`subject.type === 'agency'`, paths to watched companies) or of a company
 * family (paths to watched agencies). `agencyCodes` limits which agencies' edges are loaded.
 */
export async function reportRelationships(
  db: Database, ctx: AnswerContext, dir: AgencyDirectory,
  subject: { type: 'agency'; ref: AgencyRef } | { type: 'company'; familyId: string; agencyCodes: string[] },
  watched: readonly string[],
): Promise<ReportRelationships> {
  const notes: string[] = [];
  if (!(await hasGraph(db))) {
    return { centre: [], nodes: [], edges: [], omitted: 0, watched: [], notes: ['This store has no relationship graph: run `whosbehind graph` once to build it.'] };
  }
  const agencyFilter = subject.type === 'agency' ? agencyNodes(dir, subject.ref) : subject.agencyCodes.map((c) => `agency:${c}`);
  const g = await loadGraph(db, EDGE_KINDS, false, agencyFilter);
  const centre = subject.type === 'agency' ? agencyNodes(dir, subject.ref, g) : [`family:${subject.familyId}`].filter((n) => g.nodes.has(n));
  const sg = neighbourhood(g, centre, 2, GRAPH_NODE_LIMIT);
  await completeEdges(db, g, sg.edges);

  const watchedPaths: WatchedPaths[] = [];
  // one evidence read per edge across all watched names; an agency's graph is the one just loaded
  const evidenceCache: EvidenceCache = new Map();
  for (const name of watched) {
    try {
      const a = subject.type === 'agency'
        ? await pathAnswer(db, ctx, name, subject.ref.code, { limit: PATHS_PER_NAME, evidenceLimit: EVIDENCE_PER_STEP, evidenceCache, graph: g })
        : await pathAnswer(db, ctx, subject.familyId, name, { limit: PATHS_PER_NAME, evidenceLimit: EVIDENCE_PER_STEP, evidenceCache });
      watchedPaths.push(watchedOf(name, a, subject.type === 'agency' ? 'from' : 'to'));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      watchedPaths.push({ name, resolved: null, paths: [], notes: [`${name} is not in this store.`] });
    }
  }

  const nodes = new Map<string, ReportNode>(sg.nodes.map((n) => [n.id, { id: n.id, type: n.type, label: n.label }]));
  const edges = new Map<string, ReportEdge>(sg.edges.map((e) => [`${e.kind}\0${e.from}\0${e.to}`, {
    id: e.id, kind: e.kind, from: e.from, to: e.to, amount: e.amount, records: e.records, onPath: false,
  }]));
  for (const w of watchedPaths) {
    for (const p of w.paths) {
      for (const s of p.steps) {
        for (const n of [s.from, s.to]) if (!nodes.has(n.id)) nodes.set(n.id, n);
        // steps may walk an edge backwards: find it either way round
        const key = [`${s.kind}\0${s.from.id}\0${s.to.id}`, `${s.kind}\0${s.to.id}\0${s.from.id}`].find((k) => edges.has(k));
        if (key) edges.get(key)!.onPath = true;
        else {
          const stored = g.edges.find((e) => e.kind === s.kind && ((e.from === s.from.id && e.to === s.to.id) || (e.from === s.to.id && e.to === s.from.id)));
          const [from, to] = stored ? [stored.from, stored.to] : [s.from.id, s.to.id];
          edges.set(`${s.kind}\0${from}\0${to}`, { id: stored?.id ?? `${s.kind}:${from}>${to}`, kind: s.kind, from, to, amount: s.amount, records: s.records, onPath: true });
        }
      }
    }
  }
  if (!centre.length) notes.push('The subject has no relationships in the graph.');
  if (sg.omitted) notes.push(`${sg.omitted} more neighbour(s) are left out of the drawing (the ${GRAPH_NODE_LIMIT} strongest relationships are drawn).`);
  return {
    centre, nodes: [...nodes.values()], edges: [...edges.values()].sort(byWeight),
    omitted: sg.omitted, watched: watchedPaths, notes,
  };
}

/** Table order: edges on an evidence path first, then by kind (money before ownership), the largest amount first, then id. */
function byWeight(a: ReportEdge, b: ReportEdge): number {
  if (a.onPath !== b.onPath) return a.onPath ? -1 : 1;
  const k = edgeKind(a.kind).order - edgeKind(b.kind).order;
  if (k !== 0) return k;
  const ca = a.amount === null ? -1n : toCents(a.amount);
  const cb = b.amount === null ? -1n : toCents(b.amount);
  if (ca !== cb) return cb > ca ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
