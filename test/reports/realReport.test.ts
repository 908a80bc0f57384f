/**
 * The done-when on the real files in ../shared/data/real (ICE and CBP dashboard transactions,
 * ICE award summaries and subawards, the FedRAMP feed): `whosbehind report agency ICE --fy 2021..2023`
 * run as a process, its JSON compared with the agency, breakdown and path answers computed here from the
 * same store and with sums computed here from the raw CSV files; the HTML checked in Chromium.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyAnswer } from '../../src/analysis/agencyAnswer.js';
import { answerContext } from '../../src/analysis/answer.js';
import { breakdownAnswer } from '../../src/analysis/breakdown.js';
import { parseFiscalYears } from '../../src/analysis/fiscalYears.js';
import { findAgency, loadAgencyDirectory } from '../../src/entities/agencies.js';
import { pathAnswer } from '../../src/graph/graphAnswers.js';
import type { ReportModel } from '../../src/reports/reportModel.js';
import { parseCsvTable } from '../support/csv.js';
import { cents, formatCents } from '../support/money.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { type TempStore } from '../support/tempStore.js';
import { realGraphStore } from '../support/realStores.js';
import { checkInChromium, hasChromium } from './browserCheck.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'whosbehind.js');
const DASHBOARD = ['2021', '2022', '2023'].map((y) => `CBP_ICE_FY${y}_Contract_Obligations.csv`);
const FY = parseFiscalYears('2021..2023');

/** Dashboard rows, each identical repeat counted once (the files repeat a few rows from paging overlap). */
function dashboardRows(): Array<Record<string, string>> {
  const seen = new Set<string>();
  const out: Array<Record<string, string>> = [];
  for (const f of DASHBOARD) {
    for (const r of parseCsvTable(readFileSync(realFile('cbp-ice-dashboard', f))).rows.map((x) => x.values)) {
      const k = JSON.stringify(r);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}

const fiscalYear = (iso: string): number => {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return m >= 10 ? y + 1 : y;
};
/** "$1,234.56", written here rather than by the code under test. */
const dollars = (s: string): string => `$${s.replace(/(\d)(?=(\d{3})+\.)/g, '$1,')}`;
const sum = (rows: Array<Record<string, string>>): string => formatCents(rows.reduce((s, r) => s + cents(r['Federal Action Obligation']!), 0n));

describe.skipIf(!hasRealData)('report agency ICE --fy 2021..2023 on the real ICE/CBP files and the FedRAMP feed', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  let store: TempStore;
  let report: ReportModel;
  let html: string;
  let htmlFile: string;

  beforeAll(async () => {
    store = await realGraphStore({ prepare: false });
    store.close();
    // the command of the issue, as a process: resolves families and builds the graph itself
    for (const out of ['ice.json', 'ice.html']) {
      const run = spawnSync(process.execPath, [BIN, 'report', 'agency', 'ICE', '--fy', '2021..2023', '--db', store.dbPath, '--out', join(store.dir, out)], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain(`wrote ${join(store.dir, out)}`);
    }
    report = JSON.parse(readFileSync(join(store.dir, 'ice.json'), 'utf8')) as ReportModel;
    htmlFile = join(store.dir, 'ice.html');
    html = readFileSync(htmlFile, 'utf8');
    await store.reopen();
  }, 240_000);
  afterAll(() => store?.cleanup());

  it('figures equal the agency and breakdown answers computed from the same store', async () => {
    const ctx = await answerContext(store.db, 'test');
    const ref = findAgency(await loadAgencyDirectory(store.db), 'ICE');
    const a = await agencyAnswer(store.db, ref, ctx, { basis: 'either', fiscalYears: FY, limit: 10, topAwards: 15 });
    expect(report.ranking.total).toEqual({ obligations: a.totals.obligations, transactions: a.totals.transactions, awards: a.totals.awards, count: a.totals.families });
    expect(report.ranking.rows.map((r) => [r.id, r.name, r.obligations, r.share, r.awards, r.transactions, r.firstFiscalYear, r.lastFiscalYear]))
      .toEqual(a.families.map((f) => [f.familyId, f.name, f.obligations, f.share, f.awards, f.transactions, f.firstFiscalYear, f.lastFiscalYear]));
    expect(report.ranking.others).toEqual({ count: a.others!.families, obligations: a.others!.obligations, share: a.others!.share, transactions: a.others!.transactions });
    expect(report.trend.total).toEqual(a.trend);
    expect(report.topAwards.map((t) => [t.awardKey, t.obligations, t.permalink])).toEqual(a.topAwards.map((t) => [t.awardKey, t.obligations, t.permalink]));
    const b = await breakdownAnswer(store.db, ref, 'category', ctx, { basis: 'either', fiscalYears: FY });
    expect(report.categories.map((c) => [c.fiscalYear, c.category, c.obligations, c.share, c.transactions])).toEqual(b.rows.map((r) => [r.fiscalYear, r.code, r.obligations, r.share, r.transactions]));
  });

  it('totals equal sums computed here from the raw dashboard CSV; the printed text carries them', () => {
    const ice = dashboardRows().filter((r) => r['Agency'] === 'ICE' && fiscalYear(r['Action Date']!) >= 2021 && fiscalYear(r['Action Date']!) <= 2023);
    expect(report.ranking.total.obligations).toBe(sum(ice));
    expect(report.ranking.total.transactions).toBe(ice.length);
    for (const fy of [2021, 2022, 2023]) {
      expect(report.trend.total.find((t) => t.fiscalYear === fy)!.obligations).toBe(sum(ice.filter((r) => fiscalYear(r['Action Date']!) === fy)));
    }
    // the series of the trend add up to each year's total; the categories of each year too
    for (const t of report.trend.total) {
      expect(formatCents(report.trend.series.reduce((s, x) => s + cents(x.byYear.find((y) => y.fiscalYear === t.fiscalYear)!.obligations), 0n))).toBe(t.obligations);
      expect(formatCents(report.categories.filter((c) => c.fiscalYear === t.fiscalYear).reduce((s, c) => s + cents(c.obligations), 0n))).toBe(t.obligations);
    }
    // the curated GEO Group family (data/families.yaml): THE GEO GROUP, INC., B.I. INCORPORATED, GEO CARE …
    const geo = ice.filter((r) => /^(THE GEO GROUP, INC\.?|B\.I\. INCORPORATED|GEO CARE\b.*)$/.test(r['Recipient Name']!));
    expect(report.ranking.rows[0]).toMatchObject({ id: 'geo-group' });
    expect(report.ranking.rows[0]!.obligations).toBe(sum(geo));
    expect(html).toContain(dollars(report.ranking.total.obligations));
    expect(html).toContain(dollars(report.ranking.rows[0]!.obligations));
    expect(html).toContain('FY2021–FY2023');
  });

  it('relationships: the Amazon and Palantir paths of the path answer, with their evidence, in the JSON and the HTML', async () => {
    const ctx = await answerContext(store.db, 'test');
    const amazon = report.relationships.watched.find((w) => w.name === 'Amazon')!;
    const palantir = report.relationships.watched.find((w) => w.name === 'Palantir')!;
    const route = (p: { steps: Array<{ kind: string; from: { label: string }; to: { label: string } }> }): string => p.steps.map((s) => `${s.kind}:${s.from.label}>${s.to.label}`).join(' | ');
    const amazonAnswer = await pathAnswer(store.db, ctx, 'Amazon', '7012', { limit: 5, evidenceLimit: 3 });
    expect(amazon.paths.map(route)).toEqual(amazonAnswer.paths.map(route));
    expect(route(amazon.paths[0]!)).toBe('owns:Amazon.com, Inc.>AWS GovCloud (Amazon) | authorizes:AWS GovCloud (Amazon)>U.S. Immigration and Customs Enforcement');
    const fourPoints = amazon.paths.find((p) => p.steps[0]!.kind === 'resells' && p.steps[0]!.to.label === 'FOUR POINTS TECHNOLOGY, L.L.C.')!;
    expect(fourPoints).toBeDefined();
    const resale = fourPoints.steps[0]!.evidence;
    expect(resale.records.length).toBeGreaterThan(0);
    expect(resale.records.every((r) => r.matched && r.text && r.amount !== null && r.sourceFile)).toBe(true);

    const palantirAnswer = await pathAnswer(store.db, ctx, 'Palantir', '7012', { limit: 5, evidenceLimit: 3 });
    expect(palantir.paths.map(route)).toEqual(palantirAnswer.paths.map(route));
    const prime = palantir.paths.flatMap((p) => p.steps).find((s) => s.kind === 'prime')!;
    // the prime step's evidence total equals Palantir's ICE rows in the raw dashboard files (FY2021–FY2023 is all they hold)
    const rows = dashboardRows().filter((r) => r['Agency'] === 'ICE' && /PALANTIR/i.test(r['Recipient Name']!));
    expect(prime.evidence.total).toBe(sum(rows));
    expect(prime.evidence.count).toBe(rows.length);
    // Palantir's FedRAMP offering runs on Amazon's cloud, and ICE authorized it: shown among Amazon's paths, with the feed entry
    const onAws = amazon.paths.find((p) => p.steps.some((s) => s.kind === 'builds_on' && s.to.label.startsWith('Palantir Federal Cloud Service - High') && s.from.label === 'AWS GovCloud (Amazon)'))!;
    expect(onAws).toBeDefined();
    expect(onAws.why.join(' ')).toContain('also pays Palantir Technologies Inc. as prime');
    expect(onAws.steps.find((s) => s.kind === 'builds_on')!.evidence.records[0]).toMatchObject({ table: 'fedramp_builds_on' });

    // the HTML shows the same paths and their evidence
    const rel = html.slice(html.indexOf('<section id="relationships">'), html.indexOf('<section id="awards">'));
    expect(rel).toContain('<h3>Amazon (Amazon.com, Inc.)</h3>');
    expect(rel).toContain('<h3>Palantir (Palantir Technologies Inc.)</h3>');
    expect(rel).toContain('FOUR POINTS TECHNOLOGY, L.L.C. resells Amazon.com, Inc.');
    expect(rel).toContain('Palantir Federal Cloud Service - High (Palantir Technologies Inc.) is built on (FedRAMP) AWS GovCloud (Amazon)');
    expect(rel).toContain(`[matched: ${resale.records[0]!.matched}]`);
    expect(rel).toContain(`Evidence: ${prime.evidence.count} record(s), ${dollars(prime.evidence.total!)}`);
    // both are drawn, their steps marked as on a path
    const onPath = new Set(report.relationships.edges.filter((e) => e.onPath).flatMap((e) => [e.from, e.to]));
    expect(onPath.has('family:amazon')).toBe(true);
    expect(onPath.has('family:palantir')).toBe(true);
  });

  it('method: every dashboard file with its sha256 (computed here), rows counted in the report adding up', () => {
    for (const f of DASHBOARD) {
      const sha = createHash('sha256').update(readFileSync(realFile('cbp-ice-dashboard', f))).digest('hex');
      const s = report.method.sources.find((x) => x.name.endsWith(f))!;
      expect(s.sha256).toBe(sha);
      expect(html).toContain(sha);
    }
    expect(report.method.sources.reduce((s, x) => s + x.rowsInReport, 0)).toBe(report.ranking.total.transactions);
    expect(report.method.sources.find((x) => x.layout === 'fedramp_marketplace')).toMatchObject({ currentRows: 642 });
    expect(report.method.gaps.join(' ')).toMatch(/Parent gaps: \d+ of 11,?\d+ prime transactions/);
    expect(report.reproduce.command).toBe(`whosbehind report agency ICE --fy 2021..2023 --out ${join(store.dir, 'ice.json')} --db ${store.dbPath}`);
  });

  it.skipIf(!hasChromium)('the real report renders in Chromium with no console error, no request, all charts drawn', async () => {
    const c = await checkInChromium(htmlFile);
    expect(c.pageErrors).toEqual([]);
    expect(c.consoleMessages).toEqual([]);
    expect(c.requests).toEqual([]);
    expect(c.sections.map((s) => s.id)).toEqual(['summary', 'ranking', 'trend', 'categories', 'relationships', 'awards', 'method', 'reproduce']);
    expect(c.charts.map((x) => [x.id, x.marks > 5])).toEqual([['ranking', true], ['trend', true], ['categories', true], ['relationships', true]]);
  }, 60_000);
});
