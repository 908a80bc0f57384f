#!/usr/bin/env node
// @ts-check
// CLI benchmark: `whosbehind agency`, `company` and `path` end to end, each run a new process as a user
// runs it, on a kept store (bench:graph's or bench:answers' --keep folder), with where the time goes:
// Node's own start (`node -e 0`, measured in the same run), until the CLI's main module runs, loading the
// command's modules, opening the store (with its currency checks) and the answer (WHOSBEHIND_TIMING=1).
// The second `path` of a pair reads the compact search graph from the file the first left beside the
// store; the first run of each pair is reported apart ("cold": the file written). See bench/README.md ("CLI").
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure, timeReportPath } from './measure.mjs';
import { dist, fmtMs, mib, quantile, readLoad } from './common.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'whosbehind.js');
const TARGET_MS = 500;

const HELP = `usage: npm run bench:cli -- --store FILE [--runs N]

  --store FILE   a store with resolved families and a current graph, e.g. /tmp/wb-1m/store-graph-s100000-r100000.duckdb
                 (npm run bench:graph -- --keep /tmp/wb-1m); default: the first store-graph-*.duckdb in /tmp/wb-1m
  --runs N       runs of each command after the first (default 5)
`;

async function main() {
  const { values } = parseArgs({ options: { store: { type: 'string' }, runs: { type: 'string', default: '5' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) return usage(`--runs must be a positive integer, got ${values.runs}`);
  let store = values.store;
  if (!store && existsSync('/tmp/wb-1m')) {
    const f = readdirSync('/tmp/wb-1m').find((n) => /^store-graph-.*\.duckdb$/.test(n));
    if (f) store = join('/tmp/wb-1m', f);
  }
  if (!store || !existsSync(store)) return usage(`no store: give --store FILE (${store ?? 'none found'})`);
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) return fail('dist is not built: run "npm run build" first');

  // what to ask: the agency with the most prime records, the family with the most graph edges (the worst pair)
  const { openStore } = await import(dist('store/openStore.js'));
  const db = await openStore(store, { readOnly: true });
  let agency;
  let family;
  let counts;
  try {
    agency = String((await db.one(`SELECT from_node AS n FROM graph_edges WHERE kind = 'prime' GROUP BY 1 ORDER BY sum(records) DESC, 1 LIMIT 1`))?.n ?? '');
    family = String((await db.one(`SELECT node AS n FROM (SELECT from_node AS node FROM graph_edges WHERE NOT (kind = 'owns' AND to_node LIKE 'recipient:%')
      UNION ALL SELECT to_node FROM graph_edges WHERE NOT (kind = 'owns' AND to_node LIKE 'recipient:%')) WHERE node LIKE 'family:%' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`))?.n ?? '');
    counts = await db.one(`SELECT (SELECT count(*) FROM tx_current)::INTEGER AS tx, (SELECT count(*) FROM entity_families)::INTEGER AS families`);
  } finally {
    db.close();
  }
  if (!agency || !family) return fail(`${store} has no graph: run bench:graph (or \`whosbehind path\` once) on it first`);
  const agencyQuery = `subtier:${agency.slice('agency:'.length)}`;
  const familyId = family.slice('family:'.length);
  console.log(`whosbehind CLI benchmark: ${store}: ${Number(counts?.tx).toLocaleString('en-US')} current transactions, ${Number(counts?.families).toLocaleString('en-US')} families; node ${process.version}`);
  console.log(`machine: ${readLoad()}`);
  console.log(`asking: agency ${agencyQuery}; company ${familyId} (the family with the most graph edges); path ${familyId} ${agencyQuery}\n`);

  const timeFile = timeReportPath(tmpdir(), `whosbehind-bench-cli-${process.pid}`);
  const nodeStart = [];
  for (let i = 0; i < runs; i++) nodeStart.push((await measure(process.execPath, ['-e', '0'], { timeFile })).wallSeconds * 1000);
  const nodeMs = quantile([...nodeStart].sort((a, b) => a - b), 0.5);
  console.log(`node -e 0 (Node's own start and exit): median ${fmtMs(nodeMs)} ms over ${runs} runs\n`);

  const commands = [
    ['agency', agencyQuery],
    ['company', familyId],
    ['path', familyId, agencyQuery],
  ];
  console.log(`${'command'.padEnd(60)}${'first'.padStart(7)}${'min'.padStart(7)}${'median'.padStart(7)}${'max'.padStart(7)} |${'main'.padStart(6)}${'modules'.padStart(8)}${'store'.padStart(7)}${'answer'.padStart(7)}${'exit'.padStart(6)} |${'RSS MiB'.padStart(8)}`);
  let worst = 0;
  for (const args of commands) {
    const argv = [CLI, ...args, '--db', store, '--json'];
    const one = async () => {
      const m = await measure('/usr/bin/env', ['WHOSBEHIND_TIMING=1', process.execPath, ...argv], { timeFile, cwd: ROOT });
      if (m.exitCode !== 0) throw new Error(`whosbehind ${args.join(' ')} failed (exit ${m.exitCode}): ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      const line = m.stderr.split('\n').find((l) => l.startsWith('[timing] '));
      const t = line ? JSON.parse(line.slice('[timing] '.length)) : {};
      return { wall: m.wallSeconds * 1000, rss: m.peakRssBytes, t };
    };
    const first = await one();
    const all = [];
    for (let i = 0; i < runs; i++) all.push(await one());
    const walls = all.map((r) => r.wall).sort((a, b) => a - b);
    const med = (f) => quantile(all.map(f).sort((a, b) => a - b), 0.5);
    const main = med((r) => r.t.main);
    const modules = med((r) => r.t.modules - r.t.main);
    const storeMs = med((r) => r.t.store - r.t.modules);
    const answer = med((r) => r.t.done - r.t.store);
    const exit = med((r) => r.wall - r.t.done);
    worst = Math.max(worst, quantile(walls, 0.5));
    console.log(`${`whosbehind ${args.join(' ')}`.slice(0, 59).padEnd(60)}${fmtMs(first.wall).padStart(7)}${fmtMs(walls[0]).padStart(7)}${fmtMs(quantile(walls, 0.5)).padStart(7)}${fmtMs(walls.at(-1)).padStart(7)} |` +
      `${fmtMs(main).padStart(6)}${fmtMs(modules).padStart(8)}${fmtMs(storeMs).padStart(7)}${fmtMs(answer).padStart(7)}${fmtMs(exit).padStart(6)} |${mib(Math.max(...all.map((r) => r.rss))).padStart(8)}`);
  }
  console.log(`\ncolumns (ms): first = the first run (for path: may write the search graph file); min/median/max of the ${runs} runs after it; ` +
    `main = process start until the CLI's main module runs (Node's start, median ${fmtMs(nodeMs)} ms alone, plus loading main.js); modules = loading the command's modules; ` +
    `store = opening the store and checking families and graph are current; answer = the answer and printing it; exit = the rest of the wall time (exit, timer)`);
  console.log(`target: each command < ${TARGET_MS} ms end to end: ${worst < TARGET_MS ? 'ok' : `MISSED (slowest median ${fmtMs(worst)} ms)`}`);
  console.log(`machine after the run: ${readLoad()}`);
  return 0;
}

function usage(message) {
  process.stderr.write(`${message}\n\n${HELP}`);
  return 2;
}

function fail(message) {
  process.stderr.write(`bench:cli: ${message}\n`);
  return 1;
}

process.exitCode = await main();
