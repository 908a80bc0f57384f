/**
 * A report as one self-contained HTML file: inline CSS and inline SVG charts, no script, no font or image
 * fetched (a Content-Security-Policy forbids it), readable on a phone and printable. Every text that
 * comes from records is escaped.
 */
import { formatMoney, toCents } from '../analysis/money.js';
import { fyLabel, renderCharts, type ChartId } from './charts.js';
import type { PathStepView, ReportModel } from './reportModel.js';
import { SECTIONS, sectionTitle } from './sections.js';

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const e = escapeHtml;
const money = (s: string | null): string => (s === null ? '' : formatMoney(toCents(s)));
const pct = (s: string | null): string => (s === null ? '' : `${s}%`);
const years = (a: number | null, b: number | null): string => (a === null ? '' : a === b ? fyLabel(a) : `${fyLabel(a)}–${fyLabel(b)}`);
const num = (n: number): string => n.toLocaleString('en-US');

/** Only https links to USAspending are written as links; anything else stays text. */
function awardLink(href: string, text: string): string {
  return /^https:\/\/(www\.)?usaspending\.gov\//.test(href) ? `<a href="${e(href)}">${e(text)}</a>` : e(text);
}

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 Helvetica,Arial,sans-serif;color:#111;background:#fff}
header,main,footer{max-width:980px;margin:0 auto;padding:0 16px}
h1{font-size:1.7rem;line-height:1.2;margin:1.2rem 0 .3rem}
h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:2px solid #111;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.meta{color:#333;margin:.2rem 0}
nav ol{display:flex;flex-wrap:wrap;gap:.2rem 1rem;padding-left:1.2rem;margin:.6rem 0}
.summary li{margin:.3rem 0}
.empty{border:2px solid #111;padding:.8rem;font-weight:bold}
figure{margin:1rem 0}
figcaption{font-size:.9rem;color:#333}
svg.chart{max-width:100%;height:auto;display:block}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border-bottom:1px solid #ccc;padding:.3rem .4rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
code,.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;word-break:break-all}
.path{border-left:4px solid #0072B2;padding-left:.8rem;margin:.8rem 0}
.evidence{font-size:.85rem;color:#222;margin:.2rem 0 .6rem 1rem}
.quote{font-style:italic}
pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:.6rem}
@media (max-width:600px){body{font-size:15px}h1{font-size:1.35rem}th,td{padding:.25rem}}
@media print{
  body{font-size:10.5pt}
  header,main,footer{max-width:none;padding:0}
  nav{display:none}
  h2{break-after:avoid}
  figure,tr,.path{break-inside:avoid}
  .scroll{overflow:visible}
  a{color:#111}
}`;

function table(headers: Array<[string, 'l' | 'n']>, rows: string[][]): string {
  return `<div class="scroll"><table><thead><tr>${headers.map(([h, a]) => `<th${a === 'n' ? ' class="n"' : ''} scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c, i) => `<td${headers[i]![1] === 'n' ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

function stepHtml(s: PathStepView): string {
  const ev = s.evidence;
  const records = ev.records.map((r) => {
    const text = r.text ? ` <span class="quote">“${e(r.text)}”</span>${r.matched ? ` [matched: ${e(r.matched)}]` : ''}` : '';
    const where = r.sourceFile ? ` — ${e(r.sourceFile)}${r.line ? ` line ${r.line}` : ''} (${e(r.table)} <code>${e(r.key)}</code>)` : '';
    return `<li>${r.amount !== null ? `${money(r.amount)} ` : ''}${e(r.date ?? '')} ${e(r.party ?? '')}${text}${where}</li>`;
  }).join('');
  const head = ev.records.length
    ? `<div class="evidence">Evidence: ${num(ev.count)} record(s)${ev.total !== null ? `, ${money(ev.total)}` : ''}${ev.note ? `; ${e(ev.note)}` : ''}<ul>${records}</ul></div>`
    : s.detail ? `<div class="evidence">${e(s.detail)}</div>` : '';
  return `<li>${e(s.sentence)}${head}</li>`;
}

function figure(charts: Awaited<ReturnType<typeof renderCharts>>, id: ChartId): string {
  const c = charts.get(id);
  return c ? `<figure>${c.svg}<figcaption>${e(c.chart.title)}. Exact figures in the table below.</figcaption></figure>` : '';
}

function emptyNote(m: ReportModel): string {
  return `<p class="empty">${e(m.empty)}</p>`;
}

/** The report as one self-contained HTML document. */
export async function renderHtml(m: ReportModel): Promise<string> {
  const charts = await renderCharts(m);
  const s = new Map<string, string>();
  const basisYears = `${m.basis} basis, ${m.fiscalYearsLabel}`;

  s.set('summary', `${m.empty ? emptyNote(m) : ''}<ul class="summary">${m.summary.filter((x) => x !== m.empty).map((x) => `<li>${e(x)}</li>`).join('')}</ul>`);

  const isFamily = m.ranking.entity === 'family';
  s.set('ranking', m.empty ? emptyNote(m) : `${figure(charts, 'ranking')}${table(
    [['#', 'n'], [isFamily ? 'Company family' : 'Agency', 'l'], [isFamily ? 'Formed by' : 'Department', 'l'], ['Obligations', 'n'], ['Share', 'n'], ['Awards', 'n'], ['Transactions', 'n'], ['Years active', 'l']],
    [
      ...m.ranking.rows.map((r) => [String(r.rank), `${e(r.name)} <code>${e(r.id)}</code>`, e(r.note ?? ''), money(r.obligations), pct(r.share), num(r.awards), num(r.transactions), years(r.firstFiscalYear, r.lastFiscalYear)]),
      ...(m.ranking.others ? [['', `All other ${num(m.ranking.others.count)} ${isFamily ? 'families' : 'agencies'}`, '', money(m.ranking.others.obligations), pct(m.ranking.others.share), '', num(m.ranking.others.transactions), '']] : []),
      ['', '<strong>Total</strong>', '', `<strong>${money(m.ranking.total.obligations)}</strong>`, m.ranking.total.obligations === '0.00' ? '' : '100.00%', num(m.ranking.total.awards), num(m.ranking.total.transactions), ''],
    ],
  )}<p>${e(basisYears)}. Awards are distinct award keys; transactions are contract actions (a modification is a transaction).</p>`);

  const fyCols = m.trend.fiscalYears;
  s.set('trend', m.empty ? emptyNote(m) : `${figure(charts, 'trend')}${table(
    [['Series', 'l'], ...fyCols.map((fy) => [fyLabel(fy), 'n'] as [string, 'n'])],
    [
      ...m.trend.series.map((x) => [e(x.name), ...x.byYear.map((y) => money(y.obligations))]),
      ['<strong>Total</strong>', ...m.trend.total.map((t) => `<strong>${money(t.obligations)}</strong>`)],
      ['Transactions', ...m.trend.total.map((t) => num(t.transactions))],
    ],
  )}${m.trend.undated ? `<p>${num(m.trend.undated.transactions)} transaction(s) without an action date (${money(m.trend.undated.obligations)}) are in the total but in no fiscal year.</p>` : ''}<p>${e(basisYears)}; the series add up to each year's total.</p>`);

  const catYears = [...fyCols, null];
  const labels = [...new Set(m.categories.filter((c) => c.fiscalYear === null).map((c) => c.label))];
  s.set('categories', m.empty ? emptyNote(m) : `${figure(charts, 'categories')}${table(
    [['Category', 'l'], ...catYears.map((fy) => [fyLabel(fy), 'n'] as [string, 'n'])],
    labels.map((label) => [e(label), ...catYears.map((fy) => {
      const c = m.categories.find((x) => x.label === label && x.fiscalYear === fy);
      return c ? `${money(c.obligations)}<br>${pct(c.share)}` : '';
    })]),
  )}<p>Shares are of each fiscal year's net obligations (${e(basisYears)}); categories come from PSC and NAICS codes (docs/categories.md).</p>`);

  const r = m.relationships;
  const nodeLabel = new Map(r.nodes.map((n) => [n.id, n.label]));
  const watched = r.watched.map((w) => `<h3>${e(w.name)}${w.resolved && w.resolved !== w.name ? ` (${e(w.resolved)})` : ''}</h3>${
    w.paths.map((p) => `<div class="path"><p><strong>Path ${p.rank}</strong> (${p.hops} step${p.hops === 1 ? '' : 's'}, score ${p.score}): ${e(p.why.join('; '))}</p><ol>${p.steps.map(stepHtml).join('')}</ol></div>`).join('')
  }${w.notes.map((n) => `<p>${e(n)}</p>`).join('')}`).join('');
  s.set('relationships', `${figure(charts, 'relationships')}${r.edges.length ? table(
    [['From', 'l'], ['Relationship', 'l'], ['To', 'l'], ['Amount', 'n'], ['Records', 'n'], ['On a path', 'l']],
    r.edges.map((x) => [e(nodeLabel.get(x.from) ?? x.from), e(x.kind), e(nodeLabel.get(x.to) ?? x.to), money(x.amount), num(x.records), x.onPath ? 'yes' : '']),
  ) : ''}${r.notes.map((n) => `<p>${e(n)}</p>`).join('')}<h3>Evidence paths to watched ${m.kind === 'agency' ? 'companies' : 'agencies'}</h3><p>Watch list: ${e(m.reproduce.watchSource)}.</p>${watched}`);

  s.set('awards', m.empty ? emptyNote(m) : table(
    [['Award', 'l'], ['Recipient (family)', 'l'], ['Description', 'l'], ['Obligations', 'n'], ['Transactions', 'n'], ['Dates', 'l'], ['Parent vehicle', 'l']],
    m.topAwards.map((a) => [
      awardLink(a.permalink, a.piid ?? a.awardKey), `${e(a.recipient ?? '')} (${e(a.family)})`,
      `${e(a.description ?? '')}${a.keywords.length ? ` <strong>[watched: ${e(a.keywords.join(', '))}]</strong>` : ''}`,
      money(a.obligations), num(a.transactions), `${e(a.firstActionDate ?? '')} to ${e(a.lastActionDate ?? '')}`, e(a.parentAwardPiid ?? ''),
    ]),
  ) + `<p>Net obligations in ${e(basisYears)}; award ids link to their USAspending pages.</p>`);

  const me = m.method;
  s.set('method', `<p><strong>Basis:</strong> ${e(me.basis)} — ${e(me.basisExplained)}. <strong>Fiscal years:</strong> ${e(m.fiscalYearsLabel)} (1 October to 30 September).</p>
<p><strong>Data snapshot:</strong> ${me.snapshotId ?? '(none)'}${me.snapshotFinishedAt ? `, loaded ${e(me.snapshotFinishedAt)}` : ''}.</p>
<h3>Sources</h3>${table(
    [['File (sha256)', 'l'], ['Layout', 'l'], ['Rows read', 'n'], ['Loaded', 'n'], ['Rejected', 'n'], ['Current rows', 'n'], ['Rows in this report', 'n'], ['Dates covered', 'l']],
    me.sources.map((x) => [`${e(x.name)}<br><span class="hash">sha256 ${e(x.sha256)}</span>`, e(x.layout), num(x.read), num(x.loaded), num(x.rejected), num(x.currentRows), num(x.rowsInReport), x.firstDate ? `${e(x.firstDate)} to ${e(x.lastDate)}` : '']),
  )}
<h3>Known gaps</h3><ul>${me.gaps.map((g) => `<li>${e(g)}</li>`).join('')}</ul>
<h3>How the families were formed</h3><ul>${me.families.map((f) => `<li>${num(f.families)} famil${f.families === 1 ? 'y' : 'ies'} — ${e(f.explained)}</li>`).join('')}</ul>
${me.membershipRules.length ? `<p>Their member recipients joined by: ${me.membershipRules.map((x) => `${e(x.explained)} (${num(x.members)})`).join('; ')}.</p>` : ''}
<h3>Caveats</h3><ul>${me.caveats.map((c) => `<li>${e(c)}</li>`).join('')}</ul>`);

  const rp = m.reproduce;
  s.set('reproduce', `<pre><code>${e(rp.command)}</code></pre><p>whosbehind ${e(rp.toolVersion)}, data snapshot ${rp.snapshotId ?? '(none)'}, watch list ${e(rp.watchSource)}. The same command on the same snapshot gives the same figures; <code>--format json</code> gives every figure as exact decimals.</p>`);

  const body = SECTIONS.map((sec, i) => `<section id="${sec.id}"><h2>${i + 1}. ${e(sectionTitle(sec.id, m.kind))}</h2>${s.get(sec.id) ?? ''}</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(m.title)}</title>
<style>${CSS}</style></head>
<body><header><h1>${e(m.title)}</h1>
<p class="meta">${e(m.subject.description)}</p>
<p class="meta">${e(basisYears)} · data snapshot ${m.method.snapshotId ?? '(none)'} · whosbehind ${e(m.reproduce.toolVersion)}</p>
<nav aria-label="Sections"><ol>${SECTIONS.map((sec) => `<li><a href="#${sec.id}">${e(sectionTitle(sec.id, m.kind))}</a></li>`).join('')}</ol></nav></header>
<main>
${body}
</main></body></html>
`;
}
