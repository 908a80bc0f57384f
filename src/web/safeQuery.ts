/**
 * The SQL page's guard. Besides what readOnlyQuery refuses (anything but one SELECT) and what the
 * served store refuses (writes: it is read-only; files and network: external access is off; settings:
 * the configuration is locked), a query may read only the documented views and its own CTEs: DuckDB's
 * parser (json_serialize_sql) gives the statement tree, and every table reference in it is checked.
 * Table functions (read_csv, glob, duckdb_settings …) are refused outright.
 */
import { UsageError } from '../errors.js';
import { BUDGET_VIEWS } from '../store/budgetTables.js';
import type { Database } from '../store/database.js';
import { readOnlyQuery } from '../store/readOnlyQuery.js';
import type { QueryResult } from '../store/queryResult.js';
import { FEDRAMP_TABLES } from '../store/fedrampTables.js';
import { TABLES } from '../store/tables.js';
import type { StoreHandle } from './storeHandle.js';

/** The views an analyst may query (README "The SQL surface", docs/ingest.md, docs/graph.md). */
export const SQL_VIEWS: readonly string[] = [
  ...TABLES.map((t) => t.view), ...FEDRAMP_TABLES.map((t) => t.view),
  'sources', 'snapshots', 'rejects', 'families', 'recipients', 'graph_nodes', 'graph_edges', ...BUDGET_VIEWS,
];

export interface SqlLimits {
  timeoutMs: number;
  maxRows: number;
  maxLength: number;
}

export const DEFAULT_SQL_LIMITS: SqlLimits = { timeoutMs: 5000, maxRows: 1000, maxLength: 10_000 };

/** Table references in a serialized statement tree: base tables, table functions, CTE names. */
function walk(node: unknown, found: { tables: Set<string>; functions: Set<string>; ctes: Set<string> }): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o['type'] === 'BASE_TABLE') {
    const schema = String(o['schema_name'] ?? '');
    const catalog = String(o['catalog_name'] ?? '');
    found.tables.add([catalog, schema, String(o['table_name'] ?? '')].filter(Boolean).join('.').toLowerCase());
  }
  if (o['type'] === 'TABLE_FUNCTION') {
    const fn = o['function'] as Record<string, unknown> | undefined;
    found.functions.add(String(fn?.['function_name'] ?? 'table function'));
  }
  const cte = o['cte_map'] as { map?: Array<{ key: string }> } | undefined;
  if (cte?.map) for (const m of cte.map) found.ctes.add(String(m.key).toLowerCase());
  for (const v of Object.values(o)) walk(v, found);
}

/** Refuses a query that reads anything but the documented views (and its own CTEs). */
export async function checkQueryTables(db: Database, sql: string): Promise<void> {
  const row = await db.rows(`SELECT json_serialize_sql(?::VARCHAR)`, [sql]);
  const tree = JSON.parse(String(row[0]?.[0] ?? '{}')) as { error?: boolean; error_message?: string; statements?: unknown[] };
  if (tree.error) throw new UsageError(`SQL error: ${tree.error_message ?? 'cannot parse the query'} (only one SELECT over the documented views runs here)`);
  if (!tree.statements || tree.statements.length !== 1) throw new UsageError(`give exactly one SELECT statement (got ${tree.statements?.length ?? 0})`);
  const found = { tables: new Set<string>(), functions: new Set<string>(), ctes: new Set<string>() };
  walk(tree.statements, found);
  if (found.functions.size) throw new UsageError(`table functions are not allowed here (${[...found.functions].join(', ')}); query the views: ${SQL_VIEWS.join(', ')}`);
  const allowed = new Set(SQL_VIEWS);
  const bad = [...found.tables].filter((t) => !allowed.has(t) && !found.ctes.has(t));
  if (bad.length) throw new UsageError(`only the documented views can be queried here, not ${bad.join(', ')}; views: ${SQL_VIEWS.join(', ')}`);
}

/** Runs an analyst query under the time and row limits. */
export async function safeQuery(store: StoreHandle, sql: string, limits: SqlLimits = DEFAULT_SQL_LIMITS): Promise<QueryResult & { truncated: boolean; ms: number }> {
  if (!sql.trim()) throw new UsageError('the query is empty');
  if (sql.length > limits.maxLength) throw new UsageError(`the query is longer than ${limits.maxLength} characters`);
  const t0 = Date.now();
  const r = await store.withTimeout(limits.timeoutMs, async (db) => {
    // refused statements (several, not a SELECT) fail here with readOnlyQuery's message
    await checkQueryTables(db, sql).catch(async (error: unknown) => {
      if (error instanceof UsageError && /SQL error|exactly one/.test(error.message)) await readOnlyQuery(db, sql, { maxRows: 0 });
      throw error;
    });
    return readOnlyQuery(db, sql, { maxRows: limits.maxRows });
  });
  if (r.timedOut || !r.value) throw new UsageError(`the query ran longer than ${limits.timeoutMs / 1000} s and was stopped; narrow it or add a LIMIT`);
  return { ...r.value, ms: Date.now() - t0 };
}
