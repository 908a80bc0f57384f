import { Option, type Command } from 'commander';
import { lobbyingAnswer, type LobbyingAnswer, type LobbyingFilters } from '../analysis/lobbyingAnswer.js';
import { findAgency, loadAgencyDirectory, type AgencyRef } from '../entities/agencies.js';
import { findCompany, type FamilyRef } from '../entities/companies.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { Database } from '../store/database.js';
import {
  addAnswerOptions, checkFormat, clean, footer, money, openForAnswer, printJson, rowsToCsv, table, type AnswerFlags,
} from './answerOptions.js';

/** `--year 2018` or `--year 2017..2019` (LDA filing years are calendar years). */
export function parseFilingYears(text: string | undefined): LobbyingFilters['years'] {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^\s*(\d{4})\s*(?:(?:\.\.|-|–)\s*(\d{4}))?\s*$/.exec(text);
  if (!m) throw new UsageError(`--year: "${text}" is not a year or range (e.g. 2018, 2017..2019)`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  if (from < 1995 || to > 2100 || from > to) throw new UsageError(`--year: ${text} is not a range of filing years from 1995 on`);
  return { from, to };
}

/** `--issue IMM,HOM` → ['IMM', 'HOM']. */
export function parseIssues(text: string | undefined): string[] {
  if (!text) return [];
  const codes = text.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  for (const c of codes) if (!/^[A-Z]{3}$/.test(c)) throw new UsageError(`--issue: ${c} is not a three-letter LDA issue code (e.g. HOM, IMM)`);
  return codes;
}

/**
 * What the query names: an agency when it names one by code, abbreviation, name or alias; else a
 * company family; else an agency by partial name. `as` forces one.
 */
export async function findLobbyingSubject(db: Database, query: string, as?: 'agency' | 'company'): Promise<{ agency: AgencyRef } | { company: FamilyRef }> {
  let agencyError: unknown;
  let agency: AgencyRef | undefined;
  if (as !== 'company') {
    try {
      agency = findAgency(await loadAgencyDirectory(db), query);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      agencyError = error;
    }
    if (agency && (as === 'agency' || agency.matchedBy !== 'partial name')) return { agency };
  }
  try {
    return { company: await findCompany(db, query) };
  } catch (error) {
    if (!(error instanceof NotFoundError) || as === 'company') throw error;
    if (agency) return { agency };
    throw new NotFoundError(`"${query}" names no agency and no company family in the store`,
      [...(agencyError instanceof NotFoundError ? agencyError.suggestions : []), ...error.suggestions].slice(0, 10));
  }
}

const amount = (value: string | null): string => (value === null ? 'not reported' : money(value));

export function renderLobbying(a: LobbyingAnswer, explain: boolean): string {
  const out: string[] = [];
  const s = a.subject;
  const issues = a.issues.length ? `, issues ${a.issues.join(', ')}` : '';
  out.push(s.kind === 'company'
    ? `Lobbying by and for ${clean(s.name)} [${s.familyId}] (Senate LDA filings, ${a.yearsLabel}${issues})`
    : `Who lobbies ${clean(s.name ?? s.code)} (${s.level} ${s.code}; LDA entities ${s.entities.map((e) => `"${e.name}"`).join(', ') || 'none'}; ${a.yearsLabel}${issues})`);
  const t = a.totals;
  out.push(`${t.filings} filing(s) in force: ${t.reports} report(s), ${t.registrations} registration(s). Income reported (lobbying firms paid by clients): ${money(t.income)} on ${t.incomeFilings} filing(s). ` +
    `Expenses reported (organisations lobbying for themselves): ${money(t.expenses)} on ${t.expensesFilings} filing(s). Reports with no amount: ${t.notReported}.`);
  if (a.filings.length) {
    out.push('', 'Filings (amounts are for the whole filing; the LDA does not split them by entity or issue):');
    out.push(table([['period', 'l'], ['type', 'l'], ['registrant', 'l'], ['client', 'l'], ['income', 'r'], ['expenses', 'r'], ['issues', 'l'], ['entities lobbied', 'l']],
      a.filings.map((f) => [f.periodLabel, `${f.filingType}${f.noActivity ? ' (no activity)' : ''}`, f.registrant.name, f.client.name, amount(f.income), amount(f.expenses),
        f.issueCodes.join(', '), f.entities.map((e) => e.name).join('; ')]), 44));
    if (explain) {
      for (const f of a.filings) {
        out.push(`  ${f.periodLabel} ${f.filingType} ${f.uuid}: ${clean(f.sourceFile)} ${f.jsonPointer ?? ''} (snapshot ${f.snapshotId})${f.documentUrl ? ` ${clean(f.documentUrl)}` : ''}`);
        for (const act of f.activities) out.push(`      ${act.issueCode}: "${clean(act.description ?? '')}"`);
      }
    }
  }
  if (a.byPeriod.length) {
    out.push('', 'Per period (reports in force):');
    out.push(table([['period', 'l'], ['reports', 'r'], ['income', 'r'], ['expenses', 'r'], ['no amount', 'r']],
      a.byPeriod.map((p) => [p.periodLabel, String(p.filings), money(p.income), money(p.expenses), String(p.notReported)])));
  }
  if (a.byClient.length) {
    out.push('', 'Clients lobbying it, with the contracts they hold there (side by side, never added):');
    out.push(table([['client family', 'l'], ['registrants', 'l'], ['filings', 'r'], ['periods', 'l'], ['issues', 'l'], ['income on filings', 'r'], ['expenses on filings', 'r'], ['contracts awarded by it', 'r']],
      a.byClient.map((c) => [`${c.familyName}${c.familyId ? ` [${c.familyId}]` : ''}`, c.registrants.join('; '), String(c.filings), c.periods.join(', '), c.issueCodes.join(', '),
        money(c.incomeOnFilings), money(c.expensesOnFilings), c.contracts ? `${money(c.contracts.obligations)} (${c.contracts.transactions} tx)` : 'no family']), 40));
  } else if (s.kind === 'company' && a.byEntity.length) {
    out.push('', 'Government entities lobbied (each row: the filings listing it; rows overlap and must not be added):');
    out.push(table([['entity', 'l'], ['agency code', 'l'], ['filings', 'r'], ['periods', 'l'], ['issues', 'l'], ['income on those filings', 'r'], ['expenses', 'r']],
      a.byEntity.map((e) => [e.entity.name, e.entity.kind === 'congress' ? 'Congress' : e.entity.agency ? `${e.entity.agency.level} ${e.entity.agency.code}` : '', String(e.filings),
        e.periods.join(', '), e.issueCodes.join(', '), money(e.incomeOnFilings), money(e.expensesOnFilings)]), 44));
  }
  if (a.superseded.length) {
    out.push('', `Replaced by amendments (not counted): ${a.superseded.map((x) => `${x.periodLabel} ${x.filingType} ${x.uuid} → ${x.supersededBy}`).join('; ')}`);
  }
  out.push('', `Coverage: ${a.coverage.filingsInStore} LDA filing(s) in the store from ${a.coverage.ldaFiles} LDA file(s).`);
  out.push(...a.caveats.map((x) => `note: ${x}`), footer(a.context));
  return out.join('\n') + '\n';
}

const CSV_COLUMNS = ['filing_uuid', 'period', 'filing_year', 'filing_period', 'filing_type', 'registrant_id', 'registrant', 'client_id', 'client', 'client_family_id', 'income', 'expenses', 'issue_codes', 'entities', 'role', 'source_file', 'json_pointer', 'snapshot_id'];

/** `whosbehind lobbying AGENCY|COMPANY` */
export function registerLobbying(program: Command): void {
  const cmd = program.command('lobbying')
    .description('who lobbies an agency (for which clients, on which issues, beside the contracts they hold there), or a company\'s lobbying filings (Senate LDA)')
    .argument('<subject>', 'agency (code, abbreviation or name, e.g. ICE, 7012, DHS) or company family (e.g. Microsoft)')
    .option('--year <years>', 'filing years, e.g. 2018 or 2017..2019 (calendar years: LDA reports by quarter)')
    .option('--issue <codes>', 'only filings with activity on these LDA general issue codes, e.g. IMM,HOM')
    .addOption(new Option('--as <what>', 'read the subject as an agency or a company when it could be either').choices(['agency', 'company']));
  addAnswerOptions(cmd).addHelpText('after', `
Figures are from Senate Lobbying Disclosure Act filings loaded with \`ingest\` or \`fetch --source lda\`.
Income (a firm paid by a client) and expenses (in-house lobbying) are never added; a filing's amount is
for the whole filing (the LDA does not split it by agency); amendments replace what they amend.
Lobbying is influence, not money paid by the agency. See docs/lobbying.md.

Examples:
  whosbehind lobbying Microsoft --year 2018
  whosbehind lobbying ICE --year 2017..2019 --issue IMM,HOM --explain`)
    .action(async (query: string, flags: AnswerFlags & { year?: string; issue?: string; as?: 'agency' | 'company' }) => {
      checkFormat(flags);
      const years = parseFilingYears(flags.year);
      const issues = parseIssues(flags.issue);
      const { db, ctx } = await openForAnswer(flags);
      try {
        const subject = await findLobbyingSubject(db, query, flags.as);
        const a = await lobbyingAnswer(db, subject, ctx, { ...(years ? { years } : {}), issues, explain: !!flags.explain });
        if (flags.json) printJson(a);
        else if (flags.csv) {
          process.stdout.write(rowsToCsv(a.filings.map((f) => ({
            filing_uuid: f.uuid, period: f.periodLabel, filing_year: f.year, filing_period: f.period, filing_type: f.filingType,
            registrant_id: f.registrant.id, registrant: f.registrant.name, client_id: f.client.id, client: f.client.name, client_family_id: f.client.familyId,
            income: f.income, expenses: f.expenses, issue_codes: f.issueCodes.join(' '), entities: f.entities.map((e) => e.name).join('; '), role: f.role,
            source_file: f.sourceFile, json_pointer: f.jsonPointer, snapshot_id: f.snapshotId,
          })), CSV_COLUMNS, ['filing_year', 'income', 'expenses', 'snapshot_id']));
        } else process.stdout.write(renderLobbying(a, !!flags.explain));
      } finally {
        db.close();
      }
    });
}


