/** The award page: every transaction on a timeline (modifications, de-obligations), parent vehicle, subawards, sources. */
import { awardAnswer, type AwardAnswer, type AwardTransaction } from '../../analysis/awardAnswer.js';
import { formatMoney, formatMoneyShort, toCents } from '../../analysis/money.js';
import { endpoint, str } from '../endpoint.js';
import { html, money, safeUrl, table, type Html } from '../html.js';
import { awardLink, csvTable, MONEY_NOTE } from './common.js';

/** Transactions as a timeline: one mark per action, above the line for obligations, below for de-obligations. */
function timeline(txs: readonly AwardTransaction[]): Html {
  const dated = txs.filter((t) => t.actionDate);
  if (!dated.length) return html``;
  const times = dated.map((t) => Date.parse(t.actionDate!));
  const min = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - min);
  const max = dated.reduce((m, t) => { const c = toCents(t.obligation); const a = c < 0n ? -c : c; return a > m ? a : m; }, 1n);
  const W = 760;
  const H = 180;
  const mid = H / 2;
  const marks = dated.map((t, i) => {
    const c = toCents(t.obligation);
    const x = 40 + ((times[i]! - min) / span) * (W - 80);
    const h = Math.max(2, (Math.abs(Number(c)) / Number(max)) * (mid - 20));
    return html`<g><title>${t.actionDate} mod ${t.modificationNumber ?? '?'}: ${formatMoney(c)}${t.deobligation ? ' (de-obligation)' : ''}</title><rect x="${(x - 3).toFixed(1)}" y="${(c < 0n ? mid : mid - h).toFixed(1)}" width="6" height="${h.toFixed(1)}" class="${c < 0n ? 'neg' : 'pos'}${t.counted ? '' : ' repeat'}"></rect></g>`;
  });
  const first = dated[times.indexOf(min)]!.actionDate!;
  const last = dated[times.indexOf(Math.max(...times))]!.actionDate!;
  return html`<figure class="chart"><figcaption>Every transaction by action date (above the line: obligations; below: de-obligations; largest ${formatMoneyShort(max)})</figcaption>
<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="award timeline"><line x1="30" x2="${W - 30}" y1="${mid}" y2="${mid}" class="axis"></line>${marks}
<text x="40" y="${H - 4}">${first}</text><text x="${W - 40}" y="${H - 4}" text-anchor="end">${last}</text></svg></figure>`;
}

export const awardEndpoint = endpoint<AwardAnswer>({
  id: 'award', page: '/award', api: '/api/award', cache: true,
  summary: 'One award: every transaction (modifications, de-obligations) with running totals, its parent vehicle or orders, subawards and source files',
  params: [{ name: 'id', type: 'string', required: true, description: 'award key (CONT_AWD_…, CONT_IDV_…) or PIID' }],
  responseSchema: { type: 'object', description: `The award answer as \`whosbehind award --json\` prints it. ${MONEY_NOTE}` },
  load: (ctx, p) => ctx.store.use((db) => awardAnswer(db, str(p, 'id')!, ctx.store.context)),
  csv: (a) => csvTable(a.transactions.map((t) => ({
    award_key: a.awardKey, transaction_key: t.key, modification_number: t.modificationNumber, action_date: t.actionDate, fiscal_year: t.fiscalYear,
    action_type: t.actionType, obligation: t.obligation, running_total: t.runningTotal, deobligation: t.deobligation, counted: t.counted,
    description: t.description, source_file: t.sourceFile, line: t.line, snapshot_id: t.snapshotId,
  })), ['award_key', 'transaction_key', 'modification_number', 'action_date', 'fiscal_year', 'action_type', 'obligation', 'running_total', 'deobligation', 'counted', 'description', 'source_file', 'line', 'snapshot_id'],
  ['fiscal_year', 'obligation', 'running_total', 'line', 'snapshot_id']),
  render(a) {
    const t = a.totals;
    const s = a.summary;
    const par = a.parent;
    const body = html`<p class="lead">${a.awardKind === 'idv' ? 'Indefinite-delivery vehicle' : 'Award'} <code>${a.awardKey}</code>${a.piid ? html`, PIID <code>${a.piid}</code>` : ''}: <strong>${money(t.transactionsObligated)}</strong> net in ${t.countedTransactions} counted transaction(s) (${money(t.obligations)} obligated, ${money(t.deobligations)} de-obligated).</p>
<dl class="facts"><dt>Recipient</dt><dd>${s.recipient?.name ?? '(none named)'}${s.recipient?.uei ? ` (UEI ${s.recipient.uei})` : ''}${s.recipient?.parentName ? `; parent ${s.recipient.parentName}` : ''}</dd>
<dt>Awarding agency</dt><dd>${s.awarding?.subAgencyName ?? s.awarding?.agencyName ?? ''}${s.awarding?.officeName ? ` / ${s.awarding.officeName}` : ''}</dd>
<dt>Funding agency</dt><dd>${s.funding?.subAgencyName ?? s.funding?.agencyName ?? '(not named by the loaded records)'}</dd>
<dt>PSC / NAICS</dt><dd>${s.psc?.code ?? ''} ${s.psc?.description ?? ''} / ${s.naics?.code ?? ''} ${s.naics?.description ?? ''}</dd>
<dt>Dates</dt><dd>${s.dates.base ?? '?'} to ${s.dates.latest ?? '?'}</dd>
<dt>Description</dt><dd>${s.description?.text ?? ''}</dd>
<dt>USAspending</dt><dd>${safeUrl(s.permalink) ? html`<a href="${safeUrl(s.permalink)}" rel="noopener noreferrer">${s.permalink}</a>` : s.permalink}</dd></dl>
${t.summaryObligated !== null ? html`<p>Award summary total: ${money(t.summaryObligated)}${t.mismatch ? html` — <strong>differs</strong> by ${money(t.difference)}` : ''}.${t.note ? ` ${t.note}` : ''}</p>` : ''}
${timeline(a.transactions)}
<h2>Transactions (${a.transactions.length})</h2>
${table(a.transactions, [
    { head: 'date', cell: (x) => x.actionDate ?? '' },
    { head: 'mod', cell: (x) => x.modificationNumber ?? '' },
    { head: 'action', cell: (x) => x.actionType ?? x.actionTypeCode ?? '' },
    { head: 'obligation', num: true, cell: (x) => html`<span class="${x.deobligation ? 'neg' : ''}">${money(x.obligation)}</span>` },
    { head: 'running total', num: true, cell: (x) => money(x.runningTotal) },
    { head: 'description', cell: (x) => x.description ?? '' },
    { head: 'counted', cell: (x) => (x.counted ? 'yes' : `no (repeat of ${x.repeatOf ?? '?'})`) },
    { head: 'source', cell: (x) => `${x.sourceFile} line ${x.line}` },
  ])}
<h2>Parent vehicle</h2>
${par.hasParent ? html`<p>Ordered under <a href="${awardLink(par.expectedKey ?? par.piid ?? '')}">${par.piid ?? '?'}</a>${par.agencyName ? ` (${par.agencyName})` : ''}${par.inStore ? '' : ': the vehicle\'s own record is not in this store'}.</p>${par.notes.length ? html`<ul>${par.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}` : html`<p>No parent vehicle: a definitive award or a vehicle itself.</p>`}
${a.idv ? html`<h2>Orders under this vehicle (${a.idv.orderCount})</h2><p>${a.idv.note}</p>${table(a.idv.orders.slice(0, 200), [
    { head: 'order', cell: (o) => html`<a href="${awardLink(o.key)}">${o.piid ?? o.key}</a>` },
    { head: 'recipient', cell: (o) => o.recipientName ?? '' },
    { head: 'transactions', num: true, cell: (o) => o.transactionCount },
    { head: 'obligated', num: true, cell: (o) => money(o.transactionsObligated) },
  ])}` : ''}
<h2>Subawards (${a.subawards.count})</h2>
${a.subawards.count ? html`<p>${money(a.subawards.total)} reported; ${money(a.subawards.totalWithoutDuplicates)} without re-reports. ${a.subawards.note}</p>` : ''}
${table(a.subawards.items, [
    { head: 'date', cell: (x) => x.actionDate ?? '' },
    { head: 'subawardee', cell: (x) => x.subawardee.name ?? '' },
    { head: 'amount', num: true, cell: (x) => money(x.amount) },
    { head: 'number', cell: (x) => x.subawardNumber ?? '' },
    { head: 'flags', cell: (x) => x.flags.join(', ') },
    { head: 'description', cell: (x) => x.description ?? '' },
  ])}
<h2>Sources</h2>
${table(a.sources, [
    { head: 'file', cell: (x) => x.name },
    { head: 'layout', cell: (x) => x.layout },
    { head: 'records', num: true, cell: (x) => x.records },
    { head: 'snapshot', num: true, cell: (x) => x.snapshotId },
    { head: 'sha256', cell: (x) => html`<code>${x.sha256.slice(0, 16)}…</code>` },
  ])}
${a.notes.length ? html`<h2>Notes</h2><ul>${a.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
<p class="context">Snapshot ${a.context.snapshotId ?? '(none)'}; whosbehind ${a.context.toolVersion}.</p>`;
    return { title: `Award ${a.piid ?? a.awardKey}`, body };
  },
});
