import { DuckDBTypeId, JsonDuckDBValueConverter, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';

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

/** The columns of a result, with whether each is numeric. */
export function resultColumns(names: readonly string[], types: readonly DuckDBType[]): ResultColumn[] {
  return names.map((name, i) => ({ name, type: String(types[i]), numeric: NUMERIC_TYPES.has(types[i]!.typeId) }));
}

/**
 * One row of a chunk as a JSON-safe object keyed by column name (integers as numbers when they fit
 * 2^53, else strings), with the length of its JSON text so a caller can cap a result's bytes as it reads.
 */
export function chunkRow(chunk: DuckDBDataChunk, rowIndex: number, names: readonly string[]): { row: Record<string, unknown>; bytes: number } {
  const row: Record<string, unknown> = {};
  let bytes = 2;
  chunk.visitRowValues(rowIndex, (value, _r, c, type) => {
    let v: unknown = JsonDuckDBValueConverter(value, type, JsonDuckDBValueConverter);
    if (typeof v === 'string' && INTEGER_TYPES.has(type.typeId)) {
      const n = Number(v);
      if (Number.isSafeInteger(n)) v = n;
    }
    row[names[c]!] = v;
    bytes += names[c]!.length + 4 + (typeof v === 'string' ? v.length + 2 : v === null ? 4 : typeof v === 'object' ? JSON.stringify(v).length : String(v).length);
  });
  return { row, bytes };
}
