/**
 * The charts of a report, declared as Vega-Lite specs over the report model and rendered to SVG in Node
 * by Vega's headless View (no canvas, no browser, no data fetched: every spec carries its values).
 * Colours come from the Okabe–Ito palette (colour-blind safe) and every series is told apart by more
 * than colour (dash patterns, point shapes, direct labels), so charts read in greyscale too.
 */
import type { TopLevelSpec } from 'vega-lite';
import { formatMoneyShort, toCents } from '../analysis/money.js';
import { layoutGraph } from './graphLayout.js';
import { EDGE_KIND_DECLARATIONS } from '../model/edgeKinds.js';
import type { ReportModel } from './reportModel.js';

export type ChartId = 'ranking' | 'trend' | 'categories' | 'relationships';

export interface ChartSpec {
  id: ChartId;
  title: string;
  /** One sentence for screen readers and the Markdown alt text. */
  description: string;
  spec: TopLevelSpec;
}

/** Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour-vision deficiency. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 1]];
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'stroke'];

/** Axis labels in dollars with units: $950, $12K, $1.2M, $3.4B (Vega expression; d3-format "~" trims zeros). */
export const MONEY_LABEL_EXPR = "(abs(datum.value) >= 1e12 ? format(datum.value / 1e12, '$.1~f') + 'T' : abs(datum.value) >= 1e9 ? format(datum.value / 1e9, '$.1~f') + 'B' : abs(datum.value) >= 1e6 ? format(datum.value / 1e6, '$.1~f') + 'M' : abs(datum.value) >= 1e3 ? format(datum.value / 1e3, '$.1~f') + 'K' : format(datum.value, '$.0f'))";

const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, labelColor: '#222222', titleColor: '#222222', gridColor: '#dddddd', domainColor: '#555555', tickColor: '#555555' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260, symbolStrokeWidth: 2 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' as const },
};

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const dollars = (s: string): number => Number(toCents(s)) / 100;
const short = (s: string): string => formatMoneyShort(toCents(s));
const cut = (s: string, n = 34): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** "FY2021": fiscal years are labelled as such everywhere. */
export const fyLabel = (fy: number | null): string => (fy === null ? 'All years' : `FY${fy}`);

function rankingChart(m: ReportModel): ChartSpec {
  const values = m.ranking.rows.map((r) => ({ name: `${r.rank}. ${cut(r.name)}`, dollars: dollars(r.obligations), label: `${short(r.obligations)}${r.share === null ? '' : ` (${r.share}%)`}` }));
  const what = m.ranking.entity === 'family' ? 'company families' : 'agencies';
  return {
    id: 'ranking', title: `Top ${what} by net obligations, ${m.fiscalYearsLabel}`,
    description: `Horizontal bars of net prime obligations for the top ${values.length} ${what}, ${m.basis} basis, ${m.fiscalYearsLabel}.`,
    spec: {
      $schema: SCHEMA, config: CONFIG, width: 460, height: { step: 22 },
      data: { values },
      encoding: { y: { field: 'name', type: 'nominal', sort: null, title: null, axis: { labelLimit: 240 } } },
      layer: [
        { mark: { type: 'bar', color: PALETTE[0] }, encoding: { x: { field: 'dollars', type: 'quantitative', title: 'Net obligations (US dollars)', axis: { labelExpr: MONEY_LABEL_EXPR, tickCount: 5 } } } },
        { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#111111' }, encoding: { x: { field: 'dollars', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    } as TopLevelSpec,
  };
}

function trendChart(m: ReportModel): ChartSpec {
  const names = ['Total', ...m.trend.series.map((s) => cut(s.name, 40))];
  const values = [
    ...m.trend.total.map((t) => ({ fy: fyLabel(t.fiscalYear), series: 'Total', dollars: dollars(t.obligations) })),
    ...m.trend.series.flatMap((s) => s.byYear.map((y) => ({ fy: fyLabel(y.fiscalYear), series: cut(s.name, 40), dollars: dollars(y.obligations) }))),
  ];
  const colors = ['#000000', ...PALETTE.slice(0, 7)];
  const scale = <T>(range: T[]) => ({ domain: names, range: names.map((_, i) => range[i % range.length]!) });
  const legend = { orient: 'bottom' as const, columns: 2, title: null };
  return {
    id: 'trend', title: `Net obligations per fiscal year, ${m.fiscalYearsLabel}`,
    description: `Lines of net prime obligations per fiscal year: the total and the top ${m.trend.series.length} series, ${m.basis} basis.`,
    spec: {
      $schema: SCHEMA, config: CONFIG, width: 520, height: 260,
      data: { values },
      mark: { type: 'line', point: { filled: true, size: 60 }, strokeWidth: 2 },
      encoding: {
        x: { field: 'fy', type: 'ordinal', title: 'Fiscal year', sort: m.trend.fiscalYears.map(fyLabel), axis: { labelAngle: 0 } },
        y: { field: 'dollars', type: 'quantitative', title: 'Net obligations (US dollars)', axis: { labelExpr: MONEY_LABEL_EXPR, tickCount: 6 } },
        color: { field: 'series', type: 'nominal', scale: scale(colors), legend },
        strokeDash: { field: 'series', type: 'nominal', scale: scale(DASHES), legend },
        shape: { field: 'series', type: 'nominal', scale: scale(SHAPES), legend },
        strokeWidth: { condition: { test: "datum.series === 'Total'", value: 3.5 }, value: 2 },
      },
    } as TopLevelSpec,
  };
}

function categoriesChart(m: ReportModel): ChartSpec {
  const rows = m.categories.filter((c) => c.fiscalYear !== null);
  const order = [...new Set(m.categories.filter((c) => c.fiscalYear === null).map((c) => c.label))];
  const values = rows.map((c) => ({ fy: fyLabel(c.fiscalYear), category: cut(c.label, 40), share: c.share === null ? 0 : Number(c.share), label: c.share === null ? '' : `${c.share}%` }));
  return {
    id: 'categories', title: `Share of net obligations by category, per fiscal year`,
    description: `Bars of each category's share of the fiscal year's net obligations, one panel per fiscal year, ${m.basis} basis.`,
    spec: {
      $schema: SCHEMA, config: CONFIG,
      data: { values },
      facet: { field: 'fy', type: 'ordinal', title: null, sort: m.trend.fiscalYears.map(fyLabel), header: { labelFontWeight: 'bold' } },
      columns: 3,
      spec: {
        width: 150, height: { step: 20 },
        encoding: { y: { field: 'category', type: 'nominal', sort: order.map((o) => cut(o, 40)), title: null, axis: { labelLimit: 240 } } },
        layer: [
          { mark: { type: 'bar', color: PALETTE[2] }, encoding: { x: { field: 'share', type: 'quantitative', title: 'Share of the year (%)', scale: { domain: [Math.min(0, ...values.map((v) => v.share)), 100] } } } },
          { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#111111' }, encoding: { x: { field: 'share', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
    } as TopLevelSpec,
  };
}

const KIND_LABEL: Record<string, string> = Object.fromEntries(EDGE_KIND_DECLARATIONS.map((d) => [d.kind, d.label.report]));
const TYPE_SHAPE: Record<string, string> = { agency: 'square', family: 'circle', offering: 'diamond', recipient: 'triangle-up' };

function relationshipsChart(m: ReportModel): ChartSpec {
  const r = m.relationships;
  const layout = layoutGraph(r.centre, r.nodes.map((n) => n.id), r.edges);
  const pos = layout.positions;
  const kinds = Object.keys(KIND_LABEL).filter((k) => r.edges.some((e) => e.kind === k));
  const kindNames = kinds.map((k) => KIND_LABEL[k]!);
  const edgeValues = r.edges.filter((e) => pos.has(e.from) && pos.has(e.to)).map((e) => ({
    x: pos.get(e.from)!.x, y: pos.get(e.from)!.y, x2: pos.get(e.to)!.x, y2: pos.get(e.to)!.y,
    kind: KIND_LABEL[e.kind] ?? e.kind, width: e.onPath ? 3.5 : 1.25,
  }));
  const nodeValues = r.nodes.filter((n) => pos.has(n.id)).map((n) => ({
    x: pos.get(n.id)!.x, y: pos.get(n.id)!.y, type: n.type, label: cut(n.label, 28),
    place: r.centre.includes(n.id) ? 'centre' : pos.get(n.id)!.side, centre: r.centre.includes(n.id),
  }));
  const types = Object.keys(TYPE_SHAPE).filter((t) => r.nodes.some((n) => n.type === t));
  const xs = { axis: null, scale: { domain: [-layout.extent, layout.extent] } };
  const ys = { axis: null, scale: { domain: [-1.08, 1.08] } };
  const labels = { right: { align: 'left', dx: 8, dy: 0 }, left: { align: 'right', dx: -8, dy: 0 }, centre: { align: 'center', dx: 0, dy: -14 } } as const;
  return {
    id: 'relationships', title: 'Relationships around the subject (evidence paths drawn thick)',
    description: `Network of ${r.nodes.length} nodes and ${r.edges.length} relationships (prime contracts, subawards, resellers, FedRAMP authorizations and hosting) around ${m.subject.name}.`,
    spec: {
      $schema: SCHEMA, config: CONFIG, width: 760, height: Math.max(260, 24 * layout.rows),
      layer: [
        {
          data: { values: edgeValues }, mark: { type: 'rule', opacity: 0.85 },
          encoding: {
            x: { field: 'x', type: 'quantitative', ...xs }, y: { field: 'y', type: 'quantitative', ...ys },
            x2: { field: 'x2' }, y2: { field: 'y2' },
            color: { field: 'kind', type: 'nominal', title: 'Relationship', scale: { domain: kindNames, range: kinds.map((_, i) => PALETTE[i % PALETTE.length]!) }, legend: { orient: 'bottom', columns: 2 } },
            strokeDash: { field: 'kind', type: 'nominal', title: 'Relationship', scale: { domain: kindNames, range: kinds.map((_, i) => DASHES[i % DASHES.length]!) }, legend: { orient: 'bottom', columns: 2 } },
            strokeWidth: { field: 'width', type: 'quantitative', scale: null, legend: null },
          },
        },
        {
          data: { values: nodeValues }, mark: { type: 'point', filled: true, size: 110, stroke: '#000000', strokeWidth: 1 },
          encoding: {
            x: { field: 'x', type: 'quantitative', ...xs }, y: { field: 'y', type: 'quantitative', ...ys },
            shape: { field: 'type', type: 'nominal', title: 'Node', scale: { domain: types, range: types.map((t) => TYPE_SHAPE[t]!) }, legend: { orient: 'bottom' } },
            fill: { condition: { test: 'datum.centre', value: '#000000' }, value: '#ffffff' },
          },
        },
        ...(['right', 'left', 'centre'] as const).map((place) => ({
          data: { values: nodeValues },
          transform: [{ filter: `datum.place === '${place}'` }],
          mark: { type: 'text' as const, ...labels[place], fontSize: 10, fontWeight: place === 'centre' ? 'bold' as const : 'normal' as const, color: '#111111' },
          encoding: { x: { field: 'x', type: 'quantitative' as const, ...xs }, y: { field: 'y', type: 'quantitative' as const, ...ys }, text: { field: 'label' } },
        })),
      ],
    } as TopLevelSpec,
  };
}

/** The chart specs of a report; none for an empty report (it says so instead of drawing empty charts). */
export function reportCharts(m: ReportModel): ChartSpec[] {
  const out: ChartSpec[] = [];
  if (!m.empty) {
    if (m.ranking.rows.length) out.push(rankingChart(m));
    if (m.trend.total.length) out.push(trendChart(m));
    if (m.categories.some((c) => c.fiscalYear !== null)) out.push(categoriesChart(m));
  }
  if (m.relationships.nodes.length > 1 && m.relationships.edges.length) out.push(relationshipsChart(m));
  return out;
}

/**
 * Vega and Vega-Lite, loaded on first use: importing them costs about 0.4 s, which every CLI command
 * would pay at start-up if they were imported statically, though only reports draw charts.
 */
let engines: Promise<{ vega: typeof import('vega'); vl: typeof import('vega-lite'); noFetch: unknown }> | undefined;
function chartEngines(): NonNullable<typeof engines> {
  return (engines ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({
    vega, vl,
    // specs carry their data: any attempt to load a URL or file is a bug and fails
    noFetch: Object.assign(vega.loader(), {
      load: async (uri: string) => { throw new Error(`charts never fetch (asked for ${uri})`); },
      sanitize: async (uri: string) => { throw new Error(`charts never fetch (asked for ${uri})`); },
    }),
  })));
}

/** Compiles a Vega-Lite spec and renders it to an SVG string (no canvas, no browser). */
export async function renderChartSvg(chart: ChartSpec): Promise<string> {
  const { vega, vl, noFetch } = await chartEngines();
  const vg = vl.compile(chart.spec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none', loader: noFetch as ReturnType<typeof vega.loader> });
  try {
    const svg = await view.toSVG();
    // scale with the page; label the figure for screen readers
    return svg
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttr(chart.description)}" data-chart="${chart.id}" `)
      .replace(' class="marks"', ' class="marks chart"');
  } finally {
    view.finalize();
  }
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Every chart of a report rendered: id → SVG. */
export async function renderCharts(m: ReportModel): Promise<Map<ChartId, { chart: ChartSpec; svg: string }>> {
  const out = new Map<ChartId, { chart: ChartSpec; svg: string }>();
  for (const c of reportCharts(m)) out.set(c.id, { chart: c, svg: await renderChartSvg(c) });
  return out;
}
