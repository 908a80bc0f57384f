/**
 * The watch list a report follows paths to: `--watch FILE.yaml` read by the shared watch-list loader
 * (src/analysis/watchList.ts: optional lists `agencies`, `companies`, `keywords`), or the built-in
 * data/watch.yaml.
 */
import { loadWatchList } from '../analysis/watchList.js';
import { bundledDataFile } from '../dataFiles.js';
import type { ReportWatch } from './reportModel.js';

export const BUILT_IN_WATCH = 'built-in (data/watch.yaml)';

/** data/watch.yaml of this installation, found upwards from this module (src/ or dist/src/). */
export function defaultWatchPath(): string {
  return bundledDataFile('watch.yaml', 'built-in watch list');
}

/** Reads a watch file (the built-in one when no path is given) into the names a report uses. */
export async function loadReportWatch(path?: string): Promise<ReportWatch> {
  const list = await loadWatchList(path ?? defaultWatchPath());
  return {
    agencies: list.agencies.map((n) => n.name), companies: list.companies.map((n) => n.name), keywords: list.keywords.map((n) => n.name),
    source: path ?? BUILT_IN_WATCH,
  };
}
