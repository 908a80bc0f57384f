/**
 * The report page: the dossier of `whosbehind report` (src/reports), shown in a sandboxed frame beside
 * its downloads (HTML, Markdown, JSON). The dossier is a self-contained document with its own inline
 * styles and no script; it is served with a policy that allows exactly that.
 */
import { BASES, type Basis } from '../../analysis/answer.js';
import { buildReport } from '../../reports/reportData.js';
import type { ReportModel } from '../../reports/reportModel.js';
import { renderReport } from '../../reports/renderReport.js';
import { endpoint, str } from '../endpoint.js';
import { href, html, money, table } from '../html.js';
import { csvTable, FY_PARAM, fiscalYears, MONEY_NOTE } from './common.js';

/** The dossier's own policy: its inline styles and data: images, nothing else (no script, no fetch). */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

export const reportEndpoint = endpoint<ReportModel | null>({
  id: 'report', page: '/report', api: '/api/report', cache: true,
  summary: 'The dossier of an agency or a company (as `whosbehind report`): summary, ranking, trend, categories, relationships with evidence paths, top awards, method and sources',
  params: [
    { name: 'kind', type: 'string', enum: ['agency', 'company'], default: 'agency', description: 'report on an agency or a company family' },
    { name: 'q', type: 'string', description: 'the agency (code, abbreviation, name) or company (family name, alias, UEI); without it, no report' },
    FY_PARAM,
    { name: 'basis', type: 'string', enum: BASES, description: 'agency reports: awarding, funding or either (default either); company reports: awarding or funding' },
  ],
  responseSchema: { type: 'object', description: `The report model (schema whosbehind.report/1), as \`whosbehind report --format json\` writes it; null without q. ${MONEY_NOTE}` },
  async load(ctx, p) {
    const query = str(p, 'q');
    if (!query) return null;
    const kind = str(p, 'kind') as 'agency' | 'company';
    return ctx.store.use((db) => buildReport(db, ctx.store.context, { kind, query, fiscalYears: fiscalYears(p), basis: str(p, 'basis') as Basis | undefined }));
  },
  csv: (m) => csvTable((m?.ranking.rows ?? []).map((r) => ({ rank: r.rank, id: r.id, name: r.name, note: r.note, obligations: r.obligations, share_percent: r.share, awards: r.awards, transactions: r.transactions, first_fy: r.firstFiscalYear, last_fy: r.lastFiscalYear })),
    ['rank', 'id', 'name', 'note', 'obligations', 'share_percent', 'awards', 'transactions', 'first_fy', 'last_fy'], ['rank', 'obligations', 'share_percent', 'awards', 'transactions', 'first_fy', 'last_fy']),
  formats: {
    html: async (m) => ({ type: 'text/html; charset=utf-8', body: String((await renderReport(m!, 'html')).content), csp: REPORT_CSP, filename: 'whosbehind-report.html' }),
    md: async (m) => ({ type: 'text/markdown; charset=utf-8', body: String((await renderReport(m!, 'md', { baseName: 'whosbehind-report' })).content), filename: 'whosbehind-report.md' }),
  },
  render(m, p) {
    const kind = str(p, 'kind') ?? 'agency';
    const form = html`<form class="filters" action="/report" method="get">
<label>Report on <select name="kind">${['agency', 'company'].map((k) => html`<option${k === kind ? html` selected` : ''}>${k}</option>`)}</select></label>
<label>Name <input name="q" value="${str(p, 'q') ?? ''}" placeholder="ICE or Palantir" required></label>
<label>Fiscal years <input name="fy" value="${str(p, 'fy') ?? ''}" placeholder="2021..2023" size="10"></label>
<label>Basis <select name="basis"><option value="">default</option>${BASES.map((b) => html`<option${b === str(p, 'basis') ? html` selected` : ''}>${b}</option>`)}</select></label>
<button>Make the report</button></form>`;
    if (!m) return { title: 'Report', body: html`${form}<p>A dossier of an agency or a company: who is behind it, trend, categories, relationships with evidence paths, top awards, method and sources. Try <a href="${href('/report', { kind: 'agency', q: 'ICE' })}">ICE</a>.</p>` };
    const q = { kind, q: str(p, 'q'), fy: str(p, 'fy'), basis: str(p, 'basis') };
    const body = html`${form}
<p class="lead">${m.summary[0] ?? ''}</p>
<p>Download: <a href="${href('/api/report', { ...q, format: 'html', download: 1 })}">HTML</a> (self-contained) · <a href="${href('/api/report', { ...q, format: 'md', download: 1 })}">Markdown</a> · <a href="${href('/api/report', q)}">JSON</a> · <a href="${href('/api/report', { ...q, format: 'csv' })}">CSV</a> (ranking). PDF: <code>${m.reproduce.command.replace(/--out \S+$/, '--format pdf --out report.pdf')}</code></p>
${table(m.ranking.rows, [
    { head: '#', num: true, cell: (r) => r.rank },
    { head: m.ranking.entity, cell: (r) => r.name },
    { head: 'obligations', num: true, cell: (r) => money(r.obligations) },
    { head: 'share', num: true, cell: (r) => (r.share === null ? '' : `${r.share}%`) },
  ], 'Ranking')}
<iframe class="report" title="${m.title}" sandbox src="${href('/api/report', { ...q, format: 'html' })}"></iframe>`;
    return { title: m.title, body };
  },
});
