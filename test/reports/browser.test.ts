/**
 * The HTML report in headless Chromium: no console errors, no network request, every section
 * screenshotted, every chart present with marks, no sideways scrolling on a phone; and the PDF printed
 * from it has the same eight sections (text extracted with pdftotext from poppler-utils).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerContext } from '../../src/analysis/answer.js';
import { parseFiscalYears } from '../../src/analysis/fiscalYears.js';
import { buildReport, renderReport, type ReportModel } from '../../src/index.js';
import { tempDir, type TempStore } from '../support/tempStore.js';
import { CHROMIUM_SKIP_REASON, checkInChromium, hasChromium } from './browserCheck.js';
import { reportStore } from './reportFixture.js';

const SECTION_TITLES = ['1. Summary', '2. Top company families', '3. Trend', '4. Categories', '5. Relationships', '6. Top awards', '7. Method and caveats', '8. Reproduce'];
const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

describe.skipIf(!hasChromium)('report HTML and PDF in headless Chromium', () => {
  if (!hasChromium) it.skip(CHROMIUM_SKIP_REASON, () => {});
  let store: TempStore;
  let model: ReportModel;
  let dir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    store = await reportStore();
    model = await buildReport(store.db, await answerContext(store.db, 'test'), {
      kind: 'agency', query: 'ICE', fiscalYears: parseFiscalYears('2021..2023'),
      watch: { companies: ['Amazon', 'Palantir'], agencies: [], keywords: [], source: 'test' },
    });
    dir = tempDir('whosbehind-report-', false);
  }, 120_000);
  afterAll(() => {
    store?.cleanup();
    dir?.cleanup();
  });

  it('renders with no console errors and no network request; each section screenshotted; charts present and non-empty', async () => {
    const file = join(dir.dir, 'ice.html');
    writeFileSync(file, String((await renderReport(model, 'html')).content));
    const c = await checkInChromium(file);
    expect(c.pageErrors).toEqual([]);
    expect(c.consoleMessages).toEqual([]);
    expect(c.requests).toEqual([]);
    expect(c.sections.map((s) => s.title)).toEqual(SECTION_TITLES);
    for (const s of c.sections) {
      writeFileSync(join(dir.dir, `section-${s.id}.png`), s.png);
      expect(s.png.subarray(1, 4).toString()).toBe('PNG');
      expect(s.height, s.id).toBeGreaterThan(40);
      expect(s.png.length, s.id).toBeGreaterThan(2000);
    }
    const charts = new Map(c.charts.map((x) => [x.id, x]));
    expect([...charts.keys()]).toEqual(['ranking', 'trend', 'categories', 'relationships']);
    for (const x of c.charts) {
      expect(x.width, x.id).toBeGreaterThan(200);
      expect(x.height, x.id).toBeGreaterThan(80);
    }
    expect(charts.get('ranking')!.bars).toBe(model.ranking.rows.length);
    expect(charts.get('trend')!.lines).toBe(1 + model.trend.series.length);
    expect(charts.get('categories')!.bars).toBe(model.categories.filter((x) => x.fiscalYear !== null).length);
    expect(charts.get('relationships')!.rules).toBe(model.relationships.edges.length);
    expect(charts.get('relationships')!.symbols).toBe(model.relationships.nodes.length);
  }, 60_000);

  it('on a phone (375 px wide) nothing but tables scrolls sideways', async () => {
    const file = join(dir.dir, 'phone.html');
    writeFileSync(file, String((await renderReport(model, 'html')).content));
    const c = await checkInChromium(file, { width: 375, height: 800 });
    expect(c.scrollWidth).toBeLessThanOrEqual(375);
    for (const x of c.charts) expect(x.width, x.id).toBeLessThanOrEqual(375);
  }, 60_000);

  it.skipIf(!hasPdftotext)('the PDF printed from the HTML has the same sections in order, and the same figures', async () => {
    const pdf = (await renderReport(model, 'pdf')).content as Uint8Array;
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const file = join(dir.dir, 'ice.pdf');
    writeFileSync(file, pdf);
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
    let at = -1;
    for (const title of SECTION_TITLES) {
      const i = text.indexOf(title, at + 1);
      expect(i, `${title} after position ${at}`).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain('$19,712,345.67');
    expect(text).toContain('whosbehind report agency ICE --fy 2021..2023');
  }, 60_000);
  if (!hasPdftotext) it.skip('pdftotext (Debian poppler-utils) not installed: PDF text test skipped', () => {});
});
