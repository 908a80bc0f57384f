/**
 * The watch list a report follows paths to: `--watch FILE.yaml` read by the shared watch-list loader
 * (src/analysis/watchList.ts: optional lists `agencies`, `companies`, `keywords`), or the built-in
 * data/watch.yaml.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWatchList } from '../analysis/watchList.js';
import { BadInputError } from '../errors.js';
import type { ReportWatch } from './reportModel.js';

export const BUILT_IN_WATCH = 'built-in (data/watch.yaml)';

/** data/watch.yaml of this installation, found upwards from this module (src/ or dist/src/). */
export function defaultWatchPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'data', 'watch.yaml');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new BadInputError({ file: 'data/watch.yaml' }, 'built-in watch list not found beside this installation');
}

/** Reads a watch file (the built-in one when no path is given) into the names a report uses. */
export async function loadReportWatch(path?: string): Promise<ReportWatch> {
  const list = await loadWatchList(path ?? defaultWatchPath());
  return {
    agencies: list.agencies.map((n) => n.name), companies: list.companies.map((n) => n.name), keywords: list.keywords.map((n) => n.name),
    source: path ?? BUILT_IN_WATCH,
  };
}
