/**
 * The SQL page's guard. The query runs in a sandbox process (sqlSandbox.ts) over the store opened
 * read-only with file and network access off and its configuration locked; before DuckDB prepares it,
 * its parse tree must be one SELECT (checkSelect) reading only the documented views and its own CTEs
 * (sqlViews.ts). The process is stopped at the time limit or the memory cap; the result is read chunk by
 * chunk and refused (413) when its JSON would pass the byte cap.
 */
import { UsageError } from '../errors.js';
import type { QueryResult } from '../store/queryResult.js';
import type { SqlSandbox } from './sqlSandbox.js';

export { SQL_VIEWS } from './sqlViews.js';

export interface SqlLimits {
  timeoutMs: number;
  maxRows: number;
  /** Longest query text accepted. */
  maxLength: number;
  /** Largest result, in bytes of its JSON rows. */
  maxBytes: number;
}

export const DEFAULT_SQL_LIMITS: SqlLimits = { timeoutMs: 5000, maxRows: 1000, maxLength: 10_000, maxBytes: 10_000_000 };

/** Runs an analyst query under the time, memory, row and size limits. */
export async function safeQuery(sandbox: SqlSandbox, sql: string, limits: SqlLimits = DEFAULT_SQL_LIMITS): Promise<QueryResult & { truncated: boolean; ms: number }> {
  if (!sql.trim()) throw new UsageError('the query is empty');
  if (sql.length > limits.maxLength) throw new UsageError(`the query is longer than ${limits.maxLength} characters`);
  const t0 = Date.now();
  const r = await sandbox.run(sql, limits);
  return { ...r, ms: Date.now() - t0 };
}
