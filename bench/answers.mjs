#!/usr/bin/env node
// @ts-check
// Answers benchmark: on a generated store of N fictional transactions (plus the award summaries, subawards,
// delta and agency codes the demo generator writes), times family resolution of all recipients (cold, once)
// and the `agency` and `company` answers warm, each against a plain DuckDB query answering the core of the
// same question on the same connection in the same run. See bench/README.md ("Answers").
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
const TARGET_ANSWER_MS = 300;
const TARGET_RESOLVE_S = 60;
/** What `whosbehind demo` generates (the API projection would double-count one subtier, so it is left out). */
const KINDS = ['agencyCodes', 'transactions', 'awardSummaries', 'subawards', 'delta'];
const PREPARED = 'prepared.json';
const STORE = 'store.duckdb';
const INGEST_MEMORY_LIMIT = '1600MB';

const HELP = `usage: npm run bench:answers -- [--rows N] [--runs N] [--cli-runs N] [--keep DIR] [--fy A..B] [--recipients K]

  --rows N       transactions to generate (default 1000000)
  --runs N       warm repetitions of each timed call, after one warm-up (default 10)
  --cli-runs N   also run the CLI commands end to end N times each, as child processes (default 3; 0 = skip)
  --keep DIR     keep the generated store in DIR and reuse it on later runs with the same --rows
                 (generation and ingest are skipped; resolution is still timed)
  --fy A..B      fiscal-year range of the awarding-basis agency answer (default: the 2 latest fiscal years
                 with transactions of the chosen agency)
  --recipients K spread the records over K fictional recipients (default 0: the generator's own eleven
                 companies). The demo generator names the same few companies whatever N is, so resolution
                 has almost nothing to do; K = 100000 gives a realistic number of recipients, DUNS-only and
                 name-only ones, parents, name variants and look-alike names. The rewritten store is a copy
                 (store-recipients-K.duckdb beside the generated one) and is kept with --keep.
`;

async function main() {
  if (process.argv[2] === '--ingest-child') return ingestChild(process.argv[3], process.argv.slice(4));
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '10' },
      'cli-runs': { type: 'string', default: '3' },
      keep: { type: 'string' },
      fy: { type: 'string' },
      recipients: { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 100) return usage(`--rows must be an integer of at least 100, got ${values.rows}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) return usage(`--runs must be a positive integer, got ${values.runs}`);
  const cliRuns = Number(values['cli-runs']);
  if (!Number.isInteger(cliRuns) || cliRuns < 0) return usage(`--cli-runs must be a whole number, got ${values['cli-runs']}`);
  const recipients = Number(values.recipients);
  if (!Number.isInteger(recipients) || recipients < 0) return usage(`--recipients must be a whole number, got ${values.recipients}`);
  if (!existsSync(join(DIST, 'demo', 'generate.js'))) return fail(`${DIST} is not built: run "npm run build" first`);

  const keep = values.keep ? resolve(values.keep) : undefined;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'whosbehind-answers-'));
  if (keep) mkdirSync(keep, { recursive: true });
  const cleanup = () => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    return await run(dir, rows, runs, cliRuns, values.fy, !!keep, recipients);
  } finally {
    cleanup();
    if (keep) console.log(`\nstore kept in ${dir} (reuse with --keep ${dir} --rows ${rows})`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 1. The store

/** Runs in a child process: ingests the generated files into a fresh store, without resolving families. */
async function ingestChild(dbPath, files) {
  const { openStore } = await import(dist('store/openStore.js'));
  const { ingest } = await import(dist('ingest.js'));
  const db = await openStore(dbPath, { memoryLimit: INGEST_MEMORY_LIMIT });
  try {
    const result = await ingest(db, { paths: files, command: 'bench:answers ingest' });
    const counts = result.files.map((f) => ({ name: f.name, layout: f.layout, loaded: f.counts?.loaded, skipped: f.skipped, error: f.error }));
    process.stdout.write(`${JSON.stringify({ snapshotId: result.snapshotId, failed: result.failed, files: counts })}\n`);
    return result.failed ? 1 : 0;
  } finally {
    db.close();
  }
}

async function prepareStore(dir, rows) {
  const store = join(dir, STORE);
  const preparedPath = join(dir, PREPARED);
  if (existsSync(preparedPath) && existsSync(store)) {
    const prepared = JSON.parse(readFileSync(preparedPath, 'utf8'));
    if (prepared.rows === rows && JSON.stringify(prepared.kinds) === JSON.stringify(KINDS)) {
      console.log(`reusing the store in ${dir}: ${fmtInt(rows)} transactions, prepared ${prepared.preparedAt}`);
      console.log(`  (generation took ${prepared.generateSeconds.toFixed(1)} s, ingest ${prepared.ingestSeconds.toFixed(1)} s, ingest peak RSS ${mib(prepared.ingestPeakRssBytes)} MiB)`);
      return { store, prepared };
    }
    console.log(`${dir} holds a store of ${fmtInt(prepared.rows)} rows (or other files): regenerating it for ${fmtInt(rows)}`);
  }
  for (const f of [store, `${store}.wal`, preparedPath]) rmSync(f, { force: true });
  const dataDir = join(dir, 'data');
  rmSync(dataDir, { recursive: true, force: true });

  const { generateDemo } = await import(dist('demo/generate.js'));
  let t0 = performance.now();
  const manifest = await generateDemo({ outDir: dataDir, transactions: rows, only: KINDS });
  const generateSeconds = (performance.now() - t0) / 1000;
  const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
  console.log(`generated ${manifest.files.map((f) => `${fmtInt(f.rows)} ${f.kind}`).join(', ')} (${(bytes / 1e6).toFixed(0)} MB) in ${generateSeconds.toFixed(1)} s`);

  t0 = performance.now();
  // The CSV files by name, not the folder: README.txt and manifest.json beside them are not data.
  const csvs = manifest.files.map((f) => join(dataDir, f.file));
  const m = await measure(process.execPath, [fileURLToPath(import.meta.url), '--ingest-child', store, ...csvs], {
    cwd: ROOT, timeFile: timeReportPath(dir, 'ingest'),
  });
  if (m.exitCode !== 0) {
    throw new Error(`ingest failed (exit ${m.exitCode}):\n${m.stderr.trim().split('\n').slice(-15).join('\n')}\n${m.stdout}`);
  }
  const ingested = JSON.parse(m.stdout.trim().split('\n').pop() ?? '{}');
  console.log(`ingested in ${m.wallSeconds.toFixed(1)} s (child process, memory limit ${INGEST_MEMORY_LIMIT}), peak RSS ${mib(m.peakRssBytes)} MiB: ` +
    ingested.files.map((f) => `${f.name} ${f.loaded ?? f.skipped ?? f.error}`).join('; '));
  // The store holds everything the benchmark needs; the CSVs (about 2.5 GB at 1M rows) are not kept.
  rmSync(dataDir, { recursive: true, force: true });
  const prepared = {
    rows, kinds: KINDS, preparedAt: new Date().toISOString(), generateSeconds, csvBytes: bytes,
    ingestSeconds: m.wallSeconds, ingestPeakRssBytes: m.peakRssBytes, files: manifest.files,
  };
  writeFileSync(preparedPath, `${JSON.stringify(prepared, null, 2)}\n`);
  return { store, prepared };
}

/** A copy of the generated store whose records are spread over K fictional recipients (spreadRecipients, bench/common.mjs). */
async function spreadStore(dir, baseStore, k, basePreparedAt) {
  const store = join(dir, `store-recipients-${k}.duckdb`);
  // Records which generated store the copy was made from, so a regenerated one is not mixed with an old copy.
  const marker = `${store}.from`;
  if (existsSync(store) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === basePreparedAt) {
    console.log(`reusing ${store} (records spread over ${fmtInt(k)} recipients)`);
    return store;
  }
  for (const f of [store, `${store}.wal`, marker]) rmSync(f, { force: true });
  copyFileSync(baseStore, store);
  const { openStore } = await import(dist('store/openStore.js'));
  const db = await openStore(store);
  const t0 = performance.now();
  try {
    await spreadRecipients(db, k);
  } finally {
    db.close();
  }
  writeFileSync(marker, `${basePreparedAt}\n`);
  console.log(`spread the records over ${fmtInt(k)} fictional recipients in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${store}`);
  return store;
}

// ---------------------------------------------------------------------------------------------------------
// Timing helpers

/** Wraps db.all (db.one goes through it), db.run and db.appendRows so every statement's time is recorded. */
function instrument(db) {
  /** @type {Array<{ kind: string, ms: number, sql: string }> | null} */
  let log = null;
  for (const method of ['all', 'run', 'appendRows']) {
    const original = db[method].bind(db);
    db[method] = async (first, second) => {
      if (!log) return original(first, second);
      const t0 = performance.now();
      try {
        return await original(first, second);
      } finally {
        log.push({ kind: method, ms: performance.now() - t0, sql: method === 'appendRows' ? `append ${first} (${second.length} rows)` : String(first) });
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
        return { value, total: performance.now() - t0, statements: log };
      } finally {
        log = null;
      }
    },
  };
}

/** One warm-up call, then `runs` timed calls. */
/** Two calls timed in alternation (a, b, a, b, …) after one warm-up each, so both see the same machine load. */
async function timeAlternating(a, b, runs) {
  await a();
  await b();
  const ta = [];
  const tb = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, out] of [[a, ta], [b, tb]]) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
  }
  const stats = (ms) => {
    ms.sort((x, y) => x - y);
    return { min: ms[0], median: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: ms[ms.length - 1], runs };
  };
  return [stats(ta), stats(tb)];
}

async function timeWarm(fn, runs) {
  await fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { min: ms[0], median: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: ms[ms.length - 1], runs };
}

// ---------------------------------------------------------------------------------------------------------
// 2.–5. Resolution, answers, baselines

async function run(dir, rows, runs, cliRuns, fyFlag, kept, recipients) {
  console.log(`whosbehind answers benchmark: ${fmtInt(rows)} transactions` +
    `${recipients ? ` spread over ${fmtInt(recipients)} fictional recipients` : ''}; node ${process.version}; ${runs} warm runs after one warm-up`);
  const load = readLoad();
  console.log(`machine: ${load}\n`);
  const base = await prepareStore(dir, rows);
  const { prepared } = base;
  const store = recipients ? await spreadStore(dir, base.store, recipients, prepared.preparedAt) : base.store;

  const { openStore } = await import(dist('store/openStore.js'));
  const { resolveEntities } = await import(dist('entities/resolve.js'));
  const { openResolved, findCompany, familiesFilesFor } = await import(dist('entities/companies.js'));
  const { loadAgencyDirectory, findAgency } = await import(dist('entities/agencies.js'));
  const { agencyAnswer } = await import(dist('analysis/agencyAnswer.js'));
  const { companyAnswer } = await import(dist('analysis/companyAnswer.js'));
  const { answerContext } = await import(dist('analysis/answer.js'));
  const { parseFiscalYears } = await import(dist('analysis/fiscalYears.js'));
  const { VERSION } = await import(dist('version.js'));

  // 2. Resolution, cold: a fresh process and DuckDB instance, the whole resolution recomputed.
  resetPeakRss();
  const rssBeforeResolve = peakRss();
  let db = await openStore(store);
  const resolveProfile = instrument(db);
  const familiesFiles = await familiesFilesFor(db, undefined);
  const rec = await resolveProfile.record(() => resolveEntities(db, { familiesFiles }));
  const resolved = rec.value;
  db.close();
  const resolveSeconds = rec.total / 1000;
  const sqlMs = sum(rec.statements.filter((s) => s.kind !== 'appendRows').map((s) => s.ms));
  const appendMs = sum(rec.statements.filter((s) => s.kind === 'appendRows').map((s) => s.ms));
  const resolvePeak = peakRss();
  console.log(`\nfamily resolution (resolveEntities, cold, once): ${resolveSeconds.toFixed(2)} s ` +
    `(target < ${TARGET_RESOLVE_S} s: ${resolveSeconds < TARGET_RESOLVE_S ? 'ok' : 'MISSED'})`);
  console.log(`  ${fmtInt(resolved.observations)} distinct recipient observations -> ${fmtInt(resolved.recipients)} recipients in ` +
    `${fmtInt(resolved.families)} families (${resolved.curatedFamilies} curated), ${fmtInt(resolved.suggestions)} suggestions, ${resolved.conflicts} conflicts`);
  console.log(`  time in SQL ${(sqlMs / 1000).toFixed(2)} s, appending the derived tables ${(appendMs / 1000).toFixed(2)} s, ` +
    `the rest (JavaScript) ${((rec.total - sqlMs - appendMs) / 1000).toFixed(2)} s; peak RSS ${mib(resolvePeak)} MiB (process, from ${mib(rssBeforeResolve)} MiB)`);
  for (const s of topStatements(rec.statements, 3)) console.log(`    ${fmtMs(s.ms)} ms  ${s.kind} ${oneLine(s.sql, 110)}`);

  // Answers on a store opened the way the CLI opens it (read-only when the families are current).
  resetPeakRss();
  let t0 = performance.now();
  db = await openResolved(store, undefined, () => console.log('  (openResolved had to resolve again: the digest was not current)'));
  const openMs = performance.now() - t0;
  const profiler = instrument(db);
  const ctx = await answerContext(db, VERSION);

  // 3. What to ask about.
  const sub = await db.one(`SELECT awarding_sub_agency_code AS code, count(*) AS n FROM tx_current
    WHERE awarding_sub_agency_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
  const top = await db.one(`SELECT awarding_agency_code AS code, count(*) AS n FROM tx_current
    WHERE awarding_agency_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
  const fam = await db.one(`SELECT r.family_id AS id, CAST(sum(r.federal_action_obligation) AS VARCHAR) AS s, count(*) AS n
    FROM tx_current r WHERE r.family_id IS NOT NULL GROUP BY 1 ORDER BY sum(r.federal_action_obligation) DESC, 1 LIMIT 1`);
  const years = await db.all(`SELECT DISTINCT action_date_fiscal_year AS fy FROM tx_current
    WHERE awarding_sub_agency_code = ? AND action_date_fiscal_year IS NOT NULL ORDER BY 1 DESC LIMIT 2`, [sub.code]);
  const fy = parseFiscalYears(fyFlag ?? (years.length ? `${years.at(-1).fy}..${years[0].fy}` : undefined));
  t0 = performance.now();
  const directory = await loadAgencyDirectory(db);
  const directoryMs = performance.now() - t0;
  const subRef = findAgency(directory, `subtier:${sub.code}`);
  const topRef = findAgency(directory, `toptier:${top.code}`);
  const company = await findCompany(db, fam.id);
  const memberRows = await db.all(`SELECT ueis, duns_numbers, name, names FROM entity_recipients WHERE family_id = ?`, [fam.id]);
  const ueis = [...new Set(memberRows.flatMap((m) => (m.ueis ? String(m.ueis).split(', ') : [])))];
  const nameOnly = [...new Set(memberRows.filter((m) => !m.ueis && !m.duns_numbers).flatMap((m) => String(m.names ?? m.name).split(' | ')))];
  const txTotal = await db.one(`SELECT count(*) AS n FROM tx_current`);
  console.log(`\nstore opened for answers (openResolved, read-only, digest checked) in ${fmtMs(openMs)} ms; ${fmtInt(Number(txTotal.n))} current transactions`);
  console.log(`agency: subtier ${sub.code} (${subRef.name}), the most transactions as awarding subtier: ${fmtInt(Number(sub.n))}`);
  console.log(`        toptier ${top.code} (${topRef.name}), the most as awarding toptier: ${fmtInt(Number(top.n))}`);
  console.log(`company: ${company.name} [${company.familyId}], the most prime obligations: ${fam.s} in ${fmtInt(Number(fam.n))} transactions, ${company.members} members (${ueis.length} UEIs, ${nameOnly.length} name-only)`);
  console.log(`fiscal years for the awarding-basis answer: ${fy ? `${fy.from}..${fy.to}` : 'all'}`);
  console.log(`loadAgencyDirectory (needed by every \`agency\` command, scans all three views): ${fmtMs(directoryMs)} ms (first call)`);

  const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;
  const inList = (xs) => xs.map(literal).join(', ');
  const companyWhere = [ueis.length ? `recipient_uei IN (${inList(ueis)})` : null, nameOnly.length ? `recipient_name IN (${inList(nameOnly)})` : null]
    .filter(Boolean).join(' OR ') || 'FALSE';
  const fySql = fy ? `AND action_date_fiscal_year BETWEEN ${fy.from} AND ${fy.to}` : '';

  /** @type {Array<{ label: string, answer: () => Promise<unknown>, baseline: string, command?: () => Promise<unknown>, cli?: string[] }>} */
  const cases = [
    {
      label: `agency subtier ${sub.code} --basis either`,
      answer: () => agencyAnswer(db, subRef, ctx, { basis: 'either' }),
      direct: () => agencyAnswer(db, subRef, ctx, { basis: 'either', useFacts: false }),
      command: async () => agencyAnswer(db, findAgency(await loadAgencyDirectory(db), `subtier:${sub.code}`), await answerContext(db, VERSION), { basis: 'either' }),
      baseline: `SELECT recipient_name, sum(federal_action_obligation) AS s FROM tx_current
        WHERE awarding_sub_agency_code = ${literal(sub.code)} OR funding_sub_agency_code = ${literal(sub.code)} GROUP BY 1 ORDER BY 2 DESC`,
      cli: ['agency', `subtier:${sub.code}`],
    },
    {
      label: `agency subtier ${sub.code} --basis awarding --fy ${fy ? `${fy.from}..${fy.to}` : 'all'}`,
      answer: () => agencyAnswer(db, subRef, ctx, { basis: 'awarding', fiscalYears: fy }),
      direct: () => agencyAnswer(db, subRef, ctx, { basis: 'awarding', fiscalYears: fy, useFacts: false }),
      command: async () => agencyAnswer(db, findAgency(await loadAgencyDirectory(db), `subtier:${sub.code}`), await answerContext(db, VERSION), { basis: 'awarding', fiscalYears: fy }),
      baseline: `SELECT recipient_name, sum(federal_action_obligation) AS s FROM tx_current
        WHERE awarding_sub_agency_code = ${literal(sub.code)} ${fySql} GROUP BY 1 ORDER BY 2 DESC`,
      cli: ['agency', `subtier:${sub.code}`, '--basis', 'awarding', ...(fy ? ['--fy', `${fy.from}..${fy.to}`] : [])],
    },
    {
      label: `agency toptier ${top.code} --basis either`,
      answer: () => agencyAnswer(db, topRef, ctx, { basis: 'either' }),
      direct: () => agencyAnswer(db, topRef, ctx, { basis: 'either', useFacts: false }),
      command: async () => agencyAnswer(db, findAgency(await loadAgencyDirectory(db), `toptier:${top.code}`), await answerContext(db, VERSION), { basis: 'either' }),
      baseline: `SELECT recipient_name, sum(federal_action_obligation) AS s FROM tx_current
        WHERE awarding_agency_code = ${literal(top.code)} OR funding_agency_code = ${literal(top.code)} GROUP BY 1 ORDER BY 2 DESC`,
      cli: ['agency', `toptier:${top.code}`],
    },
    {
      label: `company ${company.familyId}`,
      answer: () => companyAnswer(db, company, ctx, { agencyBasis: 'awarding' }),
      direct: () => companyAnswer(db, company, ctx, { agencyBasis: 'awarding', useFacts: false }),
      command: async () => companyAnswer(db, await findCompany(db, company.familyId), await answerContext(db, VERSION), { agencyBasis: 'awarding' }),
      baseline: `SELECT awarding_agency_code, awarding_sub_agency_code, action_date_fiscal_year, sum(federal_action_obligation) AS s
        FROM tx_current WHERE ${companyWhere} GROUP BY ALL ORDER BY 4 DESC`,
      cli: ['company', company.familyId],
    },
  ];

  console.log(`\n${'call'.padEnd(58)}${'min ms'.padStart(9)}${'median'.padStart(9)}${'p95'.padStart(9)}${'baseline median'.padStart(17)}${'ratio'.padStart(8)}  target`);
  const results = [];
  for (const c of cases) {
    // the answer from the precomputed facts, and computed directly from the records, in alternation
    const [answer, direct] = await timeAlternating(c.answer, c.direct, runs);
    const baseline = await timeWarm(() => db.all(c.baseline), runs);
    const command = c.command ? await timeWarm(c.command, runs) : undefined;
    const profile = await profiler.record(c.answer);
    results.push({ ...c, answerTimes: answer, directTimes: direct, baselineTimes: baseline, commandTimes: command, profile });
    const ok = answer.median < TARGET_ANSWER_MS;
    console.log(`${c.label.padEnd(58)}${fmtMs(answer.min).padStart(9)}${fmtMs(answer.median).padStart(9)}${fmtMs(answer.p95).padStart(9)}` +
      `${fmtMs(baseline.median).padStart(17)}${(answer.median / baseline.median).toFixed(1).padStart(8)}  ${ok ? 'ok' : 'MISSED'} (< ${TARGET_ANSWER_MS} ms)`);
    console.log(`${'  computed from the records (useFacts: false), alternating'.padEnd(58)}${fmtMs(direct.min).padStart(9)}${fmtMs(direct.median).padStart(9)}` +
      `${fmtMs(direct.p95).padStart(9)}${fmtMs(baseline.median).padStart(17)}${(direct.median / baseline.median).toFixed(1).padStart(8)}`);
    if (command) {
      console.log(`${'  + directory/lookup + context (the command\'s work)'.padEnd(58)}${fmtMs(command.min).padStart(9)}${fmtMs(command.median).padStart(9)}` +
        `${fmtMs(command.p95).padStart(9)}${fmtMs(baseline.median).padStart(17)}${(command.median / baseline.median).toFixed(1).padStart(8)}`);
    }
  }
  const answersPeak = peakRss();

  console.log('\nWhere the time goes (one more call of each answer, every statement timed; slowest first):');
  for (const r of results) {
    const p = r.profile;
    const sqlTotal = sum(p.statements.map((s) => s.ms));
    console.log(`  ${r.label}: ${fmtMs(p.total)} ms, ${p.statements.length} statements, ${fmtMs(sqlTotal)} ms in DuckDB calls`);
    for (const s of topStatements(p.statements, 4)) console.log(`    ${fmtMs(s.ms).padStart(7)} ms  ${oneLine(s.sql, 150)}`);
  }
  db.close();
  if (kept) {
    const file = join(dir, `answers-profile${recipients ? `-recipients-${recipients}` : ''}.json`);
    writeFileSync(file, `${JSON.stringify(results.map((r) => ({ label: r.label, totalMs: r.profile.total, statements: r.profile.statements })), null, 1)}\n`);
    console.log(`  (every statement's full SQL and time: ${file})`);
  }

  // The commands end to end, as a user runs them: a new process each time (Node start, DuckDB open, digest).
  const cliResults = [];
  if (cliRuns > 0 && existsSync(join(DIST, 'cli', 'main.js'))) {
    console.log(`\nCLI end to end (new process per run, ${cliRuns} runs, --json > /dev/null):`);
    for (const c of cases) {
      const times = [];
      let rss = 0;
      for (let i = 0; i < cliRuns; i++) {
        const m = await measure(process.execPath, [CLI, ...c.cli, '--db', store, '--json'], { cwd: ROOT, timeFile: timeReportPath(dir, 'cli') });
        if (m.exitCode !== 0) {
          console.log(`  whosbehind ${c.cli.join(' ')}: FAILED (exit ${m.exitCode}): ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`);
          break;
        }
        times.push(m.wallSeconds * 1000);
        rss = Math.max(rss, m.peakRssBytes);
      }
      if (times.length) {
        times.sort((a, b) => a - b);
        cliResults.push({ cli: c.cli, median: quantile(times, 0.5), min: times[0], rss });
        console.log(`  whosbehind ${c.cli.join(' ').padEnd(52)} min ${fmtMs(times[0]).padStart(6)} ms, median ${fmtMs(quantile(times, 0.5)).padStart(6)} ms, peak RSS ${mib(rss)} MiB`);
      }
    }
  }

  console.log(`\npeak RSS of this process: resolution ${mib(resolvePeak)} MiB; answers ${mib(answersPeak)} MiB` +
    ` (peak reset between phases); ingest child ${mib(prepared.ingestPeakRssBytes)} MiB${kept ? ' (when the store was made)' : ''}`);
  console.log(`machine after the run: ${readLoad()}`);

  const missed = results.filter((r) => r.answerTimes.median >= TARGET_ANSWER_MS).map((r) => r.label);
  console.log(`\ntargets: resolution < ${TARGET_RESOLVE_S} s: ${resolveSeconds < TARGET_RESOLVE_S ? 'ok' : 'MISSED'}; ` +
    `answers < ${TARGET_ANSWER_MS} ms warm (median): ${missed.length ? `MISSED by ${missed.join('; ')}` : 'ok'}`);
  return 0;
}

function topStatements(statements, n) {
  return [...statements].sort((a, b) => b.ms - a.ms).slice(0, n);
}

function usage(message) {
  process.stderr.write(`${message}\n\n${HELP}`);
  return 2;
}

function fail(message) {
  process.stderr.write(`bench:answers: ${message}\n`);
  return 1;
}

process.exitCode = await main();
