/**
 * A report as JSON: the whole data model (every number the report prints, money as exact decimal
 * strings) plus the Vega-Lite specs of its charts, with their data, so a newsroom can re-chart it.
 */
import { reportCharts } from './charts.js';
import type { ReportModel } from './reportModel.js';

export function renderJson(m: ReportModel): string {
  const charts = Object.fromEntries(reportCharts(m).map((c) => [c.id, { title: c.title, description: c.description, vegaLite: c.spec }]));
  return `${JSON.stringify({ ...m, charts }, null, 2)}\n`;
}
