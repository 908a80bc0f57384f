/** The SQL page: one read-only SELECT over the documented views, under a time limit and a row limit. */
import type { QueryResult } from '../../store/queryResult.js';
import { endpoint, str } from '../endpoint.js';
import { html } from '../html.js';
import { formatBytes } from '../../store/readOnlyQuery.js';
import { safeQuery, SQL_VIEWS } from '../safeQuery.js';

export interface SqlPage {
  query: string;
  result: (QueryResult & { truncated: boolean; ms: number }) | null;
  limits: { timeoutMs: number; maxRows: number; maxBytes: number };
}

const EXAMPLE = `SELECT recipient_name, sum(federal_action_obligation) AS obligated, count(*) AS transactions
FROM transactions WHERE awarding_sub_agency_code = '7012'
GROUP BY 1 ORDER BY 2 DESC LIMIT 20`;

export const sqlEndpoint = endpoint<SqlPage>({
  id: 'sql', page: '/sql', api: '/api/sql',
  summary: 'Run one read-only SELECT (or WITH … SELECT) over the documented views, under a time limit and a row limit',
  params: [{ name: 'q', type: 'string', maxLength: 10_000, description: `one SELECT over the views ${SQL_VIEWS.join(', ')}` }],
  responseSchema: { type: 'object', description: '{query, result: {columns: [{name, type, numeric}], rows: [{column: value}], truncated, ms}, limits}. DECIMAL values (money) are exact decimal strings; BIGINT beyond 2^53 is a string.' },
  async load(ctx, p) {
    const query = str(p, 'q') ?? '';
    const limits = { timeoutMs: ctx.sqlLimits.timeoutMs, maxRows: ctx.sqlLimits.maxRows, maxBytes: ctx.sqlLimits.maxBytes };
    if (!query) return { query, result: null, limits };
    return { query, result: await safeQuery(ctx.store.sql, query, ctx.sqlLimits), limits };
  },
  csv: (d) => d.result ?? { columns: [], rows: [] },
  render(d) {
    const r = d.result;
    const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    const body = html`<form action="/sql" method="get" class="sql"><label for="sql-q">One SELECT over the views: ${SQL_VIEWS.join(', ')}</label>
<textarea id="sql-q" name="q" rows="8" cols="100" spellcheck="false">${d.query || EXAMPLE}</textarea><br><button>Run</button></form>
<p>Read-only: the store is opened read-only with file and network access off; only the views above can be read; a query stops after ${d.limits.timeoutMs / 1000} s or when it needs too much memory, and returns at most ${d.limits.maxRows} rows and ${formatBytes(d.limits.maxBytes)} (a larger result is refused).</p>
${r ? html`<p>${r.rows.length} row(s)${r.truncated ? html` — <strong>cut at ${d.limits.maxRows} rows</strong>` : ''} in ${r.ms} ms.</p>
<div class="scroll"><table><thead><tr>${r.columns.map((c) => html`<th${c.numeric ? html` class="num"` : ''}>${c.name}</th>`)}</tr></thead>
<tbody>${r.rows.map((row) => html`<tr>${r.columns.map((c) => html`<td${c.numeric ? html` class="num"` : ''}>${cell(row[c.name])}</td>`)}</tr>\n`)}</tbody></table></div>` : ''}`;
    return { title: 'SQL', body };
  },
});
