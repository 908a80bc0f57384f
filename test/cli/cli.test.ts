/**
 * The command line as a user runs it: `node bin/whosbehind.js …` in a child process, against the built
 * dist/ (rebuilt first when any src file is newer). Stores are set up in temp folders; expectations are
 * computed from the rows the test wrote.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { parseCsv, writeCsv } from '../support/csv.js';
import { minimalHeader } from '../support/layoutHeaders.js';
import { cents, formatCents } from '../support/money.js';
import { tempDir } from '../support/tempStore.js';
import { ensureBuiltCli } from '../support/builtCli.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'whosbehind.js');

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], cwd = REPO): Run {
  const env = { ...process.env };
  delete env['WHOSBEHIND_DB'];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => ensureBuiltCli(REPO), 180_000);

const TX = minimalHeader('transactions');
const ROWS: Array<Record<string, string>> = [
  ['K1', '1234567.89', 'EXAMPLE SYSTEMS, INC.'],
  ['K2', '-12475741.45', '=HYPERLINK("http://evil.example","click")'],
  ['K3', '0.10', '@SUM(A1:A2)'],
].map(([k, amount, name]) => ({
  contract_transaction_unique_key: `7012_-NONE-_${k}_0_-NONE-_0`, contract_award_unique_key: `CONT_AWD_${k}_7012_-NONE-_-NONE-`,
  federal_action_obligation: amount!, action_date: '2023-10-05', action_date_fiscal_year: '2024', recipient_name: name!,
  last_modified_date: '2024-01-02 00:00:00',
}));

/** A temp folder with a CSV of ROWS, ingested through the CLI into store.duckdb. */
function storeWithData(): { dir: string; db: string; csv: string; csvText: string } {
  const t = tempDir('whosbehind-cli-');
  const csvText = writeCsv(TX, ROWS);
  const csv = t.write('Contracts_PrimeTransactions_1.csv', csvText);
  const db = join(t.dir, 'store.duckdb');
  const r = cli(['ingest', '--db', db, csv]);
  expect(r.code, r.stderr).toBe(0);
  return { dir: t.dir, db, csv, csvText };
}

describe('--help', () => {
  const commands = ['ingest', 'status', 'sql', 'demo', 'agency', 'company', 'breakdown', 'budget', 'award'];

  it('the program lists every command', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  for (const command of commands) {
    it(`${command} --help exits 0 and documents each of its options`, () => {
      const r = cli([command, '--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Usage: whosbehind ${command}`);
      const declared = buildProgram().commands.find((c) => c.name() === command)!.options.map((o) => o.long!);
      expect(declared.length).toBeGreaterThan(0);
      for (const flag of [...declared, '--help']) {
        // The flag's line carries a description after it (not just the flag).
        expect(r.stdout, `${command} ${flag}`).toMatch(new RegExp(`^\\s+(-\\w, )?${flag}( <[^>]+>)?\\s{2,}\\S`, 'm'));
      }
    });
  }

  it('documents what the brief requires of each command', () => {
    expect(cli(['ingest', '--help']).stdout).toMatch(/--db[\s\S]*--keep-going/);
    expect(cli(['status', '--help']).stdout).toContain('--json');
    expect(cli(['sql', '--help']).stdout).toMatch(/--format[\s\S]*table[\s\S]*csv[\s\S]*json/);
    expect(cli(['demo', '--help']).stdout).toContain('--db');
  });
});

describe('sql', () => {
  const refused = [
    `INSERT INTO rejects VALUES (1, 1, 1, 'f', 'r', 'raw')`,
    'DELETE FROM tx_current',
    `ATTACH '/tmp/whosbehind-attached.duckdb' AS other`,
    `COPY (SELECT * FROM transactions) TO '/tmp/whosbehind-copy.csv'`,
    `SELECT * FROM read_csv('/etc/passwd')`,
    'SELECT 1; SELECT 2',
    'SELECT 1; DELETE FROM tx_current',
    'DROP TABLE tx_current',
  ];

  it('refuses writes, ATTACH, COPY, file access and several statements, and the store is unchanged', () => {
    const s = storeWithData();
    const before = createHash('sha256').update(readFileSync(s.db)).digest('hex');
    for (const q of refused) {
      const r = cli(['sql', '--db', s.db, q]);
      expect(r.code, q).not.toBe(0);
      expect(r.code, q).not.toBeNull();
      expect(r.stdout, q).toBe('');
      expect(r.stderr, q).toMatch(/whosbehind: /);
      expect(r.stderr, q).not.toContain('root:');
    }
    expect(existsSync('/tmp/whosbehind-copy.csv')).toBe(false);
    const after = cli(['sql', '--db', s.db, '--format', 'json', 'SELECT count(*) AS n FROM transactions']);
    expect(JSON.parse(after.stdout)).toEqual([{ n: 3 }]);
    expect(createHash('sha256').update(readFileSync(s.db)).digest('hex')).toBe(before);
  });

  it('--format json prints an array of row objects, money as exact decimal strings', () => {
    const s = storeWithData();
    const r = cli(['sql', '--db', s.db, '--format', 'json',
      'SELECT contract_transaction_unique_key AS k, federal_action_obligation AS amount, action_date, action_date_fiscal_year AS fy FROM transactions ORDER BY k']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toEqual(ROWS.map((w) => ({
      k: w['contract_transaction_unique_key'], amount: formatCents(cents(w['federal_action_obligation']!)), action_date: '2023-10-05', fy: 2024,
    })));
    expect(rows[1]!['amount']).toBe('-12475741.45');
    const total = cli(['sql', '--db', s.db, '--format', 'json', 'SELECT sum(federal_action_obligation) AS total FROM transactions']);
    const expected = ROWS.reduce((sum, w) => sum + cents(w['federal_action_obligation']!), 0n);
    expect(JSON.parse(total.stdout)).toEqual([{ total: formatCents(expected) }]);
  });

  it('--format csv neutralises a text cell a spreadsheet would run, but not a negative amount', () => {
    const s = storeWithData();
    const r = cli(['sql', '--db', s.db, '--format', 'csv',
      `SELECT recipient_name, federal_action_obligation, '-not a number' AS note FROM transactions ORDER BY contract_transaction_unique_key`]);
    expect(r.code, r.stderr).toBe(0);
    const records = parseCsv(r.stdout).map((x) => x.fields);
    expect(records[0]).toEqual(['recipient_name', 'federal_action_obligation', 'note']);
    expect(records.slice(1)).toEqual([
      ['EXAMPLE SYSTEMS, INC.', '1234567.89', "'-not a number"],
      [`'=HYPERLINK("http://evil.example","click")`, '-12475741.45', "'-not a number"],
      ["'@SUM(A1:A2)", '0.10', "'-not a number"],
    ]);
  });

  it('on a missing store exits non-zero and says which file', () => {
    const t = tempDir('whosbehind-cli-');
    const missing = join(t.dir, 'none.duckdb');
    const r = cli(['sql', '--db', missing, 'SELECT 1']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(missing);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('status --json', () => {
  it('lists sources with sha256 and counts', () => {
    const s = storeWithData();
    const r = cli(['status', '--db', s.db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.sources).toHaveLength(1);
    expect(status.sources[0]).toMatchObject({
      name: s.csv, layout: 'contracts_prime_transactions', sha256: createHash('sha256').update(s.csvText).digest('hex'),
      bytes: Buffer.byteLength(s.csvText), read: 3, loaded: 3, replaced: 0, unchanged: 0, deleted: 0, rejected: 0,
    });
    expect(status.tables.find((t: { view: string }) => t.view === 'transactions')).toEqual({ view: 'transactions', rows: 3 });
    expect(status.snapshots).toHaveLength(1);
  });
});

describe('ingest', () => {
  it('of a bad file exits non-zero naming the file and line; the store keeps what it had', () => {
    const s = storeWithData();
    const bad = join(s.dir, 'bad.csv');
    const lines = writeCsv(TX, ROWS.map((r) => ({ ...r, contract_transaction_unique_key: `${r['contract_transaction_unique_key']}B` }))).split('\r\n');
    lines[2] += ',EXTRA';
    writeFileSync(bad, lines.join('\r\n'));
    const r = cli(['ingest', '--db', s.db, bad]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('line 3');
    const n = cli(['sql', '--db', s.db, '--format', 'json', 'SELECT count(*) AS n FROM sources']);
    expect(JSON.parse(n.stdout)).toEqual([{ n: 1 }]);
  });

  it('of a missing path exits non-zero naming it', () => {
    const t = tempDir('whosbehind-cli-');
    const missing = join(t.dir, 'nope.csv');
    const r = cli(['ingest', '--db', join(t.dir, 'store.duckdb'), missing]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(missing);
  });

  it('--keep-going loads the good file, reports the bad one (fails while loading) and exits non-zero', () => {
    const t = tempDir('whosbehind-cli-');
    const good = t.write('in/a.csv', writeCsv(TX, ROWS));
    const badLines = writeCsv(TX, ROWS.map((r) => ({ ...r, contract_transaction_unique_key: `${r['contract_transaction_unique_key']}B` }))).split('\r\n');
    badLines[3] += ',EXTRA';
    const bad = t.write('in/b.csv', badLines.join('\r\n'));
    const db = join(t.dir, 'store.duckdb');
    const r = cli(['ingest', '--db', db, '--keep-going', join(t.dir, 'in')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('line 4');
    const n = cli(['sql', '--db', db, '--format', 'json', 'SELECT name, loaded FROM sources']);
    expect(JSON.parse(n.stdout)).toEqual([{ name: good, loaded: 3 }]);
  });

  // Regression (was a bug): with --keep-going, a file refused while its header is read (unknown layout, UTF-16, binary, empty) is
  // recorded in the result by src/ingest.ts without calling reporter.fileDone, and src/cli/ingestCommand.ts only
  // prints skipped files, so the CLI says "1 file(s) failed" without naming the file or the reason.
  // Input: folder with a good a.csv and b.csv = "nothing,we,know\r\n1,2,3\r\n". Expected: stderr names b.csv and why.
  it('--keep-going names a file refused on its header', () => {
    const t = tempDir('whosbehind-cli-');
    const good = t.write('in/a.csv', writeCsv(TX, ROWS));
    const bad = t.write('in/b.csv', 'nothing,we,know\r\n1,2,3\r\n');
    const db = join(t.dir, 'store.duckdb');
    const r = cli(['ingest', '--db', db, '--keep-going', join(t.dir, 'in')]);
    expect(r.code).not.toBe(0);
    const n = cli(['sql', '--db', db, '--format', 'json', 'SELECT name, loaded FROM sources']);
    expect(JSON.parse(n.stdout)).toEqual([{ name: good, loaded: 3 }]);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toMatch(/unknown layout/);
  });
});

describe('demo (the README\'s first command)', () => {
  it('generates fictional files, ingests them, and prints agency and company answers, all labelled DEMO', () => {
    const dir = mkdtempSync(join(tmpdir(), 'whosbehind-demo-'));
    try {
      const r = cli(['demo'], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Who is behind .*\(DEMO\)/);
      expect(r.stdout).toMatch(/What .*\(DEMO\).* is behind/);
      expect(r.stdout).toContain('FICTIONAL demo data');
      expect(r.stderr).not.toMatch(/error/i);
      // and writes the agency's dossier, watching fictional families only: no real company is named
      const html = readFileSync(join(dir, 'whosbehind-demo-report.html'), 'utf8');
      expect(html).toMatch(/<h1>Who&#39;s behind [^<]*\(DEMO\)/);
      expect(html).toMatch(/\(DEMO\)[^<]* and [^<]*\(DEMO\)[^<]*: \d+ evidence paths? shown/);
      for (const real of ['Amazon', 'Palantir', 'Microsoft', 'Thomson Reuters']) expect(html).not.toContain(real);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
