/**
 * The data page: sources, snapshots, rejects, families, and pending entity suggestions with accept and
 * reject buttons (the server's one write path, POST /api/suggestions/judge).
 */
import { storeStatus, type StoreStatus } from '../../status.js';
import { endpoint, int } from '../endpoint.js';
import { href, html, table } from '../html.js';
import { companyLink, csvTable } from './common.js';

export interface Suggestion {
  suggestionId: string;
  score: number;
  leftName: string;
  rightName: string;
  leftFamily: string;
  rightFamily: string;
  reasons: string | null;
  algorithm: string;
}

export interface DataPage {
  status: StoreStatus;
  rejects: Array<{ source: string; line: number; field: string | null; reason: string }>;
  families: { total: number; offset: number; items: Array<{ familyId: string; name: string; basis: string; members: number; records: number }> };
  suggestions: { open: number; items: Suggestion[] };
}

export const dataEndpoint = endpoint<DataPage>({
  id: 'data', page: '/data', api: '/api/data', cache: true,
  summary: 'Sources, snapshots, rejected rows, company families and the entity suggestions waiting for a judgement',
  params: [
    { name: 'offset', type: 'integer', minimum: 0, maximum: 10_000_000, default: 0, description: 'families to skip (largest first)' },
    { name: 'limit', type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'families, rejects and suggestions to list' },
  ],
  responseSchema: { type: 'object', description: '{status, rejects: first rejected rows, families: {total, offset, items}, suggestions: {open, items}}' },
  async load(ctx, p) {
    const limit = int(p, 'limit') ?? 50;
    const offset = int(p, 'offset') ?? 0;
    return ctx.store.use(async (db) => {
      const status = await storeStatus(db);
      const rejects = (await db.all(`SELECT s.name AS source, r.line, r.field, r.reason FROM rejects r JOIN sources s USING (source_id)
          ORDER BY r.source_id, r.line LIMIT ${limit}`))
        .map((r) => ({ source: String(r['source']), line: Number(r['line']), field: (r['field'] as string | null) ?? null, reason: String(r['reason']) }));
      const total = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM entity_families`);
      const families = (await db.all(`SELECT family_id, name, basis, members, records FROM entity_families ORDER BY records DESC, family_id LIMIT ${limit} OFFSET ${offset}`))
        .map((f) => ({ familyId: String(f['family_id']), name: String(f['name']), basis: String(f['basis']), members: Number(f['members']), records: Number(f['records']) }));
      const open = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM entity_suggestions WHERE judgement IS NULL`);
      const items = (await db.all(`SELECT suggestion_id, score, left_name, right_name, left_family, right_family, reasons, algorithm
          FROM entity_suggestions WHERE judgement IS NULL ORDER BY score DESC, suggestion_id LIMIT ${limit}`))
        .map((s) => ({ suggestionId: String(s['suggestion_id']), score: Number(s['score']), leftName: String(s['left_name'] ?? ''), rightName: String(s['right_name'] ?? ''),
          leftFamily: String(s['left_family'] ?? ''), rightFamily: String(s['right_family'] ?? ''), reasons: (s['reasons'] as string | null) ?? null, algorithm: String(s['algorithm']) }));
      return { status, rejects, families: { total: total?.n ?? 0, offset, items: families }, suggestions: { open: open?.n ?? 0, items } };
    });
  },
  csv: (d) => csvTable(d.suggestions.items.map((s) => ({ suggestion_id: s.suggestionId, score: s.score, left_name: s.leftName, right_name: s.rightName, left_family: s.leftFamily, right_family: s.rightFamily, reasons: s.reasons })),
    ['suggestion_id', 'score', 'left_name', 'right_name', 'left_family', 'right_family', 'reasons'], ['score']),
  render(d, p, ctx) {
    const limit = int(p, 'limit') ?? 50;
    const judgeForm = (s: Suggestion) => html`<form method="post" action="/api/suggestions/judge" class="judge"><input type="hidden" name="csrf" value="${ctx.csrfToken}"><input type="hidden" name="ids" value="${s.suggestionId}">
<button name="decision" value="accept">accept</button> <button name="decision" value="reject">reject</button></form>`;
    const body = html`<h2>Entity suggestions (${d.suggestions.open} open)</h2>
<p>Similar names in different company families. Accepting merges them into one family; rejecting keeps them apart. Judgements are stored in the store as with <code>whosbehind entities accept</code> and survive re-ingest; families and the graph are recomputed after each.${ctx.canJudge ? '' : html` <strong>This is a read-only public server: judgements are disabled.</strong>`}</p>
${table(d.suggestions.items, [
    { head: 'id', cell: (s) => html`<code>${s.suggestionId}</code>` },
    { head: 'score', num: true, cell: (s) => s.score.toFixed(3) },
    { head: 'name', cell: (s) => html`<a href="${companyLink(s.leftFamily)}">${s.leftName}</a>` },
    { head: 'similar to', cell: (s) => html`<a href="${companyLink(s.rightFamily)}">${s.rightName}</a>` },
    { head: 'why', cell: (s) => s.reasons ?? '' },
    ...(ctx.canJudge ? [{ head: 'judge', cell: judgeForm }] : []),
  ])}
<h2>Sources</h2>
${table(d.status.sources, [
    { head: 'id', num: true, cell: (s) => s.source_id },
    { head: 'file', cell: (s) => s.name },
    { head: 'layout', cell: (s) => s.layout },
    { head: 'snapshot', num: true, cell: (s) => s.snapshot_id },
    { head: 'read', num: true, cell: (s) => s.read },
    { head: 'loaded', num: true, cell: (s) => s.loaded },
    { head: 'replaced', num: true, cell: (s) => s.replaced },
    { head: 'unchanged', num: true, cell: (s) => s.unchanged },
    { head: 'deleted', num: true, cell: (s) => s.deleted },
    { head: 'rejected', num: true, cell: (s) => s.rejected },
    { head: 'sha256', cell: (s) => html`<code>${s.sha256.slice(0, 12)}…</code>` },
  ])}
<h2>Snapshots</h2>
${table(d.status.snapshots, [
    { head: 'snapshot', num: true, cell: (s) => s.snapshot_id },
    { head: 'started', cell: (s) => s.started_at },
    { head: 'finished', cell: (s) => s.finished_at ?? '(unfinished)' },
    { head: 'files', num: true, cell: (s) => s.files },
    { head: 'tool', cell: (s) => s.tool_version },
  ])}
<h2>Rejected rows</h2>
${table(d.status.rejectReasons, [
    { head: 'source', num: true, cell: (r) => r.source_id },
    { head: 'field', cell: (r) => r.field ?? '' },
    { head: 'reason', cell: (r) => r.reason },
    { head: 'rows', num: true, cell: (r) => r.rows },
    { head: 'first line', num: true, cell: (r) => r.first_line },
  ], 'Reasons')}
${table(d.rejects, [
    { head: 'file', cell: (r) => r.source },
    { head: 'line', num: true, cell: (r) => r.line },
    { head: 'field', cell: (r) => r.field ?? '' },
    { head: 'reason', cell: (r) => r.reason },
  ], `First ${limit} rejected rows`)}
<h2>Company families (${d.families.total})</h2>
${table(d.families.items, [
    { head: 'family', cell: (f) => html`<a href="${companyLink(f.familyId)}">${f.name}</a>` },
    { head: 'id', cell: (f) => html`<code>${f.familyId}</code>` },
    { head: 'formed by', cell: (f) => f.basis },
    { head: 'members', num: true, cell: (f) => f.members },
    { head: 'records', num: true, cell: (f) => f.records },
  ])}
<p class="pager">${d.families.offset > 0 ? html`<a href="${href('/data', { offset: Math.max(0, d.families.offset - limit) || undefined, limit: limit === 50 ? undefined : limit })}">previous</a> ` : ''}${d.families.offset + limit < d.families.total ? html`<a href="${href('/data', { offset: d.families.offset + limit, limit: limit === 50 ? undefined : limit })}">next families</a>` : ''}</p>`;
    return { title: 'Data', body };
  },
});
