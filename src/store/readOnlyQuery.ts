import { StatementType } from '@duckdb/node-api';
import { UsageError } from '../errors.js';
import type { Database } from './database.js';
import { toQueryResult, type QueryResult } from './queryResult.js';

export interface ReadOnlyQueryOptions {
  /** At most this many rows are returned; `truncated` says when there were more. */
  maxRows?: number;
}

/**
 * Runs one analyst SELECT. Anything else (writes, DDL, ATTACH, COPY, PRAGMA, SET, several statements)
 * is refused before it runs; callers open the store read-only with external access off as well.
 */
export async function readOnlyQuery(db: Database, sql: string, options: ReadOnlyQueryOptions = {}): Promise<QueryResult & { truncated: boolean }> {
  let extracted;
  try {
    extracted = await db.connection.extractStatements(sql);
  } catch (error) {
    throw new UsageError(`SQL error: ${(error as Error).message}`);
  }
  if (extracted.count !== 1) throw new UsageError(`give exactly one SELECT statement (got ${extracted.count})`);
  let prepared;
  try {
    prepared = await extracted.prepare(0);
  } catch (error) {
    throw new UsageError(`SQL error: ${(error as Error).message}`);
  }
  if (prepared.statementType !== StatementType.SELECT) {
    throw new UsageError(`only SELECT queries are allowed here (this is a ${StatementType[prepared.statementType]} statement)`);
  }
  const max = options.maxRows ?? Number.MAX_SAFE_INTEGER;
  try {
    const reader = await prepared.streamAndReadUntil(max === Number.MAX_SAFE_INTEGER ? max : max + 1);
    const result = toQueryResult(reader);
    const truncated = result.rows.length > max;
    if (truncated) result.rows.length = max;
    return { ...result, truncated };
  } catch (error) {
    throw new UsageError(`SQL error: ${(error as Error).message}`);
  }
}
