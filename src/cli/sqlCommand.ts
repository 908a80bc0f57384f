import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { NotFoundError } from '../errors.js';
import { openStore, resolveStorePath } from '../store/openStore.js';
import { readOnlyQuery } from '../store/readOnlyQuery.js';
import { dbOption } from './dbOption.js';
import { formatRows, type RowFormat } from './formatRows.js';

/** `whosbehind sql "SELECT …"` */
export function registerSql(program: Command): void {
  program.command('sql')
    .description('run one read-only SELECT over the store (views: transactions, award_summaries, subawards, agency_codes, sources, snapshots, rejects)')
    .argument('<query>', 'a single SELECT statement')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .addHelpText('after', `
Only a SELECT runs: the store is opened read-only with file and network access turned off.
JSON is an array of row objects keyed by column name; money (DECIMAL) is an exact decimal string.
CSV neutralises text cells that a spreadsheet would run as formulas (=, +, -, @).

Example:
  whosbehind sql "SELECT recipient_name, sum(federal_action_obligation) AS obligated
                  FROM transactions WHERE awarding_sub_agency_code = '7012'
                  GROUP BY 1 ORDER BY 2 DESC LIMIT 10"`)
    .action(async (query: string, opts: { db?: string; format: RowFormat }) => {
      const path = resolveStorePath(opts.db);
      if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` (or \`whosbehind demo\`) first`);
      const db = await openStore(path, { readOnly: true, noExternalAccess: true });
      try {
        const result = await readOnlyQuery(db, query);
        process.stdout.write(formatRows(result, opts.format));
      } finally {
        db.close();
      }
    });
}
