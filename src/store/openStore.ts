import { Database, type OpenOptions } from './database.js';
import { defineMacros } from './macros.js';
import { migrate } from './schema.js';

/** The store file: --db, else $WHOSBEHIND_DB, else ./whosbehind.duckdb. */
export function resolveStorePath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env['WHOSBEHIND_DB'] ?? 'whosbehind.duckdb';
}

/** Opens a store, creating or migrating its schema unless read-only. */
export async function openStore(path: string, options: OpenOptions = {}): Promise<Database> {
  const db = await Database.open(path, options);
  try {
    await migrate(db);
    if (!options.readOnly) await defineMacros(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
