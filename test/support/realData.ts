import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/data/real beside the repository (CI has it; a user's clone may not). */
export const REAL_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'real');

/** True when the shared real data folder is present. */
export const hasRealData = existsSync(join(REAL_DATA_DIR, 'PROVENANCE.md'));

/** Absolute path of a file under ../shared/data/real. */
export function realFile(...parts: string[]): string {
  return join(REAL_DATA_DIR, ...parts);
}

/** Reason printed by tests skipped for want of the real data. */
export const REAL_DATA_SKIP_REASON = `real data not found at ${REAL_DATA_DIR}: integration tests that read it are skipped`;

if (!hasRealData) {
  console.warn(`[whosbehind tests] ${REAL_DATA_SKIP_REASON}`);
}
