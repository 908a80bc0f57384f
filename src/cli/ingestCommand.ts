import type { Command } from 'commander';
import { familiesFilesFor } from '../entities/companies.js';
import { resolveEntities } from '../entities/resolve.js';
import { ingest } from '../ingest.js';
import { discardChanges, openStore, resolveStorePath } from '../store/openStore.js';
import { ensureGraph } from '../graph/graphAnswers.js';
import { loadClaims } from '../graph/storeClaims.js';
import { dbOption } from './dbOption.js';
import { progressReporter } from './progress.js';

/** `whosbehind ingest PATH...` */
export function registerIngest(program: Command): void {
  program.command('ingest')
    .description('load USAspending files, folders and zip archives into the store as one snapshot')
    .argument('<paths...>', 'CSV files, folders (read recursively) or .zip archives')
    .addOption(dbOption())
    .option('--keep-going', 'commit each good file and report bad ones, instead of failing the whole run')
    .option('--allow-empty', 'load a file that holds only its header (by default it is passed over with a warning)')
    .option('--memory-limit <size>', 'DuckDB memory limit while loading', '1600MB')
    .option('--threads <n>', 'DuckDB worker threads (default: one per core)')
    .addHelpText('after', `
Layouts are recognised from each file's header: contract prime transactions, Award Data Archive
deltas, prime award summaries, contract subawards, API spending_by_transaction CSVs, and the official
agency codes list. Assistance files are recognised and skipped.

By default a run is atomic: a bad file fails it with a message naming the file and line, and the store
is left exactly as it was. Row-level problems are kept in the rejects table with their reason.
Per file: read = loaded + replaced + unchanged + deleted + rejected.

At the end families, answer facts and the relationship graph are brought up to date, so the first
answer after an ingest is as fast as the next. A store that \`whosbehind serve\` (or another reader) holds
is written as a copy and swapped in when the ingest is done: the server serves the new snapshot within
seconds, without a restart. A second ingest on the same store waits for the first (docs/ingest.md).`)
    .action(async (paths: string[], opts: { db?: string; keepGoing?: boolean; allowEmpty?: boolean; memoryLimit: string; threads?: string }) => {
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      const db = await openStore(resolveStorePath(opts.db), {
        memoryLimit: opts.memoryLimit, ...(opts.threads ? { threads: Number(opts.threads) } : {}), command: `ingest ${paths.join(' ')}`, log,
      });
      try {
        const result = await ingest(db, {
          paths, keepGoing: opts.keepGoing, allowEmpty: opts.allowEmpty, command: `ingest ${paths.join(' ')}`, reporter: progressReporter(),
        });
        for (const r of result.files) {
          if (r.skipped?.startsWith('warning: ')) process.stderr.write(`warning  ${r.name}: ${r.skipped.slice(9)}\n`);
          else if (r.skipped) process.stderr.write(`skipped  ${r.name}: ${r.skipped}\n`);
        }
        const loaded = result.files.filter((f) => f.counts);
        process.stdout.write(result.snapshotId
          ? `snapshot ${result.snapshotId}: ${loaded.length} file(s) loaded into ${db.path}\n`
          : `nothing loaded into ${db.path}\n`);
        if (result.snapshotId) {
          // the store is left ready to answer: the first agency, company or path costs no more than the next
          log('bringing families, answer facts and the relationship graph up to date…');
          const r = await resolveEntities(db, { familiesFiles: await familiesFilesFor(db, undefined) });
          process.stdout.write(`families: ${r.recipients} recipients in ${r.families} families (${r.curatedFamilies} curated); `
            + `${r.suggestions} suggested merges to review with \`whosbehind entities suggest\` (${(r.ms / 1000).toFixed(1)} s)\n`);
          const t0 = Date.now();
          const g = await ensureGraph(db, undefined, (files) => loadClaims(db, files));
          process.stdout.write(g ? `relationship graph: ${g.nodes} nodes (${((Date.now() - t0) / 1000).toFixed(1)} s)\n` : 'relationship graph: already current\n');
        }
        if (result.failed) {
          process.stderr.write(`${result.failed} file(s) failed\n`);
          process.exitCode = 3;
        }
      } catch (error) {
        // a copy of a served store is thrown away: the store stays exactly as it was
        discardChanges(db);
        throw error;
      } finally {
        db.close();
      }
    });
}
