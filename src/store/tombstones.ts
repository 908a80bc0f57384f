/**
 * Tombstones: the deletions a delta file made (correction_delete_ind = D), kept so a deleted record
 * stays deleted when an older file holding it is loaded later. A tombstone is lifted only by a row of the
 * same key whose version (last_modified_date) is later than the deletion: that row re-creates the record.
 *
 * A deletion dated by day only (the Award Data Archive writes `2026-08-06`) covers that whole day: a row
 * modified on the same day is not shown to be later. A deletion without a date can never be shown older
 * than any row, so it stays until a later deletion of the same key replaces it.
 */
import type { Database } from './database.js';
import { literal } from './sql.js';
import { TABLES } from './tables.js';

/** One row per deletion; the active one of a key has superseded_snapshot_id NULL (migration 10). */
export const TOMBSTONES_DDL = `CREATE TABLE IF NOT EXISTS tombstones (
  tbl VARCHAR NOT NULL, record_key VARCHAR NOT NULL, deleted_version TIMESTAMP,
  source_id INTEGER NOT NULL, source_line BIGINT NOT NULL, snapshot_id INTEGER NOT NULL,
  superseded_snapshot_id INTEGER, superseded_how VARCHAR, superseded_source_id INTEGER, superseded_line BIGINT)`;

/**
 * SQL: the earliest version a row must have to lift the tombstone `alias` (NULL: nothing lifts it).
 * A date-only deletion covers its whole day.
 */
export function liftsFrom(alias: string): string {
  return coverEnd(`${alias}.deleted_version`);
}

/** SQL: the first instant after what a deletion versioned `v` covers (a date-only one covers its day). */
export function coverEnd(v: string): string {
  return `CASE WHEN ${v} IS NULL THEN NULL WHEN ${v} = date_trunc('day', ${v}) THEN ${v} + INTERVAL 1 DAY ELSE ${v} + INTERVAL 1 MICROSECOND END`;
}

/** A tombstone as `status` lists it. */
export interface Tombstone {
  table: string;
  key: string;
  deletedVersion: string | null;
  file: string;
  line: number;
  snapshotId: number;
  /** Rows of later files refused because the record stays deleted. */
  refusedSince: number;
}

export interface TombstoneSummary {
  active: number;
  /** Tombstones lifted by a newer row that re-created the record. */
  restored: number;
  /** The active ones, newest deletion first (at most `limit`). */
  list: Tombstone[];
}

/** The store's tombstones for `status`. */
export async function tombstoneSummary(db: Database, limit = 20): Promise<TombstoneSummary> {
  const n = await db.one<{ active: string; restored: string }>(`SELECT count(*) FILTER (WHERE superseded_snapshot_id IS NULL) AS active,
      count(*) FILTER (WHERE superseded_how = 'restored') AS restored FROM tombstones`);
  // a refused row keeps its stored-name values in rejects.raw: find it by the table's key column
  const keyOf = `CASE t.tbl ${TABLES.map((d) => `WHEN ${literal(d.table)} THEN json_extract_string(r.raw, ${literal(`$.${d.key}`)})`).join(' ')} END`;
  const rows = await db.all(`SELECT t.tbl, t.record_key, CAST(t.deleted_version AS VARCHAR) AS v, s.name, t.source_line, t.snapshot_id,
      (SELECT count(*) FROM rejects r WHERE r.reason LIKE 'stays deleted:%' AND ${keyOf} = t.record_key) AS refused
    FROM tombstones t JOIN sources s USING (source_id)
    WHERE t.superseded_snapshot_id IS NULL ORDER BY t.deleted_version DESC NULLS FIRST, t.record_key LIMIT ?`, [limit]);
  return {
    active: Number(n?.active ?? 0),
    restored: Number(n?.restored ?? 0),
    list: rows.map((r) => ({
      table: String(r['tbl']), key: String(r['record_key']), deletedVersion: (r['v'] as string | null) ?? null,
      file: String(r['name']), line: Number(r['source_line']), snapshotId: Number(r['snapshot_id']), refusedSince: Number(r['refused']),
    })),
  };
}
