import type { Command } from 'commander';
import { Option } from 'commander';
import { BASES } from '../analysis/answer.js';
import { resolveAward } from '../analysis/awardAnswer.js';
import { refusedRows, type RefusedScope } from '../analysis/refusedRows.js';
import { REJECT_KIND_BY_ID } from '../analysis/rejectKinds.js';
import { findCompany } from '../entities/companies.js';
import { findAgency, loadAgencyDirectory } from '../entities/agencies.js';
import { UsageError } from '../errors.js';
import { checkFormat, clean, money, openForAnswer, parseBasis, parseFy, printJson, rowsToCsv, type AnswerFlags } from './answerOptions.js';
import { dbOption } from './dbOption.js';

interface RejectsFlags extends AnswerFlags {
  agency?: string;
  company?: string;
  award?: string;
  limit: string;
}

/** `whosbehind rejects`: the rows refused at ingest that fall in a scope, each with file, line, field, reason. */
export function registerRejects(program: Command): void {
  program.command('rejects')
    .description('list the rows refused at ingest in a scope (an agency, company or award), with file, line, field, reason and amount')
    .addOption(dbOption())
    .option('--agency <agency>', 'rows naming this agency (code, abbreviation or name) on --basis')
    .option('--company <company>', 'rows naming a member of this company family')
    .option('--award <id>', 'rows of this award (key or PIID)')
    .option('--fy <years>', 'fiscal years: 2022, 2021..2023')
    .addOption(new Option('--basis <basis>', 'with --agency: awarding, funding or either').choices([...BASES]).default('either'))
    .option('--limit <n>', 'rows to list', '200')
    .option('--json', 'print as JSON')
    .option('--csv', 'print as CSV')
    .addHelpText('after', `
Every answer's coverage block names the command that lists its refused rows, e.g.
  whosbehind rejects --agency 7012 --basis either --fy 2022
A row whose record the store holds anyway (an identical repeat, an older version) is marked "held".`)
    .action(async (flags: RejectsFlags) => {
      checkFormat(flags);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
      if ([flags.agency, flags.company, flags.award].filter((x) => x !== undefined).length > 1) throw new UsageError('choose one of --agency, --company and --award');
      const fiscalYears = parseFy(flags);
      const { db } = await openForAnswer(flags);
      try {
        let scope: RefusedScope = { kind: 'all' };
        if (flags.agency !== undefined) {
          scope = { kind: 'agency', agency: findAgency(await loadAgencyDirectory(db), flags.agency), basis: parseBasis(flags.basis), ...(fiscalYears ? { fiscalYears } : {}) };
        } else if (flags.company !== undefined) {
          scope = { kind: 'company', familyId: (await findCompany(db, flags.company)).familyId, ...(fiscalYears ? { fiscalYears } : {}) };
        } else if (flags.award !== undefined) scope = { kind: 'award', awardKey: (await resolveAward(db, flags.award)).key };
        const rows = await refusedRows(db, scope, limit);
        if (flags.json) printJson({ scope, rows });
        else if (flags.csv) {
          process.stdout.write(rowsToCsv(rows.map((r) => ({ ...r, record_held: r.recordHeld, fiscal_year: r.fiscalYear, amount_text: r.amountText, snapshot_id: r.snapshotId })),
            ['file', 'line', 'view', 'field', 'kind', 'record_held', 'reason', 'fiscal_year', 'amount', 'amount_text', 'snapshot_id'], ['line', 'fiscal_year', 'amount', 'snapshot_id']));
        } else {
          const out = [`${rows.length}${rows.length === limit ? '+' : ''} refused row(s) in scope${rows.length === limit ? ` (first ${limit}; --limit for more)` : ''}`];
          for (const r of rows) {
            const amount = r.amount !== null ? money(r.amount) : r.amountText !== null ? `"${r.amountText}" (unreadable)` : 'no amount';
            out.push(`  ${clean(r.file)} line ${r.line}  ${r.view ?? ''}  ${r.fiscalYear === null ? 'FY?' : `FY${r.fiscalYear}`}  ${amount}  ${r.recordHeld ? 'held' : 'NOT HELD'}`);
            out.push(`      ${REJECT_KIND_BY_ID.get(r.kind)?.label ?? r.kind}${r.field ? ` — field ${clean(r.field)}` : ''}: ${clean(r.reason)}`);
          }
          process.stdout.write(out.join('\n') + '\n');
        }
      } finally {
        db.close();
      }
    });
}
