#!/usr/bin/env node
// @ts-check
// Ingest benchmark: generates N fictional transactions (297-column layout) with the demo generator, then
// times `whosbehind ingest` against DuckDB's own read_csv into a plain table. See bench/README.md.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measure, timeReportPath } from './measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GENERATOR = join(ROOT, 'dist', 'demo', 'generate.js');
const CLI_MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const TARGET_RATIO = 1.5;
const TARGET_RSS_BYTES = 2 * 1024 ** 3;

const HELP = `usage: npm run bench:ingest -- [--rows N] [--threads N] [--keep]

  --rows N      transactions to generate and ingest (default 100000)
  --threads N   DuckDB threads for both runs (passed to ingest as --threads N); default: DuckDB's own
  --keep        keep the temporary CSV and databases, and print where they are
`;

async function main() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      threads: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 100) return usage(`--rows must be an integer of at least 100, got ${values.rows}`);
  const threads = values.threads;
  if (threads !== undefined && !/^[1-9]\d*$/.test(threads)) return usage(`--threads must be a positive integer, got ${threads}`);
  if (!existsSync(GENERATOR)) return fail(`${GENERATOR} not found: run "npm run build" first`);

  const dir = mkdtempSync(join(tmpdir(), 'whosbehind-bench-'));
  const cleanup = () => {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    return await run(dir, rows, threads);
  } finally {
    cleanup();
    if (values.keep) console.log(`kept: ${dir}`);
  }
}

async function run(dir, rows, threads) {
  const { generateDemo } = await import(pathToFileURL(GENERATOR).href);
  const started = performance.now();
  const manifest = await generateDemo({ outDir: join(dir, 'csv'), transactions: rows, only: ['transactions'] });
  const genSeconds = (performance.now() - started) / 1000;
  const csvEntry = manifest.files.find((f) => f.kind === 'transactions');
  const csv = join(dir, 'csv', csvEntry.file);
  const bytes = statSync(csv).size;
  console.log(`generated ${fmtInt(rows)} rows, ${(bytes / 1e6).toFixed(1)} MB, in ${genSeconds.toFixed(1)} s: ${csv}`);
  console.log(`threads: ${threads ?? 'DuckDB default'}; node ${process.version}\n`);

  /** @type {Array<{ label: string, m?: import('./measure.mjs').Measurement, note?: string }>} */
  const results = [];
  if (existsSync(CLI_MAIN) && threads && !(await ingestHasThreadsOption())) {
    results.push({ label: 'whosbehind ingest', note: 'not run: "whosbehind ingest" has no --threads option yet' });
  } else if (existsSync(CLI_MAIN)) {
    const args = [join(ROOT, 'bin', 'whosbehind.js'), 'ingest', '--db', join(dir, 'ingest.duckdb'), csv];
    if (threads) args.push('--threads', threads);
    const timeFile = timeReportPath(dir, 'ingest');
    results.push({ label: 'whosbehind ingest', m: await measure(process.execPath, args, { cwd: ROOT, timeFile }) });
  } else {
    results.push({ label: 'whosbehind ingest', note: `not run: ${CLI_MAIN} is missing (npm run build)` });
  }
  if (!existsSync(csv)) return fail(`${csv} vanished during the ingest run (was ${dir} removed by another process?)`);
  const baselineArgs = [join(ROOT, 'bench', 'duckdbBaseline.mjs'), join(dir, 'baseline.duckdb'), csv];
  if (threads) baselineArgs.push(threads);
  const baseline = await measure(process.execPath, baselineArgs, { cwd: ROOT, timeFile: timeReportPath(dir, 'baseline') });
  results.push({ label: 'duckdb read_csv', m: baseline });

  return report(results, rows, bytes);
}

// An unknown flag would make the ingest fail after a long wait; ask its --help first.
async function ingestHasThreadsOption() {
  const help = await measure(process.execPath, [join(ROOT, 'bin', 'whosbehind.js'), 'ingest', '--help'], {
    cwd: ROOT,
    timeFile: timeReportPath(tmpdir(), `whosbehind-bench-help-${process.pid}`),
  });
  return help.stdout.includes('--threads');
}

function report(results, rows, bytes) {
  let failed = false;
  console.log(`${'run'.padEnd(20)}${'wall s'.padStart(9)}${'rows/s'.padStart(12)}${'MB/s'.padStart(9)}${'peak RSS MB'.padStart(13)}`);
  for (const { label, m, note } of results) {
    if (!m) {
      console.log(`${label.padEnd(20)}${note}`);
      failed = true;
      continue;
    }
    if (m.exitCode !== 0) {
      const tail = m.stderr.trim().split('\n').slice(-15).join('\n');
      console.log(`${label.padEnd(20)}FAILED with exit code ${m.exitCode} after ${m.wallSeconds.toFixed(2)} s; last stderr:\n${indent(tail)}`);
      failed = true;
      continue;
    }
    const source = m.timeMaxRssBytes === undefined
      ? '(RSS by /proc poll)'
      : `(time -v ${mib(m.timeMaxRssBytes)}, poll ${mib(m.polledPeakRssBytes)})`;
    console.log(
      `${label.padEnd(20)}${m.wallSeconds.toFixed(2).padStart(9)}${fmtInt(rows / m.wallSeconds).padStart(12)}` +
        `${(bytes / 1e6 / m.wallSeconds).toFixed(1).padStart(9)}${mib(m.peakRssBytes).padStart(13)}  ${source}`,
    );
  }
  const baseline = results.find((r) => r.label === 'duckdb read_csv')?.m;
  if (baseline?.exitCode === 0) {
    const counted = JSON.parse(baseline.stdout.trim().split('\n').pop() ?? '{}').rows;
    if (counted !== rows) {
      console.log(`  baseline table holds ${counted} rows, expected ${rows}`);
      failed = true;
    }
  }
  const ingest = results.find((r) => r.label === 'whosbehind ingest')?.m;
  if (ingest && baseline && ingest.exitCode === 0 && baseline.exitCode === 0) {
    const ratio = ingest.wallSeconds / baseline.wallSeconds;
    const ratioOk = ratio <= TARGET_RATIO;
    const rssOk = ingest.peakRssBytes <= TARGET_RSS_BYTES;
    console.log(`\nratio ingest/baseline: ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}: ${ratioOk ? 'ok' : 'MISSED'})`);
    console.log(`ingest peak RSS: ${(ingest.peakRssBytes / 2 ** 30).toFixed(2)} GiB (target <= 2 GiB: ${rssOk ? 'ok' : 'MISSED'})`);
  }
  return failed ? 1 : 0;
}

function usage(message) {
  process.stderr.write(`${message}\n\n${HELP}`);
  return 2;
}

function fail(message) {
  process.stderr.write(`bench:ingest: ${message}\n`);
  return 1;
}

function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}

function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}

function indent(text) {
  return text.replace(/^/gm, '    ');
}

process.exitCode = await main();
