import type { Command } from 'commander';
import { familiesFilesFor } from '../entities/companies.js';
import { resolveEntities } from '../entities/resolve.js';
import { UsageError } from '../errors.js';
import { ingest } from '../ingest.js';
import { ensureGraph } from '../graph/graphAnswers.js';
import { loadClaims } from '../graph/storeClaims.js';
import { parseDateOrder } from '../sources/dateOrder.js';
import { LAYOUTS } from '../sources/layouts/index.js';
import { discardChanges, openStore, resolveStorePath } from '../store/openStore.js';
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
    .option('--layout <id>', `read CSV files that have no header row under this layout's header (${LAYOUTS.filter((l) => l.header).map((l) => l.id).join(', ')}); every row must fit its types or nothing is stored`)
    .option('--header-from <file>', 'read CSV files that have no header row under the header of FILE (same layout, first line its header)')
    .option('--date-order <order>', 'mdy or dmy: how spreadsheet dates (3/4/19) read, instead of deciding it from each file\'s values')
    .addHelpText('after', `
Layouts are recognised from each file's header: contract prime transactions, Award Data Archive
deltas, prime award summaries, contract subawards, API spending_by_transaction CSVs, the official
agency codes list, and the legacy layouts (259-column 2018 transactions; pre-2017 names such as piid,
modnumber, dollarsobligated, signeddate). Assistance files are recognised and skipped.

A file whose first line is data ("line 1 looks like data: 259 values, no header") is loaded with
--layout ID or --header-from FILE; every row is then checked against the layout (dates, amounts,
codes) and a row that does not fit refuses the file, naming its line and field.

A file's date order (month-first 10/5/23 or day-first 05/10/2023) is decided from its values that read
one way only, and recorded in the sources table; a file that mixes orders, or whose spreadsheet dates
all read both ways, is refused with example lines unless --date-order names the order.

By default a run is atomic: a bad file fails it with a message naming the file and line, and the store
is left exactly as it was. Row-level problems are kept in the rejects table with their reason.
Per file: read = loaded + replaced + unchanged + deleted + rejected.

At the end families, answer facts and the relationship graph are brought up to date, so the first
answer after an ingest is as fast as the next. A store that \`whosbehind serve\` (or another reader) holds
is written as a copy and swapped in when the ingest is done: the server serves the new snapshot within
seconds, without a restart. A second ingest on the same store waits for the first (docs/ingest.md).`)
    .action(async (paths: string[], opts: { db?: string; keepGoing?: boolean; allowEmpty?: boolean; memoryLimit: string; threads?: string; layout?: string; headerFrom?: string; dateOrder?: string }) => {
      const dateOrder = opts.dateOrder === undefined ? undefined : parseDateOrder(opts.dateOrder);
      if (opts.dateOrder !== undefined && (dateOrder === undefined || dateOrder === 'iso')) throw new UsageError(`--date-order must be mdy or dmy, not "${opts.dateOrder}"`);
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      const db = await openStore(resolveStorePath(opts.db), {
        memoryLimit: opts.memoryLimit, ...(opts.threads ? { threads: Number(opts.threads) } : {}), command: `ingest ${paths.join(' ')}`, log,
      });
      try {
        const result = await ingest(db, {
          paths, keepGoing: opts.keepGoing, allowEmpty: opts.allowEmpty, command: `ingest ${paths.join(' ')}`, reporter: progressReporter(),
          ...(opts.layout !== undefined ? { layout: opts.layout } : {}),
          ...(opts.headerFrom !== undefined ? { headerFrom: opts.headerFrom } : {}),
          ...(dateOrder ? { dateOrder } : {}),
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
