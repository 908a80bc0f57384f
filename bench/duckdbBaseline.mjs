// @ts-check
// The baseline the ingest is measured against: DuckDB's own CSV reader loading the file into a plain
// table with auto-detected types, in a fresh database file. Run as a child process by ingest.mjs.
// Usage: node bench/duckdbBaseline.mjs <db file> <csv file> [threads]
import { DuckDBInstance } from '@duckdb/node-api';

const [dbPath, csvPath, threads] = process.argv.slice(2);
if (!dbPath || !csvPath) {
  console.error('usage: node bench/duckdbBaseline.mjs <db file> <csv file> [threads]');
  process.exit(2);
}
const instance = await DuckDBInstance.create(dbPath, threads ? { threads } : {});
const connection = await instance.connect();
// A bench script with a path we created ourselves: quoting the literal here is enough.
const literal = `'${csvPath.replaceAll("'", "''")}'`;
await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv(${literal})`);
const reader = await connection.runAndReadAll('SELECT count(*)::VARCHAR AS n FROM t');
const rows = Number(reader.getRows()[0]?.[0]);
connection.closeSync();
instance.closeSync();
process.stdout.write(`${JSON.stringify({ rows })}\n`);
