import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { StoreBusyError } from '../errors.js';
import { Database, type OpenOptions } from './database.js';
import { describeProcess, isLockError, lockErrorPid, locksOn } from './fileLocks.js';
import { defineMacros } from './macros.js';
import { migrate } from './schema.js';
import { acquireWriteLock, currentWriter, type WriterInfo } from './writeLock.js';

/** The store file: --db, else $WHOSBEHIND_DB, else ./whosbehind.duckdb. */
export function resolveStorePath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env['WHOSBEHIND_DB'] ?? 'whosbehind.duckdb';
}

export interface StoreOpenOptions extends OpenOptions {
  /** What this process is, for the writer lock (shown to a writer that waits for it). */
  command?: string;
  /** Write a copy and swap it into place on close, even if no other process holds the file (the server's own writes). */
  swap?: boolean;
  /** Says what opening waits for or does (another writer, copying a served store). */
  log?: (line: string) => void;
}

const discarded = new WeakSet<Database>();

/** A store opened as a copy is not swapped in when it closes (the write failed; the store stays as it was). */
export function discardChanges(db: Database): void {
  discarded.add(db);
}

const since = (w: WriterInfo): string => (w.since ? `, since ${w.since.slice(11, 19)} UTC` : '');

/** The plain message for a store another process holds in a way this one cannot share. */
function busy(path: string, error: unknown, wantWrite: boolean): StoreBusyError {
  const writer = currentWriter(path);
  const pid = writer?.pid || lockErrorPid((error as Error).message) || locksOn(path).find((l) => l.write)?.pid;
  const who = pid ? describeProcess(pid, writer?.command) : 'another process';
  return new StoreBusyError(`the store ${path} is being written by ${who}${writer ? since(writer) : ''}: `
    + `wait for it to finish and run this again${wantWrite ? '' : ' (a store that `whosbehind serve` holds stays readable during ingests)'}`);
}

async function openSchema(path: string, options: OpenOptions): Promise<Database> {
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

/**
 * Opens a store, creating or migrating its schema unless read-only.
 *
 * Writing takes the store's writer lock first (a second writer waits). When other processes hold the
 * file read-only (a running `whosbehind serve`, a CLI answer), DuckDB cannot open it for writing beside
 * them, so the writer works on a copy (`<store>.next-<pid>`) and, when it closes, renames the copy over
 * the store in one step: the readers keep the snapshot they opened, and the server opens the new file.
 */
export async function openStore(path: string, options: StoreOpenOptions = {}): Promise<Database> {
  const { command, swap, log, ...open } = options;
  if (open.readOnly) {
    try {
      return await openSchema(path, open);
    } catch (error) {
      if (isLockError(error)) throw busy(path, error, false);
      throw error;
    }
  }
  const lock = await acquireWriteLock(path, command ?? process.argv.slice(2).join(' '), (w) => {
    log?.(`waiting for ${describeProcess(w.pid, w.command)}${since(w)} to finish writing ${path}…`);
  });
  try {
    if (!swap) {
      try {
        const db = await openSchema(path, open);
        db.onClose(() => lock.release());
        return db;
      } catch (error) {
        if (!isLockError(error)) throw error;
        // with the writer lock ours, a write lock is a process outside whosbehind's protocol
        if (locksOn(path).some((l) => l.write)) throw busy(path, error, true);
      }
    }
    return await openCopy(path, open, lock.release, log);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openCopy(path: string, options: OpenOptions, release: () => void, log?: (line: string) => void): Promise<Database> {
  if (existsSync(`${path}.wal`)) {
    throw new StoreBusyError(`the store ${path} has an unfinished write-ahead log (${path}.wal) while other processes read it: stop them (e.g. \`whosbehind serve\`), open the store once for writing, then start them again`);
  }
  const copy = `${path}.next-${process.pid}`;
  rmSync(copy, { force: true });
  rmSync(`${copy}.wal`, { force: true });
  const readers = [...new Set(locksOn(path).map((l) => l.pid))];
  const t0 = Date.now();
  const bytes = existsSync(path) ? statSync(path).size : 0;
  if (bytes) {
    log?.(`${path} is open for reading${readers.length ? ` by ${readers.map((p) => describeProcess(p)).join(', ')}` : ''}: writing a copy (${(bytes / 1e6).toFixed(0)} MB) and swapping it in when done`);
    copyFileSync(path, copy);
  }
  let db: Database;
  try {
    db = await openSchema(copy, { ...options, displayPath: path });
  } catch (error) {
    rmSync(copy, { force: true });
    throw error;
  }
  if (bytes) log?.(`copied the store in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  db.onClose(() => {
    try {
      if (discarded.has(db)) {
        rmSync(copy, { force: true });
        rmSync(`${copy}.wal`, { force: true });
        return;
      }
      if (existsSync(`${copy}.wal`)) throw new StoreBusyError(`the copy ${copy} did not checkpoint on close; the store ${path} is unchanged`);
      renameSync(copy, path);
    } finally {
      release();
    }
  });
  return db;
}
