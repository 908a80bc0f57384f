import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { Database } from '../../src/store/database.js';
import { openStore } from '../../src/store/openStore.js';

/** A temporary folder with a fresh store file in it, removed after the test. */
export interface TempStore {
  dir: string;
  dbPath: string;
  db: Database;
  /** Writes `content` to `dir/name` (folders created) and returns the absolute path. */
  write(name: string, content: string | Buffer): string;
  /** Closes the store (idempotent), e.g. before a CLI process opens the same file. */
  close(): void;
  /** Re-opens the store after close(). */
  reopen(): Promise<Database>;
  cleanup(): void;
}

/** A temporary folder (no store), removed after the test unless `autoCleanup` is false. */
export function tempDir(prefix = 'whosbehind-test-', autoCleanup = true): { dir: string; write(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  if (autoCleanup) onTestFinished(cleanup);
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
    cleanup,
  };
}

/**
 * Opens a fresh store in its own temporary folder. Inside a test it is closed and removed when the test
 * finishes; pass autoCleanup false (e.g. in beforeAll) and call cleanup() yourself.
 */
export async function tempStore(options: { autoCleanup?: boolean } = {}): Promise<TempStore> {
  const t = tempDir('whosbehind-store-', false);
  const dbPath = join(t.dir, 'store.duckdb');
  let db: Database | undefined = await openStore(dbPath);
  const store: TempStore = {
    dir: t.dir,
    dbPath,
    get db(): Database {
      if (!db) throw new Error('temp store is closed');
      return db;
    },
    write: t.write,
    close() {
      db?.close();
      db = undefined;
    },
    async reopen() {
      db ??= await openStore(dbPath);
      return db;
    },
    cleanup() {
      store.close();
      t.cleanup();
    },
  };
  if (options.autoCleanup !== false) onTestFinished(() => store.cleanup());
  return store;
}

/** Every base table of the store's main schema, sorted. */
export async function baseTables(db: Database): Promise<string[]> {
  const rows = await db.all<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

/** Row count and an order-independent digest of the full contents of every base table. */
export async function storeFingerprint(db: Database): Promise<Record<string, { rows: number; digest: string }>> {
  const out: Record<string, { rows: number; digest: string }> = {};
  for (const table of await baseTables(db)) {
    const q = `"${table.replaceAll('"', '""')}"`;
    const r = await db.one<{ n: string; digest: string | null }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(h, ',' ORDER BY h), '')) AS digest
       FROM (SELECT md5(CAST(t AS VARCHAR)) AS h FROM ${q} t)`,
    );
    out[table] = { rows: Number(r!.n), digest: r!.digest ?? '' };
  }
  return out;
}

/** count(*) of a table or view. */
export async function countRows(db: Database, table: string): Promise<number> {
  const r = await db.one<{ n: string }>(`SELECT count(*) AS n FROM "${table.replaceAll('"', '""')}"`);
  return Number(r!.n);
}
