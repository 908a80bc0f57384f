import { budgetShareLines } from './budgetShareLines.js';
import type { Command } from 'commander';
import { agencyAnswer, type AgencyAnswer } from '../analysis/agencyAnswer.js';
import type { EvidenceRecord } from '../analysis/answer.js';
import { findAgency, loadAgencyDirectory } from '../entities/agencies.js';
import { NotFoundError, UsageError } from '../errors.js';
import { findOcdsAgencies, ocdsAgencyAnswer } from '../analysis/ocdsAnswers.js';
import { renderOcdsAgency } from './ocdsRender.js';
import {
  addAnswerOptions, checkFormat, clean, coverageBlock, coverageWarning, footer, money, openForAnswer, parseBasis, parseFy, pct, printJson, rowsToCsv, table,
  type AnswerFlags,
} from './answerOptions.js';

export function evidenceLines(records: readonly EvidenceRecord[] | undefined, indent = '      '): string[] {
  if (!records) return [];
  return records.map((e) => `${indent}${e.table} ${clean(e.key)}  ${e.amount ?? ''}  ${clean(e.sourceFile)} line ${e.line} (snapshot ${e.snapshotId})`);
}

export function renderAgency(a: AgencyAnswer, explain: boolean): string {
  const out: string[] = [];
  out.push(`Who is behind ${clean(a.agency.description)}`);
  out.push(...coverageWarning(a.coverage));
  out.push(`${a.basis} basis, ${a.fiscalYearsLabel}: ${money(a.totals.obligations)} net prime obligations in ${a.totals.transactions} transactions on ${a.totals.awards} awards to ${a.totals.families} company families.`);
  const s = a.split;
  out.push(`Awarding vs funding (either basis): awarded and funded ${money(s.both.obligations)} (${s.both.transactions}); awarded only ${money(s.awardingOnly.obligations)} (${s.awardingOnly.transactions}); funded only ${money(s.fundingOnly.obligations)} (${s.fundingOnly.transactions}).`);
  out.push('');
  const showSplit = a.basis === 'either';
  out.push(table(
    [['#', 'r'], ['family', 'l'], ['obligations', 'r'], ['share', 'r'], ['awards', 'r'], ['transactions', 'r'], ...(showSplit ? [['awarded by', 'r'], ['funded by', 'r']] as Array<[string, 'l' | 'r']> : []), ['years', 'l']],
    a.families.map((f) => [
      String(f.rank), `${f.name} [${f.familyId}]`, money(f.obligations), pct(f.share), String(f.awards), String(f.transactions),
      ...(showSplit ? [money(f.awardedBy), money(f.fundedBy)] : []),
      f.firstFiscalYear === null ? '' : f.firstFiscalYear === f.lastFiscalYear ? `FY${f.firstFiscalYear}` : `FY${f.firstFiscalYear}–FY${f.lastFiscalYear}`,
    ]),
  ));
  if (a.others) out.push(`   … ${a.others.families} more families: ${money(a.others.obligations)} (${pct(a.others.share)})`);
  if (explain) {
    out.push('', 'Records behind each family\'s figure:');
    for (const f of a.families) {
      out.push(`  ${f.rank}. ${clean(f.name)}: ${f.evidence?.length ?? 0} transaction(s) summing to ${money(f.obligations)}`);
      out.push(...evidenceLines(f.evidence));
    }
  }
  if (a.trend.length) {
    out.push('', 'Per fiscal year:');
    out.push(table([['fiscal year', 'l'], ['obligations', 'r'], ['transactions', 'r']], a.trend.map((t) => [t.fiscalYear === null ? '(no date)' : `FY${t.fiscalYear}`, money(t.obligations), String(t.transactions)])));
  }
  if (a.categories.length) {
    out.push('', 'Categories:');
    out.push(table([['category', 'l'], ['obligations', 'r'], ['share', 'r'], ['transactions', 'r']], a.categories.map((c) => [c.label, money(c.obligations), pct(c.share), String(c.transactions)])));
  }
  if (a.topAwards.length) {
    out.push('', 'Top awards:');
    out.push(table([['award', 'l'], ['family', 'l'], ['obligations', 'r'], ['description', 'l'], ['link', 'l']],
      a.topAwards.map((t) => [t.piid ?? t.awardKey, t.familyName, money(t.obligations), t.description ?? '', t.permalink]), 60));
  }
  if (a.awardSummariesOnly.awards) {
    out.push('', `Awards known only from award summaries (${a.awardSummariesOnly.awards}, ${money(a.awardSummariesOnly.totalObligated)}): ${a.awardSummariesOnly.note}`);
    out.push(table([['family', 'l'], ['awards', 'r'], ['total obligated', 'r']], a.awardSummariesOnly.families.slice(0, 15).map((f) => [`${f.name} [${f.familyId}]`, String(f.awards), money(f.totalObligated)])));
    if (explain) for (const f of a.awardSummariesOnly.families.slice(0, 15)) out.push(`  ${clean(f.name)}:`, ...evidenceLines(f.evidence));
  }
  if (a.subawards.subawards) {
    out.push('', `Subawards under this agency's primes (${a.subawards.subawards}, ${money(a.subawards.amount)}; ${money(a.subawards.amountWithoutRepeats)} without ${a.subawards.repeats} repeats): ${a.subawards.note}`);
    out.push(table([['subawardee family', 'l'], ['subawards', 'r'], ['amount', 'r'], ['under primes', 'l']],
      a.subawards.families.slice(0, 15).map((f) => [`${f.name} [${f.familyId}]`, String(f.subawards), money(f.amount), f.primes.slice(0, 3).join('; ')]), 60));
    if (explain) for (const f of a.subawards.families.slice(0, 15)) out.push(`  ${clean(f.name)}:`, ...evidenceLines(f.evidence));
  }
  out.push('', ...budgetShareLines(a.budget), ...a.caveats.map((c) => `note: ${c}`), ...coverageBlock(a.coverage), '', footer(a.context));
  return out.join('\n') + '\n';
}

/** `whosbehind agency AGENCY` */
export function registerAgency(program: Command): void {
  const cmd = program.command('agency')
    .description('who is behind an agency: company families ranked by prime obligations, with trend, categories, top awards and subawards')
    .argument('<agency>', 'code (7012), abbreviation (ICE) or name (Immigration and Customs Enforcement)')
    .option('--limit <n>', 'families to list', '25');
  addAnswerOptions(cmd, { fy: true, basis: true }).addHelpText('after', `
Examples:
  whosbehind agency ICE --fy 2022 --basis awarding
  whosbehind agency 7012 --json > ice.json
  whosbehind agency "Customs and Border Protection" --csv > cbp-families.csv`)
    .action(async (query: string, flags: AnswerFlags & { limit: string }) => {
      checkFormat(flags);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
      const basis = parseBasis(flags.basis);
      const fiscalYears = parseFy(flags);
      const { db, ctx } = await openForAnswer(flags);
      try {
        let ref;
        try {
          ref = findAgency(await loadAgencyDirectory(db), query);
        } catch (error) {
          // Not a US agency: a buyer of an OCDS publisher (procurement outside the US) answers in its own currencies.
          if (!(error instanceof NotFoundError)) throw error;
          const ocds = await findOcdsAgencies(db, query);
          if (ocds.length !== 1) {
            if (ocds.length > 1) throw new NotFoundError(`"${query}" matches ${ocds.length} OCDS buyers: ask for one by its id`, ocds.slice(0, 10).map((o) => `${o.agencyId} (${o.country ?? '?'})`));
            throw error;
          }
          const o = await ocdsAgencyAnswer(db, ocds[0]!, { explain: !!flags.explain });
          if (flags.json) printJson({ ...o, context: ctx });
          else if (flags.csv) {
            process.stdout.write(rowsToCsv(o.suppliers.map((s) => ({
              agency_id: o.agency.agencyId, buyer: o.agency.name, country: o.agency.country, recipient_id: s.recipientId, supplier: s.name,
              currency: s.currency, amount: s.amount, lines: s.lines, shared_lines: s.sharedLines, snapshot_id: ctx.snapshotId,
            })), ['agency_id', 'buyer', 'country', 'recipient_id', 'supplier', 'currency', 'amount', 'lines', 'shared_lines', 'snapshot_id'], ['amount', 'lines', 'shared_lines', 'snapshot_id']));
          } else process.stdout.write(renderOcdsAgency(o, !!flags.explain) + footer(ctx) + '\n');
          return;
        }
        const a = await agencyAnswer(db, ref, ctx, { basis, fiscalYears, limit, explain: !!flags.explain });
        if (flags.json) printJson(a);
        else if (flags.csv) {
          process.stdout.write(rowsToCsv(a.families.map((f) => ({
            rank: f.rank, family_id: f.familyId, family: f.name, obligations: f.obligations, share_percent: f.share, awards: f.awards,
            transactions: f.transactions, awarded_by_agency: f.awardedBy, funded_by_agency: f.fundedBy, first_fy: f.firstFiscalYear,
            last_fy: f.lastFiscalYear, basis: a.basis, agency: a.agency.description, snapshot_id: a.context.snapshotId,
          })), ['rank', 'family_id', 'family', 'obligations', 'share_percent', 'awards', 'transactions', 'awarded_by_agency', 'funded_by_agency', 'first_fy', 'last_fy', 'basis', 'agency', 'snapshot_id'],
          ['rank', 'obligations', 'share_percent', 'awards', 'transactions', 'awarded_by_agency', 'funded_by_agency', 'first_fy', 'last_fy', 'snapshot_id']));
        } else process.stdout.write(renderAgency(a, !!flags.explain));
      } finally {
        db.close();
      }
    });
}
