/** SQL text helpers: the one place identifiers and (where DuckDB cannot bind) literals are quoted. */

/** "name" with embedded quotes doubled: safe for any column or table name. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** 'text' with embedded quotes doubled, for the few spots DuckDB takes no parameter (DDL, table functions). */
export function literal(text: string): string {
  if (text.includes('\0')) throw new Error('NUL byte in SQL literal');
  return `'${text.replaceAll("'", "''")}'`;
}

/** A DuckDB STRUCT literal naming every column as VARCHAR, for read_csv's `columns` option. */
export function varcharColumns(names: readonly string[]): string {
  return `{${names.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ')}}`;
}
