/**
 * Reports on a small synthetic store: the data model against the answers it is gathered from, the
 * renderers (escaping of hostile record text, money units on chart axes, fiscal-year labels, the
 * empty-report text), Markdown's chart files, JSON's exact numbers and the CLI's format choice.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyAnswer } from '../../src/analysis/agencyAnswer.js';
import { answerContext, type AnswerContext } from '../../src/analysis/answer.js';
import { breakdownAnswer } from '../../src/analysis/breakdown.js';
import { companyAnswer } from '../../src/analysis/companyAnswer.js';
import { parseFiscalYears } from '../../src/analysis/fiscalYears.js';
import { reportFormat } from '../../src/cli/reportCommand.js';
import { findAgency, loadAgencyDirectory } from '../../src/entities/agencies.js';
import { findCompany } from '../../src/entities/companies.js';
import { BadInputError, UsageError } from '../../src/errors.js';
import { pathAnswer } from '../../src/graph/graphAnswers.js';
import { MONEY_LABEL_EXPR, reportCharts, renderChartSvg } from '../../src/reports/charts.js';
import { escapeHtml } from '../../src/reports/html.js';
import { escapeMarkdown } from '../../src/reports/markdown.js';
import { buildReport, renderReport, type ReportModel, type ReportWatch } from '../../src/index.js';
import { loadReportWatch } from '../../src/reports/watch.js';
import { cents, formatCents } from '../support/money.js';
import { tempDir, type TempStore } from '../support/tempStore.js';
import { HOSTILE_DESCRIPTION, HOSTILE_NAME, reportStore } from './reportFixture.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'whosbehind.js');
const WATCH: ReportWatch = { companies: ['Amazon', 'Palantir', 'No Such Company Anywhere'], agencies: [], keywords: ['cloud'], source: 'test' };
const FY = parseFiscalYears('2021..2023');

/** Every value under `key` anywhere in a JSON value. */
function valuesOf(value: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const v of value) valuesOf(v, key, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key) out.push(v);
      valuesOf(v, key, out);
    }
  }
  return out;
}

describe('reports on a synthetic store', () => {
  let store: TempStore;
  let ctx: AnswerContext;
  let model: ReportModel;

  beforeAll(async () => {
    store = await reportStore();
    ctx = await answerContext(store.db, 'test-version');
    model = await buildReport(store.db, ctx, { kind: 'agency', query: 'ICE', fiscalYears: FY, watch: WATCH });
  }, 120_000);
  afterAll(() => store?.cleanup());

  it('the model repeats the agency and breakdown answers figure for figure', async () => {
    const ref = findAgency(await loadAgencyDirectory(store.db), 'ICE');
    const a = await agencyAnswer(store.db, ref, ctx, { basis: 'either', fiscalYears: FY, limit: 10 });
    expect(model.ranking.total).toEqual({ obligations: a.totals.obligations, transactions: a.totals.transactions, awards: a.totals.awards, count: a.totals.families });
    expect(model.ranking.rows.map((r) => [r.id, r.obligations, r.share, r.awards, r.transactions])).toEqual(a.families.map((f) => [f.familyId, f.obligations, f.share, f.awards, f.transactions]));
    // independently: ICE rows of the fixture (the CBP-only towing row is not ICE's)
    expect(model.ranking.total.obligations).toBe('19712345.67');
    expect(model.ranking.rows[0]).toMatchObject({ name: 'GUARD SERVICES LLC', obligations: '15000000.00', firstFiscalYear: 2021, lastFiscalYear: 2022 });
    const b = await breakdownAnswer(store.db, ref, 'category', ctx, { basis: 'either', fiscalYears: FY });
    expect(model.categories.map((c) => [c.fiscalYear, c.category, c.obligations, c.share])).toEqual(b.rows.map((r) => [r.fiscalYear, r.code, r.obligations, r.share]));
  });

  it('trend: series and "all others" add up to each year\'s total; fiscal years from the data', () => {
    expect(model.trend.fiscalYears).toEqual([2021, 2022, 2023]);
    for (const t of model.trend.total) {
      const sum = model.trend.series.reduce((s, x) => s + cents(x.byYear.find((y) => y.fiscalYear === t.fiscalYear)!.obligations), 0n);
      expect(formatCents(sum)).toBe(t.obligations);
    }
    expect(formatCents(model.trend.total.reduce((s, t) => s + cents(t.obligations), 0n))).toBe(model.ranking.total.obligations);
    // Palantir's de-obligation stays negative in its year
    expect(model.trend.series.find((s) => s.id === 'palantir')!.byYear).toContainEqual({ fiscalYear: 2023, obligations: '-250000.00' });
  });

  it('relationships: paths to watched companies equal the path answer; unknown names are said to be absent', async () => {
    const amazon = model.relationships.watched.find((w) => w.name === 'Amazon')!;
    const direct = await pathAnswer(store.db, ctx, 'Amazon', '7012', { limit: 5, evidenceLimit: 3 });
    expect(amazon.paths.map((p) => p.steps.map((s) => `${s.kind}:${s.from.id}>${s.to.id}`))).toEqual(direct.paths.map((p) => p.steps.map((s) => `${s.kind}:${s.from.id}>${s.to.id}`)));
    const resale = amazon.paths.find((p) => p.steps[0]!.kind === 'resells')!;
    expect(resale.steps[0]!.evidence.records.map((r) => r.matched).sort()).toEqual(['AMAZON WEB SERVICES', 'AWS GOVCLOUD']);
    // evidence counted and totalled over every record (de-obligation included), the largest shown first
    const prime = model.relationships.watched.find((w) => w.name === 'Palantir')!.paths[0]!.steps[0]!;
    expect(prime.kind).toBe('prime');
    expect(prime.evidence).toMatchObject({ count: 3, total: '3250000.00' });
    expect(prime.evidence.records.map((r) => r.amount)).toEqual(['2500000.00', '1000000.00', '-250000.00']);
    expect(model.relationships.watched.find((w) => w.name === 'No Such Company Anywhere')).toMatchObject({ resolved: null, notes: ['No Such Company Anywhere is not in this store.'] });
    // every step of a path is drawn, marked as on a path
    for (const s of amazon.paths.flatMap((p) => p.steps)) {
      expect(model.relationships.edges.some((e) => e.onPath && e.kind === s.kind && [e.from, e.to].sort().join() === [s.from.id, s.to.id].sort().join())).toBe(true);
    }
    expect(model.summary.some((s) => s.startsWith('Amazon.com, Inc. and U.S. Immigration and Customs Enforcement (ICE): 3 evidence paths'))).toBe(true);
  });

  it('HTML: one self-contained page, the eight sections in order, record text escaped, award ids linked', async () => {
    const { content } = await renderReport(model, 'html');
    const html = String(content);
    const ids = [...html.matchAll(/<section id="([a-z]+)"><h2>(\d)\. ([^<]+)<\/h2>/g)].map((m) => `${m[2]} ${m[1]} ${m[3]}`);
    expect(ids).toEqual(['1 summary Summary', '2 ranking Top company families', '3 trend Trend', '4 categories Categories', '5 relationships Relationships',
      '6 awards Top awards', '7 method Method and caveats', '8 reproduce Reproduce']);
    // nothing to fetch: no script, no external resource, a policy forbidding any
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed|image|use)\b|url\(|@import/i);
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(#[a-z]+|https:\/\/www\.usaspending\.gov\/award\/)/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain(escapeHtml(HOSTILE_NAME));
    expect(html).toContain(escapeHtml(HOSTILE_DESCRIPTION));
    expect(html).not.toContain('alert("name")</script>');
    expect(html).toMatch(/<a href="https:\/\/www\.usaspending\.gov\/award\/CONT_AWD_G1_7012_-NONE-_-NONE-">G1<\/a>/);
    expect(html).toContain('[watched: cloud]');
    expect(html.match(/<svg /g)!.length).toBe(4);
    // method: every source with its sha256; reproduce: the command and version
    for (const s of model.method.sources) expect(html).toContain(s.sha256);
    expect(html).toContain('whosbehind report agency ICE --fy 2021..2023 --watch test --out FILE.html');
    expect(html).toContain('whosbehind test-version');
  });

  it('charts: money axes in $K/$M units, fiscal years labelled FY, hostile labels escaped inside the SVG', async () => {
    const charts = reportCharts(model);
    expect(charts.map((c) => c.id)).toEqual(['ranking', 'trend', 'categories', 'relationships']);
    const ranking = await renderChartSvg(charts[0]!);
    const trend = await renderChartSvg(charts[1]!);
    const ticks = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(ticks(ranking)).toEqual(expect.arrayContaining(['$0', '$5M', '$10M', '$15M']));
    expect(ticks(trend)).toEqual(expect.arrayContaining(['FY2021', 'FY2022', 'FY2023', 'Fiscal year']));
    expect(ticks(trend).some((t) => /^\$\d+(\.\d)?M$/.test(t))).toBe(true);
    expect(ranking).toContain('EVIL &lt;script&gt;alert(');
    expect(ranking).not.toContain('<script');
    // a well-formed root element (the SVG files beside Markdown are parsed as XML): no attribute twice
    for (const svg of [ranking, trend]) {
      const names = [...svg.slice(0, svg.indexOf('>')).matchAll(/\s([\w:-]+)=/g)].map((m) => m[1]);
      expect(new Set(names).size, names.join()).toBe(names.length);
      expect(svg).toMatch(/^<svg [^>]*class="marks chart"/);
    }
    // bar labels use the same short money as the text
    expect(ticks(ranking)).toContain('$15M (76.09%)');
  });

  it('money label expression: units and negatives', async () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { values: [{ v: -1_200_000 }, { v: 3_400_000_000 }] },
      mark: 'point', encoding: { x: { field: 'v', type: 'quantitative', axis: { labelExpr: MONEY_LABEL_EXPR, values: [-1_200_000, 950, 12_000, 3_400_000_000] } } },
    } as const;
    const svg = await renderChartSvg({ id: 'trend', title: 't', description: 'd', spec: spec as never });
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(expect.arrayContaining(['−$1.2M', '$950', '$12K', '$3.4B']));
  });

  it('escapers: markup, controls and bidirectional overrides neutralised', () => {
    expect(escapeHtml('a\u202Egnp.exe<b>\u0007"\'')).toBe('a gnp.exe&lt;b&gt; &quot;&#39;');
    expect(escapeMarkdown('# a\u2066|b\nc')).toBe('\\# a \\|b c');
  });

  it('Markdown: same sections, charts as SVG files beside it, record text escaped', async () => {
    const out = await renderReport(model, 'md', { baseName: 'ice' });
    const md = String(out.content);
    expect([...md.matchAll(/^## (\d\. .+)$/gm)].map((m) => m[1])).toEqual(['1. Summary', '2. Top company families', '3. Trend', '4. Categories', '5. Relationships', '6. Top awards', '7. Method and caveats', '8. Reproduce']);
    expect(out.attachments.map((a) => a.name)).toEqual(['ice-ranking.svg', 'ice-trend.svg', 'ice-categories.svg', 'ice-relationships.svg']);
    for (const a of out.attachments) expect(md).toContain(`](${a.name})`);
    expect(md).toContain(escapeMarkdown(HOSTILE_DESCRIPTION));
    expect(escapeMarkdown(HOSTILE_DESCRIPTION)).toBe('&lt;img src=x onerror="alert(1)"&gt; \\| \\[link\\](javascript:alert(2)) \\*\\*bold\\*\\* \\`code\\`');
    expect(md).not.toContain('<img');
    expect(md).toContain('[G1](https://www.usaspending.gov/award/CONT_AWD_G1_7012_-NONE-_-NONE-)');
  });

  it('JSON: every money figure an exact decimal string; the charts\' Vega-Lite specs with their data', async () => {
    const json = JSON.parse(String((await renderReport(model, 'json')).content)) as Record<string, unknown>;
    const { charts: _charts, ...figures } = json;
    const money = [...valuesOf(figures, 'obligations'), ...valuesOf(figures, 'total').filter((v) => typeof v === 'string'), ...valuesOf(figures, 'amount')];
    expect(money.length).toBeGreaterThan(30);
    for (const v of money) if (v !== null) expect(v).toMatch(/^-?\d+\.\d{2}$/);
    for (const v of valuesOf(figures, 'share')) if (v !== null) expect(v).toMatch(/^-?\d+\.\d{2}$/);
    const charts = json['charts'] as Record<string, { vegaLite: { data?: { values: unknown[] } } }>;
    expect(Object.keys(charts)).toEqual(['ranking', 'trend', 'categories', 'relationships']);
    expect(charts['ranking']!.vegaLite.data!.values).toHaveLength(model.ranking.rows.length);
    expect(json['summary']).toEqual(model.summary);
  });

  it('an agency with no data says so plainly and draws no empty chart', async () => {
    const empty = await buildReport(store.db, ctx, { kind: 'agency', query: 'CBP', fiscalYears: parseFiscalYears('2021'), watch: { ...WATCH, companies: [] } });
    expect(empty.empty).toBe(`No prime contract transactions of U.S. Customs and Border Protection (CBP) on the either basis (FY2021) are in this store (snapshot ${ctx.snapshotId}), so there is nothing to chart.`);
    // the graph is not limited to fiscal years: CBP's relationships are still drawn, nothing else is
    expect(reportCharts(empty).map((c) => c.id)).toEqual(['relationships']);
    const html = String((await renderReport(empty, 'html')).content);
    expect([...html.matchAll(/data-chart="(\w+)"/g)].map((m) => m[1])).toEqual(['relationships']);
    expect(html.match(/<p class="empty">No prime contract transactions of U\.S\. Customs and Border Protection/g)!.length).toBe(5);
    const md = await renderReport(empty, 'md');
    expect(md.attachments.map((a) => a.name)).toEqual(['report-relationships.svg']);
    expect(String(md.content)).toContain('**No prime contract transactions of U.S. Customs and Border Protection');
  });

  it('the relationships table leads with the edges on evidence paths, then money by kind, largest first', () => {
    const kinds = ['prime', 'subaward', 'resells', 'services_on', 'names', 'authorizes', 'builds_on', 'claim', 'owns'];
    const edges = model.relationships.edges;
    expect(edges.some((e) => e.onPath) && edges.some((e) => !e.onPath)).toBe(true);
    for (let i = 1; i < edges.length; i++) {
      const a = edges[i - 1]!, b = edges[i]!;
      if (a.onPath !== b.onPath) { expect(a.onPath).toBe(true); continue; }
      const k = kinds.indexOf(a.kind) - kinds.indexOf(b.kind);
      expect(k).toBeLessThanOrEqual(0);
      if (k === 0 && a.amount !== null && b.amount !== null) expect(cents(a.amount) >= cents(b.amount)).toBe(true);
    }
  });

  it('watched companies with no path share one summary sentence, each named', async () => {
    const m = await buildReport(store.db, ctx, { kind: 'agency', query: 'CBP', watch: { ...WATCH, companies: ['Amazon', 'Palantir', 'Microsoft'] } });
    const noPath = m.relationships.watched.filter((w) => w.resolved && !w.paths.length).map((w) => w.resolved!);
    expect(noPath.length).toBeGreaterThanOrEqual(2);
    const sentences = m.summary.filter((s) => s.startsWith('No relationship path'));
    expect(sentences).toHaveLength(1);
    for (const name of noPath) expect(sentences[0]).toContain(name);
  });

  it('company report: agencies ranked as the company answer, paths to its agencies', async () => {
    const m = await buildReport(store.db, ctx, { kind: 'company', query: 'Palantir', watch: WATCH });
    const c = await companyAnswer(store.db, await findCompany(store.db, 'Palantir'), ctx, { agencyBasis: 'awarding' });
    expect(m.title).toBe('What Palantir Technologies Inc. is behind');
    expect(m.ranking.entity).toBe('agency');
    expect(m.ranking.rows.map((r) => [r.id, r.obligations, r.transactions])).toEqual(c.byAgency.map((r) => [r.subtierCode, r.obligations, r.transactions]));
    expect(m.ranking.total.obligations).toBe('3250000.00');
    expect(m.relationships.watched.map((w) => w.name)).toEqual(['7012']);
    expect(m.relationships.watched[0]!.paths[0]!.steps.map((s) => s.kind)).toEqual(['prime']);
    const html = String((await renderReport(m, 'html')).content);
    expect(html).toContain('<h2>2. Top agencies</h2>');
    await expect(buildReport(store.db, ctx, { kind: 'company', query: 'Palantir', basis: 'either' })).rejects.toThrow(UsageError);
  });

  it('watch lists: built-in default names Amazon and Palantir; a bad file is refused with its field', async () => {
    const builtIn = await loadReportWatch();
    expect(builtIn.companies).toEqual(expect.arrayContaining(['Amazon', 'Palantir']));
    const t = tempDir();
    const bad = t.write('w.yaml', 'companies: Amazon\n');
    await expect(loadReportWatch(bad)).rejects.toThrow(BadInputError);
    await expect(loadReportWatch(bad)).rejects.toThrow(/w\.yaml.*companies.*must be a list/);
    expect(await loadReportWatch(t.write('ok.yaml', 'companies: [Amazon]\nkeywords: [cloud]\n'))).toMatchObject({ companies: ['Amazon'], agencies: [], keywords: ['cloud'] });
  });

  it('a company with no records in the years asked says so plainly', async () => {
    const m = await buildReport(store.db, ctx, { kind: 'company', query: 'Palantir', fiscalYears: parseFiscalYears('2019'), watch: WATCH });
    expect(m.empty).toBe(`No prime contract transactions of Palantir Technologies Inc. (FY2019) are in this store (snapshot ${ctx.snapshotId}), so there is nothing to chart.`);
    expect(m.summary[0]).toBe(m.empty);
    expect(reportCharts(m).map((c) => c.id)).toEqual(['relationships']);
  });

  it('format from the --out extension unless --format says', () => {
    expect(reportFormat('ice.html', undefined)).toBe('html');
    expect(reportFormat('ICE.MD', undefined)).toBe('md');
    expect(reportFormat('x.pdf', undefined)).toBe('pdf');
    expect(reportFormat('x.txt', 'json')).toBe('json');
    expect(() => reportFormat('x.txt', undefined)).toThrow(UsageError);
  });

  it('CLI: report agency … --out x.md writes the Markdown and its charts; a file with no known extension is a usage error', async () => {
    store.close();
    try {
      const out = join(store.dir, 'out', 'ice.md');
      const ok = spawnSync(process.execPath, [BIN, 'report', 'agency', 'ICE', '--fy', '2021..2023', '--db', store.dbPath, '--out', out], { encoding: 'utf8' });
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stderr).toContain(`wrote ${out} (md and 4 chart file(s) beside it)`);
      for (const c of ['ranking', 'trend', 'categories', 'relationships']) expect(readFileSync(join(store.dir, 'out', `ice-${c}.svg`), 'utf8')).toMatch(/^<svg /);
      expect(readFileSync(out, 'utf8')).toContain('whosbehind report agency ICE --fy 2021..2023 --out');
      const bad = spawnSync(process.execPath, [BIN, 'report', 'agency', 'ICE', '--db', store.dbPath, '--out', join(store.dir, 'x.txt')], { encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('cannot tell the format from');
      const none = spawnSync(process.execPath, [BIN, 'report', 'company', 'Nonexistent Widget Makers', '--db', store.dbPath, '--out', join(store.dir, 'y.html')], { encoding: 'utf8' });
      expect(none.status).toBe(4);
    } finally {
      await store.reopen();
    }
  }, 60_000);
});
