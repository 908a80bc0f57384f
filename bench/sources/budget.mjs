// bench:sources case "budget": a FICTIONAL OMB budget authority table in the real 59-column layout
// (N account rows, 48 fiscal-year columns, amounts as "1,234" thousands, some negative), generated in
// memory; (a) parse alone: parseBudgetAuthority; (b) into the store: loadBudgetAuthority inside a
// transaction on a fresh store (parse + long rows in exact dollars). Target: (b) >= 50,000 rows/s.
// Options: --rows N (default 50,000).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBudgetAuthority } from '../../dist/sources/budget/budgetAuthority.js';
import { loadBudgetAuthority } from '../../dist/store/loadBudget.js';
import { openStore } from '../../dist/store/openStore.js';

const TARGET = 50_000;

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

const intoStore = {
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
};

export const budgetCase = {
  name: 'budget',
  target: `OMB budget authority table into the store >= ${TARGET.toLocaleString('en-US')} rows/s (baseline: parsing alone)`,
  async run(options) {
    const rows = options.rows ?? 50_000;
    const text = budgetTable(rows);
    const t0 = performance.now();
    const parsed = parseBudgetAuthority(text, 'bench-budget_authority.csv').rows.length;
    const parseMs = performance.now() - t0;
    const { n, ms } = await intoStore.run(text);
    const rate = (k, t) => Math.round(k / (t / 1000));
    return {
      met: rate(n, ms) >= TARGET,
      lines: [
        `${rows.toLocaleString('en-US')} fictional account rows x 48 years`,
        `(a) parse alone:    ${parseMs.toFixed(0)} ms, ${rate(parsed, parseMs).toLocaleString('en-US')} rows/s`,
        `(b) into the store: ${ms.toFixed(0)} ms, ${rate(n, ms).toLocaleString('en-US')} rows/s (${(ms / parseMs).toFixed(2)} x the parse)`,
      ],
    };
  },
};
