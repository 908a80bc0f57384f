#!/usr/bin/env node
// @ts-check
// Report benchmark: a full agency report (HTML) from a generated store of N fictional transactions, timed
// in process (buildReport + renderReport, warm) and end to end (`whosbehind report agency … --out x.html`
// as a child process), against baselines measured in the same run on the same store: the `agency` answer
// alone and a plain DuckDB aggregate of the agency's suppliers. Target: under 10 s at 1,000,000
// transactions. See bench/README.md ("Report").
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dist, fmtInt, fmtMs, mib, peakRss, quantile, readLoad, resetPeakRss } from './common.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'whosbehind.js');
const TARGET_S = 10;

const HELP = `usage: npm run bench:report -- [--rows N] [--runs N] [--cli-runs N] [--keep DIR] [--from DIR] [--store FILE]

  --rows N      transactions in the generated store (default 1000000)
  --runs N      warm in-process repetitions after one warm-up (default 3)
  --cli-runs N  end-to-end CLI runs as child processes (default 2; 0 = skip)
  --keep DIR    a folder holding a generated store (store.duckdb + prepared.json, as bench:answers --keep
                writes it); made with bench:answers when absent, kept afterwards. The report runs on a copy
                (report-store.duckdb), which gets its families resolved and its graph built once, untimed.
  --from DIR    read the generated store from DIR (e.g. a bench:answers --keep folder) instead of --keep;
                only the copy in --keep is written to
  --store FILE  report on a copy of this store file instead (e.g. bench:answers' store-recipients-100000.duckdb,
                the same 1M transactions spread over 100,000 fictional recipients: realistic family and graph sizes)
`;

async function main() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      'cli-runs': { type: 'string', default: '2' },
      keep: { type: 'string' },
      from: { type: 'string' },
      store: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const cliRuns = Number(values['cli-runs']);
  if (!Number.isInteger(rows) || rows < 100) return usage(`--rows must be an integer of at least 100, got ${values.rows}`);
  if (!Number.isInteger(runs) || runs < 1) return usage(`--runs must be a positive integer, got ${values.runs}`);
  if (!Number.isInteger(cliRuns) || cliRuns < 0) return usage(`--cli-runs must be a whole number, got ${values['cli-runs']}`);
  const keep = values.keep ? resolve(values.keep) : undefined;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'whosbehind-report-'));
  mkdirSync(dir, { recursive: true });
  try {
    return await run(dir, values.from ? resolve(values.from) : dir, rows, runs, cliRuns, values.store ? resolve(values.store) : undefined);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`\nstores kept in ${dir} (reuse with --keep ${dir} --rows ${rows})`);
  }
}

function usage(message) {
  process.stderr.write(`bench:report: ${message}\n\n${HELP}`);
  return 2;
}

/** The generated store: reused when DIR holds one of N rows, else made by bench:answers (generation + ingest). */
function generatedStore(dir, rows) {
  const prepared = join(dir, 'prepared.json');
  const ok = () => existsSync(prepared) && existsSync(join(dir, 'store.duckdb')) && JSON.parse(readFileSync(prepared, 'utf8')).rows === rows;
  if (!ok()) {
    console.log(`no generated store of ${fmtInt(rows)} rows in ${dir}: making one with bench:answers (generation and ingest take minutes at 1M rows)`);
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'answers.mjs'), '--rows', String(rows), '--keep', dir, '--runs', '1', '--cli-runs', '0'], { stdio: 'inherit' });
    if (r.status !== 0 || !ok()) throw new Error(`bench:answers could not prepare the store in ${dir} (exit ${r.status})`);
  }
  const info = JSON.parse(readFileSync(prepared, 'utf8'));
  console.log(`generated store: ${fmtInt(info.rows)} transactions (${info.kinds.join(', ')}), prepared ${info.preparedAt}`);
  return join(dir, 'store.duckdb');
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return { min: s[0], median: quantile(s, 0.5), max: s.at(-1) };
}

async function run(dir, from, rows, runs, cliRuns, storeFile) {
  console.log(`whosbehind report benchmark: ${fmtInt(rows)} transactions; node ${process.version}; ${runs} warm runs after one warm-up`);
  console.log(`machine: ${readLoad()} (shared machine: figures vary with the other work on it)\n`);
  const source = storeFile ?? generatedStore(from, rows);
  if (storeFile) console.log(`store: ${storeFile}`);
  const store = join(dir, storeFile ? `report-${storeFile.split('/').pop()}` : 'report-store.duckdb');
  if (!existsSync(store) || statSync(store).mtimeMs < statSync(source).mtimeMs) {
    rmSync(`${store}.wal`, { force: true });
    copyFileSync(source, store);
    console.log(`copied to ${store} (the report's families and graph are written there, not into the shared store)`);
  }

  const { openStore } = await import(dist('store/openStore.js'));
  const { openResolved } = await import(dist('entities/companies.js'));
  const { ensureGraph } = await import(dist('graph/graphAnswers.js'));
  const { loadAgencyDirectory, findAgency } = await import(dist('entities/agencies.js'));
  const { agencyAnswer } = await import(dist('analysis/agencyAnswer.js'));
  const { breakdownAnswer } = await import(dist('analysis/breakdown.js'));
  const { answerContext } = await import(dist('analysis/answer.js'));
  const { buildReport, renderReport } = await import(dist('reports/index.js'));
  const { reportRelationships } = await import(dist('reports/relationships.js'));
  const { VERSION } = await import(dist('version.js'));

  // 1. One-time preparation, as the first `report` on a new snapshot does it (untimed for the target).
  let t0 = performance.now();
  let db = await openResolved(store, undefined, (r) => console.log(`resolved ${fmtInt(r.recipients)} recipients into ${fmtInt(r.families)} families in ${fmtMs(r.ms)} ms`));
  const resolveMs = performance.now() - t0;
  if (db.readOnly) {
    db.close();
    db = await openStore(store);
  }
  t0 = performance.now();
  const built = await ensureGraph(db, [], async () => []);
  const graphMs = performance.now() - t0;
  console.log(`preparation (once per snapshot): families current after ${fmtMs(resolveMs)} ms; graph ${built ? `built (${fmtInt(built.nodes)} nodes) in ${fmtMs(graphMs)} ms` : `already current (${fmtMs(graphMs)} ms to check)`}`);
  db.close();

  // 2. What to report on: the subtier with the most transactions, watching its four largest families
  // (the generated data names no real company, so the built-in watch list would find nothing).
  db = await openResolved(store, undefined);
  const ctx = await answerContext(db, VERSION);
  const sub = await db.one(`SELECT awarding_sub_agency_code AS code, count(*) AS n FROM tx_current WHERE awarding_sub_agency_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
  const dir0 = await loadAgencyDirectory(db);
  const ref = findAgency(dir0, `subtier:${sub.code}`);
  const top = await agencyAnswer(db, ref, ctx, { basis: 'either', limit: 4 });
  const watch = { companies: top.families.map((f) => f.familyId), agencies: [], keywords: ['services'], source: 'bench: the agency\'s 4 largest families' };
  const inScope = Number((await db.one(`SELECT count(*) AS n FROM tx_current r WHERE r.awarding_sub_agency_code = ? OR r.funding_sub_agency_code = ?`, [sub.code, sub.code])).n);
  console.log(`report: agency ${sub.code} (${ref.name}), either basis, all fiscal years: ${fmtInt(inScope)} transactions in scope; watching ${watch.companies.join(', ')}\n`);

  const request = { kind: 'agency', query: `subtier:${sub.code}`, basis: 'either', watch };
  /** @type {Record<string, number[]>} */
  const times = { report: [], build: [], render: [], agency: [], breakdown: [], relationships: [], sql: [] };
  let html = '';
  let model;
  resetPeakRss();
  for (let i = 0; i <= runs; i++) {
    let t = performance.now();
    model = await buildReport(db, ctx, request);
    const build = performance.now() - t;
    t = performance.now();
    html = String((await renderReport(model, 'html')).content);
    const render = performance.now() - t;
    // baselines and phases, same connection, same run
    t = performance.now();
    await agencyAnswer(db, ref, ctx, { basis: 'either', limit: 10, topAwards: 15 });
    const agency = performance.now() - t;
    t = performance.now();
    await breakdownAnswer(db, ref, 'category', ctx, { basis: 'either' });
    const breakdown = performance.now() - t;
    t = performance.now();
    await reportRelationships(db, ctx, dir0, { type: 'agency', ref }, watch.companies);
    const relationships = performance.now() - t;
    t = performance.now();
    await db.all(`SELECT recipient_name, sum(federal_action_obligation) AS s, count(*) AS n FROM tx_current
      WHERE awarding_sub_agency_code = ? OR funding_sub_agency_code = ? GROUP BY 1 ORDER BY 2 DESC LIMIT 10`, [sub.code, sub.code]);
    const sql = performance.now() - t;
    if (i === 0) continue; // warm-up
    Object.entries({ report: build + render, build, render, agency, breakdown, relationships, sql }).forEach(([k, v]) => times[k].push(v));
  }
  const peak = peakRss();
  db.close();

  const r = stats(times.report);
  const row = (label, ms, note = '') => {
    const s = stats(ms);
    console.log(`${label.padEnd(52)}${fmtMs(s.min).padStart(9)}${fmtMs(s.median).padStart(9)}${fmtMs(s.max).padStart(9)}${(r.median / s.median).toFixed(1).padStart(9)}  ${note}`);
  };
  console.log(`${'in process (warm)'.padEnd(52)}${'min ms'.padStart(9)}${'median'.padStart(9)}${'max'.padStart(9)}${'report÷'.padStart(9)}`);
  row('full report: buildReport + renderReport(html)', times.report, `target < ${TARGET_S} s: ${r.median < TARGET_S * 1000 ? 'ok' : 'MISSED'}`);
  row('  buildReport (all queries, paths, evidence)', times.build);
  row('  renderReport html (4 Vega-Lite charts to SVG)', times.render);
  row('baseline: agency answer alone', times.agency);
  row('  breakdown by category', times.breakdown);
  row('  relationships (graph + 4 path answers)', times.relationships);
  row('baseline: plain SQL top-10 suppliers', times.sql);
  console.log(`HTML ${fmtInt(html.length)} characters, ${(html.match(/<svg /g) ?? []).length} charts, ${model.ranking.rows.length} families listed, ` +
    `${model.relationships.watched.reduce((s, w) => s + w.paths.length, 0)} paths; peak RSS ${mib(peak)} MiB`);

  if (cliRuns) {
    const out = join(dir, 'bench-report.html');
    const wall = [];
    for (let i = 0; i < cliRuns; i++) {
      const t = performance.now();
      const p = spawnSync(process.execPath, [CLI, 'report', 'agency', sub.code, '--db', store, '--out', out, '--limit', '10'], { encoding: 'utf8' });
      wall.push(performance.now() - t);
      if (p.status !== 0) throw new Error(`CLI report failed (exit ${p.status}): ${p.stderr}`);
    }
    const c = stats(wall);
    console.log(`\nend to end: whosbehind report agency ${sub.code} --out x.html (child process, built-in watch list): ` +
      `min ${fmtMs(c.min)} ms, median ${fmtMs(c.median)} ms (target < ${TARGET_S} s: ${c.median < TARGET_S * 1000 ? 'ok' : 'MISSED'}); ` +
      `${(c.median / stats(times.agency).median).toFixed(1)}× the in-process agency answer`);
  }
  return 0;
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`bench:report failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
