/**
 * `buildReport`: one data model per report, gathered from the existing answers — `agencyAnswer` or
 * `companyAnswer`, `breakdownAnswer` (categories), `pathAnswer` and the graph `neighbourhood` — so that
 * every number in the text, tables, charts and JSON comes from the same query results.
 */
import { agencyAnswer, basisCondition } from '../analysis/agencyAnswer.js';
import { categoryTotals } from '../analysis/aggregates.js';
import type { AnswerContext, Basis } from '../analysis/answer.js';
import { parseAwardKey } from '../analysis/awardAnswer.js';
import { breakdownAnswer } from '../analysis/breakdown.js';
import { companyAnswer } from '../analysis/companyAnswer.js';
import { fiscalYearSql } from '../analysis/fiscalYears.js';
import { centsToString, formatMoney, formatMoneyShort, sharePercent, toCents } from '../analysis/money.js';
import { familyIdSql, TX_RECIPIENT } from '../analysis/recipientJoin.js';
import { findAgency, loadAgencyDirectory } from '../entities/agencies.js';
import { findCompany } from '../entities/companies.js';
import { UsageError } from '../errors.js';
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';
import { reportMethod } from './method.js';
import { reportRelationships } from './relationships.js';
import type {
  CategoryRow, RankingRow, ReportAward, ReportModel, ReportRelationships, ReportRequest, ReportTrend, ReportWatch, TrendSeries,
} from './reportModel.js';
import { BUILT_IN_WATCH, loadReportWatch } from './watch.js';

/** How a family was formed, as the ranking table says it. */
export const FAMILY_BASIS_LABEL: Record<string, string> = {
  curated: 'curated list', parent_field: 'parent field', judgement: 'accepted suggestion', single: 'identifier', none: 'no recipient named',
};

/** Series drawn in the trend chart besides the total. */
export const TREND_SERIES = 5;

const money = (s: string): string => `${formatMoney(toCents(s))}`;
const short = (s: string): string => formatMoneyShort(toCents(s));
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The command line that reproduces a request (used when the caller gives none). */
export function reproduceCommand(req: ReportRequest, out = 'FILE.html'): string {
  const q = (s: string): string => (/^[\w.,:/@+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);
  const parts = ['whosbehind', 'report', req.kind, q(req.query)];
  if (req.fiscalYears) parts.push('--fy', `${req.fiscalYears.from}..${req.fiscalYears.to}`);
  if (req.basis) parts.push('--basis', req.basis);
  if (req.watch && req.watch.source !== BUILT_IN_WATCH) parts.push('--watch', q(req.watch.source));
  parts.push('--out', q(out));
  return parts.join(' ');
}

function trendOf(total: Array<{ fiscalYear: number | null; obligations: string; transactions: number }>, series: TrendSeries[]): ReportTrend {
  const dated = total.filter((t): t is { fiscalYear: number; obligations: string; transactions: number } => t.fiscalYear !== null);
  const undated = total.find((t) => t.fiscalYear === null);
  const years = dated.map((t) => t.fiscalYear);
  const out = series.map((s) => ({ ...s, byYear: years.map((fy) => ({ fiscalYear: fy, obligations: s.byYear.find((y) => y.fiscalYear === fy)?.obligations ?? '0.00' })) }));
  // the rest of each year's total, so the series add up to it
  const rest = years.map((fy) => {
    const t = toCents(dated.find((d) => d.fiscalYear === fy)!.obligations);
    return { fiscalYear: fy, obligations: centsToString(t - out.reduce((s, x) => s + toCents(x.byYear.find((y) => y.fiscalYear === fy)!.obligations), 0n)) };
  });
  if (rest.some((r) => r.obligations !== '0.00')) out.push({ id: '(others)', name: 'All others', byYear: rest });
  return {
    fiscalYears: years, total: dated, series: out,
    undated: undated ? { obligations: undated.obligations, transactions: undated.transactions } : null,
  };
}

function pathSentences(rel: ReportRelationships, subject: string): string[] {
  const out: string[] = [];
  for (const w of rel.watched) {
    if (!w.resolved) continue;
    const best = w.paths[0];
    if (!best) {
      out.push(`No relationship path of at most 4 steps joins ${w.resolved} and ${subject} in this store.`);
      continue;
    }
    out.push(`${w.resolved} and ${subject}: ${plural(w.paths.length, 'evidence path')} shown; the strongest: ${best.steps.map((s) => s.sentence).join('; then ')}.`);
  }
  return out;
}

async function agencyReport(db: Database, ctx: AnswerContext, req: ReportRequest, watch: ReportWatch): Promise<Omit<ReportModel, 'reproduce'>> {
  const dir = await loadAgencyDirectory(db);
  const ref = findAgency(dir, req.query);
  const basis: Basis = req.basis ?? 'either';
  const fy = req.fiscalYears;
  const limit = req.limit ?? 10;
  const a = await agencyAnswer(db, ref, ctx, { basis, fiscalYears: fy, limit, topAwards: req.topAwards ?? 15 });
  const cats = await breakdownAnswer(db, ref, 'category', ctx, { basis, fiscalYears: fy });
  const name = ref.name ? `${ref.name}${ref.abbreviation && ref.abbreviation !== ref.name ? ` (${ref.abbreviation})` : ''}` : a.agency.description;
  const empty = a.totals.transactions === 0
    ? `No prime contract transactions of ${name} on the ${basis} basis (${a.fiscalYearsLabel}) are in this store (snapshot ${ctx.snapshotId ?? 'none'}), so there is nothing to chart.`
    : null;
  const rows: RankingRow[] = a.families.map((f) => ({
    rank: f.rank, id: f.familyId, name: f.name, note: FAMILY_BASIS_LABEL[f.familyBasis] ?? f.familyBasis, obligations: f.obligations, share: f.share, awards: f.awards,
    transactions: f.transactions, firstFiscalYear: f.firstFiscalYear, lastFiscalYear: f.lastFiscalYear,
  }));
  const series: TrendSeries[] = a.families.slice(0, TREND_SERIES).map((f) => ({
    id: f.familyId, name: f.name, byYear: f.byYear.filter((y): y is { fiscalYear: number; obligations: string; transactions: number } => y.fiscalYear !== null),
  }));
  const categories: CategoryRow[] = cats.rows.map((r) => ({
    fiscalYear: r.fiscalYear, category: r.code ?? '(none)', label: r.label ?? r.code ?? '(none)', obligations: r.obligations, share: r.share, transactions: r.transactions,
  }));
  const relationships = await reportRelationships(db, ctx, dir, { type: 'agency', ref }, watch.companies);

  const years = a.fiscalYearsLabel;
  const summary: string[] = [];
  if (empty) summary.push(empty);
  else {
    summary.push(`On the ${basis} basis, in ${years}, ${name} obligated ${money(a.totals.obligations)} (about ${short(a.totals.obligations)}) net in ${plural(a.totals.transactions, 'prime contract transaction')} on ${plural(a.totals.awards, 'award')} to ${plural(a.totals.families, 'company family', 'company families')}.`);
    const top = a.families[0]!;
    summary.push(`The largest family, ${top.name}, received ${money(top.obligations)} (${top.share}% of the total) on ${plural(top.awards, 'award')} (${basis} basis, ${years}).`);
    if (a.families.length > 1) {
      const k = Math.min(5, a.families.length);
      const topK = a.families.slice(0, k).reduce((s, f) => s + toCents(f.obligations), 0n);
      summary.push(`The top ${k} families together received ${formatMoney(topK)} (${sharePercent(topK, toCents(a.totals.obligations))}% of the total, ${basis} basis, ${years}).`);
    }
    const allYears = categories.filter((c) => c.fiscalYear === null);
    if (allYears[0]) summary.push(`The largest category was ${allYears[0].label}: ${money(allYears[0].obligations)} (${allYears[0].share}% of net obligations, ${basis} basis, ${years}).`);
    if (basis === 'either') {
      const s = a.split;
      const noFunding = s.noFundingAgency.transactions
        ? ` ${plural(s.noFundingAgency.transactions, 'transaction')} (${money(s.noFundingAgency.obligations)}) record no funding agency at all (API search results saved as CSV) and count as awarded only.`
        : '';
      summary.push(`Of the either-basis total, ${money(s.both.obligations)} was both awarded and funded by ${name}, ${money(s.awardingOnly.obligations)} only awarded by it and ${money(s.fundingOnly.obligations)} only funded by it (${years}).${noFunding}`);
    }
  }
  if (a.subawards.subawards) {
    summary.push(`Primes of ${name} reported ${plural(a.subawards.subawards, 'subaward')} totalling ${money(a.subawards.amount)} (${money(a.subawards.amountWithoutRepeats)} without repeated reports) in ${years}; self-reported, not added to the figures above.`);
  }
  summary.push(...pathSentences(relationships, name));

  const scopeSql = `${basisCondition(ref, basis, 'transactions', 'r')} AND ${fiscalYearSql('r.action_date_fiscal_year', fy)}`;
  const method = await reportMethod(db, ctx, basis, scopeSql, a.families.map((f) => f.familyId), a.caveats);
  return {
    schema: 'whosbehind.report/1', kind: 'agency', title: `Who's behind ${name}`,
    subject: { kind: 'agency', id: ref.code, name, description: a.agency.description, query: req.query }, basis, fiscalYears: fy ?? null, fiscalYearsLabel: years, empty, summary,
    ranking: {
      entity: 'family', rows,
      others: a.others ? { count: a.others.families, obligations: a.others.obligations, share: a.others.share, transactions: a.others.transactions } : null,
      total: { obligations: a.totals.obligations, transactions: a.totals.transactions, awards: a.totals.awards, count: a.totals.families },
    },
    trend: trendOf(a.trend, series), categories, relationships, topAwards: awardsOf(a.topAwards, watch.keywords), method,
  };
}

async function companyReport(db: Database, ctx: AnswerContext, req: ReportRequest, watch: ReportWatch): Promise<Omit<ReportModel, 'reproduce'>> {
  const dir = await loadAgencyDirectory(db);
  const fam = await findCompany(db, req.query);
  if (req.basis === 'either') throw new UsageError('a company report groups agencies on the awarding or the funding basis: use --basis awarding or --basis funding');
  const basis = req.basis ?? 'awarding';
  const fy = req.fiscalYears;
  const limit = req.limit ?? 10;
  const c = await companyAnswer(db, fam, ctx, { fiscalYears: fy, agencyBasis: basis, topAwards: req.topAwards ?? 15 });
  const years = c.fiscalYearsLabel;
  const hasAny = c.totals.transactions > 0;
  const empty = hasAny ? null
    : `No prime contract transactions of ${fam.name} (${years}) are in this store (snapshot ${ctx.snapshotId ?? 'none'}), so there is nothing to chart.`;
  const agencyId = (r: { subtierCode: string | null; toptierCode: string | null }): string => r.subtierCode ?? r.toptierCode ?? '(none)';
  const rows: RankingRow[] = c.byAgency.slice(0, limit).map((r, i) => {
    const ys = r.byYear.map((y) => y.fiscalYear).filter((y): y is number => y !== null);
    return {
      rank: i + 1, id: agencyId(r), name: r.subtierName ?? r.toptierName ?? '(no agency recorded)', note: r.toptierName, obligations: r.obligations,
      share: r.share, awards: r.awards, transactions: r.transactions, firstFiscalYear: ys.length ? Math.min(...ys) : null, lastFiscalYear: ys.length ? Math.max(...ys) : null,
    };
  });
  const rest = c.byAgency.slice(limit);
  const restCents = rest.reduce((s, r) => s + toCents(r.obligations), 0n);
  const series: TrendSeries[] = c.byAgency.slice(0, TREND_SERIES).map((r) => ({
    id: agencyId(r), name: r.subtierName ?? r.toptierName ?? '(no agency recorded)',
    byYear: r.byYear.filter((y): y is { fiscalYear: number; obligations: string } => y.fiscalYear !== null),
  }));
  const scopeSql = `${familyIdSql(TX_RECIPIENT)} = ${literal(fam.familyId)} AND ${fiscalYearSql('r.action_date_fiscal_year', fy)}`;
  const perYear = await categoryTotals(db, { where: scopeSql }, 'r.action_date_fiscal_year');
  const categories: CategoryRow[] = [...perYear, ...c.categories].map((x) => ({
    fiscalYear: x.group === null ? null : Number(x.group), category: x.category, label: x.label, obligations: x.obligations, share: x.share, transactions: x.transactions,
  }));
  const watchedAgencies = watch.agencies.length ? watch.agencies
    : c.byAgency.filter((r) => r.subtierCode).slice(0, 3).map((r) => r.subtierCode!);
  const relationships = await reportRelationships(db, ctx, dir,
    { type: 'company', familyId: fam.familyId, agencyCodes: c.byAgency.map((r) => r.subtierCode).filter((x): x is string => !!x).slice(0, 10) },
    watchedAgencies);

  const summary: string[] = [];
  if (empty) summary.push(empty);
  else {
    summary.push(`In ${years}, ${fam.name} (${plural(c.members.length, 'member recipient')}) received ${money(c.totals.obligations)} (about ${short(c.totals.obligations)}) net in ${plural(c.totals.transactions, 'prime contract transaction')} on ${plural(c.totals.awards, 'award')} from ${plural(c.totals.agencies, 'agency', 'agencies')} (${basis} agency).`);
    const top = c.byAgency[0]!;
    summary.push(`Its largest ${basis} agency was ${top.subtierName ?? top.toptierName ?? '(none recorded)'}: ${money(top.obligations)} (${top.share}% of its total, ${years}).`);
    const allYears = categories.filter((x) => x.fiscalYear === null);
    if (allYears[0]) summary.push(`Its largest category was ${allYears[0].label}: ${money(allYears[0].obligations)} (${allYears[0].share}%, ${years}).`);
  }
  if (c.awardSummariesOnly.awards) summary.push(`${plural(c.awardSummariesOnly.awards, 'award')} known only from award summaries total ${money(c.awardSummariesOnly.totalObligated)} over their life (not in the yearly figures).`);
  if (c.subawardsReceived.subawards) summary.push(`It received ${plural(c.subawardsReceived.subawards, 'subaward')} totalling ${money(c.subawardsReceived.amount)} (${money(c.subawardsReceived.amountWithoutRepeats)} without repeated reports) in ${years}, as reported by the primes.`);
  summary.push(...pathSentences(relationships, fam.name));

  const method = await reportMethod(db, ctx, basis, scopeSql, [fam.familyId], c.caveats);
  return {
    schema: 'whosbehind.report/1', kind: 'company', title: `What ${fam.name} is behind`,
    subject: { kind: 'company', id: fam.familyId, name: fam.name, description: `company family ${fam.familyId}`, query: req.query }, basis, fiscalYears: fy ?? null, fiscalYearsLabel: years, empty, summary,
    ranking: {
      entity: 'agency', rows,
      others: rest.length ? { count: rest.length, obligations: centsToString(restCents), share: sharePercent(restCents, toCents(c.totals.obligations)), transactions: rest.reduce((s, r) => s + r.transactions, 0) } : null,
      total: { obligations: c.totals.obligations, transactions: c.totals.transactions, awards: c.totals.awards, count: c.totals.agencies },
    },
    trend: trendOf(c.trend, series), categories, relationships, topAwards: awardsOf(c.topAwards, watch.keywords), method,
  };
}

function awardsOf(list: Awaited<ReturnType<typeof agencyAnswer>>['topAwards'], keywords: readonly string[]): ReportAward[] {
  return list.map((t) => ({
    awardKey: t.awardKey, piid: t.piid, permalink: t.permalink, recipient: t.recipientName, family: t.familyName, description: t.description,
    obligations: t.obligations, transactions: t.transactions, firstActionDate: t.firstActionDate, lastActionDate: t.lastActionDate,
    // the key names the vehicle when the record's own field is empty (API projections have no such field)
    parentAwardPiid: t.parentAwardPiid ?? parseAwardKey(t.awardKey)?.parentPiid ?? null, awardingSubAgency: t.awardingSubAgency,
    keywords: keywords.filter((k) => t.description !== null && t.description.toLowerCase().includes(k.toLowerCase())),
  }));
}

/**
 * Gathers every figure of a report on an agency ("Who's behind AGENCY") or a company family ("What
 * COMPANY is behind") from one store. The store must be resolved (families current) and its graph built
 * for the relationships section (otherwise that section says so).
 *
 * @example
 *   const model = await buildReport(db, await answerContext(db, VERSION), { kind: 'agency', query: 'ICE', fiscalYears: parseFiscalYears('2021..2023') });
 *   const { content } = await renderReport(model, 'html');
 */
export async function buildReport(db: Database, ctx: AnswerContext, req: ReportRequest): Promise<ReportModel> {
  const watch = req.watch ?? (await loadReportWatch());
  const body = req.kind === 'agency' ? await agencyReport(db, ctx, req, watch) : await companyReport(db, ctx, req, watch);
  return {
    ...body,
    reproduce: { command: req.command ?? reproduceCommand(req), toolVersion: ctx.toolVersion, snapshotId: ctx.snapshotId, store: ctx.store, watchSource: watch.source },
  };
}
