import { asRecord, optionalText, readEntries, requiredText } from './entryFields.js';
import { assertUniqueIds } from './readOfferings.js';
import type { EntryCount, FedrampAgency, FedrampReject } from './types.js';

/** Read the feed's `Agencies`; a repeated id is fatal, since the mappings join on it. */
export function readAgencies(
  items: readonly unknown[],
  basePath: string,
  file: string,
  rejects: FedrampReject[],
): { agencies: FedrampAgency[]; count: EntryCount } {
  const { loaded, count } = readEntries(items, basePath, readAgency, rejects);
  assertUniqueIds(loaded, file);
  return { agencies: loaded, count };
}

function readAgency(item: unknown, path: string): FedrampAgency {
  const entry = asRecord(item, path);
  const id = requiredText(entry, 'id', path);
  const parentName = requiredText(entry, 'parent', path);
  const subName = optionalText(entry, 'sub', path);
  const agency: FedrampAgency = { id, parentName, name: agencyName(parentName, subName), source: path };
  if (subName !== undefined) agency.subName = subName;
  return agency;
}

/** `Department of Homeland Security / Immigration and Customs Enforcement`, or the parent alone. */
export function agencyName(parentName: string, subName: string | undefined): string {
  return subName === undefined ? parentName : `${parentName} / ${subName}`;
}

/** Key for finding an agency by its names: case, spacing and punctuation do not matter. */
export function agencyNameKey(parentName: string, subName: string | undefined): string {
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim();
  return `${norm(parentName)}|${norm(subName ?? '')}`;
}
