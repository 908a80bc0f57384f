/**
 * The SQL page's sandbox process (started by sqlSandbox.ts, never by hand): it opens the store read-only
 * with file and network access off and its settings locked, and answers one query at a time over IPC.
 * It is a process of its own so that the server can stop it outright: DuckDB checks for interruption only
 * between chunks, and a single `repeat()` over a chunk can run for half a minute and take gigabytes.
 */
import { WhosbehindError } from '../errors.js';
import { checkSelect, hidePaths } from '../store/checkSelect.js';
import type { Database } from '../store/database.js';
import { openStore } from '../store/openStore.js';
import { readOnlyQuery } from '../store/readOnlyQuery.js';
import { checkQueryTables } from './sqlViews.js';

export interface SqlRequest {
  id: number;
  sql: string;
  maxRows: number;
  maxBytes: number;
}

export type SqlReply =
  | { id: number; ok: true; result: Awaited<ReturnType<typeof readOnlyQuery>> }
  | { id: number; ok: false; status: number; message: string };

async function open(path: string, memoryMb: number): Promise<Database> {
  const db = await openStore(path, { readOnly: true, noExternalAccess: true, memoryLimit: `${Math.max(64, Math.floor(memoryMb / 2))}MB`, threads: 2 });
  await db.run('SET lock_configuration = true');
  return db;
}

async function answer(db: Database, m: SqlRequest): Promise<SqlReply> {
  try {
    checkQueryTables(await checkSelect(db, m.sql));
    return { id: m.id, ok: true, result: await readOnlyQuery(db, m.sql, { maxRows: m.maxRows, maxBytes: m.maxBytes }) };
  } catch (error) {
    if (error instanceof WhosbehindError && error.httpStatus < 500) return { id: m.id, ok: false, status: error.httpStatus, message: error.message };
    return { id: m.id, ok: false, status: 400, message: `SQL error: ${hidePaths(error instanceof Error ? error.message : String(error))}` };
  }
}

const [path, memory] = process.argv.slice(2);
if (path && process.send) {
  const ready = open(path, Number(memory) || 1024);
  ready.then(() => process.send!({ ready: true }), (error: unknown) => {
    process.send!({ ready: false, message: hidePaths(error instanceof Error ? error.message : String(error)) });
    process.exit(1);
  });
  let queue = Promise.resolve();
  process.on('message', (m: SqlRequest) => {
    queue = queue.then(async () => { process.send!(await answer(await ready, m)); });
  });
  process.on('disconnect', () => process.exit(0));
}
