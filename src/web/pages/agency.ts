/** The agency page: who is behind an agency, with trend, families and categories charts, top awards and relationships. */
import { agencyAnswer, type AgencyAnswer } from '../../analysis/agencyAnswer.js';
import { BASES } from '../../analysis/answer.js';
import { findAgency, loadAgencyDirectory } from '../../entities/agencies.js';
import { agencyNodes } from '../../graph/graphAnswers.js';
import { endpoint, int, str } from '../endpoint.js';
import { barChart, href, html, money, table } from '../html.js';
import { agencyLink, awardLink, companyLink, csvTable, FY_PARAM, fiscalYears, MONEY_NOTE } from './common.js';
import { relationships, relationshipsTable, type Relationship } from './relationships.js';

export interface AgencyPage {
  answer: AgencyAnswer;
  relationships: { count: number; items: Relationship[] };
}

export const agencyEndpoint = endpoint<AgencyPage>({
  id: 'agency', page: '/agency', api: '/api/agency', cache: true,
  summary: 'Who is behind an agency: company families ranked by net prime obligations, trend, categories, top awards, subawards and relationships',
  params: [
    { name: 'q', type: 'string', required: true, description: 'agency code (7012), abbreviation (ICE) or name' },
    FY_PARAM,
    { name: 'basis', type: 'string', enum: BASES, default: 'either', description: 'which agency field counts: awarding, funding or either' },
    { name: 'limit', type: 'integer', minimum: 1, maximum: 200, default: 25, description: 'families to list' },
  ],
  responseSchema: { type: 'object', description: `{answer: the agency answer as \`whosbehind agency --json\` prints it, relationships}. ${MONEY_NOTE}` },
  async load(ctx, p) {
    const { dir, ref } = await ctx.store.use(async (db) => {
      const d = await loadAgencyDirectory(db);
      return { dir: d, ref: findAgency(d, str(p, 'q')!) };
    });
    // the answer and the relationships on two connections at once
    const [answer, rel] = await Promise.all([
      ctx.store.use((db) => agencyAnswer(db, ref, ctx.store.context, { basis: str(p, 'basis') as AgencyAnswer['basis'], fiscalYears: fiscalYears(p), limit: int(p, 'limit') ?? 25, explain: false })),
      ctx.store.use((db) => relationships(db, agencyNodes(dir, ref))),
    ]);
    return { answer, relationships: rel };
  },
  csv: ({ answer: a }) => csvTable(a.families.map((f) => ({
    rank: f.rank, family_id: f.familyId, family: f.name, obligations: f.obligations, share_percent: f.share, awards: f.awards,
    transactions: f.transactions, awarded_by_agency: f.awardedBy, funded_by_agency: f.fundedBy, first_fy: f.firstFiscalYear,
    last_fy: f.lastFiscalYear, basis: a.basis, agency: a.agency.description, snapshot_id: a.context.snapshotId,
  })), ['rank', 'family_id', 'family', 'obligations', 'share_percent', 'awards', 'transactions', 'awarded_by_agency', 'funded_by_agency', 'first_fy', 'last_fy', 'basis', 'agency', 'snapshot_id'],
  ['rank', 'obligations', 'share_percent', 'awards', 'transactions', 'awarded_by_agency', 'funded_by_agency', 'first_fy', 'last_fy', 'snapshot_id']),
  render({ answer: a, relationships: rel }, p) {
    const s = a.split;
    const q = str(p, 'q')!;
    const filters = html`<form class="filters" action="/agency" method="get"><input type="hidden" name="q" value="${q}">
<label>Fiscal years <input name="fy" value="${str(p, 'fy') ?? ''}" placeholder="2021..2023" size="10"></label>
<label>Basis <select name="basis">${BASES.map((b) => html`<option${b === a.basis ? html` selected` : ''}>${b}</option>`)}</select></label>
<label>Families <input name="limit" type="number" min="1" max="200" value="${int(p, 'limit') ?? 25}"></label><button>Apply</button></form>`;
    const body = html`${filters}
<p class="lead"><strong>${money(a.totals.obligations)}</strong> net prime obligations (${a.basis} basis, ${a.fiscalYearsLabel}) in ${a.totals.transactions} transactions on ${a.totals.awards} awards to ${a.totals.families} company families.</p>
<p>Awarding vs funding: awarded and funded ${money(s.both.obligations)} (${s.both.transactions}); awarded only ${money(s.awardingOnly.obligations)} (${s.awardingOnly.transactions}); funded only ${money(s.fundingOnly.obligations)} (${s.fundingOnly.transactions}).</p>
<div class="charts">
${barChart('Net obligations per fiscal year', a.trend.map((t) => ({ label: t.fiscalYear === null ? '(no date)' : `FY${t.fiscalYear}`, value: t.obligations })))}
${barChart('Largest company families', a.families.slice(0, 12).map((f) => ({ label: f.name, value: f.obligations, link: companyLink(f.familyId) })))}
${barChart('Categories', a.categories.slice(0, 12).map((c) => ({ label: c.label, value: c.obligations })))}
</div>
<h2>Company families</h2>
${table(a.families, [
    { head: '#', num: true, cell: (f) => f.rank },
    { head: 'family', cell: (f) => html`<a href="${companyLink(f.familyId)}">${f.name}</a>` },
    { head: 'obligations', num: true, cell: (f) => money(f.obligations) },
    { head: 'share', num: true, cell: (f) => (f.share === null ? '' : `${f.share}%`) },
    { head: 'awards', num: true, cell: (f) => f.awards },
    { head: 'transactions', num: true, cell: (f) => f.transactions },
    { head: 'awarded by', num: true, cell: (f) => money(f.awardedBy) },
    { head: 'funded by', num: true, cell: (f) => money(f.fundedBy) },
    { head: 'years', cell: (f) => (f.firstFiscalYear === null ? '' : f.firstFiscalYear === f.lastFiscalYear ? `FY${f.firstFiscalYear}` : `FY${f.firstFiscalYear}–FY${f.lastFiscalYear}`) },
    { head: '', cell: (f) => html`<a href="${href('/path', { from: f.familyId, to: a.agency.code })}">paths</a>` },
  ])}
${a.others ? html`<p>… ${a.others.families} more families: ${money(a.others.obligations)} (${a.others.share ?? ''}%)</p>` : ''}
<h2>Top awards</h2>
${table(a.topAwards, [
    { head: 'award', cell: (t) => html`<a href="${awardLink(t.awardKey)}">${t.piid ?? t.awardKey}</a>` },
    { head: 'family', cell: (t) => html`<a href="${companyLink(t.familyId)}">${t.familyName}</a>` },
    { head: 'obligations', num: true, cell: (t) => money(t.obligations) },
    { head: 'transactions', num: true, cell: (t) => t.transactions },
    { head: 'dates', cell: (t) => [t.firstActionDate, t.lastActionDate].filter(Boolean).join(' to ') },
    { head: 'description', cell: (t) => t.description ?? '' },
  ])}
${a.subawards.subawards ? html`<h2>Subawards under this agency's primes</h2><p>${a.subawards.subawards} subawards, ${money(a.subawards.amount)} (${money(a.subawards.amountWithoutRepeats)} without ${a.subawards.repeats} repeats). ${a.subawards.note}</p>
${table(a.subawards.families.slice(0, 15), [
    { head: 'subawardee family', cell: (f) => html`<a href="${companyLink(f.familyId)}">${f.name}</a>` },
    { head: 'subawards', num: true, cell: (f) => f.subawards },
    { head: 'amount', num: true, cell: (f) => money(f.amount) },
    { head: 'under primes', cell: (f) => f.primes.slice(0, 3).join('; ') },
  ])}` : ''}
${a.awardSummariesOnly.awards ? html`<h2>Awards known only from award summaries</h2><p>${a.awardSummariesOnly.awards} awards, ${money(a.awardSummariesOnly.totalObligated)}: ${a.awardSummariesOnly.note}</p>` : ''}
${relationshipsTable(rel, (e) => { const other = e.from.type === 'agency' ? e.to : e.from; return other.id.startsWith('family:') ? href('/path', { from: other.id.slice(7), to: a.agency.code }) : undefined; })}
<h2>Notes</h2><ul>${a.caveats.map((c) => html`<li>${c}</li>`)}</ul>
<p class="context">Snapshot ${a.context.snapshotId ?? '(none)'}${a.context.snapshotFinishedAt ? `, loaded ${a.context.snapshotFinishedAt}` : ''}; whosbehind ${a.context.toolVersion}. Parent: ${a.agency.parents.map((x) => html`<a href="${agencyLink(x.code)}">${x.code}</a> `)}</p>`;
    return { title: `Who is behind ${a.agency.description}`, body };
  },
});
