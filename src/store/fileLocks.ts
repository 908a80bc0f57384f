/**
 * Who holds a store file, for messages a user can act on: DuckDB takes an fcntl lock on the file (shared
 * when read-only, exclusive when writing), and Linux lists every such lock in /proc/locks. Elsewhere the
 * list is empty and callers fall back on the writer's lock file (writeLock.ts).
 */
import { readFileSync, statSync } from 'node:fs';

export interface FileLock {
  pid: number;
  write: boolean;
}

/** The fcntl locks other processes hold on `path` (its inode), from /proc/locks. */
export function locksOn(path: string): FileLock[] {
  let ino: number;
  let text: string;
  try {
    ino = statSync(path).ino;
    text = readFileSync('/proc/locks', 'utf8');
  } catch {
    return [];
  }
  const out: FileLock[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+(?:->\s+)?\S+\s+\S+\s+(READ|WRITE)\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    if (!m || Number(m[3]) !== ino || Number(m[2]) === process.pid) continue;
    out.push({ pid: Number(m[2]), write: m[1] === 'WRITE' });
  }
  return out;
}

/** "PID 1234 (whosbehind serve --db x.duckdb)", from /proc/PID/cmdline where it can be read. */
export function describeProcess(pid: number, fallback?: string): string {
  let what = fallback;
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const bin = args.findIndex((a) => /whosbehind(\.js)?$|[\\/]cli[\\/]main\.js$/.test(a));
    what = bin >= 0 ? ['whosbehind', ...args.slice(bin + 1)].join(' ') : args.join(' ');
  } catch {
    // not Linux, or the process is gone
  }
  return what ? `PID ${pid} (${what.length > 120 ? `${what.slice(0, 117)}…` : what})` : `PID ${pid}`;
}

/** The PID DuckDB names in its "Conflicting lock is held in … (PID n)" message. */
export function lockErrorPid(message: string): number | undefined {
  const m = /Conflicting lock is held in .*\(PID (\d+)\)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** True for DuckDB's "could not set lock" error. */
export function isLockError(error: unknown): boolean {
  return error instanceof Error && /Could not set lock on file|Conflicting lock is held/.test(error.message);
}
