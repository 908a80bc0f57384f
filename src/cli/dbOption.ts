import { Option } from 'commander';

/** The --db option every store command shares. */
export function dbOption(): Option {
  return new Option('--db <file>', 'store file (default: $WHOSBEHIND_DB, else ./whosbehind.duckdb)');
}
