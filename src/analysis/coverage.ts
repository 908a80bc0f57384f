/**
 * The coverage block every answer carries: what the store holds for the scope asked (an agency on a basis
 * and fiscal years, a company family, one award): which subtiers (for a toptier such as DHS, which of its
 * official subtiers the store holds), which fiscal years, which source kinds and layouts, which snapshot;
 * the rows refused at ingest that fall in the scope; and the known limits of the sources used. An answer
 * that covers only part of what was asked says so in `statements[0]` (`partial`).
 */
import { agencyCondition, type AgencyDirectory, type AgencyRef, type AgencyView } from '../entities/agencies.js';
import { LAYOUTS } from '../sources/layouts/index.js';
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';
import type { AnswerContext, Basis } from './answer.js';
import { describeFiscalYears, fiscalYearSql, type FiscalYearRange } from './fiscalYears.js';
import { formatMoney, toCents } from './money.js';
import { currentAnswerFacts } from './answerFacts.js';
import { refusedSummary, type RefusedScope, type RefusedSummary } from './refusedRows.js';

export type CoverageScope =
  | { kind: 'agency'; agency: AgencyRef; basis: Basis; fiscalYears?: FiscalYearRange }
  | { kind: 'company'; familyId: string; name: string; fiscalYears?: FiscalYearRange }
  | { kind: 'award'; awardKey: string };

export interface CoverageOptions {
  /** The answer uses relationships (brand text matching, FedRAMP): add their limits. */
  relationships?: boolean;
  /** The agency directory, when the caller has it (loaded otherwise). */
  directory?: AgencyDirectory;
}

/** One subtier (or, for a subtier or office asked, the agency itself) and what the store holds of it in scope. */
export interface SubtierHeld {
  code: string;
  name: string | null;
  abbreviation: string | null;
  transactions: number;
  awardSummaries: number;
  subawards: number;
}

export interface SubtierCoverage {
  /** Subtiers with records in scope, most transactions first. */
  held: SubtierHeld[];
  /** For a toptier: its subtiers in the official agency list (current ones), null when the list is not loaded. */
  officialCount: number | null;
  /** Official (current) subtiers of the toptier with no record in scope. */
  notHeld: Array<{ code: string; name: string | null; abbreviation: string | null }>;
}

export interface SourceKindHeld {
  view: AgencyView;
  layout: string;
  title: string;
  files: number;
  records: number;
}

export interface IncompleteFetch {
  file: string;
  subtier: string | null;
  fiscalYear: number | null;
  rows: number;
  note: string;
}

export interface Coverage {
  scope: { kind: CoverageScope['kind']; description: string; basis: Basis | null; fiscalYears: FiscalYearRange | null; fiscalYearsLabel: string };
  snapshot: { id: number | null; finishedAt: string | null };
  /** Agency scopes only. */
  subtiers: SubtierCoverage | null;
  fiscalYears: { withTransactions: number[]; withAwardSummaries: number[]; withSubawards: number[]; askedWithoutTransactions: number[] };
  sources: SourceKindHeld[];
  fedramp: { feeds: number; lastChange: string | null };
  refused: RefusedSummary & { command: string };
  incompleteFetches: IncompleteFetch[];
  limits: string[];
  /** True when the answer covers only part of what was asked (subtiers, years) or refused rows may be missing. */
  partial: boolean;
  /** The block in plain sentences, the one a reader must not miss first. */
  statements: string[];
}

const LAYOUT_TITLES = new Map(LAYOUTS.map((l) => [l.id, l.title]));
const API_LAYOUT = 'api_spending_by_transaction_csv';
/** Fewer rows than one API search page (100) are too few to judge a fetch by its missing de-obligations. */
const PAGE = 100;

/** Per view: the fiscal-year column a record is placed by (award summaries: their latest action). */
const FY_COLUMN: Record<AgencyView, string> = {
  transactions: 'action_date_fiscal_year', award_summaries: 'award_latest_action_date_fiscal_year', subawards: 'subaward_action_date_fiscal_year',
};
const TABLE_OF: Record<AgencyView, string> = { transactions: 'tx_current', award_summaries: 'award_current', subawards: 'sub_current' };
const VIEWS: readonly AgencyView[] = ['transactions', 'award_summaries', 'subawards'];

function agencyWhere(ref: AgencyRef, basis: Basis, view: AgencyView): string {
  const side = (b: 'awarding' | 'funding'): string => `coalesce(${agencyCondition(ref, b, view, 'r')}, FALSE)`;
  return basis === 'either' ? `(${side('awarding')} OR ${side('funding')})` : side(basis);
}

function scopeWhere(scope: CoverageScope, view: AgencyView): string {
  switch (scope.kind) {
    case 'agency': return `${agencyWhere(scope.agency, scope.basis, view)} AND ${fiscalYearSql(`r.${FY_COLUMN[view]}`, scope.fiscalYears)}`;
    case 'company': {
      const fam = literal(scope.familyId);
      const who = view === 'subawards' ? `(r.sub_family_id = ${fam} OR r.prime_family_id = ${fam})` : `r.family_id = ${fam}`;
      return `${who} AND ${fiscalYearSql(`r.${FY_COLUMN[view]}`, scope.fiscalYears)}`;
    }
    case 'award': return view === 'subawards' ? `r.prime_award_unique_key = ${literal(scope.awardKey)}` : `r.contract_award_unique_key = ${literal(scope.awardKey)}`;
  }
}

function refusedScope(scope: CoverageScope): RefusedScope {
  switch (scope.kind) {
    case 'agency': return { kind: 'agency', agency: scope.agency, basis: scope.basis, ...(scope.fiscalYears ? { fiscalYears: scope.fiscalYears } : {}) };
    case 'company': return { kind: 'company', familyId: scope.familyId, ...(scope.fiscalYears ? { fiscalYears: scope.fiscalYears } : {}) };
    case 'award': return { kind: 'award', awardKey: scope.awardKey };
  }
}

/** The `whosbehind rejects` command listing a scope's refused rows. */
export function rejectsCommand(scope: CoverageScope): string {
  const q = (s: string): string => (/^[A-Za-z0-9_.:-]+$/.test(s) ? s : `"${s.replaceAll('"', '\\"')}"`);
  const fy = (r?: FiscalYearRange): string => (r ? ` --fy ${r.from === r.to ? r.from : `${r.from <= 1970 ? '' : r.from}..${r.to >= 2100 ? '' : r.to}`}` : '');
  switch (scope.kind) {
    case 'agency': return `whosbehind rejects --agency ${q(scope.agency.code)} --basis ${scope.basis}${fy(scope.fiscalYears)}`;
    case 'company': return `whosbehind rejects --company ${q(scope.familyId)}${fy(scope.fiscalYears)}`;
    case 'award': return `whosbehind rejects --award ${q(scope.awardKey)}`;
  }
}

/** Where a view's records are counted: the records, or (transactions, when the answer facts are current) answer_tx_sources. */
interface Counted { from: string; n: string; neg: string }

function counted(view: AgencyView, facts: boolean): Counted {
  if (view === 'transactions' && facts) return { from: 'answer_tx_sources', n: 'sum(r.n)', neg: 'sum(r.neg)' };
  return { from: TABLE_OF[view], n: 'count(*)', neg: 'count(*) FILTER (WHERE r.federal_action_obligation < 0)' };
}

/** Computes the coverage block of an answer's scope. */
export async function computeCoverage(db: Database, scope: CoverageScope, ctx: AnswerContext, options: CoverageOptions = {}): Promise<Coverage> {
  const fy = scope.kind === 'award' ? undefined : scope.fiscalYears;
  // answer_tx_sources has no award key nor office codes: those scopes read the records
  const facts = scope.kind !== 'award' && !(scope.kind === 'agency' && scope.agency.level === 'office') && (await currentAnswerFacts(db)) !== null;
  // per view: records in scope by source layout and file, and by fiscal year
  const sources: SourceKindHeld[] = [];
  const years: Record<AgencyView, Set<number>> = { transactions: new Set(), award_summaries: new Set(), subawards: new Set() };
  for (const view of VIEWS) {
    const c = counted(view, facts);
    const rows = await db.all(`SELECT s.layout, count(DISTINCT r.source_id) AS files, ${c.n} AS n, list(DISTINCT r.${FY_COLUMN[view]}) AS years
      FROM ${c.from} r JOIN sources s USING (source_id) WHERE ${scopeWhere(scope, view)} GROUP BY 1 ORDER BY n DESC, 1`);
    for (const r of rows) {
      const layout = String(r['layout']);
      sources.push({ view, layout, title: LAYOUT_TITLES.get(layout) ?? layout, files: Number(r['files']), records: Number(r['n']) });
      for (const y of (r['years'] as Array<number | null>) ?? []) if (y !== null) years[view].add(Number(y));
    }
  }
  const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);
  const withTransactions = sorted(years.transactions);
  const askedWithout: number[] = [];
  if (fy && fy.from > 1970 && fy.to < 2100 && fy.to - fy.from < 50) {
    for (let y = fy.from; y <= fy.to; y++) if (!years.transactions.has(y)) askedWithout.push(y);
  }

  const subtiers = scope.kind === 'agency' ? await subtierCoverage(db, scope, facts, options.directory) : null;
  const incompleteFetches = await findIncompleteFetches(db, scope, facts);
  const feeds = await db.one<{ n: number; last: string | null }>(
    `SELECT count(*) AS n, max(last_change) FILTER (WHERE superseded_snapshot_id IS NULL) AS last FROM fedramp_feeds`);
  const refused = { ...(await refusedSummary(db, refusedScope(scope))), command: rejectsCommand(scope) };

  const coverage: Coverage = {
    scope: {
      kind: scope.kind,
      description: scope.kind === 'agency' ? agencyLabel(scope.agency) : scope.kind === 'company' ? scope.name : scope.awardKey,
      basis: scope.kind === 'agency' ? scope.basis : null, fiscalYears: fy ?? null, fiscalYearsLabel: describeFiscalYears(fy),
    },
    snapshot: { id: ctx.snapshotId, finishedAt: ctx.snapshotFinishedAt },
    subtiers,
    fiscalYears: { withTransactions, withAwardSummaries: sorted(years.award_summaries), withSubawards: sorted(years.subawards), askedWithoutTransactions: askedWithout },
    sources,
    fedramp: { feeds: Number(feeds?.n ?? 0), lastChange: feeds?.last ?? null },
    refused,
    incompleteFetches,
    limits: [],
    partial: false,
    statements: [],
  };
  coverage.limits = coverageLimits(coverage, scope, options);
  coverage.partial = (subtiers?.notHeld.length ?? 0) > 0 || askedWithout.length > 0 || refused.missing.rows > 0 || incompleteFetches.length > 0;
  coverage.statements = coverageStatements(coverage, scope);
  return coverage;
}

function agencyLabel(a: Pick<AgencyRef, 'abbreviation' | 'name' | 'code'>): string {
  return a.abbreviation ?? a.name ?? a.code;
}

async function subtierCoverage(db: Database, scope: Extract<CoverageScope, { kind: 'agency' }>, facts: boolean, directory?: AgencyDirectory): Promise<SubtierCoverage> {
  const ref = scope.agency;
  const held = new Map<string, SubtierHeld>();
  const sides: Array<'awarding' | 'funding'> = scope.basis === 'either' ? ['awarding', 'funding'] : [scope.basis];
  const countKey: Record<AgencyView, 'transactions' | 'awardSummaries' | 'subawards'> = { transactions: 'transactions', award_summaries: 'awardSummaries', subawards: 'subawards' };
  for (const view of VIEWS) {
    const prefix = view === 'subawards' ? 'prime_award_' : '';
    // a record is placed under the subtier of each side that matches the agency asked (a record awarded by
    // ICE and funded by another DHS subtier names both); once per subtier
    const matches = (b: 'awarding' | 'funding'): string => `coalesce(${agencyCondition(ref, b, view, 'r')}, FALSE)`;
    const sub = (b: 'awarding' | 'funding'): string => `r.${prefix}${b}_sub_agency_code`;
    const c = counted(view, facts);
    const one = c.n === 'count(*)' ? '1' : 'r.n';
    const arms = ref.level !== 'toptier' ? [`SELECT ${literal(ref.code)} AS code, ${one} AS n FROM ${c.from} r WHERE ${scopeWhere(scope, view)}`]
      : sides.map((b, i) => `SELECT ${sub(b)} AS code, ${one} AS n FROM ${c.from} r WHERE ${scopeWhere(scope, view)} AND ${matches(b)}${
        i === 1 ? ` AND NOT (${matches('awarding')} AND ${sub('awarding')} IS NOT DISTINCT FROM ${sub('funding')})` : ''}`);
    const rows = await db.all(`SELECT code, sum(n) AS n FROM (${arms.join(' UNION ALL ')}) GROUP BY 1`);
    for (const r of rows) {
      const code = r['code'] === null ? '(none)' : String(r['code']);
      const h = held.get(code) ?? { code, name: null, abbreviation: null, transactions: 0, awardSummaries: 0, subawards: 0 };
      h[countKey[view]] += Number(r['n']);
      held.set(code, h);
    }
  }
  let officialCount: number | null = null;
  const notHeld: SubtierCoverage['notHeld'] = [];
  const official = await db.all(`SELECT subtier_code AS code, any_value(subtier_name) AS name, any_value(subtier_abbreviation) AS abbr,
      bool_or(coalesce(user_selectable_on_usaspending, FALSE)) AS current FROM agency_code_current
    WHERE subtier_code IS NOT NULL GROUP BY 1`);
  const byCode = new Map(official.map((o) => [String(o['code']), o]));
  for (const h of held.values()) {
    const o = byCode.get(h.code);
    const node = directory?.byKey.get(`subtier:${h.code}`);
    h.name = (o?.['name'] as string | undefined) ?? node?.name ?? null;
    h.abbreviation = (o?.['abbr'] as string | undefined) ?? node?.abbreviation ?? null;
  }
  if (ref.level === 'toptier' && official.length) {
    const codes = [...new Set([ref.code, ...ref.codes])];
    const children = await db.all(`SELECT DISTINCT subtier_code AS code FROM agency_code_current
      WHERE subtier_code IS NOT NULL AND coalesce(user_selectable_on_usaspending, FALSE)
        AND (cgac_agency_code IN (${codes.map(literal).join(', ')}) OR (coalesce(is_frec, FALSE) AND frec IN (${codes.map(literal).join(', ')})))
      ORDER BY 1`);
    officialCount = children.length;
    for (const c of children) {
      const code = String(c['code']);
      if (held.has(code)) continue;
      const o = byCode.get(code);
      notHeld.push({ code, name: (o?.['name'] as string | null) ?? null, abbreviation: (o?.['abbr'] as string | null) ?? null });
    }
  }
  const list = [...held.values()].sort((a, b) => b.transactions - a.transactions || b.awardSummaries - a.awardSummaries || b.subawards - a.subawards || a.code.localeCompare(b.code));
  return { held: list, officialCount, notHeld };
}

async function findIncompleteFetches(db: Database, scope: CoverageScope, facts: boolean): Promise<IncompleteFetch[]> {
  const c = counted('transactions', facts);
  const rows = await db.all(`SELECT s.name AS file, r.awarding_sub_agency_abbreviation AS subtier, r.action_date_fiscal_year AS fy,
      ${c.n} AS n, ${c.neg} AS negative
    FROM ${c.from} r JOIN sources s USING (source_id)
    WHERE s.layout = ${literal(API_LAYOUT)} AND ${scopeWhere(scope, 'transactions')}
    GROUP BY ALL ORDER BY 1, 2, 3`);
  const out: IncompleteFetch[] = [];
  for (const r of rows) {
    const n = Number(r['n']);
    if (Number(r['negative']) > 0 || n < PAGE) continue;
    out.push({
      file: String(r['file']), subtier: (r['subtier'] as string | null) ?? null, fiscalYear: r['fy'] === null ? null : Number(r['fy']), rows: n,
      note: `${n} API-projection rows of ${String(r['subtier'] ?? 'one agency')} in FY${String(r['fy'])} hold no de-obligation at all; a full year of an agency this size always has some, so the fetch (sorted by amount) probably stopped early and this year's total is incomplete`,
    });
  }
  return out;
}

function coverageLimits(c: Coverage, scope: CoverageScope, options: CoverageOptions): string[] {
  const out: string[] = [];
  const projection = c.sources.filter((s) => s.layout === API_LAYOUT).reduce((n, s) => n + s.records, 0);
  if (projection > 0) {
    const basis = scope.kind === 'agency' ? scope.basis : null;
    out.push(`${projection} transaction(s) come from API search results saved as CSV, which carry no funding agency${basis === 'funding' ? ': none of them can count on the funding basis' : basis === 'either' ? ': they count as awarded by the agency only' : ''}, and no transaction key (identical rows count once).`);
  }
  if (c.sources.some((s) => s.view === 'subawards')) {
    out.push('Subawards are self-reported by prime contractors (from $30,000, often late, sometimes reported more than once); they are listed apart and never added to prime obligations.');
  }
  if (c.sources.some((s) => s.view === 'award_summaries')) {
    out.push('Award summaries give life-of-award totals; they are never added to the yearly transaction figures.');
  }
  if (options.relationships) {
    out.push('Brand evidence (a company reselling or working on another\'s products) is text matched in transaction descriptions: it shows the description names the brand, not that the brand was paid.');
    out.push(c.fedramp.feeds ? `FedRAMP authorizations come from the Marketplace feed${c.fedramp.lastChange ? ` of ${c.fedramp.lastChange}` : ''}: an authorization is permission to use a cloud service, not a payment.` : 'No FedRAMP Marketplace feed is in the store: cloud authorizations and hosting are not shown.');
  }
  for (const f of c.incompleteFetches) out.push(f.note + '.');
  return out;
}

const list = (items: string[], max = 6): string => (items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`);

function coverageStatements(c: Coverage, scope: CoverageScope): string[] {
  const out: string[] = [];
  if (scope.kind === 'agency' && c.subtiers) {
    const a = scope.agency;
    const heldNames = c.subtiers.held.filter((h) => h.code !== '(none)').map((h) => `${h.abbreviation ?? h.name ?? h.code} (${h.transactions} transactions${h.awardSummaries ? `, ${h.awardSummaries} award summaries` : ''}${h.subawards ? `, ${h.subawards} subawards` : ''})`);
    if (a.level === 'toptier') {
      if (!c.subtiers.held.length) out.push(`The store holds no record of ${agencyLabel(a)} on the ${scope.basis} basis (${c.scope.fiscalYearsLabel}).`);
      else if (c.subtiers.officialCount === null) {
        out.push(`Covers only the subtiers of ${agencyLabel(a)} the store holds: ${list(heldNames)}. The official agency list is not loaded, so which of its subtiers are missing cannot be said.`);
      } else if (c.subtiers.notHeld.length) {
        out.push(`Covers ${c.subtiers.held.length} of the ${c.subtiers.officialCount} current subtiers of ${agencyLabel(a)} in the official agency list, the only ones the store holds: ${list(heldNames)}. Not in the store: ${list(c.subtiers.notHeld.map((n) => n.abbreviation ?? n.name ?? n.code), 8)}. Figures for ${agencyLabel(a)} cover these subtiers only.`);
      } else out.push(`Covers every current subtier of ${agencyLabel(a)} in the official agency list: ${list(heldNames)}.`);
    } else if (!c.subtiers.held.length) out.push(`The store holds no record of ${agencyLabel(a)} on the ${scope.basis} basis (${c.scope.fiscalYearsLabel}).`);
  }
  if (c.fiscalYears.askedWithoutTransactions.length) {
    out.push(`No transactions in ${c.fiscalYears.askedWithoutTransactions.map((y) => `FY${y}`).join(', ')} of the years asked (${c.scope.fiscalYearsLabel}).`);
  }
  const yearsText = (ys: number[]): string => (ys.length ? (ys.length > 2 && ys.at(-1)! - ys[0]! === ys.length - 1 ? `FY${ys[0]}–FY${ys.at(-1)}` : ys.map((y) => `FY${y}`).join(', ')) : 'none');
  out.push(`Fiscal years held: transactions ${yearsText(c.fiscalYears.withTransactions)}; award summaries (latest action) ${yearsText(c.fiscalYears.withAwardSummaries)}; subawards ${yearsText(c.fiscalYears.withSubawards)}.`);
  const byView = (v: AgencyView, word: string): string | null => {
    const s = c.sources.filter((x) => x.view === v);
    if (!s.length) return null;
    return `${word} from ${s.map((x) => `${x.title} (${x.records} in ${x.files} file${x.files === 1 ? '' : 's'})`).join(' and ')}`;
  };
  const kinds = [byView('transactions', 'transactions'), byView('award_summaries', 'award summaries'), byView('subawards', 'subawards')].filter((x): x is string => !!x);
  out.push(`Sources: ${kinds.length ? kinds.join('; ') : 'no records in scope'}${c.fedramp.feeds ? '; a FedRAMP Marketplace feed' : ''}; snapshot ${c.snapshot.id ?? '(none)'}${c.snapshot.finishedAt ? ` of ${c.snapshot.finishedAt}` : ''}.`);
  const r = c.refused;
  if (r.rows === 0) out.push('Refused rows in scope: none.');
  else {
    const parts: string[] = [];
    if (r.missing.rows) {
      const amount = r.missing.readableRows ? `; they would add ${formatMoney(toCents(r.missing.amount))} over the ${r.missing.readableRows} with a readable amount` : '';
      parts.push(`${r.missing.rows} row(s) whose record is not in the store${amount}${r.missing.unreadable ? ` (${r.missing.unreadable} amount(s) unreadable)` : ''}${r.missing.noYear ? `, ${r.missing.noYear} with no readable year counted in case` : ''}`);
    }
    if (r.recordHeld) parts.push(`${r.recordHeld} repeat(s) or other version(s) of records the store holds (nothing missing)`);
    const ex = r.kinds.find((k) => !k.recordHeld) ?? r.kinds[0]!;
    out.push(`Refused rows in scope: ${r.rows} — ${parts.join('; ')}. E.g. ${ex.example.file} line ${ex.example.line}${ex.example.field ? ` (${ex.example.field})` : ''}: ${ex.example.reason}. List them: ${r.command}`);
  }
  return out;
}
