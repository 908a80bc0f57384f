/**
 * The watch list a report follows paths to: `--watch FILE.yaml` (top-level lists `agencies`,
 * `companies`, `keywords`, each optional) or the built-in data/watch.yaml.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { BadInputError } from '../errors.js';
import type { ReportWatch } from './reportModel.js';

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

/** Reads a watch file; every list must hold plain text entries. */
export function loadReportWatch(path?: string): ReportWatch {
  const file = path ?? defaultWatchPath();
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BadInputError({ file }, `cannot read the watch list: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new BadInputError({ file }, 'a watch list is a mapping with the lists agencies, companies, keywords');
  const list = (key: string): string[] => {
    const v = (doc as Record<string, unknown>)[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new BadInputError({ file, field: key }, `"${key}" must be a list`);
    return v.map((item, i) => {
      if (typeof item !== 'string' && typeof item !== 'number') throw new BadInputError({ file, field: `${key}[${i}]` }, 'entries must be names (text)');
      return String(item).trim();
    }).filter(Boolean);
  };
  return { agencies: list('agencies'), companies: list('companies'), keywords: list('keywords'), source: path ?? 'built-in (data/watch.yaml)' };
}
