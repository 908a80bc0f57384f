/**
 * Loads one Exhibit 21 into the store: the filing (filer, form, period, accession, URL where the file
 * says them) and its subsidiaries with their lines. The same file again changes nothing; a newer
 * exhibit naming the same parent supersedes the older one (whose rows are kept). Matching subsidiaries
 * to recipients happens at resolution, as suggestions (src/entities/exhibit21Matches.ts).
 */
import { normalizeName } from '../entities/normalizeName.js';
import { parseExhibit21 } from '../sources/exhibit21/parseExhibit21.js';
import type { Database } from './database.js';
import type { ReferenceLoadInput, ReferenceLoadResult } from './loadBudget.js';

/** EDGAR's folder of a filing, where the accession number and CIK are known. */
export function edgarFilingUrl(cik: string | undefined, accession: string | undefined): string | null {
  if (!cik || !accession || !/^\d{10}-\d{2}-\d{6}$/.test(accession)) return null;
  return `https://www.sec.gov/Archives/edgar/data/${Number(cik)}/${accession.replace(/-/g, '')}/`;
}

export async function loadExhibit21(db: Database, input: ReferenceLoadInput): Promise<ReferenceLoadResult> {
  const ex = parseExhibit21(input.text, input.displayName);
  const n = ex.subsidiaries.length;
  const filingId = `ex21:${input.sha256.slice(0, 16)}`;
  const current = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ex21_filings WHERE filing_id = ? AND superseded_snapshot_id IS NULL`, [filingId]);
  if (Number(current?.n) > 0) return { counts: { read: n, loaded: 0, replaced: 0, unchanged: n, deleted: 0, rejected: 0, deletedAbsent: 0 }, warnings: [] };
  const f = ex.filing;
  const parentNorm = f.parentName ? normalizeName(f.parentName) : null;
  const warnings: string[] = [];
  if (!f.parentName) warnings.push('the exhibit names no parent ("Subsidiaries of …") and has no submission header: its subsidiaries are stored but cannot be attached to a company');
  let replaced = 0;
  if (parentNorm) {
    const older = await db.all<{ filing_id: string; subsidiaries: number }>(
      `SELECT filing_id, subsidiaries FROM ex21_filings WHERE parent_norm = ? AND superseded_snapshot_id IS NULL`, [parentNorm]);
    replaced = older.reduce((s, o) => s + Number(o.subsidiaries), 0);
    await db.run(`UPDATE ex21_filings SET superseded_snapshot_id = ? WHERE parent_norm = ? AND superseded_snapshot_id IS NULL`, [input.snapshotId, parentNorm]);
  }
  await db.appendRows('ex21_filings', [[
    filingId, f.parentName ?? null, parentNorm, f.filer ?? null, f.cik ?? null, f.form ?? null, f.period ?? null, f.accession ?? null,
    f.filedAt ?? null, f.exhibitType ?? null, f.exhibitFilename ?? null, edgarFilingUrl(f.cik, f.accession), ex.layout, n, null,
    input.sourceId, input.snapshotId,
  ]]);
  await db.appendRows('ex21_subsidiaries_all', ex.subsidiaries.map((s) => [
    filingId, s.name, normalizeName(s.name), s.jurisdiction ?? null, s.ownershipPercent ?? null, input.sourceId, input.snapshotId, s.line,
  ]));
  if (replaced) warnings.push(`supersedes the earlier Exhibit 21 of ${f.parentName} (${replaced} subsidiaries, kept in ex21_subsidiaries_all)`);
  return { counts: { read: n, loaded: n, replaced: 0, unchanged: 0, deleted: 0, rejected: 0, deletedAbsent: 0 }, warnings };
}
