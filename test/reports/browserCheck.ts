/**
 * Opens a report's HTML file in headless Chromium (playwright-core, the system's /usr/bin/chromium) and
 * records what a reader's browser would do: console messages, every network request (all refused),
 * each section's screenshot and each chart's size and marks.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromiumPath, launchChromium } from '../../src/reports/pdf.js';

export const hasChromium = existsSync(chromiumPath());
export const CHROMIUM_SKIP_REASON = `Chromium not found at ${chromiumPath()}: browser tests skipped (.ci/run installs the Debian package chromium)`;
if (!hasChromium) console.warn(`[whosbehind tests] ${CHROMIUM_SKIP_REASON}`);

export interface BrowserCheck {
  consoleMessages: string[];
  pageErrors: string[];
  /** Requests other than the report file itself. */
  requests: string[];
  sections: Array<{ id: string; title: string; width: number; height: number; png: Buffer }>;
  charts: Array<{ id: string; width: number; height: number; marks: number; bars: number; lines: number; symbols: number; rules: number }>;
  /** Page width and content width at the given viewport (overflow means a phone must scroll sideways). */
  scrollWidth: number;
  viewportWidth: number;
}

export async function checkInChromium(htmlFile: string, viewport = { width: 1100, height: 900 }): Promise<BrowserCheck> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport });
    const url = pathToFileURL(htmlFile).href;
    const consoleMessages: string[] = [];
    const pageErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load' });
    const sections = [];
    for (const s of await page.locator('main > section').all()) {
      const box = (await s.boundingBox())!;
      sections.push({
        id: (await s.getAttribute('id'))!, title: (await s.locator('h2').innerText()).trim(), width: box.width, height: box.height,
        png: await s.screenshot(),
      });
    }
    const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((svg) => {
      const r = svg.getBoundingClientRect();
      const count = (sel: string): number => svg.querySelectorAll(sel).length;
      return {
        id: svg.getAttribute('data-chart') ?? '', width: r.width, height: r.height,
        bars: count('.mark-rect.role-mark path'), lines: count('.mark-line.role-mark path'), symbols: count('.mark-symbol.role-mark path'),
        rules: count('.mark-rule.role-mark line'), marks: count('.role-mark > *'),
      };
    }));
    const scrollWidth = await page.$eval('html', (el) => el.scrollWidth);
    return { consoleMessages, pageErrors, requests, sections, charts, scrollWidth, viewportWidth: viewport.width };
  } finally {
    await browser.close();
  }
}
