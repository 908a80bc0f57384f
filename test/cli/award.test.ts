/**
 * `whosbehind award` as a user runs it: a child process over the built dist/ (rebuilt first when any src
 * file is newer), against stores ingested by the CLI in temp folders. Until main.ts registers the
 * command, a small runner adds it to the built program (same error-to-exit-code mapping as main.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, writeCsv } from '../support/csv.js';
import { minimalHeader } from '../support/layoutHeaders.js';
import { cents, formatCents } from '../support/money.js';
import { tempDir } from '../support/tempStore.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'whosbehind.js');
const MAIN = join(REPO, 'dist', 'cli', 'main.js');

interface Run { code: number | null; stdout: string; stderr: string }

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let runner: string[] = [BIN];
let cleanupRunner = (): void => {};
afterAll(() => cleanupRunner());

beforeAll(async () => {
  if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < newestMtime(join(REPO, 'src'))) {
    // tsc emits even when files other engineers are editing do not type-check.
    spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, encoding: 'utf8' });
  }
  expect(existsSync(join(REPO, 'dist', 'cli', 'awardCommand.js')), 'dist/cli/awardCommand.js after the build').toBe(true);
  const { buildProgram } = await import(pathToFileURL(join(REPO, 'dist', 'cli', 'program.js')).href) as { buildProgram: () => { commands: Array<{ name(): string }> } };
  if (!buildProgram().commands.some((c) => c.name() === 'award')) {
    const t = tempDir('whosbehind-award-runner-', false);
    cleanupRunner = t.cleanup;
    const url = (p: string): string => JSON.stringify(pathToFileURL(join(REPO, 'dist', p)).href);
    runner = [t.write('run.mjs', `
import { buildProgram } from ${url('cli/program.js')};
import { registerAward } from ${url('cli/awardCommand.js')};
import { WhosbehindError } from ${url('errors.js')};
const program = buildProgram();
registerAward(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (typeof error?.code === 'string' && error.code.startsWith('commander.')) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else if (error instanceof WhosbehindError) { process.stderr.write('whosbehind: ' + error.message + '\\n'); process.exitCode = error.exitCode; }
  else { process.stderr.write('whosbehind: internal error: ' + error.message + '\\n'); process.exitCode = 70; }
}
`)];
  }
}, 180_000);

function cli(args: string[]): Run {
  const env = { ...process.env };
  delete env['WHOSBEHIND_DB'];
  const r = spawnSync(process.execPath, [...runner, ...args], { cwd: REPO, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ingestCli(args: string[]): Run {
  const env = { ...process.env };
  delete env['WHOSBEHIND_DB'];
  const r = spawnSync(process.execPath, [BIN, 'ingest', ...args], { cwd: REPO, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TX = [...minimalHeader('transactions'), 'parent_award_id_piid', 'parent_award_agency_id'];
const KEY = 'CONT_AWD_70CTD023FR0000777_7012_GS35F0086U_4730';
const ROWS: Array<Record<string, string>> = [
  ['P00001', '-12475741.45', '2023-06-01', '=HYPERLINK("http://evil.example","click")'],
  ['0', '20000000.00', '2023-01-05', 'BASE ORDER \u001b[2J\u001b[31mCLEARS THE SCREEN'],
  ['P00002', '0.10', '2023-10-05', '@SUM(A1:A2)'],
].map(([mod, amount, date, description]) => ({
  contract_transaction_unique_key: `7012_4730_70CTD023FR0000777_${mod}_GS35F0086U_0`, contract_award_unique_key: KEY,
  award_id_piid: '70CTD023FR0000777', modification_number: mod!, federal_action_obligation: amount!, action_date: date!,
  action_date_fiscal_year: date! >= '2023-10-01' ? '2024' : '2023', recipient_name: 'EXAMPLE \u001b]8;;http://evil.example\u0007SYSTEMS',
  transaction_description: description!, parent_award_id_piid: 'GS35F0086U', parent_award_agency_id: '4730',
  last_modified_date: '2024-01-02 00:00:00',
}));
const ORDER = ['0', 'P00001', 'P00002'];

function storeWithAward(): { db: string; csv: string } {
  const t = tempDir('whosbehind-award-cli-');
  const csv = t.write('Contracts_PrimeTransactions_1.csv', writeCsv(TX, ROWS));
  const db = join(t.dir, 'store.duckdb');
  const r = ingestCli(['--db', db, csv]);
  expect(r.code, r.stderr).toBe(0);
  return { db, csv };
}

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('whosbehind award', () => {
  it('prints the trace as text, strips control characters, and leaves the store unchanged', () => {
    const s = storeWithAward();
    const before = digest(s.db);
    const r = cli(['award', '--db', s.db, '70ctd023fr0000777']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Award ${KEY}`);
    const total = ROWS.reduce((sum, x) => sum + cents(x['federal_action_obligation']!), 0n);
    expect(total).toBe(cents('7524258.65'));
    expect(r.stdout).toContain('$7,524,258.65');
    expect(r.stdout).toContain('-$12,475,741.45');
    expect(r.stdout).toContain('GS35F0086U');
    expect(r.stdout).toMatch(/Not in the store: CONT_IDV_GS35F0086U_4730/);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain(s.csv);
    expect(r.stdout).not.toContain(`${s.csv} line`);
    expect(digest(s.db)).toBe(before);

    const explained = cli(['award', '--db', s.db, KEY, '--explain']);
    expect(explained.code, explained.stderr).toBe(0);
    for (const [i, row] of ROWS.entries()) expect(explained.stdout).toContain(`${row['contract_transaction_unique_key']}: ${s.csv} line ${i + 2}`);
  });

  it('--json prints the whole answer: transactions in order, money as exact decimal strings, evidence', () => {
    const s = storeWithAward();
    const r = cli(['award', '--db', s.db, KEY, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.awardKey).toBe(KEY);
    expect(a.transactions.map((t: { modificationNumber: string }) => t.modificationNumber)).toEqual(ORDER);
    let running = 0n;
    for (const [i, mod] of ORDER.entries()) {
      const row = ROWS.find((x) => x['modification_number'] === mod)!;
      running += cents(row['federal_action_obligation']!);
      expect(a.transactions[i].obligation).toBe(formatCents(cents(row['federal_action_obligation']!)));
      expect(a.transactions[i].runningTotal).toBe(formatCents(running));
    }
    expect(a.transactions[1].deobligation).toBe(true);
    expect(a.totals.transactionsObligated).toBe(formatCents(running));
    expect(typeof a.totals.transactionsObligated).toBe('string');
    expect(a.evidence).toHaveLength(3);
    expect(a.sources[0].sha256).toBe(digest(s.csv));
    expect(a.snapshotId).toBe(1);
  });

  it('--csv prints the transactions; formula-like text is neutralised, negative amounts are not', () => {
    const s = storeWithAward();
    const r = cli(['award', '--db', s.db, KEY, '--csv']);
    expect(r.code, r.stderr).toBe(0);
    const [head, ...body] = parseCsv(r.stdout).map((x) => x.fields);
    const col = (name: string): number => head!.indexOf(name);
    expect(body.map((x) => x[col('modification_number')])).toEqual(ORDER);
    expect(body[1]![col('federal_action_obligation')]).toBe('-12475741.45');
    expect(body[1]![col('transaction_description')]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(body[2]![col('transaction_description')]).toBe("'@SUM(A1:A2)");
    expect(body[0]![col('transaction_description')]).not.toContain('\u001b');
    expect(body.map((x) => x[col('running_total')])).toEqual(['20000000.00', '7524258.55', '7524258.65']);
  });

  it('an unknown ID exits 4 with the closest matches; --json with --csv is a usage error', () => {
    const s = storeWithAward();
    const r = cli(['award', '--db', s.db, '70CTD023FR000077']);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no award with key or PIID 70CTD023FR000077/);
    expect(r.stderr).toContain('Closest matches: 70CTD023FR0000777');
    const both = cli(['award', '--db', s.db, KEY, '--json', '--csv']);
    expect(both.code).toBe(2);
  });

  it('without a store exits 4, says to ingest first, and creates nothing', () => {
    const t = tempDir('whosbehind-award-cli-');
    const missing = join(t.dir, 'none.duckdb');
    const r = cli(['award', '--db', missing, KEY]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toMatch(/ingest/);
    expect(existsSync(missing)).toBe(false);
  });

  it('--help documents every option', () => {
    const r = cli(['award', '--help']);
    expect(r.code, r.stderr).toBe(0);
    for (const flag of ['--db', '--json', '--csv', '--explain']) expect(r.stdout).toMatch(new RegExp(`^\\s+${flag}( <[^>]+>)?\\s{2,}\\S`, 'm'));
  });
});
