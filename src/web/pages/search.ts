/** The search page: companies, agencies, awards and description text, ranked (see searchIndex.ts). */
import { endpoint, int, str } from '../endpoint.js';
import { href, html, money, table } from '../html.js';
import { DOC_TYPES, type DocType, type SearchHit } from '../searchIndex.js';
import { agencyLink, awardLink, companyLink, csvTable } from './common.js';

export interface SearchPage {
  query: string;
  type: DocType | null;
  total: number;
  offset: number;
  ms: number;
  hits: SearchHit[];
}

const link = (h: SearchHit): string => (h.type === 'company' ? companyLink(h.id) : h.type === 'agency' ? agencyLink(h.id) : awardLink(h.id));

export const searchEndpoint = endpoint<SearchPage>({
  id: 'search', page: '/search', api: '/api/search', cache: true,
  summary: 'Search companies (families, member names, UEIs), agencies (names, abbreviations, codes) and awards (PIID, key, recipient, description text), ranked',
  params: [
    { name: 'q', type: 'string', maxLength: 200, description: 'words; the last one also matches as a prefix' },
    { name: 'type', type: 'string', enum: DOC_TYPES, description: 'only this kind of result' },
    { name: 'limit', type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'results per page' },
    { name: 'offset', type: 'integer', minimum: 0, maximum: 10000, default: 0, description: 'results to skip' },
  ],
  responseSchema: { type: 'object', description: '{query, type, total, offset, ms, hits: [{type, id, label, detail, amount (exact decimal string), score, matched}]}' },
  async load(ctx, p) {
    const query = str(p, 'q') ?? '';
    const type = (str(p, 'type') as DocType | undefined) ?? null;
    const index = await ctx.search();
    const t0 = performance.now();
    const r = index.search(query, { types: type ? [type] : undefined, limit: int(p, 'limit'), offset: int(p, 'offset') });
    return { query, type, total: r.total, offset: int(p, 'offset') ?? 0, ms: Math.round((performance.now() - t0) * 100) / 100, hits: r.hits };
  },
  csv: (d) => csvTable(d.hits.map((h) => ({ ...h, matched: h.matched.join(' ') })), ['type', 'id', 'label', 'detail', 'amount', 'score', 'matched'], ['amount', 'score']),
  render(d, p) {
    const limit = int(p, 'limit') ?? 20;
    const tabs = html`<p class="tabs">${[null, ...DOC_TYPES].map((t) => (t === d.type ? html`<strong>${t ?? 'all'}</strong> ` : html`<a href="${href('/search', { q: d.query, type: t ?? undefined })}">${t ?? 'all'}</a> `))}</p>`;
    const body = !d.query ? html`<p>Type a company, an agency, an award ID or words from a description.</p>` : html`${tabs}
<p>${d.total} result(s) for “${d.query}” in ${d.ms} ms.</p>
${table(d.hits, [
    { head: 'kind', cell: (h) => h.type },
    { head: 'name', cell: (h) => html`<a href="${link(h)}">${h.label}</a>` },
    { head: 'obligations', num: true, cell: (h) => money(h.amount) },
    { head: 'detail', cell: (h) => h.detail },
    { head: 'matched', cell: (h) => h.matched.join(', ') },
  ])}
<p class="pager">${d.offset > 0 ? html`<a href="${href('/search', { q: d.query, type: d.type ?? undefined, offset: Math.max(0, d.offset - limit) || undefined })}">previous</a> ` : ''}${d.offset + limit < d.total ? html`<a href="${href('/search', { q: d.query, type: d.type ?? undefined, offset: d.offset + limit })}">next</a>` : ''}</p>`;
    return { title: d.query ? `Search: ${d.query}` : 'Search', body };
  },
});
