/**
 * Options and plumbing shared by the answer commands (agency, company, breakdown, entities): store
 * opening with current families, --fy/--basis parsing, output format, and safe terminal text.
 */
import { mark } from './timing.js';
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { answerContext, BASES, type AnswerContext, type Basis } from '../analysis/answer.js';
import { parseFiscalYears, type FiscalYearRange } from '../analysis/fiscalYears.js';
import { formatMoney, toCents } from '../analysis/money.js';
import type { Coverage } from '../analysis/coverage.js';
import { coverageLines, coverageQualifier } from '../analysis/coverageText.js';
import { openResolved } from '../entities/companies.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { Database } from '../store/database.js';
import { resolveStorePath } from '../store/openStore.js';
import type { QueryResult } from '../store/queryResult.js';
import { VERSION } from '../version.js';
import { dbOption } from './dbOption.js';
import { toCsv } from './formatRows.js';

export interface AnswerFlags {
  db?: string;
  fy?: string;
  basis?: string;
  json?: boolean;
  csv?: boolean;
  explain?: boolean;
  families?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds --db, --families, --json, --csv, --explain (and --fy/--basis when asked). */
export function addAnswerOptions(cmd: Command, what: { fy?: boolean; basis?: boolean } = {}): Command {
  cmd.addOption(dbOption());
  if (what.fy) cmd.option('--fy <years>', 'fiscal years: 2022, 2021..2023, 2021.. (1 October to 30 September)');
  if (what.basis) {
    cmd.addOption(new Option('--basis <basis>', 'which agency field counts: awarding, funding, or either (shown split)').choices([...BASES]).default('either'));
  }
  cmd.option('--families <file>', 'extra curated families file (YAML, repeatable; "none" clears the remembered ones)', collect)
    .option('--json', 'print the whole answer as JSON (money as exact decimal strings)')
    .option('--csv', 'print the main table as CSV (text cells that look like formulas are neutralised)')
    .option('--explain', 'include the records (key, source file, line) behind each figure');
  return cmd;
}

export function parseBasis(text: string | undefined): Basis {
  const b = (text ?? 'either') as Basis;
  if (!BASES.includes(b)) throw new UsageError(`--basis must be one of ${BASES.join(', ')}`);
  return b;
}

export function parseFy(flags: AnswerFlags): FiscalYearRange | undefined {
  return parseFiscalYears(flags.fy);
}

export function checkFormat(flags: AnswerFlags): void {
  if (flags.json && flags.csv) throw new UsageError('choose one of --json and --csv');
}

/** Opens the store with current families (resolving first if records, files or judgements changed). */
export async function openForAnswer(flags: AnswerFlags): Promise<{ db: Database; ctx: AnswerContext }> {
  const path = resolveStorePath(flags.db);
  if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` (or \`whosbehind demo\`) first`);
  const db = await openResolved(path, flags.families, (r) => {
    process.stderr.write(`resolved ${r.recipients} recipients into ${r.families} families (${r.curatedFamilies} curated, ${r.suggestions} suggestions) in ${r.ms} ms\n`);
  });
  const ctx = await answerContext(db, VERSION);
  mark('store');
  return { db, ctx };
}

/** Record text for a terminal: control characters (escape sequences, line breaks) become spaces. */
export function clean(text: unknown): string {
  if (text === null || text === undefined) return '';
  // eslint-disable-next-line no-control-regex
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
}

export function money(text: string | null | undefined): string {
  return formatMoney(toCents(text ?? '0'));
}

export function pct(share: string | null | undefined): string {
  return share === null || share === undefined ? '' : `${share}%`;
}

/** A plain aligned table; columns listed as [header, align]. */
export function table(headers: Array<[string, 'l' | 'r']>, rows: string[][], maxWidth = 48): string {
  const cut = (s: string): string => (s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s);
  const body = rows.map((r) => r.map((c) => cut(clean(c))));
  const widths = headers.map(([h], i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (headers[i]![1] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(headers.map(([h]) => h)), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}

/** CSV of plain row objects; `numeric` columns are not formula-neutralised (a "-12.50" is a de-obligation). */
export function rowsToCsv(rows: Array<Record<string, unknown>>, columns: string[], numeric: readonly string[]): string {
  const result: QueryResult = { columns: columns.map((name) => ({ name, type: '', numeric: numeric.includes(name) })), rows };
  return toCsv(result);
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** The coverage block for a terminal (record text cleaned). */
export function coverageBlock(c: Coverage): string[] {
  return ['', ...coverageLines(c).map((l, i) => (i === 0 ? clean(l) : `  ${clean(l)}`))];
}

/** The line under a headline when the answer covers only part of what was asked (none otherwise). */
export function coverageWarning(c: Coverage): string[] {
  if (!c.partial) return [];
  const q = coverageQualifier(c);
  return [clean(`Coverage: PARTIAL — ${q ?? c.statements[0] ?? ''}; see Coverage below.`)];
}

export function footer(ctx: AnswerContext): string {
  return `snapshot ${ctx.snapshotId ?? '(none)'} of ${ctx.store}${ctx.snapshotFinishedAt ? `, loaded ${ctx.snapshotFinishedAt}` : ''}; whosbehind ${ctx.toolVersion}`;
}
