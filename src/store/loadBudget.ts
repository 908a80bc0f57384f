/**
 * Loads the budget references into the store: the OMB budget authority table (long: one row per
 * account row and fiscal year, exact dollars computed in SQL as thousands × 1000), the Treasury account
 * list and the program activity file. Each file is parsed whole in Node first, so a bad cell refuses
 * the file (file, line, column) before anything is written; the caller's transaction makes the store
 * unchanged on any failure. A file identical to the one currently loaded changes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InternalError } from '../errors.js';
import { readAccountMap } from '../sources/budget/accountMapFile.js';
import { parseBudgetAuthority, type BudgetAuthorityTable } from '../sources/budget/budgetAuthority.js';
import type { AccountMap } from '../sources/budget/deriveAccountMap.js';
import { parseProgramActivities } from '../sources/budget/programActivities.js';
import { parseTreasuryAccounts, tasSymbol } from '../sources/budget/treasuryAccounts.js';
import type { Database } from './database.js';
import type { LoadCounts } from './loadFile.js';
import { literal } from './sql.js';

/** What a budget reference load needs: the file's text and identity, and where its rows go. */
export interface ReferenceLoadInput {
  text: string;
  displayName: string;
  sha256: string;
  sourceId: number;
  snapshotId: number;
}

export interface ReferenceLoadResult {
  counts: LoadCounts;
  warnings: string[];
}

const counts = (read: number, loaded: number, unchanged: number): LoadCounts => ({ read, loaded, replaced: 0, unchanged, deleted: 0, rejected: 0, deletedAbsent: 0 });

/** Is the file identical (sha256) to the one the table's view currently shows? */
async function sameAsCurrent(db: Database, table: string, sha256: string): Promise<boolean> {
  const r = await db.one<{ sha256: string }>(`SELECT s.sha256 FROM sources s WHERE s.source_id = (SELECT max(source_id) FROM ${table})`);
  return r?.sha256 === sha256;
}

const csvField = (v: string | null): string => (v === null ? '' : /[",\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);

/** Parses without loading (the bench's baseline and the first step of the load). */
export function parseBudgetFile(input: Pick<ReferenceLoadInput, 'text' | 'displayName'>): BudgetAuthorityTable {
  return parseBudgetAuthority(input.text, input.displayName);
}

/** Loads budget_authority.csv. */
export async function loadBudgetAuthority(db: Database, input: ReferenceLoadInput, map: AccountMap = readAccountMap()): Promise<ReferenceLoadResult> {
  const table = parseBudgetFile(input);
  const n = table.rows.length;
  if (await sameAsCurrent(db, 'budget_authority_all', input.sha256)) return { counts: counts(n, 0, n), warnings: [] };
  const toptier = new Map(map.agencies.map((a) => [a.ombAgency, a.toptier]));
  const subtier = new Map(map.bureaus.map((b) => [`${b.ombAgency}|${b.bureau}`, b.subtier]));
  const unmapped = new Set<string>();
  // Two compact CSVs (accounts; line, period, thousands) read by DuckDB: far faster than row-by-row inserts.
  const acc: string[] = [];
  const amounts: string[] = [];
  for (const r of table.rows) {
    const top = toptier.get(r.ombAgencyCode) ?? null;
    if (top === null) unmapped.add(r.ombAgencyCode);
    acc.push([
      String(r.line), r.ombAgencyCode, r.ombAgencyName, r.bureauCode, r.bureauName, r.accountCode, r.accountName, r.treasuryAgencyCode,
      r.subfunctionCode, r.subfunctionTitle, r.beaCategory, r.onOffBudget, top, subtier.get(`${r.ombAgencyCode}|${r.bureauCode}`) ?? null,
    ].map(csvField).join(','));
    for (const a of r.amounts) amounts.push(`${r.line},${a.period},${a.thousands ?? ''}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'whosbehind-budget-'));
  try {
    const accFile = join(dir, 'accounts.csv');
    const amtFile = join(dir, 'amounts.csv');
    writeFileSync(accFile, `${acc.join('\n')}\n`);
    writeFileSync(amtFile, `${amounts.join('\n')}\n`);
    const v = (c: string): string => `'${c}': 'VARCHAR'`;
    await db.run(
      `INSERT INTO budget_authority_all
       SELECT a.omb_agency_code, a.omb_agency_name, a.bureau_code, a.bureau_name, a.account_code, a.account_name, a.treasury_agency_code,
         a.subfunction_code, a.subfunction_title, a.bea_category, a.on_off_budget, m.period, TRY_CAST(m.period AS INTEGER),
         m.thousands, CAST(m.thousands AS DECIMAL(18,2)) * 1000, a.toptier, a.subtier, ?, ?, a.line
       FROM read_csv(${literal(amtFile)}, header = false, auto_detect = false, quote = '"', escape = '"',
              columns = {'line': 'BIGINT', 'period': 'VARCHAR', 'thousands': 'BIGINT'}) m
       JOIN read_csv(${literal(accFile)}, header = false, auto_detect = false, quote = '"', escape = '"', nullstr = '',
              columns = {'line': 'BIGINT', ${['omb_agency_code', 'omb_agency_name', 'bureau_code', 'bureau_name', 'account_code', 'account_name',
    'treasury_agency_code', 'subfunction_code', 'subfunction_title', 'bea_category', 'on_off_budget', 'toptier', 'subtier'].map(v).join(', ')}}) a
         USING (line)`,
      [input.sourceId, input.snapshotId],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const stored = await db.one<{ n: number }>(`SELECT count(*) AS n FROM budget_authority_all WHERE source_id = ?`, [input.sourceId]);
  if (Number(stored?.n) !== n * table.periods.length) throw new InternalError(`budget load stored ${stored?.n} amounts where ${n} rows × ${table.periods.length} years were read`);
  const warnings = unmapped.size ? [`${unmapped.size} OMB agencies have no toptier in data/budget-accounts.yaml (${[...unmapped].sort().slice(0, 8).join(', ')}${unmapped.size > 8 ? ' …' : ''}): their rows are stored but no agency answer counts them`] : [];
  return { counts: counts(n, n, 0), warnings };
}

/** Loads tas_list.csv. */
export async function loadTreasuryAccounts(db: Database, input: ReferenceLoadInput): Promise<ReferenceLoadResult> {
  const rows = parseTreasuryAccounts(input.text, input.displayName);
  if (await sameAsCurrent(db, 'treasury_accounts_all', input.sha256)) return { counts: counts(rows.length, 0, rows.length), warnings: [] };
  await db.appendRows('treasury_accounts_all', rows.map((t) => [
    t.accountNumber, t.ata || null, t.aid, t.bpoa || null, t.epoa || null, t.availability || null, t.main, t.sub || null, tasSymbol(t), t.name,
    t.agencyName, t.adminOrg || null, t.adminOrgName || null, t.established || null, t.ended || null, input.sourceId, input.snapshotId, t.line,
  ]));
  return { counts: counts(rows.length, rows.length, 0), warnings: [] };
}

/** Loads program_activity.csv. */
export async function loadProgramActivities(db: Database, input: ReferenceLoadInput): Promise<ReferenceLoadResult> {
  const rows = parseProgramActivities(input.text, input.displayName);
  if (await sameAsCurrent(db, 'program_activities_all', input.sha256)) return { counts: counts(rows.length, 0, rows.length), warnings: [] };
  await db.appendRows('program_activities_all', rows.map((p) => [
    p.fiscalYear, p.agencyId, p.allocationId || null, p.account, p.code, p.name, input.sourceId, input.snapshotId, p.line,
  ]));
  return { counts: counts(rows.length, rows.length, 0), warnings: [] };
}
