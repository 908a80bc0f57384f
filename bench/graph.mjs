#!/usr/bin/env node
// @ts-check
// Graph benchmark: on a generated store of N fictional transactions and at least S subawards, spread over K
// realistic fictional recipients, times family resolution and the graph build cold (a fresh process), the
// `ensureGraph` step the graph commands run, and `path` searches between companies and agencies picked across
// the distribution, each against a plain DuckDB query over the same graph_edges table in the same run.
// See bench/README.md ("Graph").
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure, timeReportPath } from './measure.mjs';
import { dist, fmtInt, fmtMs, mib, oneLine, peakRss, quantile, readLoad, resetPeakRss, spreadRecipients, sum } from './common.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const CLI = join(ROOT, 'bin', 'whosbehind.js');
const TARGET_PATH_MS = 250;
const TARGET_PATH_MS_10M = 500;
const TARGET_RATIO = 4;
const TARGET_PARTNERS_MS = 1000;
const TARGET_BUILD_S = 120;
/** What `whosbehind demo` generates (the API projection would double-count one subtier, so it is left out). */
const KINDS = ['agencyCodes', 'transactions', 'awardSummaries', 'subawards', 'delta'];
const PREPARED = 'prepared.json';
const STORE = 'store.duckdb';
const INGEST_MEMORY_LIMIT = '1600MB';
const EXTRA_SUBAWARDS_FILE = 'Contracts_Subawards_BENCHGRAPH_1.csv';
/** Company ranks picked for the searches, as quantiles of families ordered by graph degree (0 = the largest). */
const COMPANY_QUANTILES = [0, 0.0001, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

const HELP = `usage: npm run bench:graph -- [--rows N] [--subawards S] [--recipients K] [--runs N] [--pairs N] [--keep DIR]

  --rows N        transactions to generate (default 1000000)
  --subawards S   subawards the store must hold at least (default 100000). The demo generator reports about
                  69,000 at 1,000,000 transactions; the rest are drawn by the generator's own subaward rules
                  with other seeds over the same awards, written in the real Contracts_Subawards layout and
                  ingested with \`whosbehind ingest\`
  --recipients K  spread the records over K fictional recipients (default 100000; 0 = the generator's own
                  eleven companies, which makes a graph of a dozen families)
  --runs N        warm repetitions of each timed call, after one warm-up (default 20)
  --pairs N       company/agency pairs to time (default 20)
  --max-hops N    longest path searched (default 4, as \`whosbehind path\`)
  --cli-runs N    also run \`whosbehind path\` end to end N times for two pairs, as child processes (default 3)
  --whole         also time each answer the whole-graph way (fullGraph: true, the code before the compact
                  search graph; slow: tens of seconds a call for the largest family at 1M)
  --keep DIR      keep the generated stores in DIR and reuse them on later runs with the same options
                  (generation, ingest and the recipient spread are skipped; resolution and build are still timed)
`;

async function main() {
  if (process.argv[2] === '--ingest-child') return ingestChild(process.argv[3], process.argv.slice(4));
  if (process.argv[2] === '--build-child') return buildChild(process.argv[3]);
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      subawards: { type: 'string', default: '100000' },
      recipients: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '20' },
      pairs: { type: 'string', default: '20' },
      'max-hops': { type: 'string', default: '4' },
      'cli-runs': { type: 'string', default: '3' },
      whole: { type: 'boolean', default: false },
      keep: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const int = (name, min) => {
    const n = Number(values[name]);
    return Number.isInteger(n) && n >= min ? n : undefined;
  };
  const rows = int('rows', 100);
  const subawards = int('subawards', 0);
  const recipients = int('recipients', 0);
  const runs = int('runs', 1);
  const pairs = int('pairs', 1);
  const maxHops = int('max-hops', 1);
  const cliRuns = int('cli-runs', 0);
  if (rows === undefined) return usage(`--rows must be an integer of at least 100, got ${values.rows}`);
  if (subawards === undefined) return usage(`--subawards must be a whole number, got ${values.subawards}`);
  if (recipients === undefined) return usage(`--recipients must be a whole number, got ${values.recipients}`);
  if (runs === undefined) return usage(`--runs must be a positive integer, got ${values.runs}`);
  if (pairs === undefined) return usage(`--pairs must be a positive integer, got ${values.pairs}`);
  if (maxHops === undefined || maxHops > 6) return usage(`--max-hops must be 1 to 6, got ${values['max-hops']}`);
  if (cliRuns === undefined) return usage(`--cli-runs must be a whole number, got ${values['cli-runs']}`);
  if (!existsSync(join(DIST, 'graph', 'graphAnswers.js'))) return fail(`${DIST} is not built: run "npm run build" first`);

  const keep = values.keep ? resolve(values.keep) : undefined;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'whosbehind-graph-'));
  if (keep) mkdirSync(keep, { recursive: true });
  const cleanup = () => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    return await run({ dir, rows, subawards, recipients, runs, pairs, maxHops, cliRuns, kept: !!keep, wholeToo: !!values.whole });
  } finally {
    cleanup();
    if (keep) console.log(`\nstores kept in ${dir} (reuse with --keep ${dir} and the same --rows, --subawards, --recipients)`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 1. The store: generated transactions (as bench/answers.mjs makes them), extra subawards, realistic recipients

/** Runs in a child process: ingests files into a store (fresh or not), without resolving families. */
async function ingestChild(dbPath, files) {
  const { openStore } = await import(dist('store/openStore.js'));
  const { ingest } = await import(dist('ingest.js'));
  const db = await openStore(dbPath, { memoryLimit: INGEST_MEMORY_LIMIT });
  try {
    const result = await ingest(db, { paths: files, command: 'bench:graph ingest' });
    const counts = result.files.map((f) => ({ name: f.name, layout: f.layout, loaded: f.counts?.loaded, skipped: f.skipped, error: f.error }));
    process.stdout.write(`${JSON.stringify({ snapshotId: result.snapshotId, failed: result.failed, files: counts })}\n`);
    return result.failed ? 1 : 0;
  } finally {
    db.close();
  }
}

async function ingestFiles(dir, store, files, label) {
  const m = await measure(process.execPath, [fileURLToPath(import.meta.url), '--ingest-child', store, ...files], {
    cwd: ROOT, timeFile: timeReportPath(dir, label),
  });
  if (m.exitCode !== 0) {
    throw new Error(`ingest failed (exit ${m.exitCode}):\n${m.stderr.trim().split('\n').slice(-15).join('\n')}\n${m.stdout}`);
  }
  const ingested = JSON.parse(m.stdout.trim().split('\n').pop() ?? '{}');
  console.log(`  ingested in ${m.wallSeconds.toFixed(1)} s (child process, memory limit ${INGEST_MEMORY_LIMIT}), peak RSS ${mib(m.peakRssBytes)} MiB: ` +
    ingested.files.map((f) => `${f.name.split('/').pop()} ${f.loaded ?? f.skipped ?? f.error}`).join('; '));
  return m;
}

/** The generated store of bench/answers.mjs (same files, same prepared.json): a kept answers folder can be copied in. */
async function prepareStore(dir, rows) {
  const store = join(dir, STORE);
  const preparedPath = join(dir, PREPARED);
  if (existsSync(preparedPath) && existsSync(store)) {
    const prepared = JSON.parse(readFileSync(preparedPath, 'utf8'));
    if (prepared.rows === rows && JSON.stringify(prepared.kinds) === JSON.stringify(KINDS)) {
      console.log(`reusing the generated store in ${dir}: ${fmtInt(rows)} transactions, prepared ${prepared.preparedAt}`);
      console.log(`  (generation took ${prepared.generateSeconds.toFixed(1)} s, ingest ${prepared.ingestSeconds.toFixed(1)} s, ingest peak RSS ${mib(prepared.ingestPeakRssBytes)} MiB)`);
      return { store, prepared };
    }
    console.log(`${dir} holds a store of ${fmtInt(prepared.rows)} rows (or other files): regenerating it for ${fmtInt(rows)}`);
  }
  for (const f of [store, `${store}.wal`, preparedPath]) rmSync(f, { force: true });
  const dataDir = join(dir, 'data');
  rmSync(dataDir, { recursive: true, force: true });

  const { generateDemo } = await import(dist('demo/generate.js'));
  const t0 = performance.now();
  const manifest = await generateDemo({ outDir: dataDir, transactions: rows, only: KINDS });
  const generateSeconds = (performance.now() - t0) / 1000;
  const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
  console.log(`generated ${manifest.files.map((f) => `${fmtInt(f.rows)} ${f.kind}`).join(', ')} (${(bytes / 1e6).toFixed(0)} MB) in ${generateSeconds.toFixed(1)} s`);
  // The CSV files by name, not the folder: README.txt and manifest.json beside them are not data.
  const m = await ingestFiles(dir, store, manifest.files.map((f) => join(dataDir, f.file)), 'ingest');
  rmSync(dataDir, { recursive: true, force: true });
  const prepared = {
    rows, kinds: KINDS, preparedAt: new Date().toISOString(), generateSeconds, csvBytes: bytes,
    ingestSeconds: m.wallSeconds, ingestPeakRssBytes: m.peakRssBytes, files: manifest.files,
  };
  writeFileSync(preparedPath, `${JSON.stringify(prepared, null, 2)}\n`);
  return { store, prepared };
}

/**
 * The graph store: a copy of the generated one, topped up to `target` subawards and spread over K recipients.
 * Extra subawards: the generator's own rule (subawardsFor: primes of $500,000 or more, their supplier's
 * subaward rate, 1–3 subawards of $30,000 up to 40% of the award) applied again over the same awards with
 * seeds DEFAULT_SEED + 1, + 2, …; numbered SUB-<award>-<4…> so none is taken for a repeated report of an
 * original one. The last round is thinned evenly (every n-th candidate) so the total is exactly the target.
 */
async function graphStore(dir, base, prepared, target, k) {
  const store = join(dir, `store-graph-s${target}-r${k}.duckdb`);
  const markerPath = `${store}.json`;
  if (existsSync(store) && existsSync(markerPath)) {
    const marker = JSON.parse(readFileSync(markerPath, 'utf8'));
    if (marker.from === prepared.preparedAt) {
      console.log(`reusing ${store}: ${fmtInt(marker.subawards)} subawards (${fmtInt(marker.extraSubawards)} added), ` +
        `${k ? `records spread over ${fmtInt(k)} recipients` : "the generator's own recipients"}`);
      return { store, marker };
    }
  }
  for (const f of [store, `${store}.wal`, markerPath]) rmSync(f, { force: true });
  copyFileSync(base, store);
  const { openStore } = await import(dist('store/openStore.js'));
  let db = await openStore(store);
  const before = Number((await db.one(`SELECT count(*) AS n FROM sub_current`))?.n ?? 0);
  db.close();

  let extra = 0;
  let extraSeconds = 0;
  if (before < target) {
    const t0 = performance.now();
    const dataDir = join(dir, 'extra');
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, EXTRA_SUBAWARDS_FILE);
    extra = await writeExtraSubawards(file, prepared.rows, target - before);
    const genSeconds = (performance.now() - t0) / 1000;
    console.log(`the generated store holds ${fmtInt(before)} subawards: wrote ${fmtInt(extra)} more (generator rules, other seeds) in ${genSeconds.toFixed(1)} s`);
    await ingestFiles(dir, store, [file], 'ingest-extra');
    rmSync(dataDir, { recursive: true, force: true });
    extraSeconds = (performance.now() - t0) / 1000;
  }
  let spreadSeconds = 0;
  if (k) {
    db = await openStore(store);
    const t0 = performance.now();
    try {
      await spreadRecipients(db, k);
    } finally {
      db.close();
    }
    spreadSeconds = (performance.now() - t0) / 1000;
    console.log(`spread the records over ${fmtInt(k)} fictional recipients in ${spreadSeconds.toFixed(1)} s`);
  }
  db = await openStore(store);
  const after = Number((await db.one(`SELECT count(*) AS n FROM sub_current`))?.n ?? 0);
  db.close();
  const marker = { from: prepared.preparedAt, subawards: after, generatedSubawards: before, extraSubawards: extra, recipients: k, extraSeconds, spreadSeconds };
  writeFileSync(markerPath, `${JSON.stringify(marker, null, 2)}\n`);
  return { store, marker };
}

async function writeExtraSubawards(file, rows, need) {
  const { awardStream } = await import(dist('demo/awards.js'));
  const { subawardsFor, subawardRow } = await import(dist('demo/subawards.js'));
  const { DEFAULT_SEED } = await import(dist('demo/generate.js'));
  const { DEMO_FILES } = await import(dist('demo/files.js'));
  const { CsvFileWriter } = await import(dist('demo/csvWriter.js'));
  // ordinal ≥ 2: the re-report and embedded-line-feed quirks belong to the generated file's first subawards
  const candidates = (round, award) => subawardsFor(DEFAULT_SEED + round, award, 2).map((s, i) => ({
    ...s, number: `SUB-${String(award.index + 1).padStart(8, '0')}-${round * 3 + i + 1}`,
  }));
  // how many rounds, and how many of the last round's candidates to keep
  const perRound = [];
  let sum = 0;
  while (sum < need) {
    let n = 0;
    for (const award of awardStream(DEFAULT_SEED, rows)) n += candidates(perRound.length + 1, award).length;
    if (n === 0) throw new Error('the generator makes no subawards at this size');
    perRound.push(n);
    sum += n;
  }
  const last = perRound.length;
  const keepLast = need - (sum - perRound[last - 1]);
  const lastTotal = perRound[last - 1];
  const spec = DEMO_FILES.subawards;
  const w = await CsvFileWriter.create(file, spec.header, spec.format);
  let written = 0;
  try {
    for (let round = 1; round <= last; round++) {
      let i = 0;
      for (const award of awardStream(DEFAULT_SEED, rows)) {
        for (const s of candidates(round, award)) {
          const keepIt = round < last || Math.floor(((i + 1) * keepLast) / lastTotal) > Math.floor((i * keepLast) / lastTotal);
          i++;
          if (!keepIt) continue;
          w.writeEscapedRow(subawardRow(s));
          written++;
        }
        await w.drain();
      }
    }
  } finally {
    await w.close();
  }
  return written;
}


// ---------------------------------------------------------------------------------------------------------
// 2. Resolution and graph build, cold: run in a child process (new Node, new DuckDB instance per step)

async function buildChild(store) {
  const { openStore } = await import(dist('store/openStore.js'));
  const { resolveEntities } = await import(dist('entities/resolve.js'));
  const { familiesFilesFor } = await import(dist('entities/companies.js'));
  const { buildGraph } = await import(dist('graph/buildGraph.js'));
  const { ensureGraph } = await import(dist('graph/graphAnswers.js'));
  // buildGraph reports its stages on stderr under WHOSBEHIND_PROFILE: keep them, and pass everything else on
  /** @type {Array<{ ms: number, label: string }>} */
  let laps = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = /** @type {any} */ ((chunk, ...rest) => {
    const text = String(chunk);
    const m = /^\[graph (\d+) ms\] (.*)\n?$/.exec(text);
    if (m) {
      laps.push({ ms: Number(m[1]), label: m[2] });
      return true;
    }
    // the per-statement lines of the same switch: the benchmark times statements itself
    if (text.startsWith('[sql ')) return true;
    return write(chunk, ...rest);
  });
  process.env['WHOSBEHIND_PROFILE'] = '1';
  const out = {};
  const noClaims = async (files) => {
    if (files.length) throw new Error(`the store remembers claims files (${files.join(', ')}): the benchmark builds without claims`);
    return [];
  };

  // resolution (recomputed whole, as after new records)
  resetPeakRss();
  let db = await openStore(store);
  let profile = instrument(db);
  const familiesFiles = await familiesFilesFor(db, undefined);
  let rec = await profile.record(() => resolveEntities(db, { familiesFiles }));
  db.close();
  out.resolve = { ms: rec.total, result: rec.value, top: topStatements(rec.statements, 3), peakRss: peakRss() };

  // buildGraph on a fresh DuckDB instance
  resetPeakRss();
  db = await openStore(store);
  profile = instrument(db);
  laps = [];
  rec = await profile.record(() => buildGraph(db));
  out.build = { ms: rec.total, result: rec.value, laps, top: topStatements(rec.statements, 5), peakRss: peakRss() };
  out.nodes = await db.all(`SELECT type, count(*)::INTEGER AS n FROM graph_nodes GROUP BY 1 ORDER BY 1`);
  out.edges = await db.all(`SELECT kind, CASE WHEN kind = 'owns' THEN split_part(to_node, ':', 1) END AS to_type, count(*)::INTEGER AS n
    FROM graph_edges GROUP BY 1, 2 ORDER BY 1, 2`);
  out.storeCounts = await db.one(`SELECT (SELECT count(*) FROM tx_current)::INTEGER AS tx, (SELECT count(*) FROM sub_current)::INTEGER AS sub,
    (SELECT count(*) FROM entity_recipients)::INTEGER AS recipients, (SELECT count(*) FROM entity_families)::INTEGER AS families`);
  db.close();

  // ensureGraph as `whosbehind path` runs it: a fresh instance, digest computed, graph rebuilt because it is stale
  resetPeakRss();
  let t0 = performance.now();
  db = await openStore(store);
  const openMs = performance.now() - t0;
  await db.run(`DELETE FROM graph_state WHERE key IN ('digest', 'claims_files')`);
  laps = [];
  t0 = performance.now();
  const built = await ensureGraph(db, undefined, noClaims);
  const ensureMs = performance.now() - t0;
  out.ensure = { openMs, ms: ensureMs, rebuilt: !!built, laps, peakRss: peakRss() };
  // and again, now current: only the digest is computed
  const current = [];
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    const again = await ensureGraph(db, undefined, noClaims);
    current.push(performance.now() - t0);
    if (again) throw new Error('ensureGraph rebuilt a graph it had just built');
  }
  out.ensureCurrent = { ms: current.sort((a, b) => a - b) };
  await db.run('CHECKPOINT');
  db.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// Timing helpers

/** Wraps db.all (db.one goes through it), db.rows, db.run and db.appendRows so every statement's time is recorded. */
function instrument(db) {
  /** @type {Array<{ kind: string, ms: number, sql: string }> | null} */
  let log = null;
  for (const method of ['all', 'rows', 'run', 'appendRows']) {
    const original = db[method].bind(db);
    db[method] = async (first, second) => {
      if (!log) return original(first, second);
      const t0 = performance.now();
      try {
        return await original(first, second);
      } finally {
        log?.push({ kind: method, start: t0, ms: performance.now() - t0, sql: method === 'appendRows' ? `append ${first} (${second.length} rows)` : String(first) });
      }
    };
  }
  return {
    /** Runs fn once with every statement recorded. */
    async record(fn) {
      log = [];
      const t0 = performance.now();
      try {
        const value = await fn();
        return { value, t0, total: performance.now() - t0, statements: log };
      } finally {
        log = null;
      }
    },
  };
}

/** One warm-up call, then `runs` timed calls; keeps every sample. */
async function timeWarm(fn, runs) {
  await fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return stats(ms);
}

function stats(samples) {
  const ms = [...samples].sort((a, b) => a - b);
  return { min: ms[0], median: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: ms[ms.length - 1], runs: ms.length, samples: ms };
}

const PHASES = ['ends', 'graphSql', 'graphJsFind', 'evidenceSql', 'other'];
// the graph queries: loadGraph's (text built in the query) and loadSearchGraph's (lines stored by the build)
const GRAPH_SQL = /string_agg\((concat_ws\(chr\(9\)|line, chr\(10\))/;

/** Splits one recorded pathAnswer call into phases by its statements' start times (pathAnswer's order of work). */
function phasesOf(rec) {
  const st = rec.statements;
  const graph = st.map((s, i) => ({ s, i })).filter(({ s }) => GRAPH_SQL.test(s.sql));
  const firstGraph = graph[0];
  const lastGraph = graph.at(-1);
  const end = rec.t0 + rec.total;
  const ends = (firstGraph ? firstGraph.s.start : end) - rec.t0;
  const graphSql = sum(graph.map(({ s }) => s.ms));
  const afterGraph = lastGraph ? lastGraph.s.start + lastGraph.s.ms : end;
  const next = lastGraph ? st[lastGraph.i + 1] : undefined;
  const graphJsFind = (next ? next.start : end) - afterGraph;
  const evidenceSql = sum(st.filter((s) => /AS tbl\b/.test(s.sql)).map((s) => s.ms));
  return { ends, graphSql, graphJsFind, evidenceSql, other: rec.total - ends - graphSql - graphJsFind - evidenceSql };
}

function topStatements(statements, n) {
  return [...statements].sort((a, b) => b.ms - a.ms).slice(0, n).map((s) => ({ ...s, sql: oneLine(s.sql, 140) }));
}

// ---------------------------------------------------------------------------------------------------------
// 3.–5. Build figures, path searches, baselines

async function run({ dir, rows, subawards, recipients, runs, pairs, maxHops, cliRuns, kept, wholeToo }) {
  console.log(`whosbehind graph benchmark: ${fmtInt(rows)} transactions, at least ${fmtInt(subawards)} subawards` +
    `${recipients ? `, spread over ${fmtInt(recipients)} fictional recipients` : ''}; node ${process.version}; ${runs} warm runs after one warm-up`);
  console.log(`machine: ${readLoad()}; commit ${commit()}\n`);
  const base = await prepareStore(dir, rows);
  const { store, marker } = await graphStore(dir, base.store, base.prepared, subawards, recipients);

  // 2. Resolution and build, cold, in a child process
  console.log('\nresolution and graph build (child process: new Node, a new DuckDB instance for each step) …');
  const m = await measure(process.execPath, [fileURLToPath(import.meta.url), '--build-child', store], { cwd: ROOT, timeFile: timeReportPath(dir, 'build') });
  if (m.exitCode !== 0) throw new Error(`build child failed (exit ${m.exitCode}):\n${m.stderr.trim().split('\n').slice(-20).join('\n')}`);
  const b = JSON.parse(m.stdout.trim().split('\n').pop() ?? '{}');
  const r = b.resolve.result;
  const buildS = b.build.ms / 1000;
  const ensureS = (b.ensure.openMs + b.ensure.ms) / 1000;
  console.log(`store: ${fmtInt(b.storeCounts.tx)} current transactions, ${fmtInt(b.storeCounts.sub)} subawards ` +
    `(${fmtInt(marker.generatedSubawards)} from the generator's file, ${fmtInt(marker.extraSubawards)} added)`);
  console.log(`resolveEntities (cold, recomputed whole): ${(b.resolve.ms / 1000).toFixed(2)} s: ${fmtInt(r.observations)} observations -> ` +
    `${fmtInt(r.recipients)} recipients in ${fmtInt(r.families)} families; peak RSS ${mib(b.resolve.peakRss)} MiB`);
  console.log(`buildGraph (cold, fresh DuckDB instance): ${buildS.toFixed(2)} s (target < ${TARGET_BUILD_S} s: ${buildS < TARGET_BUILD_S ? 'ok' : 'MISSED'}); ` +
    `peak RSS ${mib(b.build.peakRss)} MiB`);
  console.log(`  resolution + build: ${((b.resolve.ms + b.build.ms) / 1000).toFixed(2)} s (target < ${TARGET_BUILD_S} s: ${(b.resolve.ms + b.build.ms) / 1000 < TARGET_BUILD_S ? 'ok' : 'MISSED'})`);
  let prev = 0;
  console.log(`  stages: ${b.build.laps.map((l) => { const s = `${l.label} ${fmtMs(l.ms - prev)} ms`; prev = l.ms; return s; }).join(', ')}, writing the tables ${fmtMs(b.build.ms - prev)} ms`);
  for (const s of b.build.top) console.log(`    ${fmtMs(s.ms).padStart(8)} ms  ${s.kind} ${s.sql}`);
  console.log(`  graph: ${fmtInt(b.build.result.nodes)} nodes (${b.nodes.map((n) => `${fmtInt(n.n)} ${n.type}`).join(', ')})`);
  console.log(`         ${fmtInt(sum(b.edges.map((e) => e.n)))} edges (${b.edges.map((e) => `${fmtInt(e.n)} ${e.kind}${e.to_type ? `→${e.to_type}` : ''}`).join(', ')})`);
  for (const n of b.build.result.notes) console.log(`  note: ${n}`);
  console.log(`ensureGraph with a stale digest (open + digest + rebuild, fresh instance): ${ensureS.toFixed(2)} s (open ${fmtMs(b.ensure.openMs)} ms); ` +
    `graph current (digest only): median ${fmtMs(quantile(b.ensureCurrent.ms, 0.5))} ms`);
  console.log(`build child process: ${m.wallSeconds.toFixed(1)} s wall, peak RSS ${mib(m.peakRssBytes)} MiB`);

  // 3. Path searches, warm, in this process, on a store opened as the CLI opens it
  const { openResolved } = await import(dist('entities/companies.js'));
  const { ensureGraph, pathAnswer, partnersAnswer, agencyNodes } = await import(dist('graph/graphAnswers.js'));
  const { loadGraph, loadSearchGraph, findPaths } = await import(dist('graph/paths.js'));
  const { EDGE_KINDS } = await import(dist('graph/buildGraph.js'));
  const { loadAgencyDirectory, findAgency } = await import(dist('entities/agencies.js'));
  const { answerContext } = await import(dist('analysis/answer.js'));
  const { VERSION } = await import(dist('version.js'));
  resetPeakRss();
  let t0 = performance.now();
  const db = await openResolved(store, undefined, () => console.log('  (openResolved had to resolve again: the digest was not current)'));
  const openMs = performance.now() - t0;
  const profiler = instrument(db);
  t0 = performance.now();
  await ensureGraph(db, undefined, async () => []);
  const ensureMs = performance.now() - t0;
  const ctx = await answerContext(db, VERSION);
  console.log(`\nstore opened for searches (openResolved: ${db.readOnly ? 'read-only' : 'read-write'}) in ${fmtMs(openMs)} ms; ensureGraph (current) ${fmtMs(ensureMs)} ms`);

  const dirTimes = await timeWarm(() => loadAgencyDirectory(db), runs);
  console.log(`loadAgencyDirectory (every pathAnswer call loads it): median ${fmtMs(dirTimes.median)} ms`);
  const directory = await loadAgencyDirectory(db);

  // What to ask about: agencies by prime transactions; companies by graph degree, across the distribution.
  const agencies = (await db.all(`SELECT from_node AS node, sum(records)::BIGINT AS n FROM graph_edges WHERE kind = 'prime'
    GROUP BY 1 ORDER BY 2 DESC, 1`)).map((a) => ({ node: String(a.node), code: String(a.node).slice('agency:'.length), n: Number(a.n) }));
  const families = (await db.all(`SELECT node, count(*)::INTEGER AS degree FROM (
      SELECT from_node AS node FROM graph_edges WHERE NOT (kind = 'owns' AND to_node LIKE 'recipient:%')
      UNION ALL SELECT to_node FROM graph_edges WHERE NOT (kind = 'owns' AND to_node LIKE 'recipient:%'))
    WHERE node LIKE 'family:%' GROUP BY 1 ORDER BY 2 DESC, 1`)).map((f) => ({ node: String(f.node), degree: Number(f.degree) }));
  if (!agencies.length || !families.length) throw new Error('the graph has no agencies or no families');
  const pickedAgencies = agencies.length === 1 ? [agencies[0]] : [agencies[0], agencies[agencies.length - 1]];
  const nCompanies = Math.ceil(pairs / pickedAgencies.length);
  const quantiles = nCompanies <= COMPANY_QUANTILES.length
    ? Array.from({ length: nCompanies }, (_, i) => COMPANY_QUANTILES[nCompanies === 1 ? 0 : Math.round((i * (COMPANY_QUANTILES.length - 1)) / (nCompanies - 1))])
    : Array.from({ length: nCompanies }, (_, i) => i / (nCompanies - 1));
  const companies = quantiles.map((q) => ({ q, rank: Math.round(q * (families.length - 1)) })).map((c) => ({ ...c, ...families[c.rank] }));
  console.log(`agencies in the graph: ${agencies.map((a) => `${a.code} (${fmtInt(a.n)} tx)`).join(', ')}; searching ${pickedAgencies.map((a) => a.code).join(' (most) and ')}${pickedAgencies.length > 1 ? ' (fewest)' : ''}`);
  console.log(`families in the graph: ${fmtInt(families.length)}; degrees: largest ${families[0].degree}, ` +
    `p99 ${families[Math.round(0.01 * (families.length - 1))].degree}, median ${families[Math.round(0.5 * (families.length - 1))].degree}, smallest ${families.at(-1).degree}`);

  // loadGraph as pathAnswer calls it (only the asked agency's edges), per agency; and the whole graph for reference
  const full = await timeWarm(() => loadGraph(db), Math.min(runs, 5));
  const fullGraph = await loadGraph(db);
  console.log(`loadGraph, whole graph (as \`partners\` and exports load it): ${fmtInt(fullGraph.nodes.size)} nodes, ${fmtInt(fullGraph.edges.length)} edges; ` +
    `median ${fmtMs(full.median)} ms (${full.runs} runs)`);
  const loaded = new Map();
  for (const a of pickedAgencies) {
    const targets = agencyNodes(directory, findAgency(directory, `subtier:${a.code}`));
    const times = await timeWarm(() => loadGraph(db, EDGE_KINDS, false, targets), runs);
    const graph = await loadGraph(db, EDGE_KINDS, false, targets);
    const p = await profiler.record(() => loadGraph(db, EDGE_KINDS, false, targets));
    const sqlMs = sum(p.statements.map((s) => s.ms));
    loaded.set(a.code, { targets, times, graph });
    const compact = await timeWarm(() => loadSearchGraph(db, EDGE_KINDS, targets, { reuse: false }), runs);
    console.log(`loadSearchGraph for ${a.code} from the store (reuse: false, each call): min ${fmtMs(compact.min)} / median ${fmtMs(compact.median)} / p95 ${fmtMs(compact.p95)} ms`);
    const fromFile = await timeWarm(() => loadSearchGraph(db, EDGE_KINDS, targets, { reuse: 'disk' }), runs);
    console.log(`loadSearchGraph for ${a.code} from the file beside the store (reuse: 'disk', as a new process finds it): min ${fmtMs(fromFile.min)} / median ${fmtMs(fromFile.median)} / p95 ${fmtMs(fromFile.p95)} ms`);
    console.log(`loadGraph for ${a.code} (as pathAnswer loads it, each call): ${fmtInt(graph.nodes.size)} nodes, ${fmtInt(graph.edges.length)} edges; ` +
      `min ${fmtMs(times.min)} / median ${fmtMs(times.median)} / p95 ${fmtMs(times.p95)} ms ` +
      `(one profiled call: ${fmtMs(p.total)} ms, of which ${fmtMs(sqlMs)} ms in DuckDB calls and reading their results, ${fmtMs(p.total - sqlMs)} ms building the graph in JavaScript)`);
  }

  const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;
  const results = [];
  const header = `${'company (degree rank) → agency'.padEnd(44)}${'paths'.padStart(6)}${'hops'.padStart(5)}${'min'.padStart(7)}${'median'.padStart(7)}${'p95'.padStart(7)}` +
    ` |${'ends'.padStart(6)}${'g.SQL'.padStart(6)}${'g.JS+find'.padStart(10)}${'find'.padStart(6)}${'ev.SQL'.padStart(7)}${'other'.padStart(6)} |${'1-hop'.padStart(6)}${'2-hop'.padStart(6)}${'ratio'.padStart(6)}` +
    ` |${'whole'.padStart(7)}${'w.p95'.padStart(7)} |${'reused'.padStart(7)}${'r.p95'.padStart(7)}`;
  console.log(`\npathAnswer with reuseGraph: 'disk' (resolves both ends, reads the asked agency's compact graph from the file beside the store, as a new process does, searches up to ${maxHops} steps, fetches evidence for the 10 paths shown), ms, ` +
    `after one warm-up, ${runs} runs each recorded statement by statement. Phase medians: ends = directory + both ends resolved (start until the graph query); ` +
    `g.SQL = the graph queries (none when the file is read: then g.JS+find includes reading it); g.JS+find = building the graph in JavaScript and findPaths (from the end of the graph query to the next statement); ` +
    `find = findPaths alone on the same graph; ev.SQL = the evidence queries; other = the rest (edge details, views, evidence sorting in JavaScript). ` +
    `1-hop / 2-hop = the plain SQL baselines; ratio = pathAnswer median / 2-hop median; whole = (with --whole) the same answer the whole-graph way ` +
    `(fullGraph: true: loadGraph and evidence per step, the code before), alternating with it; reused = the default within one process ` +
    `(the compact graph of an earlier search on the agency reused)`);
  console.log(header);
  let i = 0;
  for (const c of companies) {
    for (const a of pickedAgencies) {
      if (i++ >= pairs) break;
      const familyId = c.node.slice('family:'.length);
      const agencyQuery = `subtier:${a.code}`;
      // each call loads the agency's compact graph (reuseGraph: false): what every search pays in a new process
      // what a new process pays: the compact graph read from the file beside the store (reuseGraph: 'disk')
      const ask = () => pathAnswer(db, ctx, familyId, agencyQuery, { maxHops, reuseGraph: 'disk' });
      // the default in one process: the compact graph of an earlier search on the same agency reused
      const askReused = () => pathAnswer(db, ctx, familyId, agencyQuery, { maxHops });
      // every run recorded statement by statement, so its time can be split into phases (see phasesOf)
      // and, alternating with it, the same answer the whole-graph way (loadGraph + evidence per step, as
      // before the compact search graph): the before/after comparison under the same machine load
      const askWhole = wholeToo ? () => pathAnswer(db, ctx, familyId, agencyQuery, { maxHops, fullGraph: true }) : async () => {};
      await ask();
      await askWhole();
      await askReused();
      const recs = [];
      const wholeMs = [];
      const reusedMs = [];
      for (let k = 0; k < runs; k++) {
        recs.push(await profiler.record(ask));
        for (const [fn, out] of [[askWhole, wholeMs], [askReused, reusedMs]]) {
          const t0 = performance.now();
          await fn();
          out.push(performance.now() - t0);
        }
      }
      const answer = stats(recs.map((x) => x.total));
      const whole = stats(wholeMs);
      const reused = stats(reusedMs);
      const phases = Object.fromEntries(PHASES.map((ph) => [ph, stats(recs.map((x) => phasesOf(x)[ph]))]));
      const ans = recs[0].value;
      const { targets, graph: g } = loaded.get(a.code);
      const find = await timeWarm(() => findPaths(g, [c.node], targets, { maxHops }), runs);
      const found = findPaths(g, [c.node], targets, { maxHops });
      const inList = targets.map(lit).join(', ') || 'NULL';
      // baseline 1: the direct relationship, as a plain DuckDB lookup
      const oneHop = `SELECT edge_id, kind, amount, records FROM graph_edges WHERE from_node IN (${inList}) AND to_node = ${lit(c.node)}`;
      // baseline 2: every path of one or two steps (agency – family – company over any edge, either direction)
      const twoHop = `WITH e AS (SELECT edge_id, from_node AS a, to_node AS b, kind FROM graph_edges WHERE to_node NOT LIKE 'recipient:%'
          UNION ALL SELECT edge_id, to_node, from_node, kind FROM graph_edges WHERE to_node NOT LIKE 'recipient:%')
        SELECT e1.edge_id AS first, NULL AS second FROM e e1 WHERE e1.a IN (${inList}) AND e1.b = ${lit(c.node)}
        UNION ALL
        SELECT e1.edge_id, e2.edge_id FROM e e1 JOIN e e2 ON e2.a = e1.b
        WHERE e1.a IN (${inList}) AND e1.b LIKE 'family:%' AND e1.b <> ${lit(c.node)} AND e2.b = ${lit(c.node)}`;
      const base1 = await timeWarm(() => db.all(oneHop), runs);
      const base2 = await timeWarm(() => db.all(twoHop), runs);
      const base2Rows = (await db.all(twoHop)).length;
      const res = { company: c, agency: a, answer, whole, reused, find, base1, base2, base2Rows, phases, recs: recs.map((x) => phasesOf(x)), statements: recs[0].statements.length,
        paths: ans.paths.length, enumerated: ans.enumerated, truncated: ans.truncated, hops: ans.paths.length ? Math.min(...ans.paths.map((p) => p.hops)) : null, foundEnumerated: found.enumerated };
      results.push(res);
      const label = `${familyId.slice(0, 20)} (${c.rank + 1}, deg ${c.degree}) → ${a.code}`.slice(0, 43);
      const ph = (k, w) => fmtMs(phases[k].median).padStart(w);
      console.log(`${label.padEnd(44)}${`${fmtInt(ans.enumerated)}${ans.truncated ? '+' : ''}`.padStart(6)}${String(res.hops ?? '-').padStart(5)}` +
        `${fmtMs(answer.min).padStart(7)}${fmtMs(answer.median).padStart(7)}${fmtMs(answer.p95).padStart(7)} |${ph('ends', 6)}${ph('graphSql', 6)}${ph('graphJsFind', 10)}` +
        `${fmtMs(find.median).padStart(6)}${ph('evidenceSql', 7)}${ph('other', 6)} |${fmtMs(base1.median).padStart(6)}${fmtMs(base2.median).padStart(6)}${(answer.median / base2.median).toFixed(1).padStart(6)}` +
        ` |${fmtMs(whole.median).padStart(7)}${fmtMs(whole.p95).padStart(7)} |${fmtMs(reused.median).padStart(7)}${fmtMs(reused.p95).padStart(7)}`);
    }
  }
  const all = stats(results.flatMap((x) => x.answer.samples));
  const target = rows > 1_000_000 ? TARGET_PATH_MS_10M : TARGET_PATH_MS;
  const allWhole = stats(results.flatMap((x) => x.whole.samples));
  const allReused = stats(results.flatMap((x) => x.reused.samples));
  const allFind = stats(results.flatMap((x) => x.find.samples));
  const allBase2 = stats(results.flatMap((x) => x.base2.samples));
  const allBase1 = stats(results.flatMap((x) => x.base1.samples));
  const searchPeak = peakRss();
  console.log(`\nall ${fmtInt(all.runs)} pathAnswer runs (${results.length} pairs × ${runs}): median ${fmtMs(all.median)} ms, p95 ${fmtMs(all.p95)} ms, max ${fmtMs(all.max)} ms ` +
    `(target p95 < ${target} ms: ${all.p95 < target ? 'ok' : 'MISSED'})`);
  console.log(`  the same answers the whole-graph way (fullGraph: true, alternating; the code before the compact search graph): median ${fmtMs(allWhole.median)} ms, ` +
    `p95 ${fmtMs(allWhole.p95)} ms, max ${fmtMs(allWhole.max)} ms`);
  console.log(`  the same answers reusing the compact graph loaded by an earlier search on the agency (the default within one process): ` +
    `median ${fmtMs(allReused.median)} ms, p95 ${fmtMs(allReused.p95)} ms, max ${fmtMs(allReused.max)} ms`);
  console.log(`  findPaths alone: median ${fmtMs(allFind.median)} ms, p95 ${fmtMs(allFind.p95)} ms, max ${fmtMs(allFind.max)} ms`);
  console.log(`  baseline 1-hop SQL: median ${fmtMs(allBase1.median)} ms; 2-hop SQL: median ${fmtMs(allBase2.median)} ms, p95 ${fmtMs(allBase2.p95)} ms`);
  console.log(`  ratio pathAnswer / 2-hop SQL: median ${(all.median / allBase2.median).toFixed(1)}, p95 ${(all.p95 / allBase2.p95).toFixed(1)} (target <= ${TARGET_RATIO}: ${all.p95 / allBase2.p95 <= TARGET_RATIO ? 'ok' : 'MISSED'}); ` +
    `pathAnswer / 1-hop SQL: median ${(all.median / allBase1.median).toFixed(1)}`);
  const allPhases = Object.fromEntries(PHASES.map((k) => [k, stats(results.flatMap((x) => x.recs.map((r) => r[k])))]));
  const mean = (k) => sum(results.flatMap((x) => x.recs.map((r) => r[k]))) / all.runs;
  console.log(`  where the time goes, over all runs (median / mean ms): ends (directory + resolving both) ${fmtMs(allPhases.ends.median)} / ${fmtMs(mean('ends'))}; ` +
    `graph queries ${fmtMs(allPhases.graphSql.median)} / ${fmtMs(mean('graphSql'))}; building the graph + findPaths ${fmtMs(allPhases.graphJsFind.median)} / ${fmtMs(mean('graphJsFind'))} ` +
    `(findPaths alone ${fmtMs(allFind.median)} / ${fmtMs(sum(allFind.samples) / allFind.runs)}); evidence queries ${fmtMs(allPhases.evidenceSql.median)} / ${fmtMs(mean('evidenceSql'))}; ` +
    `other ${fmtMs(allPhases.other.median)} / ${fmtMs(mean('other'))}; total ${fmtMs(all.median)} / ${fmtMs(sum(all.samples) / all.runs)}`);

  // partners COMPANY --of AGENCY for the same pairs (one warm-up, then `runs` runs), against the 2-hop SQL baseline of the pair
  console.log(`\npartnersAnswer (partners COMPANY --of AGENCY: the company's sphere, its partners, their steps with the agency, scoped evidence), ms:`);
  const partnerStats = [];
  for (const x of results) {
    const familyId = x.company.node.slice('family:'.length);
    const ask = () => partnersAnswer(db, ctx, familyId, `subtier:${x.agency.code}`);
    const first = await ask();
    const t = await timeWarm(ask, runs);
    partnerStats.push(t);
    console.log(`  ${`${familyId.slice(0, 20)} → ${x.agency.code}`.padEnd(34)} partners ${String(first.partners.length).padStart(5)}: min ${fmtMs(t.min)} / median ${fmtMs(t.median)} / p95 ${fmtMs(t.p95)} ms; ratio to the pair's 2-hop SQL ${(t.median / x.base2.median).toFixed(1)}`);
  }
  const allPartners = stats(partnerStats.flatMap((t) => t.samples));
  if (partnerStats.length) {
    console.log(`all ${fmtInt(allPartners.runs)} partnersAnswer runs: median ${fmtMs(allPartners.median)} ms, p95 ${fmtMs(allPartners.p95)} ms, max ${fmtMs(allPartners.max)} ms ` +
      `(target < ${TARGET_PARTNERS_MS} ms: ${allPartners.p95 < TARGET_PARTNERS_MS ? 'ok at p95' : 'MISSED'}); ratio to the 2-hop SQL median ${(allPartners.median / allBase2.median).toFixed(1)}`);
  }

  const slowest = [...results].sort((x, y) => y.answer.p95 - x.answer.p95)[0];
  if (slowest) {
    const p = await profiler.record(() => pathAnswer(db, ctx, slowest.company.node.slice('family:'.length), `subtier:${slowest.agency.code}`, { maxHops }));
    const sqlTotal = sum(p.statements.map((s) => s.ms));
    console.log(`\nslowest pair (${slowest.company.node} → ${slowest.agency.code}), one more call with every statement timed: ${fmtMs(p.total)} ms, ` +
      `${p.statements.length} statements, ${fmtMs(sqlTotal)} ms in DuckDB calls; slowest statements:`);
    for (const s of topStatements(p.statements, 5)) console.log(`  ${fmtMs(s.ms).padStart(8)} ms  ${s.sql}`);
  }
  db.close();

  // The command end to end, as a user runs it: a new process each time (Node start, open, digest, search, print).
  const cliResults = [];
  if (cliRuns > 0 && existsSync(join(DIST, 'cli', 'main.js'))) {
    console.log(`\n\`whosbehind path\` end to end (new process per run, ${cliRuns} runs, --json > /dev/null):`);
    for (const x of [results[0], results.at(-1)].filter(Boolean)) {
      const args = ['path', x.company.node.slice('family:'.length), `subtier:${x.agency.code}`, '--db', store, '--json'];
      const times = [];
      let rss = 0;
      for (let k = 0; k < cliRuns; k++) {
        const c = await measure(process.execPath, [CLI, ...args], { cwd: ROOT, timeFile: timeReportPath(dir, 'cli') });
        if (c.exitCode !== 0) {
          console.log(`  whosbehind ${args.join(' ')}: FAILED (exit ${c.exitCode}): ${c.stderr.trim().split('\n').slice(-3).join(' | ')}`);
          break;
        }
        times.push(c.wallSeconds * 1000);
        rss = Math.max(rss, c.peakRssBytes);
      }
      if (times.length) {
        const t = stats(times);
        cliResults.push({ args, ...t, rss });
        console.log(`  whosbehind path ${args.slice(1, 3).join(' ').padEnd(44)} min ${fmtMs(t.min).padStart(6)} ms, median ${fmtMs(t.median).padStart(6)} ms, peak RSS ${mib(rss)} MiB`);
      }
    }
  }

  console.log(`\npeak RSS: build child ${mib(m.peakRssBytes)} MiB (resolution ${mib(b.resolve.peakRss)}, buildGraph ${mib(b.build.peakRss)}, ` +
    `ensureGraph ${mib(b.ensure.peakRss)}); this process during the searches ${mib(searchPeak)} MiB`);
  console.log(`machine after the run: ${readLoad()}`);
  if (kept) {
    const file = join(dir, `graph-results-s${subawards}-r${recipients}.json`);
    writeFileSync(file, `${JSON.stringify({ build: b, buildWallSeconds: m.wallSeconds, buildPeakRss: m.peakRssBytes, fullLoad: { ...full, samples: undefined },
      load: [...loaded].map(([code, l]) => ({ code, nodes: l.graph.nodes.size, edges: l.graph.edges.length, ...l.times, samples: undefined })), dirTimes,
      results: results.map(({ answer, find, base1, base2, recs, ...x }) => ({ ...x, answer: { ...answer, samples: undefined }, find: { ...find, samples: undefined },
        base1: { ...base1, samples: undefined }, base2: { ...base2, samples: undefined } })), cli: cliResults }, null, 1)}\n`);
    console.log(`(figures as JSON: ${file})`);
  }
  console.log(`\ntargets: graph build < ${TARGET_BUILD_S} s: ${buildS < TARGET_BUILD_S ? 'ok' : 'MISSED'} (${buildS.toFixed(1)} s; with resolution ` +
    `${((b.resolve.ms + b.build.ms) / 1000).toFixed(1)} s); path search p95 < ${target} ms at ${fmtInt(rows)}: ` +
    `${all.p95 < target ? `ok (p95 ${fmtMs(all.p95)} ms; max ${fmtMs(all.max)} ms)` : `MISSED (p95 ${fmtMs(all.p95)} ms, max ${fmtMs(all.max)} ms)`}; ` +
    `p95 ratio to the 2-hop SQL baseline <= ${TARGET_RATIO}: ${all.p95 / allBase2.p95 <= TARGET_RATIO ? 'ok' : 'MISSED'} (${(all.p95 / allBase2.p95).toFixed(1)}); ` +
    `partners < ${TARGET_PARTNERS_MS} ms: ${partnerStats.length ? (allPartners.p95 < TARGET_PARTNERS_MS ? `ok at p95 (${fmtMs(allPartners.p95)} ms)` : `MISSED (p95 ${fmtMs(allPartners.p95)} ms)`) : 'not measured'}`);
  return 0;
}

function commit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return `${head}${dirty ? ' (src/ has uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

function usage(message) {
  process.stderr.write(`${message}\n\n${HELP}`);
  return 2;
}

function fail(message) {
  process.stderr.write(`bench:graph: ${message}\n`);
  return 1;
}

process.exitCode = await main();
