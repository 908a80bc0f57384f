import { Option, type Command } from 'commander';
import { companyAnswer, type CompanyAnswer } from '../analysis/companyAnswer.js';
import { findOcdsSuppliers, ocdsCompanyAnswer } from '../analysis/ocdsAnswers.js';
import { findCompany } from '../entities/companies.js';
import { NotFoundError } from '../errors.js';
import { renderOcdsCompany } from './ocdsRender.js';
import { evidenceLines } from './agencyCommand.js';
import {
  addAnswerOptions, checkFormat, clean, coverageBlock, coverageWarning, footer, money, openForAnswer, parseFy, pct, printJson, rowsToCsv, table, type AnswerFlags,
} from './answerOptions.js';

export function renderCompany(c: CompanyAnswer, explain: boolean): string {
  const out: string[] = [];
  out.push(`What ${clean(c.company.name)} [${c.company.familyId}] is behind`);
  out.push(...coverageWarning(c.coverage));
  out.push(`${c.fiscalYearsLabel}: ${money(c.totals.obligations)} net prime obligations in ${c.totals.transactions} transactions on ${c.totals.awards} awards from ${c.totals.agencies} agencies (grouped by ${c.agencyBasis} agency).`);
  out.push('', `Family members (${c.company.basis === 'curated' ? `curated in ${clean(c.company.curatedFile)}` : `formed by ${c.company.basis}`}):`);
  for (const m of c.members) {
    out.push(`  ${clean(m.name)}  ${m.ueis ? `UEI ${m.ueis}` : ''}${m.dunsNumbers ? ` DUNS ${m.dunsNumbers}` : ''}  ${m.records} record(s), ${m.roles}`);
    for (const r of m.reasons) out.push(`      ${r.rule}: ${clean(r.detail)}`);
  }
  if (c.byAgency.length) {
    out.push('', 'Prime obligations by agency:');
    out.push(table([['agency', 'l'], ['subtier', 'l'], ['obligations', 'r'], ['share', 'r'], ['awards', 'r'], ['transactions', 'r'], ['per fiscal year', 'l']],
      c.byAgency.map((r) => [r.toptierName ?? '(none)', `${r.subtierName ?? ''}${r.subtierCode ? ` (${r.subtierCode})` : ''}`, money(r.obligations), pct(r.share), String(r.awards), String(r.transactions),
        r.byYear.map((y) => `FY${y.fiscalYear}: ${money(y.obligations)}`).join(', ')]), 70));
    if (explain) for (const r of c.byAgency) out.push(`  ${clean(r.subtierName ?? r.toptierName)}:`, ...evidenceLines(r.evidence));
  }
  if (c.categories.length) {
    out.push('', 'Categories:');
    out.push(table([['category', 'l'], ['obligations', 'r'], ['share', 'r']], c.categories.map((x) => [x.label, money(x.obligations), pct(x.share)])));
  }
  if (c.topAwards.length) {
    out.push('', 'Top awards:');
    out.push(table([['award', 'l'], ['agency', 'l'], ['obligations', 'r'], ['description', 'l'], ['link', 'l']],
      c.topAwards.map((t) => [t.piid ?? t.awardKey, t.awardingSubAgency ?? '', money(t.obligations), t.description ?? '', t.permalink]), 60));
  }
  if (c.awardSummaryTotals.length) {
    out.push('', 'Prime awards from award summaries (life-of-award total_obligated_amount; not added to the yearly figures above):');
    out.push(table([['subtier', 'l'], ['awards', 'r'], ['total obligated', 'r'], ['of which transactions loaded', 'r']],
      c.awardSummaryTotals.map((r) => [`${r.subtierName ?? '(none)'}${r.subtierCode ? ` (${r.subtierCode})` : ''}`, String(r.awards), money(r.totalObligated), String(r.withTransactionsLoaded)])));
    if (explain) for (const r of c.awardSummaryTotals) out.push(`  ${clean(r.subtierName)}:`, ...evidenceLines(r.evidence));
    if (c.awardSummariesOnly.awards) out.push(`  ${c.awardSummariesOnly.awards} of them (${money(c.awardSummariesOnly.totalObligated)}) have no transactions loaded.`);
  }
  const s = c.subawardsReceived;
  if (s.subawards) {
    out.push('', `Subawards received: ${s.subawards}, ${money(s.amount)} (${money(s.amountWithoutRepeats)} without repeated reports). ${s.note}`);
    out.push(table([['prime family', 'l'], ['prime agency', 'l'], ['subawards', 'r'], ['amount', 'r'], ['prime awards', 'r']],
      s.rows.map((r) => [`${r.primeFamilyName} [${r.primeFamilyId}]`, `${r.primeAgency ?? ''}${r.primeAgencySubtierCode ? ` (${r.primeAgencySubtierCode})` : ''}`, String(r.subawards), money(r.amount), String(r.primeAwards)])));
    if (explain) for (const r of s.rows) out.push(`  under ${clean(r.primeFamilyName)}:`, ...evidenceLines(r.evidence));
  }
  out.push('', ...c.caveats.map((x) => `note: ${x}`), ...coverageBlock(c.coverage), '', footer(c.context));
  return out.join('\n') + '\n';
}

/** `whosbehind company COMPANY` */
export function registerCompany(program: Command): void {
  const cmd = program.command('company')
    .description('what a company family is behind: members, obligations by agency and year, subawards received, categories, top awards')
    .argument('<company>', 'family name, alias, member name, family id, UEI or DUNS (e.g. "Thomson Reuters", Palantir)')
    .addOption(new Option('--by <basis>', 'group agencies by the awarding or the funding agency').choices(['awarding', 'funding']).default('awarding'));
  addAnswerOptions(cmd, { fy: true }).addHelpText('after', `
Examples:
  whosbehind company "Thomson Reuters"
  whosbehind company Palantir --fy 2021..2023 --json`)
    .action(async (query: string, flags: AnswerFlags & { by: 'awarding' | 'funding' }) => {
      checkFormat(flags);
      const fiscalYears = parseFy(flags);
      const { db, ctx } = await openForAnswer(flags);
      try {
        let ref;
        try {
          ref = await findCompany(db, query);
        } catch (error) {
          // Not a US recipient family: a supplier in OCDS publications answers per buyer and currency.
          if (!(error instanceof NotFoundError)) throw error;
          const ocds = await findOcdsSuppliers(db, query);
          if (ocds.length !== 1) {
            if (ocds.length > 1) throw new NotFoundError(`"${query}" matches ${ocds.length} OCDS suppliers: ask for one by its identifier`, ocds.slice(0, 10).map((o) => `${o.recipientId} ${o.name ?? ''}`));
            throw error;
          }
          const o = await ocdsCompanyAnswer(db, ocds[0]!, { explain: !!flags.explain });
          if (flags.json) printJson({ ...o, context: ctx });
          else if (flags.csv) {
            process.stdout.write(rowsToCsv(o.byBuyer.map((b) => ({
              recipient_id: o.supplier.recipientId, supplier: o.supplier.name, agency_id: b.agencyId, buyer: b.buyer, country: b.country,
              currency: b.currency, amount: b.amount, lines: b.lines, shared_lines: b.sharedLines, snapshot_id: ctx.snapshotId,
            })), ['recipient_id', 'supplier', 'agency_id', 'buyer', 'country', 'currency', 'amount', 'lines', 'shared_lines', 'snapshot_id'], ['amount', 'lines', 'shared_lines', 'snapshot_id']));
          } else process.stdout.write(renderOcdsCompany(o, !!flags.explain) + footer(ctx) + '\n');
          return;
        }
        const c = await companyAnswer(db, ref, ctx, { fiscalYears, agencyBasis: flags.by, explain: !!flags.explain });
        if (flags.json) printJson(c);
        else if (flags.csv) {
          process.stdout.write(rowsToCsv(c.byAgency.map((r) => ({
            family_id: c.company.familyId, family: c.company.name, agency_code: r.toptierCode, agency: r.toptierName, subtier_code: r.subtierCode,
            subtier: r.subtierName, obligations: r.obligations, share_percent: r.share, awards: r.awards, transactions: r.transactions,
            agency_basis: c.agencyBasis, snapshot_id: c.context.snapshotId,
          })), ['family_id', 'family', 'agency_code', 'agency', 'subtier_code', 'subtier', 'obligations', 'share_percent', 'awards', 'transactions', 'agency_basis', 'snapshot_id'],
          ['obligations', 'share_percent', 'awards', 'transactions', 'snapshot_id']));
        } else process.stdout.write(renderCompany(c, !!flags.explain));
      } finally {
        db.close();
      }
    });
}
