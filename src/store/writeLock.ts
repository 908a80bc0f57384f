/**
 * One writer per store at a time, across processes: `<store>.writer` is created exclusively and names
 * its process and command; a second writer waits for it (saying whom it waits for), and a lock file left
 * by a process that no longer exists is taken over. Readers never take it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface WriterInfo {
  pid: number;
  command: string;
  since: string;
}

export const writerLockPath = (storePath: string): string => `${storePath}.writer`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live writer holding the store, if any (a stale lock file is removed). */
export function currentWriter(storePath: string): WriterInfo | undefined {
  let info: WriterInfo;
  try {
    info = JSON.parse(readFileSync(writerLockPath(storePath), 'utf8')) as WriterInfo;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // half-written by a writer starting this instant: treat as held
    return { pid: 0, command: 'a whosbehind writer', since: '' };
  }
  if (info.pid !== process.pid && !alive(info.pid)) {
    rmSync(writerLockPath(storePath), { force: true });
    return undefined;
  }
  return info;
}

export interface WriteLock {
  release(): void;
}

// Writers in this process (a write path nested in another) share the one lock file.
const held = new Map<string, number>();

/** Takes the store's writer lock, waiting (and telling `onWait` once) while another process holds it. */
export async function acquireWriteLock(storePath: string, command: string, onWait?: (holder: WriterInfo) => void): Promise<WriteLock> {
  const n = held.get(storePath) ?? 0;
  if (n > 0) {
    held.set(storePath, n + 1);
    let released = false;
    return { release: () => { if (!released) { released = true; held.set(storePath, (held.get(storePath) ?? 1) - 1); } } };
  }
  let told = false;
  for (;;) {
    const mine: WriterInfo = { pid: process.pid, command, since: new Date().toISOString() };
    try {
      writeFileSync(writerLockPath(storePath), JSON.stringify(mine), { flag: 'wx' });
      held.set(storePath, 1);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          const left = (held.get(storePath) ?? 1) - 1;
          held.set(storePath, left);
          if (left <= 0) rmSync(writerLockPath(storePath), { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = currentWriter(storePath);
    if (holder && !told) {
      told = true;
      onWait?.(holder);
    }
    if (holder) await new Promise((r) => setTimeout(r, 200));
  }
}
