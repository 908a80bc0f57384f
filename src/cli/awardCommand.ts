import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { NotFoundError } from '../errors.js';
import { answerContext, type EvidenceRecord } from '../analysis/answer.js';
import { awardAnswer, type AgencyBlock, type AwardAnswer, type RecordRef } from '../analysis/awardAnswer.js';
import { formatMoney, toCents } from '../analysis/money.js';
import { openStore, resolveStorePath } from '../store/openStore.js';
import type { QueryResult } from '../store/queryResult.js';
import { VERSION } from '../version.js';
import { dbOption } from './dbOption.js';
import { toCsv } from './formatRows.js';
import { coverageBlock } from './answerOptions.js';

// C0 and C1 controls (escape sequences among them) and bidirectional overrides: never printed from record text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_KEEP_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Record text for a terminal: controls become spaces, runs of spaces collapse. */
export function cleanText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return text.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

const money = (amount: string | null | undefined): string => (amount === null || amount === undefined ? '' : formatMoney(toCents(amount)));

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** An aligned text table; `right` columns are right-aligned (money). */
function table(header: string[], rows: string[][], right: Set<number>, indent = '  '): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]): string => indent + cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(header), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
}

function agencyLine(a: AgencyBlock | null): string {
  if (!a) return 'not named in the loaded records';
  const part = (name: string | null, code: string | null): string | null =>
    name || code ? `${cleanText(name) || '?'}${code ? ` (${cleanText(code)})` : ''}` : null;
  return [part(a.agencyName, a.agencyCode), part(a.subAgencyName, a.subAgencyCode), a.officeName || a.officeCode ? `office ${part(a.officeName, a.officeCode)}` : null]
    .filter((p): p is string => p !== null).join(' / ');
}

/** The human-readable trace of one award; with `explain`, every record's source file and line. */
export function renderAwardText(a: AwardAnswer, explain = false): string {
  const where = new Map<string, EvidenceRecord>();
  for (const e of a.evidence) where.set(`${e.table}|${e.key}`, e);
  const src = (ref: RecordRef | null | undefined): string => {
    if (!explain || !ref) return '';
    const e = where.get(`${ref.table}|${ref.key}`);
    return e ? `  [${ref.table} ${cleanText(ref.key)}: ${cleanText(e.sourceFile)} line ${e.line}]` : `  [${ref.table} ${cleanText(ref.key)}]`;
  };
  const out: string[] = [];
  const s = a.summary;
  const t = a.totals;

  out.push(`${a.awardKind === 'idv' ? 'Indefinite-delivery vehicle' : 'Award'} ${cleanText(a.awardKey)}`);
  const matched = a.matchedBy === 'piid' ? ` (found by PIID ${cleanText(a.query)})`
    : a.matchedBy === 'vehicle named by stored awards' ? ' (its own record is not loaded: known as the parent of stored awards)' : '';
  out.push(`  PIID         ${cleanText(a.piid) || '?'}${matched}${s.awardType ? ` · ${cleanText(s.awardType)}` : ''}`);
  if (s.recipient) {
    const r = s.recipient;
    const ids = [r.uei ? `UEI ${cleanText(r.uei)}` : null, r.duns ? `DUNS ${cleanText(r.duns)}` : null].filter(Boolean).join(', ');
    const parent = r.parentName || r.parentUei ? `; parent ${cleanText(r.parentName) || '?'}${r.parentUei ? ` (UEI ${cleanText(r.parentUei)})` : ''}` : '';
    out.push(`  Recipient    ${cleanText(r.name) || '?'}${ids ? ` (${ids})` : ''}${parent}${src(r.from)}`);
  } else out.push('  Recipient    not named in the loaded records');
  out.push(`  Awarding     ${agencyLine(s.awarding)}${src(s.awarding?.from)}`);
  out.push(`  Funding      ${agencyLine(s.funding)}${src(s.funding?.from)}`);
  const code = (c: { code: string | null; description: string | null }): string => [cleanText(c.code), cleanText(c.description)].filter(Boolean).join(' ');
  if (s.psc) out.push(`  PSC          ${code(s.psc)}${src(s.psc.from)}`);
  if (s.naics) out.push(`  NAICS        ${code(s.naics)}${src(s.naics.from)}`);
  if (s.description) out.push(`  Description  ${cut(cleanText(s.description.text), 200)}${src(s.description.from)}`);
  const pop = s.dates.periodOfPerformanceStart || s.dates.periodOfPerformanceCurrentEnd
    ? `; performance ${s.dates.periodOfPerformanceStart ?? '?'} to ${s.dates.periodOfPerformanceCurrentEnd ?? '?'}${s.dates.periodOfPerformancePotentialEnd ? ` (potential end ${s.dates.periodOfPerformancePotentialEnd})` : ''}`
    : '';
  out.push(`  Dates        base ${s.dates.base ?? '?'}, latest ${s.dates.latest ?? '?'}${pop}`);
  const label = a.awardKind === 'idv' ? 'Own oblig.  ' : 'Obligated   ';
  if (t.transactionCount === 0) out.push(`  ${label} no transactions of this ${a.awardKind === 'idv' ? 'vehicle' : 'award'} are loaded`);
  else out.push(`  ${label} ${money(t.transactionsObligated)} over ${t.countedTransactions} transaction(s) (exact sum of the loaded transactions; obligations ${money(t.obligations)}, de-obligations ${money(t.deobligations)})`);
  if (t.repeatsNotCounted.count) {
    out.push(`               ${t.repeatsNotCounted.count} API-projection row(s) (${money(t.repeatsNotCounted.amount)}) repeat full rows and are not counted again`);
  }
  if (t.summaryObligated !== null) {
    out.push(`  Summary      total_obligated_amount ${money(t.summaryObligated)}${t.mismatch ? ` — DIFFERS from the transactions by ${money(t.difference)}` : ' — agrees with the transactions'}${src({ table: 'award_summaries', key: a.awardKey })}`);
  }
  if (t.note) out.push(`               ${t.note}`);
  if (s.potentialTotalValue) out.push(`  Ceiling      potential total value ${money(s.potentialTotalValue)} (a ceiling, not money obligated)`);
  out.push(`  Page         ${cleanText(s.permalink)}${s.permalinkBuilt ? ' (built from the award key)' : ''}`);
  out.push(`  Data         snapshot ${a.snapshotId ?? 'none'}${a.context.snapshotFinishedAt ? ` (finished ${a.context.snapshotFinishedAt})` : ''}, whosbehind ${a.context.toolVersion}`);

  out.push('', `Transactions (${a.transactions.length})`);
  if (!a.transactions.length) out.push('  none loaded');
  else {
    const rows: string[][] = [];
    for (const x of a.transactions) {
      rows.push([
        cleanText(x.modificationNumber), x.actionDate ?? '', x.fiscalYear === null ? '' : String(x.fiscalYear), cut(cleanText(x.actionType ?? x.actionTypeCode), 24),
        money(x.obligation), x.counted ? money(x.runningTotal) : '(repeat)',
        [x.deobligation ? 'DE-OBLIGATION' : '', x.counted ? '' : 'not counted', x.apiProjection ? 'api' : ''].filter(Boolean).join(', '),
        cut(cleanText(x.description), 60),
      ]);
    }
    const lines = table(['mod', 'date', 'FY', 'type', 'obligation', 'running total', 'flags', 'description'], rows, new Set([4, 5]));
    out.push(...lines.slice(0, 2));
    a.transactions.forEach((x, i) => {
      out.push(lines[i + 2]!);
      if (explain) out.push(`      ↳ ${cleanText(x.key)}: ${cleanText(x.sourceFile)} line ${x.line} (snapshot ${x.snapshotId})${x.repeatOf ? `; repeats ${cleanText(x.repeatOf)}` : ''}`);
    });
  }

  const p = a.parent;
  out.push('', 'Parent vehicle');
  if (!p.hasParent) out.push(`  none${p.notes.length ? `: ${p.notes.join(' ')}` : ''}`);
  else {
    const named = [p.fromKey ? 'the award key' : null, p.fromRecords.length ? 'parent_award_id_piid' : null].filter(Boolean).join(' and ');
    out.push(`  ${cleanText(p.piid)}${p.agencyId ? ` (agency ${cleanText(p.agencyId)}${p.agencyName ? ` ${cleanText(p.agencyName)}` : ''})` : ''}, named by ${named}`);
    out.push(`  ${p.inStore ? 'In the store' : 'Not in the store'}${p.expectedKey ? `: ${cleanText(p.expectedKey)}` : ''}`);
    for (const r of p.records) {
      out.push(`    ${cleanText(r.key)}: own transactions ${money(r.transactionsObligated)} (${r.transactionCount})${r.summaryObligated !== null ? `, summary total ${money(r.summaryObligated)}` : ''}${r.recipientName ? `, ${cleanText(r.recipientName)}` : ''}`);
    }
    for (const n of p.notes) out.push(`  ${cleanText(n)}`);
  }

  if (a.idv) {
    const o = a.idv;
    out.push('', `Orders under this vehicle (${o.orderCount} order(s)${o.childVehicleCount ? `, ${o.childVehicleCount} child vehicle(s)` : ''})`);
    if (o.orders.length) {
      out.push(...table(['order', 'kind', 'recipient', 'transactions', 'obligated', 'summary total'], o.orders.map((x) => [
        cleanText(x.key), x.kind, cut(cleanText(x.recipientName), 40), String(x.transactionCount), money(x.transactionsObligated), money(x.summaryObligated),
      ]), new Set([3, 4, 5])));
    } else out.push('  none loaded');
    out.push(`  Orders' transactions: ${money(o.ordersTransactionsObligated)}; orders' summary totals (${o.ordersWithSummary} with a summary): ${money(o.ordersSummaryObligated)}`);
    out.push(`  ${o.note}`);
  }

  const sub = a.subawards;
  out.push('', `Subawards (${sub.count})`);
  if (!sub.count) out.push('  none reported in the loaded data');
  else {
    const lines = table(['date', 'number', 'amount', 'subawardee', 'report', 'flags'], sub.items.map((x) => [
      x.actionDate ?? '', cut(cleanText(x.subawardNumber), 24), money(x.amount), cut(cleanText(x.subawardee.name), 36),
      `${x.reportYear ?? '?'}-${String(x.reportMonth ?? '?').padStart(2, '0')} ${cut(cleanText(x.reportId), 12)}`, x.flags.join(', '),
    ]), new Set([2]));
    out.push(...lines.slice(0, 2));
    sub.items.forEach((x, i) => {
      out.push(lines[i + 2]!);
      for (const n of x.notes) out.push(`      ${cleanText(n)}`);
      if (explain) out.push(`      ↳ ${cleanText(x.key)}: ${cleanText(x.sourceFile)} line ${x.line} (snapshot ${x.snapshotId})`);
    });
    out.push(`  Total reported ${money(sub.total)}; without ${sub.duplicateCount} likely re-report(s) ${money(sub.totalWithoutDuplicates)}; without those and ${sub.suspectCount} suspect amount(s) ${money(sub.totalWithoutFlagged)}`);
    if (sub.primeTotal) out.push(`  Prime total compared against: ${money(sub.primeTotal.amount)} (${cleanText(sub.primeTotal.basis)})`);
    if (sub.exceedsPrimeTotal) out.push('  The subawards, re-reports left out, add up to MORE than the prime award\'s total: treat the amounts with care.');
    out.push(`  ${sub.note}`);
  }

  out.push('', 'Sources');
  if (!a.sources.length) out.push('  none');
  for (const f of a.sources) {
    out.push(`  [${f.sourceId}] ${cleanText(f.name)}`);
    out.push(`      ${cleanText(f.layout)}, snapshot ${f.snapshotId}, sha256 ${cleanText(f.sha256)}, ${f.records} record(s) in this answer`);
    if (f.archive) out.push(`      inside ${cleanText(f.archive)} (sha256 ${cleanText(f.archiveSha256)})`);
  }
  if (!explain) out.push('  (--explain shows the file and line of each record; --json has them all as evidence)');

  if (a.notes.length) {
    out.push('', 'Notes');
    for (const n of a.notes) out.push(`  ${cleanText(n)}`);
  }
  out.push(...coverageBlock(a.coverage));
  // Belt and braces: nothing but line breaks survives as a control character.
  return out.join('\n').replace(CONTROL_KEEP_LINES, ' ') + '\n';
}

/** The award's transactions as CSV (RFC 4180; text cells that a spreadsheet would run are neutralised). */
export function awardTransactionsCsv(a: AwardAnswer): string {
  const text = (value: string | null): string | null => (value === null ? null : value.replace(CONTROL_KEEP_LINES, ' '));
  const columns: QueryResult['columns'] = [
    ['contract_award_unique_key', false], ['contract_transaction_unique_key', false], ['modification_number', false],
    ['transaction_number', false], ['action_date', false], ['action_date_fiscal_year', true], ['action_type_code', false],
    ['action_type', false], ['federal_action_obligation', true], ['running_total', true], ['deobligation', false],
    ['counted', false], ['repeat_of', false], ['api_projection', false], ['transaction_description', false],
    ['source_file', false], ['source_line', true], ['snapshot_id', true],
  ].map(([name, numeric]) => ({ name: name as string, type: numeric ? 'DECIMAL' : 'VARCHAR', numeric: numeric as boolean }));
  const rows = a.transactions.map((x) => ({
    contract_award_unique_key: text(a.awardKey),
    contract_transaction_unique_key: text(x.key),
    modification_number: text(x.modificationNumber),
    transaction_number: text(x.transactionNumber),
    action_date: x.actionDate,
    action_date_fiscal_year: x.fiscalYear,
    action_type_code: text(x.actionTypeCode),
    action_type: text(x.actionType),
    federal_action_obligation: x.obligation,
    running_total: x.counted ? x.runningTotal : null,
    deobligation: String(x.deobligation),
    counted: String(x.counted),
    repeat_of: text(x.repeatOf),
    api_projection: String(x.apiProjection),
    transaction_description: text(x.description),
    source_file: text(x.sourceFile),
    source_line: x.line,
    snapshot_id: x.snapshotId,
  }));
  return toCsv({ columns, rows });
}

/** `whosbehind award ID` */
export function registerAward(program: Command): void {
  program.command('award')
    .description('trace one award: its transactions in order, totals, parent vehicle (or orders), subawards and sources')
    .argument('<id>', 'award key (CONT_AWD_… or CONT_IDV_…, any letter case), its usaspending.gov address, or a PIID')
    .addOption(dbOption())
    .addOption(new Option('--json', 'print the whole answer as JSON (money as exact decimal strings, evidence for every record)').conflicts('csv'))
    .addOption(new Option('--csv', 'print the transactions as CSV, with their source file and line').conflicts('json'))
    .option('--explain', 'show the source file and line of every record in the text output')
    .addHelpText('after', `
A PIID that several awards share (across agencies or vehicles) is refused with the candidate award keys;
an ID that matches nothing is refused with the closest keys and PIIDs.

Totals are exact sums of the award's loaded transactions; an award summary's total_obligated_amount is
shown beside them and any difference flagged. A parent vehicle's amounts and subawards are shown apart
and never added to the award's obligations. Subawards that repeat (same number and amount in another
report) and suspect amounts are flagged, with totals with and without them.

Examples:
  whosbehind award CONT_AWD_70CDCR22FR0000013_7012_70RDAD21D00000002_7001
  whosbehind award 70CDCR22FR0000013 --explain
  whosbehind award CONT_IDV_70CTD022D00000013_7012 --json`)
    .action(async (id: string, opts: { db?: string; json?: boolean; csv?: boolean; explain?: boolean }) => {
      const path = resolveStorePath(opts.db);
      if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` (or \`whosbehind demo\`) first`);
      const db = await openStore(path, { readOnly: true, noExternalAccess: true });
      try {
        const answer = await awardAnswer(db, id, await answerContext(db, VERSION));
        if (opts.json) process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
        else if (opts.csv) process.stdout.write(awardTransactionsCsv(answer));
        else process.stdout.write(renderAwardText(answer, !!opts.explain));
      } finally {
        db.close();
      }
    });
}
