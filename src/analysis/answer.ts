/**
 * What every answer carries besides its figures: the snapshot it was computed from, the basis and years
 * it used, and (on request) the records behind each figure. JSON output is these objects as they are:
 * money is an exact decimal string ("29688989.93"), never a float.
 */
import type { Database } from '../store/database.js';
import type { FiscalYearRange } from './fiscalYears.js';

/** Which agency field a figure is filtered on. */
export type Basis = 'awarding' | 'funding' | 'either';
export const BASES: readonly Basis[] = ['awarding', 'funding', 'either'];

/** One stored record behind a figure: enough to find it in its source file. */
export interface EvidenceRecord {
  /** The view it lives in. */
  table: 'transactions' | 'award_summaries' | 'subawards';
  /** contract_transaction_unique_key, contract_award_unique_key or subaward_key. */
  key: string;
  /** The record's amount as it counts in the figure (exact decimal string), when it has one. */
  amount: string | null;
  /** Path of the source file as ingested (inside an archive: archive path!member). */
  sourceFile: string;
  /** Physical line of the record in that file (1 = header). */
  line: number;
  snapshotId: number;
}

/** The data state an answer was computed from. */
export interface AnswerContext {
  /** Latest finished snapshot in the store, null for an empty store. */
  snapshotId: number | null;
  /** When that snapshot finished (ISO text). */
  snapshotFinishedAt: string | null;
  /** Store file path. */
  store: string;
  /** Tool version that computed the answer. */
  toolVersion: string;
}

/** Filters shared by agency and company answers. */
export interface AnswerFilters {
  fiscalYears?: FiscalYearRange;
  basis: Basis;
}

/** Latest finished snapshot of a store, for the envelope of every answer. */
export async function answerContext(db: Database, toolVersion: string): Promise<AnswerContext> {
  const row = await db.one<{ snapshot_id: number | null; finished_at: string | null }>(
    `SELECT snapshot_id, CAST(finished_at AS VARCHAR) AS finished_at FROM snapshots
     WHERE finished_at IS NOT NULL ORDER BY snapshot_id DESC LIMIT 1`,
  );
  return {
    snapshotId: row ? Number(row.snapshot_id) : null,
    snapshotFinishedAt: row?.finished_at ?? null,
    store: db.path,
    toolVersion,
  };
}


/**
 * Groups evidence rows (columns k, amount, file, line, snap and whatever the group key reads) into
 * EvidenceRecords by `groupOf(row)`, keeping query order.
 */
export function groupEvidence(
  rows: ReadonlyArray<Record<string, unknown>>,
  table: EvidenceRecord['table'],
  groupOf: (row: Record<string, unknown>) => string,
): Map<string, EvidenceRecord[]> {
  const out = new Map<string, EvidenceRecord[]>();
  for (const r of rows) {
    const g = groupOf(r);
    const list = out.get(g) ?? [];
    list.push({
      table, key: String(r['k']), amount: (r['amount'] as string | null) ?? null, sourceFile: String(r['file']),
      line: Number(r['line']), snapshotId: Number(r['snap']),
    });
    out.set(g, list);
  }
  return out;
}
