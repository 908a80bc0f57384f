// OCDS: release packages read, compiled and stored, against JSON.parse alone on the same bytes.
// The input is the real sample releases (NSW, Mexico APF, the fictional 1.1 example), repeated under
// distinct ocids into one release package of about --mb megabytes (default 50); generation is not timed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dist } from '../common.mjs';

const REAL = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'real', 'ocds-sample-data');
const TARGET_MB_S = 20;

function sampleReleases() {
  const out = [];
  for (const dir of ['australia-nsw-release-packages', 'mexico-apf-records', 'fictional-example-1.1']) {
    for (const f of readdirSync(join(REAL, dir)).sort()) {
      if (f.startsWith('record-')) continue;
      const doc = JSON.parse(readFileSync(join(REAL, dir, f), 'utf8'));
      if (Array.isArray(doc.releases)) out.push(...doc.releases);
      else { const { packageInfo: _p, ...release } = doc; out.push(release); }
    }
  }
  return out;
}

function writePackage(path, mb) {
  const releases = sampleReleases();
  const parts = [];
  let bytes = 0;
  for (let i = 0; bytes < mb * 1e6; i++) {
    for (const r of releases) {
      const s = JSON.stringify({ ...r, ocid: `${r.ocid}-b${i}`, id: `${r.id}-b${i}` });
      parts.push(s);
      bytes += s.length + 1;
    }
  }
  writeFileSync(path, `{"version":"1.1","publisher":{"name":"bench (real sample releases repeated)"},"publishedDate":"2026-12-07T00:00:00Z","releases":[\n${parts.join(',\n')}\n]}\n`);
  return { releases: parts.length, bytes: statSync(path).size };
}

const time = async (fn) => { const t0 = process.hrtime.bigint(); const r = await fn(); return { ms: Number(process.hrtime.bigint() - t0) / 1e6, r }; };
const mbs = (bytes, ms) => bytes / 1e6 / (ms / 1000);

export const ocdsCase = {
  name: 'ocds',
  target: `ingest of OCDS release packages ≥ ${TARGET_MB_S} MB/s (baseline: JSON.parse alone on the same text)`,
  async run(options) {
    const dir = mkdtempSync(join(tmpdir(), 'wb-bench-ocds-'));
    try {
      const file = join(dir, 'releases.json');
      const gen = await time(() => writePackage(file, options.mb ?? 50));
      const { releases, bytes } = gen.r;
      const text = readFileSync(file, 'utf8');
      const parse = await time(() => JSON.parse(text));
      const { readOcds } = await import(dist('sources/ocds/readOcds.js'));
      const read = await time(() => readOcds(text, file));
      const { openStore } = await import(dist('store/openStore.js'));
      const { ingest } = await import(dist('ingest.js'));
      const db = await openStore(join(dir, 'store.duckdb'));
      let counts;
      const load = await time(async () => { counts = (await ingest(db, { paths: [file] })).files[0].counts; });
      db.close();
      const rate = mbs(bytes, load.ms);
      return {
        met: rate >= TARGET_MB_S && counts.loaded === read.r.processes.length,
        lines: [
          `input: ${releases.toLocaleString('en-US')} releases, ${(bytes / 1e6).toFixed(1)} MB (generated in ${(gen.ms / 1000).toFixed(1)} s, not timed)`,
          `baseline JSON.parse:          ${(parse.ms / 1000).toFixed(2)} s  ${mbs(bytes, parse.ms).toFixed(1)} MB/s`,
          `read + compile (readOcds):    ${(read.ms / 1000).toFixed(2)} s  ${mbs(bytes, read.ms).toFixed(1)} MB/s  (${(read.ms / parse.ms).toFixed(2)}× baseline)`,
          `ingest into a fresh store:    ${(load.ms / 1000).toFixed(2)} s  ${rate.toFixed(1)} MB/s  (${(load.ms / parse.ms).toFixed(2)}× baseline); ${counts.loaded.toLocaleString('en-US')} processes loaded`,
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
