/**
 * A report as Markdown: the same sections, tables and sentences as the HTML, with each chart written
 * as an SVG file beside the .md file. Record text is escaped so it can neither break a table nor inject
 * HTML or links.
 */
import { formatMoney, toCents } from '../analysis/money.js';
import { fyLabel, renderCharts } from './charts.js';
import type { ReportModel } from './reportModel.js';
import { SECTIONS, sectionTitle, type SectionId } from './sections.js';

/** Escapes text for Markdown inline content and table cells. */
export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/^(\s*)([-=#+>])/, '$1\\$2');
}

const e = escapeMarkdown;
const money = (s: string | null): string => (s === null ? '' : formatMoney(toCents(s)));
const pct = (s: string | null): string => (s === null ? '' : `${s}%`);
const num = (n: number): string => n.toLocaleString('en-US');
const years = (a: number | null, b: number | null): string => (a === null ? '' : a === b ? fyLabel(a) : `${fyLabel(a)}–${fyLabel(b)}`);

function table(headers: Array<[string, 'l' | 'n']>, rows: string[][]): string {
  return [
    `| ${headers.map(([h]) => h).join(' | ')} |`,
    `| ${headers.map(([, a]) => (a === 'n' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export interface MarkdownReport {
  markdown: string;
  /** Chart files to write beside the .md file: name → SVG. */
  charts: Array<{ name: string; svg: string }>;
}

/** `baseName` prefixes the chart files ("ice" → ice-ranking.svg). */
export async function renderMarkdown(m: ReportModel, baseName = 'report'): Promise<MarkdownReport> {
  const rendered = await renderCharts(m);
  const files: MarkdownReport['charts'] = [];
  const fig = (id: Parameters<typeof rendered.get>[0]): string => {
    const c = rendered.get(id);
    if (!c) return '';
    const name = `${baseName}-${id}.svg`;
    files.push({ name, svg: c.svg });
    return `![${e(c.chart.description)}](${encodeURI(name)})\n\n*${e(c.chart.title)}. Exact figures in the table below.*\n\n`;
  };
  const basisYears = `${m.basis} basis, ${m.fiscalYearsLabel}`;
  const empty = m.empty ? `**${e(m.empty)}**\n` : '';
  const s = new Map<SectionId, string>();
  s.set('summary', `${empty}${m.summary.filter((x) => x !== m.empty).map((x) => `- ${e(x)}`).join('\n')}\n`);
  const isFamily = m.ranking.entity === 'family';
  s.set('ranking', m.empty ? empty : `${fig('ranking')}${table(
    [['#', 'n'], [isFamily ? 'Company family' : 'Agency', 'l'], [isFamily ? 'Formed by' : 'Department', 'l'], ['Obligations', 'n'], ['Share', 'n'], ['Awards', 'n'], ['Transactions', 'n'], ['Years active', 'l']],
    [
      ...m.ranking.rows.map((r) => [String(r.rank), `${e(r.name)} \`${r.id.replaceAll('`', "'")}\``, e(r.note ?? ''), money(r.obligations), pct(r.share), num(r.awards), num(r.transactions), years(r.firstFiscalYear, r.lastFiscalYear)]),
      ...(m.ranking.others ? [['', `All other ${num(m.ranking.others.count)} ${isFamily ? 'families' : 'agencies'}`, '', money(m.ranking.others.obligations), pct(m.ranking.others.share), '', num(m.ranking.others.transactions), '']] : []),
      ['', '**Total**', '', `**${money(m.ranking.total.obligations)}**`, m.ranking.total.obligations === '0.00' ? '' : '100.00%', num(m.ranking.total.awards), num(m.ranking.total.transactions), ''],
    ],
  )}\n\n${e(basisYears)}. Awards are distinct award keys; transactions are contract actions.\n`);
  const fyCols = m.trend.fiscalYears;
  s.set('trend', m.empty ? empty : `${fig('trend')}${table(
    [['Series', 'l'], ...fyCols.map((fy) => [fyLabel(fy), 'n'] as [string, 'n'])],
    [
      ...m.trend.series.map((x) => [e(x.name), ...x.byYear.map((y) => money(y.obligations))]),
      ['**Total**', ...m.trend.total.map((t) => `**${money(t.obligations)}**`)],
      ['Transactions', ...m.trend.total.map((t) => num(t.transactions))],
    ],
  )}\n\n${m.trend.undated ? `${num(m.trend.undated.transactions)} transaction(s) without an action date (${money(m.trend.undated.obligations)}) are in the total but in no fiscal year.\n\n` : ''}${e(basisYears)}; the series add up to each year's total.\n`);
  const catYears = [...fyCols, null];
  const labels = [...new Set(m.categories.filter((c) => c.fiscalYear === null).map((c) => c.label))];
  s.set('categories', m.empty ? empty : `${fig('categories')}${table(
    [['Category', 'l'], ...catYears.map((fy) => [fyLabel(fy), 'n'] as [string, 'n'])],
    labels.map((label) => [e(label), ...catYears.map((fy) => {
      const c = m.categories.find((x) => x.label === label && x.fiscalYear === fy);
      return c ? `${money(c.obligations)} (${pct(c.share)})` : '';
    })]),
  )}\n\nShares are of each fiscal year's net obligations (${e(basisYears)}).\n`);
  const r = m.relationships;
  const label = new Map(r.nodes.map((n) => [n.id, n.label]));
  const paths = r.watched.map((w) => [
    `### ${e(w.name)}${w.resolved && w.resolved !== w.name ? ` (${e(w.resolved)})` : ''}`, '',
    ...w.paths.flatMap((p) => [
      `**Path ${p.rank}** (${p.hops} step${p.hops === 1 ? '' : 's'}, score ${p.score}): ${e(p.why.join('; '))}`, '',
      ...p.steps.flatMap((st, i) => [
        `${i + 1}. ${e(st.sentence)}`,
        ...(st.evidence.records.length
          ? [`   - evidence: ${num(st.evidence.count)} record(s)${st.evidence.total !== null ? `, ${money(st.evidence.total)}` : ''}${st.evidence.note ? `; ${e(st.evidence.note)}` : ''}`,
            ...st.evidence.records.map((x) => `   - ${x.amount !== null ? `${money(x.amount)} ` : ''}${e(x.date ?? '')} ${e(x.party ?? '')}${x.text ? ` “${e(x.text)}”` : ''}${x.matched ? ` [matched: ${e(x.matched)}]` : ''}${x.sourceFile ? ` — ${e(x.sourceFile)}${x.line ? ` line ${x.line}` : ''} (${e(x.table)} ${e(x.key)})` : ''}`)]
          : st.detail ? [`   - ${e(st.detail)}`] : []),
      ]),
      '',
    ]),
    ...w.notes.map((n) => `${e(n)}\n`),
  ].join('\n')).join('\n');
  s.set('relationships', `${fig('relationships')}${r.edges.length ? table(
    [['From', 'l'], ['Relationship', 'l'], ['To', 'l'], ['Amount', 'n'], ['Records', 'n'], ['On a path', 'l']],
    r.edges.map((x) => [e(label.get(x.from) ?? x.from), e(x.kind), e(label.get(x.to) ?? x.to), money(x.amount), num(x.records), x.onPath ? 'yes' : '']),
  ) : ''}\n\n${r.notes.map((n) => `${e(n)}\n`).join('\n')}\n### Evidence paths to watched ${m.kind === 'agency' ? 'companies' : 'agencies'}\n\nWatch list: ${e(m.reproduce.watchSource)}.\n\n${paths}`);
  s.set('awards', m.empty ? empty : `${table(
    [['Award', 'l'], ['Recipient (family)', 'l'], ['Description', 'l'], ['Obligations', 'n'], ['Transactions', 'n'], ['Dates', 'l'], ['Parent vehicle', 'l']],
    m.topAwards.map((a) => [
      /^https:\/\/(www\.)?usaspending\.gov\//.test(a.permalink) ? `[${e(a.piid ?? a.awardKey)}](${a.permalink.replace(/[()\s]/g, encodeURIComponent)})` : e(a.piid ?? a.awardKey),
      `${e(a.recipient ?? '')} (${e(a.family)})`, `${e(a.description ?? '')}${a.keywords.length ? ` **[watched: ${e(a.keywords.join(', '))}]**` : ''}`,
      money(a.obligations), num(a.transactions), `${e(a.firstActionDate ?? '')} to ${e(a.lastActionDate ?? '')}`, e(a.parentAwardPiid ?? ''),
    ]),
  )}\n\nNet obligations in ${e(basisYears)}; award ids link to their USAspending pages.\n`);
  const me = m.method;
  s.set('method', [
    `**Basis:** ${e(me.basis)} — ${e(me.basisExplained)}. **Fiscal years:** ${e(m.fiscalYearsLabel)} (1 October to 30 September).`, '',
    `**Data snapshot:** ${me.snapshotId ?? '(none)'}${me.snapshotFinishedAt ? `, loaded ${e(me.snapshotFinishedAt)}` : ''}.`, '',
    '### Sources', '',
    table([['File', 'l'], ['Layout', 'l'], ['sha256', 'l'], ['Rows read', 'n'], ['Loaded', 'n'], ['Rejected', 'n'], ['Current rows', 'n'], ['Rows in this report', 'n'], ['Dates covered', 'l']],
      me.sources.map((x) => [e(x.name), e(x.layout), `\`${x.sha256.replace(/[^0-9a-f]/g, '')}\``, num(x.read), num(x.loaded), num(x.rejected), num(x.currentRows), num(x.rowsInReport), x.firstDate ? `${e(x.firstDate)} to ${e(x.lastDate)}` : ''])),
    '', '### Known gaps', '', ...me.gaps.map((g) => `- ${e(g)}`),
    '', '### How the families were formed', '', ...me.families.map((f) => `- ${num(f.families)} famil${f.families === 1 ? 'y' : 'ies'} — ${e(f.explained)}`),
    ...(me.membershipRules.length ? ['', `Their member recipients joined by: ${me.membershipRules.map((x) => `${e(x.explained)} (${num(x.members)})`).join('; ')}.`] : []),
    '', '### Caveats', '', ...me.caveats.map((c) => `- ${e(c)}`), '',
  ].join('\n'));
  const rp = m.reproduce;
  s.set('reproduce', `\`\`\`sh\n${rp.command.replace(/`{3,}/g, '')}\n\`\`\`\n\nwhosbehind ${e(rp.toolVersion)}, data snapshot ${rp.snapshotId ?? '(none)'}, watch list ${e(rp.watchSource)}. The same command on the same snapshot gives the same figures; \`--format json\` gives every figure as exact decimals.\n`);
  const markdown = [
    `# ${e(m.title)}`, '', `${e(basisYears)} · data snapshot ${m.method.snapshotId ?? '(none)'} · whosbehind ${e(m.reproduce.toolVersion)}`, '',
    ...SECTIONS.map((sec, i) => `## ${i + 1}. ${sectionTitle(sec.id, m.kind)}\n\n${s.get(sec.id) ?? ''}`),
  ].join('\n');
  return { markdown, charts: files };
}
