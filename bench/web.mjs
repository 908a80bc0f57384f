// bench:web — the web app on a generated store: server start (preparation + search index), agency and
// company pages cold (first request of each URL, nothing cached) and warm (cached per snapshot), search
// latency, and a load run of C concurrent clients for S seconds over a mix of pages and API calls, against
// a baseline (/api/health under the same load) measured in the same run. The server runs in a child process
// (`whosbehind serve --prewarm 0`, so cold pages are really cold) on loopback; the load generator is this
// process (node:http, keep-alive).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dist, fmtInt, fmtMs, quantile, readLoad } from './common.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'whosbehind.js');
const TARGET_PAGE_P95_MS = 300;
const TARGET_SEARCH_MS = 200;
const DEFAULT_STORES = ['/tmp/wb-answers-1m/store-recipients-100000.duckdb', '/tmp/wb-answers-1m/store.duckdb'];

const HELP = `usage: npm run bench:web -- [--store FILE] [--rows N] [--clients C] [--seconds S] [--keep DIR]

  --store FILE  a store to serve (copied first: serving may resolve families and build the graph). Default:
                the first of ${DEFAULT_STORES.join(', ')} that exists (made by
                \`npm run bench:answers -- --keep /tmp/wb-answers-1m [--recipients 100000]\`), else a store of
                --rows generated transactions is made here.
  --rows N      transactions to generate when no store is given (default 1000000)
  --clients C   concurrent clients in the load run (default 50)
  --seconds S   length of the load run (default 30; the baseline runs a third of it)
  --keep DIR    work in DIR and keep it (the copied store is reused on later runs)
`;

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One GET; resolves with status, milliseconds and body length (never rejects: errors count as status 0). */
function get(base, path) {
  return new Promise((resolveGet) => {
    const t0 = performance.now();
    const req = request(`${base}${path}`, { agent, headers: { accept: path.startsWith('/api/') ? 'application/json' : 'text/html' } }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolveGet({ status: res.statusCode, ms: performance.now() - t0, bytes }));
      res.on('error', () => resolveGet({ status: 0, ms: performance.now() - t0, bytes }));
    });
    req.on('error', () => resolveGet({ status: 0, ms: performance.now() - t0, bytes: 0 }));
    req.end();
  });
}

async function getJson(base, path) {
  const r = await fetch(`${base}${path}`).catch((e) => { throw new Error(`${base}${path}: ${e.cause?.message ?? e.message}`); });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
  return r.json();
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), max: s[s.length - 1] };
}
const line = (label, st) => `${label.padEnd(44)} n=${String(st.n).padStart(6)}  p50 ${fmtMs(st.p50).padStart(7)} ms  p95 ${fmtMs(st.p95).padStart(7)} ms  p99 ${fmtMs(st.p99).padStart(7)} ms  max ${fmtMs(st.max).padStart(7)} ms`;

/** C clients each looping over `paths` (from a random start) until `seconds` pass. */
async function load(base, paths, clients, seconds) {
  const until = performance.now() + seconds * 1000;
  const ms = [];
  const errors = new Map();
  let bytes = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    let i = (c * 7919) % paths.length;
    while (performance.now() < until) {
      const r = await get(base, paths[i % paths.length]);
      i++;
      ms.push(r.ms);
      bytes += r.bytes;
      if (r.status !== 200) errors.set(`${r.status} ${paths[(i - 1) % paths.length]}`, (errors.get(`${r.status} ${paths[(i - 1) % paths.length]}`) ?? 0) + 1);
    }
  }));
  const wall = (performance.now() - t0) / 1000;
  return { ...stats(ms), rps: ms.length / wall, mbps: bytes / 1e6 / wall, errors };
}

async function makeStore(dir, rows) {
  const { generateDemo } = await import(dist('demo/generate.js'));
  const { openStore } = await import(dist('store/openStore.js'));
  const { ingest } = await import(dist('ingest.js'));
  const dataDir = join(dir, 'data');
  const t0 = performance.now();
  const manifest = await generateDemo({ outDir: dataDir, transactions: rows, only: ['agencyCodes', 'transactions', 'awardSummaries', 'subawards'] });
  const db = await openStore(join(dir, 'store.duckdb'), { memoryLimit: '1600MB' });
  try {
    await ingest(db, { paths: manifest.files.map((f) => join(dataDir, f.file)), command: 'bench:web' });
  } finally {
    db.close();
  }
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`generated and ingested ${fmtInt(rows)} transactions in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

/** Starts `whosbehind serve` on a free port; resolves with its URL and the child once it listens. */
function startServer(db) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', '--prewarm', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/[^\s]+?)(?: \(|\n)/.exec(out);
      if (m) resolveStart({ url: m[1], child, stderr: () => err });
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`whosbehind serve exited ${code}:\n${err.slice(-2000)}`)));
  });
}

async function main() {
  const { values } = parseArgs({ options: {
    store: { type: 'string' }, rows: { type: 'string', default: '1000000' }, clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '30' }, keep: { type: 'string' }, help: { type: 'boolean', default: false },
  } });
  if (values.help) return void process.stdout.write(HELP);
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const dir = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'whosbehind-web-'));
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'store.duckdb');
  console.log(`bench:web — ${readLoad()}; the machine is shared, so figures vary between runs`);
  try {
    if (!existsSync(db)) {
      const source = values.store ?? DEFAULT_STORES.find((s) => existsSync(s));
      if (source) {
        console.log(`copying ${source} → ${db}`);
        copyFileSync(source, db);
      } else await makeStore(dir, Number(values.rows));
    } else console.log(`reusing ${db}`);

    // 1. start: preparation (resolution and graph when stale) until listening, then the search index
    let t0 = performance.now();
    const server = await startServer(db);
    const listenS = (performance.now() - t0) / 1000;
    let health;
    for (;;) {
      health = await getJson(server.url, '/api/health').catch(() => ({ searchDocuments: null }));
      if (health.searchDocuments !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const readyS = (performance.now() - t0) / 1000;
    console.log(`server listening after ${listenS.toFixed(1)} s (includes any resolution/graph build), search index ready after ${readyS.toFixed(1)} s: ${fmtInt(health.searchDocuments)} documents`);
    console.log(server.stderr().trim().split('\n').map((l) => `  server: ${l}`).join('\n'));

    try {
      const status = await getJson(server.url, '/api/status');
      const tx = status.status.tables.find((t) => t.view === 'transactions')?.rows;
      console.log(`store: ${fmtInt(tx)} transactions, snapshot ${health.snapshotId}`);
      // subjects: the largest subtier agencies and company families, taken from the data
      const sql = async (q) => (await getJson(server.url, `/api/sql?q=${encodeURIComponent(q)}`)).result.rows;
      const agencies = (await sql(`SELECT awarding_sub_agency_code AS c FROM transactions WHERE awarding_sub_agency_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 6`)).map((r) => r.c);
      const families = (await sql(`SELECT family_id AS f FROM families ORDER BY records DESC LIMIT 6`)).map((r) => r.f);
      const awards = (await sql(`SELECT award_id_piid AS p FROM transactions WHERE award_id_piid IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 6`)).map((r) => r.p);
      const words = (await sql(`SELECT name FROM families ORDER BY records DESC LIMIT 20`)).flatMap((r) => String(r.name).split(/\s+/).slice(0, 2)).filter((w) => w.length > 3);
      const descWords = ['services', 'support', 'software', 'cloud hosting', 'maintenance', 'data', 'license', 'operations', 'engineering', 'training'];
      console.log(`subjects: agencies ${agencies.join(', ')}; families ${families.join(', ')}`);

      // 2. agency and company pages: cold (first request of each URL) and warm (cached)
      const pageUrls = [
        ...agencies.flatMap((c) => [`/agency?q=${c}`, `/agency?q=${c}&basis=awarding`]),
        ...families.map((f) => `/company?q=${encodeURIComponent(f)}`),
      ];
      const cold = { agency: [], company: [] };
      for (const u of pageUrls) {
        const r = await get(server.url, u);
        if (r.status !== 200) throw new Error(`${u}: HTTP ${r.status}`);
        cold[u.startsWith('/agency') ? 'agency' : 'company'].push(r.ms);
      }
      const warm = { agency: [], company: [] };
      for (let i = 0; i < 10; i++) for (const u of pageUrls) warm[u.startsWith('/agency') ? 'agency' : 'company'].push((await get(server.url, u)).ms);
      console.log('\npages, one client (cold = first request of the URL, computed; warm = answer cached for this snapshot):');
      for (const k of ['agency', 'company']) {
        console.log(line(`${k} page cold`, stats(cold[k])));
        console.log(line(`${k} page warm`, stats(warm[k])));
      }

      // 3. search: server-side time (the index) and the HTTP round trip
      const queries = [...words, ...descWords, ...awards.map((a) => a.slice(0, 6).toLowerCase())];
      const searchMs = [];
      const searchHttp = [];
      const searchCached = [];
      for (let i = 0; i < 3; i++) {
        for (const q of queries) {
          const t = performance.now();
          const r = await getJson(server.url, `/api/search?q=${encodeURIComponent(q)}`);
          (i === 0 ? searchHttp : searchCached).push(performance.now() - t);
          if (i === 0) searchMs.push(r.ms);
        }
      }
      console.log(`\nsearch over ${fmtInt(health.searchDocuments)} documents, ${queries.length} queries (first time each, then twice more from the cache):`);
      console.log(line('search, time in the index', stats(searchMs)));
      console.log(line('search, HTTP round trip, first time', stats(searchHttp)));
      console.log(line('search, HTTP round trip, cached', stats(searchCached)));

      // 4. load: baseline, then the mix
      const mix = [
        '/', '/search?q=services', `/search?q=${encodeURIComponent(words[0] ?? 'data')}`, '/data', '/path',
        ...pageUrls, ...awards.map((a) => `/award?id=${a}`),
        '/api/health', '/api/status', ...agencies.map((c) => `/api/agency?q=${c}`), ...families.map((f) => `/api/company?q=${encodeURIComponent(f)}`),
        ...agencies.map((c) => `/api/agency?q=${c}&format=csv`), ...queries.slice(0, 10).map((q) => `/api/search?q=${encodeURIComponent(q)}`),
        ...awards.map((a) => `/api/award?id=${a}`),
      ];
      for (const u of mix) {
        const r = await get(server.url, u); // warm every URL once, as a running server would be
        if (r.status !== 200) throw new Error(`${u}: HTTP ${r.status}`);
      }
      const baseSeconds = Math.max(3, Math.round(seconds / 3));
      console.log(`\nload: ${clients} concurrent clients (keep-alive), baseline /api/health for ${baseSeconds} s, then a mix of ${mix.length} pages and API calls for ${seconds} s:`);
      const base = await load(server.url, ['/api/health'], clients, baseSeconds);
      console.log(`${line('baseline /api/health', base)}  ${fmtInt(base.rps)} req/s`);
      const run = await load(server.url, mix, clients, seconds);
      console.log(`${line('mix of pages and API calls', run)}  ${fmtInt(run.rps)} req/s, ${run.mbps.toFixed(1)} MB/s`);
      const errors = [...run.errors.entries()];
      console.log(`errors: ${errors.length ? errors.map(([k, n]) => `${k} ×${n}`).join('; ') : 'none'} (baseline: ${base.errors.size ? [...base.errors.entries()].join('; ') : 'none'})`);
      console.log(`mix p95 / baseline p95 = ${(run.p95 / base.p95).toFixed(1)}×; throughput ${(run.rps / base.rps * 100).toFixed(0)}% of the baseline's`);

      const coldP95 = Math.max(stats(cold.agency).p95, stats(cold.company).p95);
      const warmP95 = Math.max(stats(warm.agency).p95, stats(warm.company).p95);
      console.log('\ntargets:');
      console.log(`  agency and company pages p95 < ${TARGET_PAGE_P95_MS} ms: warm ${fmtMs(warmP95)} ms ${warmP95 < TARGET_PAGE_P95_MS ? 'met' : 'MISSED'}; cold ${fmtMs(coldP95)} ms ${coldP95 < TARGET_PAGE_P95_MS ? 'met' : 'MISSED (the uncached answer is the library\'s time)'}`);
      console.log(`  search < ${TARGET_SEARCH_MS} ms: p95 HTTP ${fmtMs(stats(searchHttp).p95)} ms ${stats(searchHttp).p95 < TARGET_SEARCH_MS ? 'met' : 'MISSED'}`);
      console.log(`  ${clients} clients × ${seconds} s with zero errors: ${errors.length ? 'MISSED' : 'met'}`);
      return errors.length ? 1 : 0;
    } finally {
      server.child.kill('SIGTERM');
    }
  } finally {
    agent.destroy();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code ?? 0), (error) => {
  console.error(`bench:web failed: ${error.stack ?? error}`);
  process.exit(1);
});
