/**
 * HTML building blocks for the server-rendered pages. Every value from a record goes through `esc` (or
 * the `html` tag, which escapes each interpolation unless it is already `Html`), so record text can never
 * become markup. No inline script or style: the Content-Security-Policy forbids both.
 */
import { formatMoney, formatMoneyShort, toCents } from '../analysis/money.js';

/** Markup that is already safe (built by this module); anything else interpolated is escaped. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value: unknown): string {
  if (value === null || value === undefined) return '';
  // control characters other than tab and line breaks are dropped: they have no place in a page
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Part = Html | string | number | null | undefined | boolean | ReadonlyArray<Html | string>;

/** Tagged template: interpolations are escaped unless they are Html (arrays are joined). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

function render(v: Part): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map((x) => render(x as Part)).join('');
  return esc(v);
}

/** A URL with query parameters (empty values left out), relative to the site root. */
export function href(path: string, params: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** A link target from record text only when it is a plain https URL (never javascript: or data:). */
export function safeUrl(url: string | null | undefined): string | undefined {
  return url && /^https:\/\/[^\s"'<>]+$/.test(url) ? url : undefined;
}

/** "$1,234.56" from an exact decimal string. */
export function money(text: string | null | undefined): string {
  return text === null || text === undefined ? '' : formatMoney(toCents(text));
}

export interface Column<T> {
  head: string;
  cell: (row: T) => Part;
  /** Right-aligned (numbers, money). */
  num?: boolean;
}

/** A plain table; cells are escaped unless the column returns Html. */
export function table<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>, caption?: string): Html {
  if (!rows.length) return html`<p class="empty">Nothing to show${caption ? html` for ${caption.toLowerCase()}` : ''}.</p>`;
  return html`<table>${caption ? html`<caption>${caption}</caption>` : ''}<thead><tr>${columns.map((c) => html`<th${c.num ? new Html(' class="num"') : ''}>${c.head}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td${c.num ? new Html(' class="num"') : ''}>${c.cell(r)}</td>`)}</tr>\n`)}</tbody></table>`;
}

export interface Bar {
  label: string;
  value: string;
  link?: string;
}

/**
 * A horizontal bar chart as inline SVG (drawn on the server, so it needs no JavaScript); negative values
 * (net de-obligations) are drawn to the left of the axis in another colour.
 */
export function barChart(title: string, bars: readonly Bar[], width = 640): Html {
  if (!bars.length) return html``;
  const cents = bars.map((b) => toCents(b.value));
  const max = cents.reduce((m, c) => (c < 0n ? (-c > m ? -c : m) : c > m ? c : m), 1n);
  const hasNeg = cents.some((c) => c < 0n);
  const labelW = 220;
  const plotW = width - labelW - 110;
  const zero = labelW + (hasNeg ? plotW / 4 : 0);
  const scale = (hasNeg ? (plotW * 3) / 4 : plotW) / Number(max);
  const rowH = 22;
  const h = bars.length * rowH + 8;
  const rows = bars.map((b, i) => {
    const c = cents[i]!;
    const w = Math.max(1, Math.abs(Number(c)) * scale);
    const x = c < 0n ? zero - w : zero;
    const y = 4 + i * rowH;
    const label = b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label;
    const text = html`<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${label}</text>`;
    return html`<g><title>${b.label}: ${formatMoney(c)}</title>${b.link ? html`<a href="${b.link}">${text}</a>` : text}<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" class="${c < 0n ? 'neg' : 'pos'}"></rect><text x="${(c < 0n ? zero : x + w) + 4}" y="${y + 15}">${formatMoneyShort(c)}</text></g>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption><svg viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" role="img" aria-label="${title}">${rows}<line x1="${zero}" x2="${zero}" y1="0" y2="${h}" class="axis"></line></svg></figure>`;
}

export interface PageLinks {
  json?: string;
  csv?: string;
}

/** The whole page: navigation, search box, title, the data links, and the body. */
export function page(title: string, body: Html, options: { links?: PageLinks; scripts?: string[]; query?: string; user?: { canJudge: boolean } } = {}): string {
  const links = options.links ?? {};
  const data = links.json || links.csv
    ? html`<p class="data-links">This page's data: ${links.json ? html`<a href="${links.json}" rel="alternate" type="application/json">JSON</a>` : ''}${links.json && links.csv ? ' · ' : ''}${links.csv ? html`<a href="${links.csv}" rel="alternate" type="text/csv">CSV</a>` : ''}</p>`
    : '';
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · whosbehind</title><link rel="stylesheet" href="/static/style.css" id="__________cytoscape_stylesheet"></head>
<body><header><a class="brand" href="/">whosbehind</a><nav><a href="/search">Search</a> <a href="/path">Paths</a> <a href="/data">Data</a> <a href="/sql">SQL</a> <a href="/report">Report</a> <a href="/api/openapi.json">API</a></nav>
<form action="/search" method="get" role="search"><input type="search" name="q" value="${options.query ?? ''}" placeholder="company, agency, award, words" aria-label="Search"><button>Search</button></form></header>
<main><h1>${title}</h1>${data}${body}</main>
<footer>whosbehind: public contract records, with the records behind every figure. Money is shown as recorded; negative amounts are de-obligations.</footer>
${(options.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}</body></html>`.text}\n`;
}
