import type { CachedCall } from '../sources/usaspendingApi/callCache.js';
import type { Database } from './database.js';

/** One row per API call a fetch made: the request, its status and where the raw response is on disk. */
export const API_CALLS_DDL = `CREATE TABLE IF NOT EXISTS api_calls (snapshot_id INTEGER NOT NULL, seq INTEGER NOT NULL, call_key VARCHAR NOT NULL,
  method VARCHAR NOT NULL, url VARCHAR NOT NULL, request_body VARCHAR, status INTEGER NOT NULL, fetched_at VARCHAR NOT NULL,
  response_sha256 VARCHAR NOT NULL, response_bytes BIGINT NOT NULL, response_path VARCHAR NOT NULL)`;

/** Records a snapshot's API calls, in the order they were used (inside the ingest's transaction). */
export async function recordApiCalls(db: Database, snapshotId: number, calls: readonly CachedCall[], pathOf: (c: CachedCall) => string): Promise<void> {
  let seq = 0;
  for (const c of calls) {
    await db.run(`INSERT INTO api_calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      snapshotId, ++seq, c.key, c.method, c.url, c.body === undefined ? null : JSON.stringify(c.body), c.status, c.fetchedAt,
      c.sha256, c.bytes, pathOf(c),
    ]);
  }
}
