import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * First run folder (`<root>/run-N`) not yet completed, so a re-run after an interruption continues
 * and one after success starts afresh. A run is complete once its state.json says `complete: true`.
 */
export function runFolder(root: string): string {
  for (let n = 1; ; n++) {
    const dir = join(root, `run-${n}`);
    const state = join(dir, 'state.json');
    if (!existsSync(state)) return dir;
    let complete = false;
    try {
      complete = (JSON.parse(readFileSync(state, 'utf8')) as { complete?: unknown }).complete === true;
    } catch {
      // an unreadable state is an unfinished run: continue it (its cached calls check themselves)
    }
    if (!complete) return dir;
  }
}

