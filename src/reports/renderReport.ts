/** One entry point for every report format. */
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { printPdf } from './pdf.js';
import type { ReportFormat, ReportModel } from './reportModel.js';

export interface RenderedReport {
  format: ReportFormat;
  mediaType: string;
  /** Text for html, md and json; bytes for pdf. */
  content: string | Uint8Array;
  /** Files that go beside the main one (Markdown's chart SVGs). */
  attachments: Array<{ name: string; mediaType: string; content: string }>;
}

/**
 * Renders a report model. `baseName` names Markdown's chart files (`<baseName>-trend.svg`).
 *
 * @example
 *   const { content } = await renderReport(model, 'html'); // one self-contained HTML page
 */
export async function renderReport(model: ReportModel, format: ReportFormat, options: { baseName?: string } = {}): Promise<RenderedReport> {
  switch (format) {
    case 'html':
      return { format, mediaType: 'text/html; charset=utf-8', content: await renderHtml(model), attachments: [] };
    case 'json':
      return { format, mediaType: 'application/json', content: renderJson(model), attachments: [] };
    case 'md': {
      const md = await renderMarkdown(model, options.baseName);
      return { format, mediaType: 'text/markdown; charset=utf-8', content: md.markdown, attachments: md.charts.map((c) => ({ name: c.name, mediaType: 'image/svg+xml', content: c.svg })) };
    }
    case 'pdf':
      return { format, mediaType: 'application/pdf', content: await printPdf(await renderHtml(model)), attachments: [] };
  }
}
