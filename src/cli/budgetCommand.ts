import type { Command } from 'commander';
import { budgetAnswer, type BudgetAnswer } from '../analysis/budgetAnswer.js';
import { findAgency, loadAgencyDirectory } from '../entities/agencies.js';
import { addAnswerOptions, checkFormat, clean, footer, money, openForAnswer, parseFy, printJson, rowsToCsv, table, type AnswerFlags } from './answerOptions.js';

const amount = (v: string | null): string => (v === null ? 'missing' : money(v));

/** The budget answer as terminal text. */
export function renderBudget(b: BudgetAnswer, explain: boolean): string {
  const out = [
    `${clean(b.agency.description)}: ${b.measure}, ${b.fiscalYearsLabel}`,
    `units: ${b.units}`, '',
    table([['fiscal year', 'l'], ['budget authority', 'r'], ['account rows', 'r']], b.years.map((y) => [`FY${y.fiscalYear}`, amount(y.budgetAuthority), String(y.rows)])),
    '', `total of the years with a value: ${amount(b.total)}`, '',
  ];
  if (b.bureaus.length) {
    out.push('By OMB bureau:', table([['bureau', 'l'], ['name', 'l'], ['subtier', 'l'], ['accounts', 'r'], ['total', 'r']],
      b.bureaus.map((x) => [x.bureauCode, x.bureauName, x.subtierCode ?? '(department-wide)', String(x.accounts), amount(x.total)]), 60), '');
    out.push('Accounts:', table([['account', 'l'], ['treasury', 'l'], ['name', 'l'], ['category', 'l'], ['budget', 'l'], ['total', 'r'], ...(explain ? [['line', 'r']] as Array<[string, 'l' | 'r']> : [])],
      b.accounts.map((a) => [a.accountCode || '(none)', a.treasuryAccount ?? '', a.accountName, a.beaCategory, a.onOffBudget, amount(a.total), ...(explain ? [String(a.line)] : [])]), 56), '');
    if (explain) {
      for (const a of b.accounts) {
        out.push(`  ${a.sourceFile} line ${a.line}: ${clean(a.bureauName)} / ${a.accountCode} ${clean(a.accountName)} (${a.beaCategory}, ${a.onOffBudget})`);
        out.push(`    ${a.byYear.filter((y) => y.budgetAuthority !== null).map((y) => `FY${y.fiscalYear} ${money(y.budgetAuthority)}`).join('; ')}`);
      }
      out.push('');
    }
  } else out.push('No budget rows for this agency in the store.', '');
  if (b.source) out.push(`source: ${b.source.file} (source ${b.source.sourceId}, snapshot ${b.source.snapshotId}${b.source.sha256 ? `, sha256 ${b.source.sha256.slice(0, 16)}…` : ''}); agency mapping: ${b.mapping}`);
  out.push(...b.caveats.map((c) => `note: ${c}`), footer(b.context));
  return out.join('\n') + '\n';
}

/** `whosbehind budget AGENCY [--fy …]` */
export function registerBudget(program: Command): void {
  const cmd = program.command('budget')
    .description("an agency's budget authority per fiscal year (OMB, in dollars), with its bureaus and accounts")
    .argument('<agency>', 'toptier or subtier agency: code, abbreviation or name (ICE, 7012, DHS, 070)');
  addAnswerOptions(cmd, { fy: true }).addHelpText('after', `
Reads the OMB budget authority table (ingest usaspending-budget/budget_authority.csv first). Amounts
are in dollars: OMB's thousands × 1,000, exact. A subtier's budget is the OMB bureaus that
data/budget-accounts.yaml maps to it (each row cites the Treasury account list); a fiscal year the
table does not cover is shown as missing, never as zero. Budget authority is neither obligations nor
outlays, and is never added to contract money. See docs/budget.md.

Examples:
  whosbehind budget ICE --fy 2018..2022
  whosbehind budget DHS --fy 2022 --explain      # every account row, with its file line
  whosbehind budget 7012 --csv`)
    .action(async (query: string, flags: AnswerFlags) => {
      checkFormat(flags);
      const fiscalYears = parseFy(flags);
      const { db, ctx } = await openForAnswer(flags);
      try {
        const ref = findAgency(await loadAgencyDirectory(db), query);
        const b = await budgetAnswer(db, ctx, ref, fiscalYears);
        if (flags.json) printJson(b);
        else if (flags.csv) {
          process.stdout.write(rowsToCsv(b.accounts.flatMap((a) => a.byYear.map((y) => ({
            fiscal_year: y.fiscalYear, omb_agency: a.ombAgencyCode, bureau: a.bureauCode, bureau_name: a.bureauName, account: a.accountCode,
            treasury_account: a.treasuryAccount, account_name: a.accountName, bea_category: a.beaCategory, on_off_budget: a.onOffBudget,
            budget_authority_dollars: y.budgetAuthority, subtier: a.subtierCode, source_file: a.sourceFile, source_line: a.line,
            agency: b.agency.description, snapshot_id: b.context.snapshotId,
          }))), ['fiscal_year', 'omb_agency', 'bureau', 'bureau_name', 'account', 'treasury_account', 'account_name', 'bea_category', 'on_off_budget',
            'budget_authority_dollars', 'subtier', 'source_file', 'source_line', 'agency', 'snapshot_id'],
          ['fiscal_year', 'budget_authority_dollars', 'source_line', 'snapshot_id']));
        } else process.stdout.write(renderBudget(b, !!flags.explain));
      } finally {
        db.close();
      }
    });
}
