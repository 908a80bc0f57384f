/**
 * End to end in headless Chromium on the real ICE/CBP files and the FedRAMP feed (the done-when):
 * search "palantir", open Palantir's family page (ICE totals as the CLI prints them), open an award's
 * timeline, find the Amazon → ICE paths and click an edge to see its evidence; no console errors; the
 * same pages with JavaScript off; and hostile record text that never runs. Screenshots of each page go
 * to $WEB_SCREENSHOTS or <tmp>/whosbehind-web-screenshots.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/web/server.js';
import { REAL_DATA_SKIP_REASON, hasRealData } from '../support/realData.js';
import { type TempStore } from '../support/tempStore.js';
import { realGraphStore } from '../support/realStores.js';
import { buildWebStore, serveStore } from './webFixture.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SHOTS = process.env['WEB_SCREENSHOTS'] ?? join(tmpdir(), 'whosbehind-web-screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Console errors and uncaught exceptions of a page. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
  return problems;
}

describe.skipIf(!hasChromium)('hostile record text in Chromium', () => {
  if (!hasChromium) it.skip(`no Chromium at ${CHROMIUM}: browser tests are skipped (apt-get install chromium)`, () => {});
  let store: TempStore;
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    store = await buildWebStore();
    server = await serveStore(store);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    store?.cleanup();
  });

  it('no script from a record runs on any page that shows it, and the text is shown as text', async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    for (const path of ['/award?id=X1', '/search?q=evil', '/agency?q=ICE', '/company?q=TESTEVIL0001', '/data', `/sql?q=${encodeURIComponent('SELECT recipient_name, transaction_description FROM transactions')}`]) {
      await page.goto(server.url + path);
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss), path).toBeUndefined();
      expect(await page.locator('img[src="x"], svg[onload]').count(), path).toBe(0);
    }
    await page.goto(`${server.url}/award?id=X1`);
    expect(await page.textContent('main')).toContain('<img src=x onerror="window.__xss=2">');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!hasRealData || !hasChromium)('the web app end to end on the real ICE/CBP files and the FedRAMP feed', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  else if (!hasChromium) it.skip(`no Chromium at ${CHROMIUM}: browser tests are skipped`, () => {});
  let store: TempStore;
  let server: RunningServer;
  let browser: Browser;
  let cliTotal: string;
  let cliIce: { obligations: string; transactions: number; awards: number };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    store = await realGraphStore();
    store.close();
    // what the CLI prints, from its own process
    const cli = spawnSync(process.execPath, ['bin/whosbehind.js', 'company', 'Palantir', '--json', '--db', store.dbPath], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const answer = JSON.parse(cli.stdout) as { totals: { obligations: string }; byAgency: Array<{ subtierCode: string; obligations: string; transactions: number; awards: number }> };
    cliTotal = answer.totals.obligations;
    cliIce = answer.byAgency.find((a) => a.subtierCode === '7012')!;
    server = await serveStore(store);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    store?.cleanup();
  });

  it('search "palantir" → family page with ICE totals as the CLI → an award timeline → Amazon → ICE paths, edge evidence on click', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const problems = watch(page);
    await page.goto(server.url);
    await page.fill('#home-q', 'palantir');
    await page.press('#home-q', 'Enter');
    await page.waitForURL(/\/search\?q=palantir/);
    await page.screenshot({ path: join(SHOTS, '1-search.png'), fullPage: true });
    await page.click('a:text-is("Palantir Technologies Inc.")');
    await page.waitForURL(/\/company\?q=palantir/);
    await page.screenshot({ path: join(SHOTS, '2-company.png'), fullPage: true });
    const dollars = (s: string): string => `$${Number(s.split('.')[0]).toLocaleString('en-US')}.${s.split('.')[1]}`;
    expect(cliTotal).toBe('73677408.78'); // the sum of Palantir's ICE rows in the real files (as the graph tests find)
    expect(await page.textContent('.lead')).toContain(dollars(cliTotal));
    const iceRow = page.locator('table tr', { has: page.locator('a:text-is("U.S. Immigration and Customs Enforcement")') }).first();
    const cells = await iceRow.locator('td').allTextContents();
    expect(cells).toContain(dollars(cliIce.obligations));
    expect(cells).toContain(String(cliIce.transactions));
    expect(cells).toContain(String(cliIce.awards));

    // the largest award's timeline
    await page.locator('h2:text-is("Top awards") + table a').first().click();
    await page.waitForURL(/\/award\?id=/);
    expect(await page.locator('figure.chart svg rect').count()).toBeGreaterThan(0);
    expect(await page.textContent('main')).toMatch(/Transactions \(\d+\)/);
    expect(await page.textContent('main')).toContain('Parent vehicle');
    await page.screenshot({ path: join(SHOTS, '3-award.png'), fullPage: true });

    // the path explorer: Amazon → ICE
    await page.click('nav a:text-is("Paths")');
    await page.fill('input[name=from]', 'Amazon');
    await page.fill('input[name=to]', 'ICE');
    await page.click('button:text-is("Find paths")');
    await page.waitForURL(/\/path\?from=Amazon&to=ICE/);
    await page.waitForSelector('#graph[data-ready=true]');
    const list = await page.textContent('ol.paths');
    expect(list).toContain('AWS GovCloud (Amazon)');
    expect(list).toContain('FOUR POINTS TECHNOLOGY, L.L.C. resells Amazon.com, Inc.');
    // click the resells edge on the canvas and read its evidence in the panel
    const box = (await page.locator('#graph').boundingBox())!;
    const mid = await page.evaluate(() => {
      const cy = (globalThis as unknown as { whosbehindGraph: any }).whosbehindGraph;
      const e = cy.edges().filter((x: any) => x.data('label') === 'resells' && cy.getElementById(x.data('source')).data('label') === 'FOUR POINTS TECHNOLOGY, L.L.C.').first();
      return e.renderedMidpoint();
    });
    await page.mouse.click(box.x + mid.x, box.y + mid.y);
    await page.waitForSelector('#evidence table');
    const evidence = await page.textContent('#evidence');
    expect(evidence).toContain('resells: FOUR POINTS TECHNOLOGY, L.L.C. resells Amazon.com, Inc.');
    expect(evidence).toMatch(/CBP_ICE_FY20\d\d_Contract_Obligations\.csv line \d+/);
    await page.screenshot({ path: join(SHOTS, '4-path.png'), fullPage: true });

    for (const [name, path] of [['5-home', '/'], ['6-agency', '/agency?q=ICE'], ['7-data', '/data'], ['8-sql', '/sql'], ['10-report', '/report?kind=agency&q=ICE&fy=2021..2023']]) {
      await page.goto(server.url + path!);
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works with JavaScript off: search, company page, and every path step with its evidence', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/search?q=palantir`);
    await page.click('a:text-is("Palantir Technologies Inc.")');
    expect(await page.textContent('.lead')).toContain('$73,677,408.78');
    await page.goto(`${server.url}/path?from=Amazon&to=ICE`);
    expect(await page.textContent('#graph')).toContain('needs JavaScript');
    const step = page.locator('ol.paths > li > ol > li', { hasText: 'FOUR POINTS TECHNOLOGY, L.L.C. resells Amazon.com, Inc.' }).first().locator('details');
    await step.locator('summary').click();
    expect(await step.locator('table').isVisible()).toBe(true);
    expect(await step.locator('table').textContent()).toMatch(/CBP_ICE_FY20\d\d_Contract_Obligations\.csv line \d+/);
    expect(await page.textContent('ol.paths')).toContain('FOUR POINTS TECHNOLOGY, L.L.C. resells Amazon.com, Inc.');
    await page.screenshot({ path: join(SHOTS, '9-path-no-js.png'), fullPage: true });
    await context.close();
  });
});
