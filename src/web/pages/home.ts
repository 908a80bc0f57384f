/** The home page: a search box and what data is loaded (sources, snapshots, years covered, rejects). */
import { storeStatus, type StoreStatus } from '../../status.js';
import { endpoint, type WebContext } from '../endpoint.js';
import { href, html, table } from '../html.js';
import { csvTable } from './common.js';

export interface HomePage {
  status: StoreStatus;
  /** Fiscal years with transactions, and how many each. */
  years: Array<{ fiscalYear: number | null; transactions: number }>;
  rejects: number;
  /** Examples for the "Try" line, taken from this store: its largest awarding subtier and company family. */
  examples: { agency: { code: string; name: string } | null; company: { id: string; name: string } | null };
}

export async function homeData(ctx: WebContext): Promise<HomePage> {
  return ctx.store.use(async (db) => {
    const status = await storeStatus(db);
    const years = (await db.all(`SELECT action_date_fiscal_year AS fy, count(*) AS n FROM tx_current GROUP BY 1 ORDER BY 1`))
      .map((r) => ({ fiscalYear: r['fy'] === null ? null : Number(r['fy']), transactions: Number(r['n']) }));
    const rejects = status.sources.reduce((s, x) => s + x.rejected, 0);
    const agency = await db.one<{ code: string; name: string | null }>(
      `SELECT awarding_sub_agency_code AS code, any_value(awarding_sub_agency_name) AS name FROM tx_current
       WHERE awarding_sub_agency_code IS NOT NULL GROUP BY 1 ORDER BY sum(federal_action_obligation) DESC NULLS LAST, 1 LIMIT 1`);
    const hasFamilies = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE table_name = 'tx_current' AND column_name = 'family_id'`);
    const company = hasFamilies?.n
      ? await db.one<{ id: string; name: string }>(
        `SELECT t.family_id AS id, f.name FROM tx_current t JOIN entity_families f USING (family_id)
         GROUP BY 1, 2 ORDER BY sum(t.federal_action_obligation) DESC NULLS LAST, 1 LIMIT 1`)
      : null;
    return {
      status, years, rejects,
      examples: { agency: agency ? { code: agency.code, name: agency.name ?? agency.code } : null, company: company ?? null },
    };
  });
}

export const homeEndpoint = endpoint<HomePage>({
  id: 'status', page: '/', api: '/api/status', cache: true,
  summary: 'What data is loaded: sources with their counts, snapshots, fiscal years covered, table sizes, reject reasons, FedRAMP feeds',
  params: [],
  responseSchema: { type: 'object', description: '{status: as `whosbehind status --json` prints it, years: [{fiscalYear, transactions}], rejects, examples: {agency: {code, name} or null, company: {id, name} or null} (the largest awarding subtier and company family, for the home page)}' },
  load: (ctx) => homeData(ctx),
  csv: (d) => csvTable(d.status.sources.map((s) => ({ ...s, warnings: s.warnings.join('; ') })),
    ['source_id', 'snapshot_id', 'name', 'layout', 'sha256', 'bytes', 'read', 'loaded', 'replaced', 'unchanged', 'deleted', 'rejected', 'warnings'],
    ['source_id', 'snapshot_id', 'bytes', 'read', 'loaded', 'replaced', 'unchanged', 'deleted', 'rejected']),
  render(d) {
    const st = d.status;
    const yearsWith = d.years.filter((y) => y.fiscalYear !== null);
    const body = html`<form class="big-search" action="/search" method="get" role="search"><label for="home-q">Search companies, agencies, awards and descriptions</label>
<input id="home-q" type="search" name="q" placeholder="palantir, ICE, 70CDCR22FR0000013, cloud hosting" autofocus><button>Search</button></form>
${tryLine(d.examples)}
<h2>Loaded data</h2>
<p>${st.sources.length} source file(s) in ${st.snapshots.length} snapshot(s); fiscal years ${yearsWith.length ? `FY${yearsWith[0]!.fiscalYear}–FY${yearsWith[yearsWith.length - 1]!.fiscalYear}` : '(none)'}; ${d.rejects} rejected row(s) (see <a href="/data">Data</a>).</p>
${table(st.tables, [{ head: 'view', cell: (t) => t.view }, { head: 'rows', num: true, cell: (t) => t.rows }], 'Views')}
${table(d.years, [{ head: 'fiscal year', cell: (y) => (y.fiscalYear === null ? '(no date)' : `FY${y.fiscalYear}`) }, { head: 'transactions', num: true, cell: (y) => y.transactions }], 'Years covered')}
${table(st.sources, [
    { head: 'file', cell: (s) => s.name },
    { head: 'layout', cell: (s) => s.layout },
    { head: 'snapshot', num: true, cell: (s) => s.snapshot_id },
    { head: 'read', num: true, cell: (s) => s.read },
    { head: 'loaded', num: true, cell: (s) => s.loaded },
    { head: 'rejected', num: true, cell: (s) => s.rejected },
  ], 'Sources')}
${table(st.snapshots, [
    { head: 'snapshot', num: true, cell: (s) => s.snapshot_id },
    { head: 'started', cell: (s) => s.started_at },
    { head: 'finished', cell: (s) => s.finished_at ?? '(unfinished)' },
    { head: 'files', num: true, cell: (s) => s.files },
    { head: 'command', cell: (s) => s.command },
  ], 'Snapshots')}`;
    return { title: 'Who is behind the money?', body };
  },
});

export const healthEndpoint = endpoint<{ ok: true; snapshotId: number | null; generation: number; searchDocuments: number | null; cachedAnswers: number }>({
  id: 'health', api: '/api/health',
  summary: 'Liveness: the snapshot served and how many documents the search index holds',
  params: [],
  responseSchema: { type: 'object', required: ['ok', 'snapshotId'], properties: { ok: { type: 'boolean' }, snapshotId: { type: ['integer', 'null'] }, generation: { type: 'integer' }, searchDocuments: { type: ['integer', 'null'] }, cachedAnswers: { type: 'integer' } } },
  load: async (ctx) => ({ ok: true, snapshotId: ctx.store.context.snapshotId, generation: ctx.store.generation, searchDocuments: ctx.searchSize(), cachedAnswers: ctx.cachedAnswers() }),
});

/** "Try: who is behind <largest agency> · what <largest family> is behind · <family> → <agency>", from this store. */
function tryLine(ex: HomePage['examples']): ReturnType<typeof html> | '' {
  const { agency, company } = ex;
  if (!agency && !company) return '';
  const links = [
    agency ? html`<a href="${href('/agency', { q: agency.code })}">who is behind ${agency.name}</a>` : null,
    company ? html`<a href="${href('/company', { q: company.id })}">what ${company.name} is behind</a>` : null,
    agency && company ? html`<a href="${href('/path', { from: company.id, to: agency.code })}">${company.name} → ${agency.name}</a>` : null,
  ].filter((l) => l !== null);
  return html`<p>Try: ${links.map((l, i) => (i ? html` · ${l}` : l))}</p>`;
}
