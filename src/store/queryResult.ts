import { DuckDBTypeId, type DuckDBResultReader } from '@duckdb/node-api';

/** A column of a query result and whether its values are numbers (never formula-neutralised in CSV). */
export interface ResultColumn {
  name: string;
  type: string;
  numeric: boolean;
}

/** Rows as JSON-safe values: DECIMAL as exact strings, safe integers as numbers, dates as ISO text. */
export interface QueryResult {
  columns: ResultColumn[];
  rows: Array<Record<string, unknown>>;
}

const INTEGER_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
]);
const NUMERIC_TYPES = new Set<DuckDBTypeId>([...INTEGER_TYPES, DuckDBTypeId.DECIMAL, DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE]);

/** Converts a DuckDB result into JSON-safe rows keyed by column name. */
export function toQueryResult(reader: DuckDBResultReader): QueryResult {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const columns = names.map((name, i) => ({ name, type: String(types[i]), numeric: NUMERIC_TYPES.has(types[i]!.typeId) }));
  const ints = names.filter((_, i) => INTEGER_TYPES.has(types[i]!.typeId));
  const rows = reader.getRowObjectsJson() as Array<Record<string, unknown>>;
  if (ints.length) {
    for (const row of rows) {
      for (const name of ints) {
        const v = row[name];
        if (typeof v === 'string') {
          const n = Number(v);
          if (Number.isSafeInteger(n)) row[name] = n;
        }
      }
    }
  }
  return { columns, rows };
}
