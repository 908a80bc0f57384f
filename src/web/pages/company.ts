/** The company page: what a family is behind, with trend, agencies and categories charts, top awards and relationships. */
import { companyAnswer, type CompanyAnswer } from '../../analysis/companyAnswer.js';
import { findCompany } from '../../entities/companies.js';
import { endpoint, int, str } from '../endpoint.js';
import { barChart, href, html, money, table } from '../html.js';
import { agencyLink, awardLink, companyLink, csvTable, FY_PARAM, fiscalYears, MONEY_NOTE } from './common.js';
import { relationships, relationshipsTable, type Relationship } from './relationships.js';

export interface CompanyPage {
  answer: CompanyAnswer;
  relationships: { count: number; items: Relationship[] };
}

export const companyEndpoint = endpoint<CompanyPage>({
  id: 'company', page: '/company', api: '/api/company', cache: true,
  summary: 'What a company family is behind: members, net prime obligations by agency and year, categories, top awards, subawards received and relationships',
  params: [
    { name: 'q', type: 'string', required: true, description: 'family name, alias, member name, family id, UEI or DUNS' },
    FY_PARAM,
    { name: 'by', type: 'string', enum: ['awarding', 'funding'], default: 'awarding', description: 'group agencies by the awarding or the funding agency' },
    { name: 'top', type: 'integer', minimum: 1, maximum: 200, default: 15, description: 'top awards to list' },
  ],
  responseSchema: { type: 'object', description: `{answer: the company answer as \`whosbehind company --json\` prints it, relationships}. ${MONEY_NOTE}` },
  async load(ctx, p) {
    const ref = await ctx.store.use((db) => findCompany(db, str(p, 'q')!));
    // the answer and the relationships on two connections at once
    const [answer, rel] = await Promise.all([
      ctx.store.use((db) => companyAnswer(db, ref, ctx.store.context, { fiscalYears: fiscalYears(p), agencyBasis: str(p, 'by') as 'awarding' | 'funding', topAwards: int(p, 'top'), explain: false })),
      ctx.store.use((db) => relationships(db, [`family:${ref.familyId}`])),
    ]);
    return { answer, relationships: rel };
  },
  csv: ({ answer: c }) => csvTable(c.byAgency.map((r) => ({
    family_id: c.company.familyId, family: c.company.name, agency_code: r.toptierCode, agency: r.toptierName, subtier_code: r.subtierCode,
    subtier: r.subtierName, obligations: r.obligations, share_percent: r.share, awards: r.awards, transactions: r.transactions,
    agency_basis: c.agencyBasis, snapshot_id: c.context.snapshotId,
  })), ['family_id', 'family', 'agency_code', 'agency', 'subtier_code', 'subtier', 'obligations', 'share_percent', 'awards', 'transactions', 'agency_basis', 'snapshot_id'],
  ['obligations', 'share_percent', 'awards', 'transactions', 'snapshot_id']),
  render({ answer: c, relationships: rel }, p) {
    const q = str(p, 'q')!;
    const fam = c.company;
    const filters = html`<form class="filters" action="/company" method="get"><input type="hidden" name="q" value="${q}">
<label>Fiscal years <input name="fy" value="${str(p, 'fy') ?? ''}" placeholder="2021..2023" size="10"></label>
<label>Agencies by <select name="by">${['awarding', 'funding'].map((b) => html`<option${b === c.agencyBasis ? html` selected` : ''}>${b}</option>`)}</select></label><button>Apply</button></form>`;
    const agencyName = (r: CompanyAnswer['byAgency'][number]): string => r.subtierName ?? r.toptierName ?? r.subtierCode ?? '(no agency)';
    const body = html`${filters}
<p class="lead"><strong>${money(c.totals.obligations)}</strong> net prime obligations (${c.fiscalYearsLabel}) in ${c.totals.transactions} transactions on ${c.totals.awards} awards from ${c.totals.agencies} agencies (grouped by ${c.agencyBasis} agency).</p>
<p>Family <code>${fam.familyId}</code>, formed by ${fam.basis}${fam.curatedFile ? html` (${fam.curatedFile})` : ''}; ${c.members.length} member(s).</p>
<div class="charts">
${barChart('Net obligations per fiscal year', c.trend.map((t) => ({ label: t.fiscalYear === null ? '(no date)' : `FY${t.fiscalYear}`, value: t.obligations })))}
${barChart('Agencies', c.byAgency.slice(0, 12).map((r) => ({ label: agencyName(r), value: r.obligations, link: r.subtierCode ? agencyLink(r.subtierCode) : undefined })))}
${barChart('Categories', c.categories.slice(0, 12).map((x) => ({ label: x.label, value: x.obligations })))}
</div>
<h2>By agency</h2>
${table(c.byAgency, [
    { head: 'agency', cell: (r) => (r.subtierCode ? html`<a href="${agencyLink(r.subtierCode)}">${agencyName(r)}</a>` : agencyName(r)) },
    { head: 'department', cell: (r) => r.toptierName ?? '' },
    { head: 'obligations', num: true, cell: (r) => money(r.obligations) },
    { head: 'share', num: true, cell: (r) => (r.share === null ? '' : `${r.share}%`) },
    { head: 'awards', num: true, cell: (r) => r.awards },
    { head: 'transactions', num: true, cell: (r) => r.transactions },
    { head: 'by year', cell: (r) => r.byYear.map((y) => `${y.fiscalYear === null ? '?' : `FY${y.fiscalYear}`} ${money(y.obligations)}`).join('; ') },
    { head: '', cell: (r) => (r.subtierCode ? html`<a href="${href('/path', { from: fam.familyId, to: r.subtierCode })}">paths</a>` : '') },
  ])}
<h2>Top awards</h2>
${table(c.topAwards, [
    { head: 'award', cell: (t) => html`<a href="${awardLink(t.awardKey)}">${t.piid ?? t.awardKey}</a>` },
    { head: 'agency', cell: (t) => t.awardingSubAgency ?? '' },
    { head: 'recipient', cell: (t) => t.recipientName ?? '' },
    { head: 'obligations', num: true, cell: (t) => money(t.obligations) },
    { head: 'transactions', num: true, cell: (t) => t.transactions },
    { head: 'dates', cell: (t) => [t.firstActionDate, t.lastActionDate].filter(Boolean).join(' to ') },
    { head: 'description', cell: (t) => t.description ?? '' },
  ])}
${c.subawardsReceived.subawards ? html`<h2>Subawards received</h2><p>${c.subawardsReceived.subawards} subawards, ${money(c.subawardsReceived.amount)} (${money(c.subawardsReceived.amountWithoutRepeats)} without repeats). ${c.subawardsReceived.note}</p>
${table(c.subawardsReceived.rows, [
    { head: 'prime', cell: (r) => html`<a href="${companyLink(r.primeFamilyId)}">${r.primeFamilyName}</a>` },
    { head: 'agency', cell: (r) => r.primeAgency ?? '' },
    { head: 'subawards', num: true, cell: (r) => r.subawards },
    { head: 'amount', num: true, cell: (r) => money(r.amount) },
  ])}` : ''}
${relationshipsTable(rel, (e) => { const other = e.from.id === `family:${fam.familyId}` ? e.to : e.from; return other.id.startsWith('agency:') ? href('/path', { from: fam.familyId, to: other.id.slice(7) }) : undefined; })}
<h2>Members</h2>
${table(c.members.slice(0, 100), [
    { head: 'member', cell: (m) => m.name },
    { head: 'UEI', cell: (m) => m.ueis ?? '' },
    { head: 'records', num: true, cell: (m) => m.records },
    { head: 'why in this family', cell: (m) => m.reasons.map((r) => `${r.rule}: ${r.detail}`).join('; ') },
  ])}
<h2>Notes</h2><ul>${c.caveats.map((x) => html`<li>${x}</li>`)}</ul>
<p class="context">Snapshot ${c.context.snapshotId ?? '(none)'}${c.context.snapshotFinishedAt ? `, loaded ${c.context.snapshotFinishedAt}` : ''}; whosbehind ${c.context.toolVersion}.</p>`;
    return { title: `What ${fam.name} is behind`, body };
  },
});
