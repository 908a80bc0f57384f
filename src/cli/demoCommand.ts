import type { Command } from 'commander';
import { existsSync, rmSync } from 'node:fs';
import { ingest } from '../ingest.js';
import { openStore } from '../store/openStore.js';
import { readOnlyQuery } from '../store/readOnlyQuery.js';
import { formatRows } from './formatRows.js';
import { progressReporter } from './progress.js';

/** `whosbehind demo`: generate the fictional demo data, ingest it, and show what the store answers. */
export function registerDemo(program: Command): void {
  program.command('demo')
    .description('run offline on generated FICTIONAL data: write it in the real USAspending layouts, ingest it, show answers')
    .option('--db <file>', 'demo store file (replaced each run)', 'whosbehind-demo.duckdb')
    .option('--out <dir>', 'folder for the generated demo files', 'demo-data')
    .option('--transactions <n>', 'number of generated transaction rows', '5000')
    .action(async (opts: { db: string; out: string; transactions: string }) => {
      process.stdout.write('whosbehind demo: every agency, company and amount below is FICTIONAL, generated on this machine.\n\n');
      // Loaded on demand: the generator is only needed here.
      const { generateDemo } = await import('../demo/generate.js');
      // The API-projection file repeats one subtier's transactions in another layout; loading both would
      // count them twice, so the demo leaves it out (the tests load it on its own).
      const manifest = await generateDemo({
        outDir: opts.out, transactions: Number(opts.transactions),
        only: ['agencyCodes', 'transactions', 'awardSummaries', 'subawards', 'delta'],
      });
      process.stdout.write(`generated ${manifest.files.length} files in ${opts.out}/\n`);
      for (const f of [opts.db, `${opts.db}.wal`]) if (existsSync(f)) rmSync(f);
      const db = await openStore(opts.db);
      try {
        const result = await ingest(db, { paths: [opts.out], command: 'demo', reporter: progressReporter() });
        process.stdout.write(`\nsnapshot ${result.snapshotId} in ${opts.db}\n`);
        const show = async (title: string, sql: string): Promise<void> => {
          process.stdout.write(`\n${title}\n${formatRows(await readOnlyQuery(db, sql), 'table')}`);
        };
        await show('Largest recipients of each fictional agency (awarding basis, all fiscal years):', `
          SELECT awarding_sub_agency_name AS agency, recipient_name, count(*) AS transactions,
                 count(DISTINCT contract_award_unique_key) AS awards, sum(federal_action_obligation) AS obligated
          FROM transactions GROUP BY 1, 2 QUALIFY row_number() OVER (PARTITION BY agency ORDER BY obligated DESC) <= 3
          ORDER BY agency, obligated DESC`);
        await show('Obligations per fiscal year (de-obligations included as negative amounts):', `
          SELECT action_date_fiscal_year AS fiscal_year, count(*) AS transactions,
                 sum(federal_action_obligation) FILTER (WHERE federal_action_obligation < 0) AS deobligated,
                 sum(federal_action_obligation) AS net_obligated
          FROM transactions GROUP BY 1 ORDER BY 1`);
        await show('Subawards reported under fictional primes:', `
          SELECT prime_awardee_name, subawardee_name, count(*) AS reports, sum(subaward_amount) AS amount
          FROM subawards GROUP BY ALL ORDER BY amount DESC LIMIT 5`);
        process.stdout.write(`\nExplore further:\n  whosbehind status --db ${opts.db}\n  whosbehind sql --db ${opts.db} "SELECT * FROM transactions LIMIT 5"\n`);
      } finally {
        db.close();
      }
    });
}
