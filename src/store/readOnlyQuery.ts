import { StatementType } from '@duckdb/node-api';
import { UsageError, WhosbehindError } from '../errors.js';
import { checkSelect, hidePaths, notASelect } from './checkSelect.js';
import type { Database } from './database.js';
import { chunkRow, resultColumns, type QueryResult } from './queryResult.js';

export interface ReadOnlyQueryOptions {
  /** At most this many rows are returned; `truncated` says when there were more. */
  maxRows?: number;
  /** A result whose rows' JSON text would pass this many bytes is refused (ResultTooLargeError). */
  maxBytes?: number;
}

/** A result over the byte cap: refused whole (HTTP 413), never cut silently. */
export class ResultTooLargeError extends WhosbehindError {
  override readonly exitCode = 2;
  override readonly httpStatus = 413;
  constructor(readonly maxBytes: number) {
    super(`the result is larger than ${formatBytes(maxBytes)} (the limit for one answer): select fewer or shorter columns, or add a LIMIT`);
    this.name = 'ResultTooLargeError';
  }
}

/** "10 MB", "512 kB". */
export function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(1)} MB` : n >= 1000 ? `${+(n / 1000).toFixed(1)} kB` : `${n} bytes`;
}

/**
 * Runs one analyst SELECT. The parse tree is checked first (checkSelect): anything but one SELECT
 * (writes, DDL, ATTACH, COPY, EXPORT, PRAGMA, SET, secrets, several statements) is refused before DuckDB
 * prepares it. Rows are read chunk by chunk and the result's bytes are counted as they are read.
 */
export async function readOnlyQuery(db: Database, sql: string, options: ReadOnlyQueryOptions = {}): Promise<QueryResult & { truncated: boolean }> {
  await checkSelect(db, sql);
  let prepared;
  try {
    prepared = await (await db.connection.extractStatements(sql)).prepare(0);
  } catch (error) {
    throw new UsageError(`SQL error: ${hidePaths((error as Error).message)}`);
  }
  if (prepared.statementType !== StatementType.SELECT) throw notASelect(StatementType[prepared.statementType]);
  const maxRows = options.maxRows ?? Number.MAX_SAFE_INTEGER;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  try {
    const result = await prepared.stream();
    const names = result.columnNames();
    const columns = resultColumns(names, result.columnTypes());
    const rows: Array<Record<string, unknown>> = [];
    let bytes = 0;
    let truncated = false;
    reading: for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (let i = 0; i < chunk.rowCount; i++) {
        if (rows.length >= maxRows) {
          truncated = true;
          break reading;
        }
        let r;
        try {
          r = chunkRow(chunk, i, names);
        } catch (error) {
          // a single value longer than a JS string can hold
          if (error instanceof RangeError) throw new ResultTooLargeError(maxBytes);
          throw error;
        }
        bytes += r.bytes;
        if (bytes > maxBytes) throw new ResultTooLargeError(maxBytes);
        rows.push(r.row);
      }
    }
    return { columns, rows, truncated };
  } catch (error) {
    if (error instanceof WhosbehindError) throw error;
    throw new UsageError(`SQL error: ${hidePaths((error as Error).message)}`);
  }
}
