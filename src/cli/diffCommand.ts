import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { diffSnapshots } from '../analysis/diff.js';
import { diffText } from '../analysis/diffText.js';
import { findCompany, openResolved } from '../entities/companies.js';
import { findAgency, loadAgencyDirectory } from '../entities/agencies.js';
import { NotFoundError, UsageError } from '../errors.js';
import { resolveStorePath } from '../store/openStore.js';
import { dbOption } from './dbOption.js';

const snapshotNumber = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} must be a snapshot number (see \`whosbehind status\`), not ${v}`);
  return Number(v);
};

/** `whosbehind diff [--from S1] [--to S2] [--agency …] [--company …]` */
export function registerDiff(program: Command): void {
  program.command('diff')
    .description('what changed between two snapshots: new awards, modifications (with de-obligations), new suppliers for an agency, new agencies for a company')
    .option('--from <snapshot>', 'earlier snapshot (0 = empty store; default: the one before --to)')
    .option('--to <snapshot>', 'later snapshot (default: the latest)')
    .option('--agency <agency>', 'only this agency (code, abbreviation or name)')
    .option('--company <name...>', 'only these company families')
    .option('--keyword <word...>', 'only records whose recipient or description contains one of these words')
    .option('--basis <basis>', 'agency basis: awarding, funding or either', 'either')
    .option('--limit <n>', 'records shown per section in text output', '20')
    .option('--json', 'print as JSON (every record)')
    .addOption(dbOption())
    .addHelpText('after', `
Snapshots are numbered by ingest and fetch (\`whosbehind status\`). A new award has no record before
--from; a new modification is a new record of an award seen before (negative = de-obligation); a
changed record kept its key but not its content. Every item lists its records with file and line.`)
    .action(async (opts: { from?: string; to?: string; agency?: string; company?: string[]; keyword?: string[]; basis: string; limit: string; json?: boolean; db?: string }) => {
      if (!['awarding', 'funding', 'either'].includes(opts.basis)) throw new UsageError(`--basis must be awarding, funding or either, not ${opts.basis}`);
      const path = resolveStorePath(opts.db);
      if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` or \`whosbehind fetch\` first`);
      const db = await openResolved(path, undefined);
      try {
        const agency = opts.agency ? findAgency(await loadAgencyDirectory(db), opts.agency) : undefined;
        const companies = [];
        for (const c of opts.company ?? []) companies.push(await findCompany(db, c));
        const from = snapshotNumber('--from', opts.from);
        const to = snapshotNumber('--to', opts.to);
        const answer = await diffSnapshots(db, {
          ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(agency ? { agency } : {}),
          companies, keywords: opts.keyword ?? [], basis: opts.basis as 'awarding' | 'funding' | 'either',
        });
        process.stdout.write(opts.json ? `${JSON.stringify(answer, null, 2)}\n` : diffText(answer, Number(opts.limit) || 20));
      } finally {
        db.close();
      }
    });
}
