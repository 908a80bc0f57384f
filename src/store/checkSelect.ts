/**
 * The parse-tree check an analyst query passes before anything else happens to it: DuckDB's parser says
 * how many statements there are (`extractStatements`, which parses without binding) and gives the tree of a
 * SELECT (`json_serialize_sql`, which serializes SELECT trees only). Anything that is not one SELECT tree —
 * COPY, EXPORT, CREATE SECRET, UPDATE, PRAGMA, a PIVOT that DuckDB would run as two statements — is
 * refused here with one documented message, before DuckDB prepares (binds, or touches a file for) it.
 */
import { UsageError } from '../errors.js';
import type { Database } from './database.js';

/** The first keyword of a statement, past comments and parentheses ("COPY", "WITH", "PIVOT"). */
export function firstKeyword(sql: string): string {
  const rest = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z_]+/.exec(rest)?.[0] ?? '').toUpperCase();
}

/** Absolute paths in an engine message are the machine's business, not the client's. */
export function hidePaths(message: string): string {
  return message.replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@~+-]+){2,}[\\/]?/g, '(path)');
}

/** The documented refusal for anything but one SELECT. */
export function notASelect(kind: string): UsageError {
  return new UsageError(`only one SELECT (or WITH … SELECT) is allowed here; this is ${kind ? `a ${kind} statement` : 'not a SELECT'}`);
}

/** A parsed SELECT: its serialized tree (for the table check). */
export interface SelectTree {
  statements: unknown[];
}

/** Refuses, from the parse alone, anything but exactly one SELECT; returns its tree. */
export async function checkSelect(db: Database, sql: string): Promise<SelectTree> {
  if (!sql.trim()) throw new UsageError('the query is empty');
  const kind = firstKeyword(sql);
  let count: number;
  try {
    count = (await db.connection.extractStatements(sql)).count;
  } catch (error) {
    throw new UsageError(`SQL error: ${hidePaths((error as Error).message)}`);
  }
  if ((kind === 'PIVOT' || kind === 'UNPIVOT') && count !== 1) {
    // DuckDB turns a PIVOT without an IN list into a CREATE TYPE plus the query: two statements
    throw new UsageError(`${kind} needs its values listed here (DuckDB would first run a second statement to find them): write ${kind} … ON column IN ('a', 'b') USING …`);
  }
  if (count !== 1) throw new UsageError(`give exactly one SELECT statement (got ${count})`);
  const row = await db.rows(`SELECT json_serialize_sql(?::VARCHAR)`, [sql]);
  const tree = JSON.parse(String(row[0]?.[0] ?? '{}')) as { error?: boolean; error_type?: string; error_message?: string; statements?: unknown[] };
  if (tree.error) {
    if (/only select statements/i.test(tree.error_message ?? '')) throw notASelect(kind);
    throw new UsageError(`SQL error: ${hidePaths(tree.error_message ?? 'cannot parse the query')}`);
  }
  if (!tree.statements || tree.statements.length !== 1) throw new UsageError(`give exactly one SELECT statement (got ${tree.statements?.length ?? 0})`);
  return { statements: tree.statements };
}
