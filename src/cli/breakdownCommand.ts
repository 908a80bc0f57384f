import { Option, type Command } from 'commander';
import { BREAKDOWN_DIMENSIONS, breakdownAnswer, type BreakdownAnswer, type BreakdownDimension } from '../analysis/breakdown.js';
import { findAgency, loadAgencyDirectory } from '../entities/agencies.js';
import { evidenceLines } from './agencyCommand.js';
import { budgetShareLines } from './budgetShareLines.js';
import {
  addAnswerOptions, checkFormat, clean, coverageBlock, coverageWarning, footer, money, openForAnswer, parseBasis, parseFy, pct, printJson, rowsToCsv, table, type AnswerFlags,
} from './answerOptions.js';

export function renderBreakdown(b: BreakdownAnswer, explain: boolean): string {
  const out: string[] = [`${clean(b.agency.description)} by ${b.by}: ${b.basis} basis, ${b.fiscalYearsLabel}`, ...coverageWarning(b.coverage), ''];
  const years = [...new Set(b.rows.map((r) => r.fiscalYear))];
  for (const y of years) {
    const total = b.totals.find((t) => t.fiscalYear === y);
    out.push(`${y === null ? (b.perYear ? 'All selected years' : 'Total') : `FY${y}`}: ${money(total?.obligations)} in ${total?.transactions ?? 0} transactions`);
    out.push(table([[b.by, 'l'], ['label', 'l'], ['obligations', 'r'], ['share', 'r'], ['transactions', 'r'], ...(explain ? [['how', 'l']] as Array<[string, 'l' | 'r']> : [])],
      b.rows.filter((r) => r.fiscalYear === y).map((r) => [r.code ?? '(none)', r.label ?? '', money(r.obligations), pct(r.share), String(r.transactions), ...(explain ? [r.rule ?? ''] : [])]), explain ? 90 : 48));
    if (explain) {
      for (const r of b.rows.filter((x) => x.fiscalYear === y)) {
        out.push(`  ${r.code ?? '(none)'}: ${r.evidence?.length ?? 0} record(s)`, ...evidenceLines(r.evidence));
      }
    }
    out.push('');
  }
  out.push(...budgetShareLines(b.budget), ...b.caveats.map((c) => `note: ${c}`), ...coverageBlock(b.coverage), '', footer(b.context));
  return out.join('\n') + '\n';
}

/** `whosbehind breakdown AGENCY --by …` */
export function registerBreakdown(program: Command): void {
  const cmd = program.command('breakdown')
    .description("an agency's prime obligations split by category, PSC, NAICS, office or fiscal year, with shares per year")
    .argument('<agency>', 'code, abbreviation or name')
    .addOption(new Option('--by <dimension>', 'how to split').choices([...BREAKDOWN_DIMENSIONS]).default('category'))
    .option('--per-year', 'split psc, naics and office rows by fiscal year too (category always is)');
  addAnswerOptions(cmd, { fy: true, basis: true }).addHelpText('after', `
Examples:
  whosbehind breakdown ICE --by category              # share of IT and data services per year
  whosbehind breakdown DHS --by category --fy 2021..2023 --csv`)
    .action(async (query: string, flags: AnswerFlags & { by: BreakdownDimension; perYear?: boolean }) => {
      checkFormat(flags);
      const basis = parseBasis(flags.basis);
      const fiscalYears = parseFy(flags);
      const { db, ctx } = await openForAnswer(flags);
      try {
        const ref = findAgency(await loadAgencyDirectory(db), query);
        const b = await breakdownAnswer(db, ref, flags.by, ctx, { basis, fiscalYears, perYear: !!flags.perYear, explain: !!flags.explain });
        if (flags.json) printJson(b);
        else if (flags.csv) {
          process.stdout.write(rowsToCsv(b.rows.map((r) => ({
            fiscal_year: r.fiscalYear, [b.by]: r.code, label: r.label, obligations: r.obligations, share_percent: r.share, transactions: r.transactions,
            rule: r.rule ?? null, basis: b.basis, agency: b.agency.description, snapshot_id: b.context.snapshotId,
          })), ['fiscal_year', b.by, 'label', 'obligations', 'share_percent', 'transactions', 'rule', 'basis', 'agency', 'snapshot_id'],
          ['fiscal_year', 'obligations', 'share_percent', 'transactions', 'snapshot_id']));
        } else process.stdout.write(renderBreakdown(b, !!flags.explain));
      } finally {
        db.close();
      }
    });
}
