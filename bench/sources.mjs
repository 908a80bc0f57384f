#!/usr/bin/env node
// Source readers into the store, each case against a baseline of parsing alone in the same run.
// Cases are a list: add yours (another reader's case) as one more entry of CASES.
//
// Usage: npm run bench:sources [-- --rows N] [-- --case budget]
//   budget: a FICTIONAL OMB budget authority table in the real 59-column layout (N account rows,
//   48 fiscal-year columns, amounts as "1,234" thousands, some negative), generated in memory;
//   (a) parse alone: parseBudgetAuthority; (b) into the store: loadBudgetAuthority inside a
//   transaction on a fresh store (parse + long rows in exact dollars). Target: (b) ≥ 50,000 rows/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseBudgetAuthority } from '../dist/sources/budget/budgetAuthority.js';
import { loadBudgetAuthority } from '../dist/store/loadBudget.js';
import { openStore } from '../dist/store/openStore.js';

const argv = process.argv.slice(2);
const arg = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const rows = Number(arg('--rows', '50000'));
const only = arg('--case', undefined);

function budgetTable(n) {
  const years = ['1976', 'TQ', ...Array.from({ length: 46 }, (_, i) => String(1977 + i))];
  const head = ['Agency Code', 'Agency Name', 'Bureau Code', 'Bureau Name', 'Account Code', 'Account Name', 'Treasury Agency Code',
    'Subfunction Code', 'Subfunction Title', 'BEA Category', 'On- or Off- Budget', ...years].join(',');
  const lines = [head];
  let x = 12345;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < n; i++) {
    const cells = years.map(() => {
      const r = rnd() % 10;
      if (r < 4) return '0';
      const v = (rnd() % 20_000_000) - (r === 9 ? 10_000_000 : 0);
      return `"${v.toLocaleString('en-US')}"`;
    });
    lines.push([`9${String(i % 90).padStart(2, '0')}`, `"Demo Agency ${i % 90} (DEMO)"`, String(i % 70).padStart(2, '0'), `Demo Bureau ${i % 70}`,
      String(1000 + (i % 8999)), `"Demo Account ${i}, Operations (DEMO)"`, '99', '751', 'Demo subfunction', i % 2 ? 'Mandatory' : 'Discretionary',
      i % 50 ? 'On-budget' : 'Off-budget', ...cells].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const CASES = [
  {
    id: 'budget',
    what: `OMB budget authority table, ${rows.toLocaleString('en-US')} fictional account rows × 48 years`,
    target: 50_000,
    prepare: () => budgetTable(rows),
    baseline: (text) => parseBudgetAuthority(text, 'bench-budget_authority.csv').rows.length,
    async run(text) {
      const dir = mkdtempSync(join(tmpdir(), 'whosbehind-bench-'));
      try {
        const db = await openStore(join(dir, 'store.duckdb'));
        const map = { agencies: [], bureaus: [] };
        const t0 = performance.now();
        let n = 0;
        await db.transaction(async () => {
          const r = await loadBudgetAuthority(db, { text, displayName: 'bench-budget_authority.csv', sha256: 'bench', sourceId: 1, snapshotId: 1 }, map);
          n = r.counts.loaded;
        });
        const ms = performance.now() - t0;
        db.close();
        return { n, ms };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];

const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`;
console.log(`bench:sources, ${load()}`);
let failed = false;
for (const c of CASES.filter((x) => !only || x.id === only)) {
  const input = c.prepare();
  const t0 = performance.now();
  const parsed = c.baseline(input);
  const parseMs = performance.now() - t0;
  const { n, ms } = await c.run(input);
  const rate = (k, t) => Math.round(k / (t / 1000));
  console.log(`${c.id}: ${c.what}`);
  console.log(`  (a) parse alone:    ${parseMs.toFixed(0)} ms, ${rate(parsed, parseMs).toLocaleString('en-US')} rows/s`);
  console.log(`  (b) into the store: ${ms.toFixed(0)} ms, ${rate(n, ms).toLocaleString('en-US')} rows/s (${(ms / parseMs).toFixed(2)} × the parse)`);
  const met = rate(n, ms) >= c.target;
  console.log(`  target ≥ ${c.target.toLocaleString('en-US')} rows/s into the store: ${met ? 'met' : 'NOT met'} (${load()})`);
  if (!met) failed = true;
}
process.exitCode = failed ? 1 : 0;
