/**
 * What the SQL page may read: the documented views and the query's own CTEs. Every table reference in
 * the parse tree (checkSelect) is checked against them; table functions (read_csv, glob,
 * duckdb_settings …) are refused outright.
 */
import { UsageError } from '../errors.js';
import { BUDGET_VIEWS } from '../store/budgetTables.js';
import { FEDRAMP_TABLES } from '../store/fedrampTables.js';
import type { SelectTree } from '../store/checkSelect.js';
import { TABLES } from '../store/tables.js';

/** The views an analyst may query (README "The SQL surface", docs/ingest.md, docs/graph.md). */
export const SQL_VIEWS: readonly string[] = [
  ...TABLES.map((t) => t.view), ...FEDRAMP_TABLES.map((t) => t.view),
  'sources', 'snapshots', 'rejects', 'tombstones', 'families', 'recipients', 'graph_nodes', 'graph_edges', ...BUDGET_VIEWS,
];

interface Found {
  tables: Set<string>;
  functions: Set<string>;
  ctes: Set<string>;
}

/** Table references in a serialized statement tree: base tables, table functions, CTE names. */
function walk(node: unknown, found: Found): void {
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

/** Refuses a SELECT tree that reads anything but the documented views (and its own CTEs). */
export function checkQueryTables(tree: SelectTree): void {
  const found: Found = { tables: new Set(), functions: new Set(), ctes: new Set() };
  walk(tree.statements, found);
  if (found.functions.size) throw new UsageError(`table functions are not allowed here (${[...found.functions].join(', ')}); query the views: ${SQL_VIEWS.join(', ')}`);
  const allowed = new Set(SQL_VIEWS);
  const bad = [...found.tables].filter((t) => !allowed.has(t) && !found.ctes.has(t));
  if (bad.length) throw new UsageError(`only the documented views can be queried here, not ${bad.join(', ')}; views: ${SQL_VIEWS.join(', ')}`);
}
