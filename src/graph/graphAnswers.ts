/**
 * Answers over the relationship graph: `path FROM TO`, `partners COMPANY --of AGENCY`, and the
 * neighbourhood of an agency or company for `graph`. Names are resolved like the other answers (an
 * agency by code, abbreviation or name; a company by family name, alias, member, UEI or DUNS).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AnswerContext, Basis } from '../analysis/answer.js';
import { describeFiscalYears, type FiscalYearRange } from '../analysis/fiscalYears.js';
import { computeCoverage, type Coverage } from '../analysis/coverage.js';
import { formatMoney, toCents } from '../analysis/money.js';
import { agencyChildren, findAgency, loadAgencyDirectory, type AgencyDirectory, type AgencyRef } from '../entities/agencies.js';
import { findCompany, type FamilyRef } from '../entities/companies.js';
import { entityState } from '../entities/resolve.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { Database } from '../store/database.js';
import { defaultLexiconPath } from './brandLexicon.js';
import { EDGE_KIND_DECLARATIONS, EDGE_KINDS, edgeKind, hasRole, isEdgeKind, type EdgeKind } from '../model/edgeKinds.js';
import { buildGraph, GRAPH_DDL, GRAPH_VERSION, type GraphBuildResult, type GraphClaim } from './buildGraph.js';
import { edgeEvidence, edgeEvidenceMany, type EdgeEvidence, type EvidenceScope } from './evidence.js';
import { amountWords, scopedSentence, stepScope, type StepScope } from './scopedSteps.js';
import { completeEdges, findPaths, loadGraph, loadSearchGraph, type GraphEdge, type LoadedGraph } from './paths.js';

export type Endpoint =
  | { type: 'agency'; ref: AgencyRef; nodes: string[]; label: string }
  | { type: 'company'; ref: FamilyRef; nodes: string[]; label: string };

/** Digest of what the graph is built from: families, FedRAMP sources, claims, lexicon, builder version. */
export async function graphDigest(db: Database, claimsFiles: readonly string[]): Promise<string> {
  const h = createHash('sha256').update(GRAPH_VERSION);
  // the declarations: a kind added or changed rebuilds stored graphs without a version bump
  h.update(`\0kinds\0${JSON.stringify(EDGE_KIND_DECLARATIONS)}`);
  h.update(`\0entities\0${(await entityState(db)).digest ?? ''}`);
  const srcs = await db.all<{ s: string }>(`SELECT string_agg(sha256, ',' ORDER BY source_id) AS s FROM sources`);
  h.update(`\0sources\0${srcs[0]?.s ?? ''}`);
  for (const p of [defaultLexiconPath(), ...claimsFiles]) {
    h.update(`\0file\0${p}\0`);
    h.update(await readFile(p).catch(() => Buffer.from('(missing)')));
  }
  return h.digest('hex');
}

export async function graphState(db: Database): Promise<{ digest: string | null; claimsFiles: string[] }> {
  for (const s of GRAPH_DDL) if (!db.readOnly) await db.run(s);
  const exists = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'graph_state'`);
  if (!exists?.n) return { digest: null, claimsFiles: [] };
  const rows = await db.all<{ key: string; value: string | null }>(`SELECT key, value FROM graph_state`);
  const get = (k: string): string | null => rows.find((r) => r.key === k)?.value ?? null;
  return { digest: get('digest'), claimsFiles: JSON.parse(get('claims_files') ?? '[]') as string[] };
}

/** Whether the stored graph was built from what it depends on now, with the given (or remembered) claims files. */
export async function checkGraph(db: Database, claimsFiles: readonly string[] | undefined): Promise<{ current: boolean; files: readonly string[]; digest: string }> {
  const state = await graphState(db);
  const files = claimsFiles ?? state.claimsFiles;
  const digest = await graphDigest(db, files);
  return { current: state.digest === digest, files, digest };
}

/** Builds the graph when what it depends on changed; `check` is a checkGraph result when the caller has one. */
export async function ensureGraph(
  db: Database,
  claimsFiles: readonly string[] | undefined,
  loadClaims: (files: readonly string[]) => Promise<GraphClaim[]>,
  check?: Awaited<ReturnType<typeof checkGraph>>,
): Promise<GraphBuildResult | null> {
  const { current, files, digest } = check ?? (await checkGraph(db, claimsFiles));
  if (current) return null;
  if (db.readOnly) throw new UsageError('the relationship graph is out of date and the store is open read-only: run `whosbehind path`, `partners` or `graph` once with write access');
  const claims = await loadClaims(files); // all-or-nothing: a bad claim throws before anything is written
  const result = await buildGraph(db, { claims });
  await db.run(`INSERT INTO graph_state VALUES ('digest', ?), ('claims_files', ?)`, [digest, JSON.stringify(files)]);
  return result;
}

/** Resolves a name to an agency or a company: agencies first for codes and abbreviations, companies otherwise. */
export async function resolveEndpoint(db: Database, dir: AgencyDirectory, g: LoadedGraph | undefined, query: string, prefer?: 'agency' | 'company'): Promise<Endpoint> {
  const tryAgency = (): Endpoint | undefined => {
    try {
      const ref = findAgency(dir, query);
      return { type: 'agency', ref, nodes: agencyNodes(dir, ref, g), label: ref.name ?? query };
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  };
  const tryCompany = async (): Promise<Endpoint | undefined> => {
    try {
      const ref = await findCompany(db, query);
      return { type: 'company', ref, nodes: [`family:${ref.familyId}`], label: ref.name };
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  };
  const looksLikeAgency = /^(\d{3,4}|[A-Z]{2,6})$/.test(query.trim());
  const order = prefer === 'company' || (!prefer && !looksLikeAgency) ? [tryCompany, tryAgency] : [tryAgency, tryCompany];
  for (const attempt of order) {
    const found = await attempt();
    if (found) return found;
  }
  // neither: report the company's closest matches, which are what users mistype most
  if (prefer === 'agency') findAgency(dir, query);
  await findCompany(db, query);
  findAgency(dir, query);
  throw new NotFoundError(`"${query}" is neither an agency nor a company in this store`);
}

/** Graph nodes of an agency: its own code and, for a department, its components. */
export function agencyNodes(dir: AgencyDirectory, ref: AgencyRef, g?: LoadedGraph): string[] {
  const codes = new Set<string>([ref.code, ...ref.codes]);
  if (ref.level === 'toptier') for (const child of agencyChildren(dir, { level: 'toptier', code: ref.code })) codes.add(child.code);
  if (ref.level === 'office') for (const p of ref.parents) if (p.level === 'subtier') codes.add(p.code);
  return [...codes].map((c) => `agency:${c}`).filter((n) => !g || g.nodes.has(n));
}

export interface StepView {
  from: { id: string; label: string; type: string };
  to: { id: string; label: string; type: string };
  kind: EdgeKind;
  /** The edge as stored: from → to (a path may walk it backwards). */
  edgeFrom: string;
  edgeTo: string;
  sentence: string;
  amount: string | null;
  awardingAmount: string | null;
  fundingAmount: string | null;
  records: number;
  firstDate: string | null;
  lastDate: string | null;
  agencies: string[];
  confidence: string;
  source: string;
  detail: string | null;
  evidence: EdgeEvidence;
  /** For an answer about an agency: whether the step is backed at it, its figures there, and where else its records are. */
  scope: StepScope | null;
}

export interface PathAnswer {
  kind: 'path';
  context: AnswerContext;
  from: { type: string; label: string; nodes: string[] };
  to: { type: string; label: string; nodes: string[] };
  maxHops: number;
  kinds: EdgeKind[];
  enumerated: number;
  truncated: boolean;
  paths: Array<{ rank: number; score: number; hops: number; why: string[]; steps: StepView[] }>;
  /** What the steps' figures are scoped to besides the agency: the basis and fiscal years asked. */
  scope: AnswerScope;
  /** What the store holds for the agency end in that scope, refused rows there, known limits (null: no agency end). */
  coverage: Coverage | null;
  notes: string[];
}

/** The basis and fiscal years an answer about an agency was asked for (years null: every year held). */
export interface AnswerScope {
  basis: Basis;
  fiscalYears: FiscalYearRange | null;
  fiscalYearsLabel: string;
}

function answerScope(basis: Basis | undefined, years: FiscalYearRange | undefined): AnswerScope {
  return { basis: basis ?? 'either', fiscalYears: years ?? null, fiscalYearsLabel: describeFiscalYears(years) };
}

/** The coverage block of an answer about an agency in a scope, with the relationships' limits. */
function agencyCoverage(db: Database, ctx: AnswerContext, ref: AgencyRef, scope: AnswerScope, dir: AgencyDirectory): Promise<Coverage> {
  return computeCoverage(db, { kind: 'agency', agency: ref, basis: scope.basis, ...(scope.fiscalYears ? { fiscalYears: scope.fiscalYears } : {}) }, ctx,
    { relationships: true, directory: dir });
}

/** The note an answer scoped to years carries: which kinds of steps are not dated by fiscal year. */
function yearsNote(scope: AnswerScope): string[] {
  return scope.fiscalYears
    ? [`figures and records are those of ${scope.fiscalYearsLabel} (${scope.basis} basis); FedRAMP authorizations, hosting and ownership are not dated by fiscal year and are shown whatever the years asked`]
    : [];
}

export function stepSentence(g: LoadedGraph, e: GraphEdge): string {
  const a = g.nodes.get(e.from)?.label ?? e.from;
  const b = g.nodes.get(e.to)?.label ?? e.to;
  const money = e.amount !== null ? ` ${formatMoney(toCents(e.amount))} in ${e.records} record(s)` : '';
  const when = e.firstDate || e.lastDate ? ` (${[e.firstDate, e.lastDate].filter(Boolean).join(' to ')})` : '';
  if (hasRole(e.kind, 'cited')) {
    const d = JSON.parse(e.detail ?? '{}') as { kind?: string; sourceUrl?: string };
    return `${a} ${d.kind ?? 'relates to'} ${b}: a claim, source ${d.sourceUrl ?? '?'}`;
  }
  return `${a} ${edgeKind(e.kind).verb} ${b}${money}${when}`;
}

/** Evidence already fetched, by edge, agency filter and limit: an edge on several paths is read once. */
export type EvidenceCache = Map<string, Promise<EdgeEvidence>>;

/** The evidence cache's key of an edge under an agency, scope and limit. */
function evidenceKey(e: GraphEdge, agencyCodes: readonly string[] | null, evidenceLimit: number, scope: EvidenceScope): string {
  return `${e.id}\0${agencyCodes?.join(',') ?? ''}\0${evidenceLimit}\0${scope.basis ?? 'either'}\0${scope.years ? `${scope.years.from}..${scope.years.to}` : ''}`;
}

export async function stepView(db: Database, g: LoadedGraph, s: { edge: GraphEdge; from: string; to: string }, agencyCodes: string[] | null, evidenceLimit: number, cache?: EvidenceCache, dir?: AgencyDirectory, scopeAsked: EvidenceScope = {}): Promise<StepView> {
  const node = (id: string) => ({ id, label: g.nodes.get(id)?.label ?? id, type: g.nodes.get(id)?.type ?? 'unknown' });
  const e = s.edge;
  const key = evidenceKey(e, agencyCodes, evidenceLimit, scopeAsked);
  let evidence = cache?.get(key);
  if (!evidence) {
    evidence = edgeEvidence(db, e, agencyCodes, evidenceLimit, scopeAsked);
    cache?.set(key, evidence);
  }
  const ev = await evidence;
  const scope = stepScope(e.kind, ev, e.agencies, agencyCodes, dir ?? null);
  const label = (id: string): string => g.nodes.get(id)?.label ?? id;
  return {
    from: node(s.from), to: node(s.to), kind: e.kind, edgeFrom: e.from, edgeTo: e.to,
    sentence: scopedSentence(label(e.from), e.kind, label(e.to), scope, ev, stepSentence(g, e)),
    amount: e.amount, awardingAmount: e.awardingAmount, fundingAmount: e.fundingAmount, records: e.records, firstDate: e.firstDate,
    lastDate: e.lastDate, agencies: [...e.agencies], confidence: e.confidence, source: e.source, detail: e.detail,
    evidence: ev, scope,
  };
}

export interface PathOptions {
  maxHops?: number;
  kinds?: readonly EdgeKind[];
  limit?: number;
  evidenceLimit?: number;
  /**
   * Load the agency's whole graph as objects and fetch each step's evidence on its own, as before the
   * compact search graph (same answer, slower; kept to check the two agree).
   */
  fullGraph?: boolean;
  /**
   * Reuse the compact graph loaded by an earlier search on the same store and agency, in this process or
   * (from the file beside the store) an earlier one (default true); 'disk': the file only, as a new
   * process finds it; false: read it from the store each time.
   */
  reuseGraph?: boolean | 'disk';
  /** Shared by several answers over one store state (a report's watched names): each edge's evidence read once. */
  evidenceCache?: EvidenceCache;
  /** Which agency field counts for the agency end (default either) and which fiscal years (default all). */
  basis?: Basis;
  years?: FiscalYearRange;
  /**
   * A graph already loaded with every edge kind asked for and at least the agency end's edges
   * (`loadGraph(db, kinds, false, agencyNodes(dir, ref))`), reused instead of loading it again.
   */
  graph?: LoadedGraph;
}

export async function pathAnswer(db: Database, ctx: AnswerContext, fromQuery: string, toQuery: string, options: PathOptions = {}): Promise<PathAnswer> {
  const kinds = [...(options.kinds ?? EDGE_KINDS)];
  for (const k of kinds) if (!isEdgeKind(k)) throw new UsageError(`unknown edge kind "${k}" (kinds: ${EDGE_KINDS.join(', ')})`);
  const maxHops = options.maxHops ?? 4;
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 6) throw new UsageError('--max-hops must be between 1 and 6');
  const dir = await loadAgencyDirectory(db);
  const from = await resolveEndpoint(db, dir, undefined, fromQuery);
  const to = await resolveEndpoint(db, dir, undefined, toQuery, from.type === 'company' ? 'agency' : 'company');
  // only the asked agency's edges can end a path: other agencies' edges stay in the store
  const agencyEnds = [from, to].filter((e) => e.type === 'agency').flatMap((e) => e.nodes);
  // a company and an agency: the compact graph, nodes and edges made as the search reaches them (unless
  // the caller hands in a loaded graph, or asks for the former whole-graph way)
  const g = options.graph
    ?? (from.type !== to.type && !options.fullGraph
      ? await loadSearchGraph(db, kinds, agencyEnds, { reuse: options.reuseGraph ?? true })
      : await loadGraph(db, kinds, false, agencyEnds));
  for (const e of [from, to]) e.nodes = e.nodes.filter((n) => g.nodes.has(n));
  const notes: string[] = [];
  if (from.type === to.type) notes.push(`both ends are ${from.type === 'agency' ? 'agencies' : 'companies'}: paths may pass through families and cloud offerings only`);
  // search from the company side; show steps in the order asked
  const [company, agency, reversed] = from.type === 'company' ? [from, to, false] : [to, from, true];
  if (!company.nodes.some((n) => g.nodes.has(n))) notes.push(`${company.label} has no relationships in the graph`);
  if (!agency.nodes.length) notes.push(`${agency.label} has no relationships in the graph`);
  const limit = options.limit ?? 10;
  // more paths than shown are judged at the agency: a path backed there ranks above every path that is context
  const result = findPaths(g, company.nodes.filter((n) => g.nodes.has(n)), agency.nodes, { maxHops, limit: agency.type === 'agency' ? Math.max(limit * 3, 30) : limit });
  if (result.truncated) notes.push(`stopped after ${result.enumerated} paths; the best of those are shown (narrow with --kinds or --max-hops)`);
  const agencyCodes = agency.type === 'agency' ? agency.nodes.map((n) => n.slice('agency:'.length)) : null;
  const paths = [];
  const cache: EvidenceCache = options.evidenceCache ?? new Map();
  const shown = result.paths.flatMap((p) => p.steps.map((st) => st.edge));
  await completeEdges(db, g, shown);
  const evidenceLimit = options.evidenceLimit ?? 5;
  const scopeAsked: EvidenceScope = { basis: options.basis ?? 'either', years: options.years ?? null };
  if (!options.fullGraph) {
    // the evidence of every edge shown and not yet in the cache, prime and subaward edges in one query each
    const keyOf = (e: GraphEdge): string => evidenceKey(e, agencyCodes, evidenceLimit, scopeAsked);
    const missing = shown.filter((e) => !cache.has(keyOf(e)));
    if (missing.length) {
      const fetched = await edgeEvidenceMany(db, missing, agencyCodes, evidenceLimit, scopeAsked);
      for (const e of missing) if (!cache.has(keyOf(e)) && fetched.has(e.id)) cache.set(keyOf(e), Promise.resolve(fetched.get(e.id)!));
    }
  }
  for (const p of result.paths) {
    const views: StepView[] = [];
    for (const s of p.steps) views.push(await stepView(db, g, s, agencyCodes, evidenceLimit, cache, dir, scopeAsked));
    const why = agencyCodes ? scopedWhy(p.why, views) : p.why;
    const context = views.some((v) => v.scope?.status === 'context');
    const shownViews = reversed ? [...views].reverse().map((v) => ({ ...v, from: v.to, to: v.from })) : views;
    paths.push({ rank: p.rank, score: p.score, hops: p.hops, why, steps: shownViews, context });
  }
  // stable: within each tier the search's order
  paths.sort((a, b) => Number(a.context) - Number(b.context));
  paths.splice(limit);
  paths.forEach((p, i) => { p.rank = i + 1; });
  if (!paths.length) notes.push(`no path of at most ${maxHops} steps between ${from.label} and ${to.label}`);
  return {
    kind: 'path', context: ctx, from: { type: from.type, label: from.label, nodes: from.nodes }, to: { type: to.type, label: to.label, nodes: to.nodes },
    maxHops, kinds, enumerated: result.enumerated, truncated: result.truncated, paths: paths.map(({ context: _, ...p }) => p),
    scope: answerScope(options.basis, options.years),
    coverage: agency.type === 'agency' ? await agencyCoverage(db, ctx, agency.ref, answerScope(options.basis, options.years), dir) : null,
    notes: [...yearsNote(answerScope(options.basis, options.years)), ...notes],
  };
}

/**
 * The ranking reasons of a path about an agency, with the agency-scoped claims: "backed by records"
 * only where every step is backed at the agency; the amount that supports the claim (the company's own
 * step, scoped) instead of the smallest amount on the way. `views` are in search order (company first).
 */
function scopedWhy(why: readonly string[], views: readonly StepView[]): string[] {
  const label = views.find((v) => v.scope)?.scope?.label ?? 'the agency';
  const years = views.find((v) => v.scope)?.scope?.years ?? null;
  const out = why.filter((w) => !w.startsWith('every step backed by records') && !w.startsWith('smallest amount on the way'))
    // the corroborating prime payment is the edge's whole figure: say so when the answer is scoped to years
    .map((w) => (years && w.startsWith('corroborated: ') ? `${w} (every year held, not only ${describeFiscalYears(years)})` : w));
  const context = views.map((v, i) => ({ v, i })).filter(({ v }) => v.scope?.status === 'context');
  const extra: string[] = [];
  if (context.length) {
    const where = [...new Set(context.flatMap(({ v }) => v.scope!.otherAgencies))];
    const steps = context.map(({ i }) => i + 1).join(', ');
    extra.push(!years
      ? `context: step ${steps} backed only by records at other agencies (${where.join(', ') || 'none listed'}); ranked below paths backed at ${label}`
      : `context: step ${steps} backed by no record at ${label} (its records are ${where.length ? `at ${where.join(', ')} or ` : ''}in other years); ranked below paths backed there`);
  } else if (why.some((w) => w.startsWith('every step backed by records'))) {
    extra.push(`every step backed by records at ${label}`);
  }
  const claim = views.find((v) => v.scope && v.scope.status !== 'neutral' && v.scope.amount !== null);
  if (claim) extra.push(`amount supporting the claim: ${amountWords(claim.scope!.amount, claim.scope!.records ?? 0)} (${claim.kind} at ${label})`);
  out.splice(1, 0, ...extra);
  return out;
}

export interface Partner {
  familyId: string;
  name: string;
  /** How the partner relates to the company (resells its products, runs on its cloud, subcontracts…). */
  withCompany: StepView[];
  /** How the partner relates to the agency. */
  withAgency: StepView[];
}

export interface PartnersAnswer {
  kind: 'partners';
  context: AnswerContext;
  company: { familyId: string; name: string };
  agency: { code: string; name: string; nodes: string[] };
  partners: Partner[];
  /** The basis and fiscal years the steps' figures are scoped to. */
  scope: AnswerScope;
  /** What the store holds for the agency in that scope, refused rows there, known limits. */
  coverage: Coverage;
  notes: string[];
}

export interface PartnersOptions {
  evidenceLimit?: number;
  basis?: Basis;
  years?: FiscalYearRange;
}

/**
 * The company's partners that have a relationship with the agency: families that resell its products,
 * run an offering on its cloud, subcontract to or from it, or are joined to it by a claim, and that
 * hold prime awards from, subawards under, or FedRAMP authorizations by the agency.
 */
export async function partnersAnswer(db: Database, ctx: AnswerContext, companyQuery: string, agencyQuery: string, options: PartnersOptions | number = {}): Promise<PartnersAnswer> {
  const opts: PartnersOptions = typeof options === 'number' ? { evidenceLimit: options } : options;
  const evidenceLimit = opts.evidenceLimit ?? 3;
  const scope = answerScope(opts.basis, opts.years);
  const scopeAsked: EvidenceScope = { basis: scope.basis, years: scope.fiscalYears };
  const dir = await loadAgencyDirectory(db);
  const company = await findCompany(db, companyQuery);
  const agencyRef = findAgency(dir, agencyQuery);
  const g = await loadGraph(db, EDGE_KINDS, false, agencyNodes(dir, agencyRef));
  const agencyNodeSet = new Set(agencyNodes(dir, agencyRef, g));
  const agencyCodes = [...agencyNodeSet].map((n) => n.slice('agency:'.length));
  const companyNode = `family:${company.familyId}`;
  // the company's sphere: its family node and the offerings it owns
  const sphere = new Set([companyNode]);
  for (const e of g.adjacency.get(companyNode) ?? []) if (hasRole(e.kind, 'ownership') && e.to.startsWith('offering:')) sphere.add(e.to);

  // partner family → steps joining it to the sphere, as each kind declares (partners.withCompany)
  const links = new Map<string, Array<{ edge: GraphEdge; from: string; to: string }>>();
  const addLink = (family: string, step: { edge: GraphEdge; from: string; to: string }): void => {
    if (family === companyNode) return;
    const list = links.get(family) ?? [];
    list.push(step);
    links.set(family, list);
  };
  for (const s of sphere) {
    for (const e of g.adjacency.get(s) ?? []) {
      const other = e.from === s ? e.to : e.from;
      const how = edgeKind(e.kind).partners.withCompany;
      if (how === 'direct') {
        if (other.startsWith('family:')) addLink(other, { edge: e, from: other, to: s });
      } else if (how === 'provider-of-source' && e.to === s) {
        // an offering built on the company's: its provider is the partner
        for (const o of g.adjacency.get(e.from) ?? []) {
          if (hasRole(o.kind, 'ownership') && o.to === e.from) {
            addLink(o.from, { edge: o, from: o.from, to: e.from });
            addLink(o.from, { edge: e, from: e.from, to: s });
          }
        }
      }
    }
  }
  const partners: Partner[] = [];
  for (const [family, withCompany] of links) {
    const withAgency: Array<{ edge: GraphEdge; from: string; to: string }> = [];
    for (const e of g.adjacency.get(family) ?? []) {
      // as each kind declares (partners.withAgency); an offering the partner owns joins it through the agency's authorization
      const how = edgeKind(e.kind).partners.withAgency;
      if (how === 'agency-end' && (agencyNodeSet.has(e.from) || agencyNodeSet.has(e.to))) withAgency.push({ edge: e, from: e.from, to: e.to });
      if (how === 'listed' && e.agencies.some((a) => agencyCodes.includes(a))) withAgency.push({ edge: e, from: e.from, to: e.to });
      if (hasRole(e.kind, 'ownership') && e.to.startsWith('offering:')) {
        for (const a of g.adjacency.get(e.to) ?? []) if (hasRole(a.kind, 'authorization') && agencyNodeSet.has(a.from)) withAgency.push({ edge: a, from: a.from, to: a.to });
      }
    }
    if (!withAgency.length) continue;
    await completeEdges(db, g, [...withCompany, ...withAgency].map((st) => st.edge));
    const dedupe = (steps: typeof withAgency) => [...new Map(steps.map((s) => [s.edge.id, s])).values()];
    partners.push({
      familyId: family.slice('family:'.length), name: g.nodes.get(family)?.label ?? family,
      withCompany: await Promise.all(dedupe(withCompany).map((s) => stepView(db, g, s, agencyCodes, evidenceLimit, undefined, dir, scopeAsked))),
      withAgency: await Promise.all(dedupe(withAgency).map((s) => stepView(db, g, s, agencyCodes, evidenceLimit, undefined, dir, scopeAsked))),
    });
  }
  // a partner whose every relationship with the agency lies outside the scope asked (years, basis) is not a partner there
  const outside = partners.filter((p) => p.withAgency.every((v) => v.scope?.status === 'context'));
  const kept = partners.filter((p) => !outside.includes(p));
  partners.splice(0, partners.length, ...kept);
  // ranked by the money at the agency asked (scoped figures), exact
  const weight = (p: Partner): bigint => p.withAgency.reduce((s, v) => s + toCents(v.scope?.amount ?? v.amount ?? '0'), 0n);
  partners.sort((a, b) => (weight(b) > weight(a) ? 1 : weight(b) < weight(a) ? -1 : a.name.localeCompare(b.name)));
  const notes = [...yearsNote(scope)];
  if (outside.length) {
    notes.push(`${outside.length} partner(s) relate to ${agencyRef.name ?? agencyQuery} only outside ${scope.fiscalYearsLabel} or the ${scope.basis} basis, left out: ${outside.map((p) => p.name).sort().join(', ')}`);
  }
  if (!partners.length) notes.push(`no partner of ${company.name} has a relationship with ${agencyRef.name ?? agencyQuery} in this store${scope.fiscalYears || scope.basis !== 'either' ? ` in ${scope.fiscalYearsLabel} (${scope.basis} basis)` : ''}`);
  return {
    kind: 'partners', context: ctx, company: { familyId: company.familyId, name: company.name },
    agency: { code: agencyRef.code, name: agencyRef.name ?? agencyQuery, nodes: [...agencyNodeSet] }, partners, scope,
    coverage: await agencyCoverage(db, ctx, agencyRef, scope, dir), notes,
  };
}

export { EDGE_KINDS };
