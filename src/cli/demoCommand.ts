import type { Command } from 'commander';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { ingest } from '../ingest.js';
import { agencyAnswer } from '../analysis/agencyAnswer.js';
import { answerContext } from '../analysis/answer.js';
import { companyAnswer } from '../analysis/companyAnswer.js';
import { findAgency, loadAgencyDirectory } from '../entities/agencies.js';
import { findCompany } from '../entities/companies.js';
import { resolveEntities } from '../entities/resolve.js';
import { VERSION } from '../version.js';
import { renderAgency } from './agencyCommand.js';
import { renderCompany } from './companyCommand.js';
import { openStore } from '../store/openStore.js';
import { progressReporter } from './progress.js';
import { ensureGraph } from '../graph/graphAnswers.js';
import { loadClaims } from '../graph/storeClaims.js';
import { buildReport } from '../reports/reportData.js';
import { renderReport } from '../reports/renderReport.js';

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
        const r = await resolveEntities(db, { familiesFiles: [] });
        process.stdout.write(`families: ${r.recipients} recipients in ${r.families} families; ${r.suggestions} suggested merges\n`);
        const ctx = await answerContext(db, VERSION);
        const dir = await loadAgencyDirectory(db);
        const top = await db.one<{ code: string }>(
          `SELECT awarding_sub_agency_code AS code FROM tx_current WHERE awarding_sub_agency_code IS NOT NULL
           GROUP BY 1 ORDER BY sum(federal_action_obligation) DESC, 1 LIMIT 1`);
        if (top) {
          const ref = findAgency(dir, top.code);
          const a = await agencyAnswer(db, ref, ctx, { basis: 'either', limit: 5, topAwards: 5 });
          process.stdout.write(`\n$ whosbehind agency ${top.code} --limit 5   (FICTIONAL demo data)\n\n${renderAgency(a, false)}`);
          const family = a.families[0];
          if (family) {
            const c = await companyAnswer(db, await findCompany(db, family.familyId), ctx, { agencyBasis: 'awarding', topAwards: 5 });
            process.stdout.write(`\n$ whosbehind company ${family.familyId}   (FICTIONAL demo data)\n\n${renderCompany(c, false)}`);
          }
          // The dossier of the agency, watching its own largest fictional families (the built-in watch
          // list names real companies, which have no place in a fictional report).
          await ensureGraph(db, undefined, (files) => loadClaims(db, files));
          const watched = a.families.slice(0, 3).map((f) => f.familyId);
          const reportFile = join(dirname(resolvePath(opts.db)), 'whosbehind-demo-report.html');
          const model = await buildReport(db, ctx, {
            kind: 'agency', query: top.code, watch: { agencies: [], companies: watched, keywords: [], source: 'demo: the agency\'s three largest fictional families' },
            command: `whosbehind report agency ${top.code} --db ${opts.db} --out whosbehind-demo-report.html`,
          });
          writeFileSync(reportFile, String((await renderReport(model, 'html')).content));
          process.stdout.write(`\n$ whosbehind report agency ${top.code} --out whosbehind-demo-report.html   (FICTIONAL demo data)\nwrote ${reportFile}: the sourced dossier with charts; open it in a browser (it fetches nothing)\n`);
        }
        process.stdout.write(`\nExplore further:\n  whosbehind serve --db ${opts.db}    (the web app and JSON API on http://127.0.0.1:8080)\n  whosbehind status --db ${opts.db}\n  whosbehind breakdown ${top?.code ?? 'AGENCY'} --by category --db ${opts.db}\n  whosbehind path COMPANY ${top?.code ?? 'AGENCY'} --db ${opts.db}\n  whosbehind entities suggest --db ${opts.db}\n  whosbehind sql --db ${opts.db} "SELECT * FROM transactions LIMIT 5"\n`);
      } finally {
        db.close();
      }
    });
}
