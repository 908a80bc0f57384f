/** Reports: reproducible dossiers with charts ("Who's behind AGENCY", "What COMPANY is behind"). */
export { buildReport, reproduceCommand } from './reportData.js';
export { renderReport, type RenderedReport } from './renderReport.js';
export { loadReportWatch } from './watch.js';
export { reportCharts, renderChartSvg, type ChartSpec } from './charts.js';
export { SECTIONS, sectionTitle } from './sections.js';
export * from './reportModel.js';
