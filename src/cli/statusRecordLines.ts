/** `status` sections about records kept out on purpose: tombstones (and cross-layout matches). */
import type { StoreStatus } from '../status.js';

/** The tombstones section: deletions in force, each with its file and line; empty when there are none. */
export function tombstoneLines(t: StoreStatus['tombstones']): string[] {
  if (!t.active && !t.restored) return [];
  const out = ['', `tombstones (records deleted by a delta file; an older file loaded later cannot bring them back): ${t.active} in force, ${t.restored} lifted by a newer row`];
  for (const x of t.list) {
    const when = x.deletedVersion === null ? 'no date' : x.deletedVersion.endsWith(' 00:00:00') ? x.deletedVersion.slice(0, 10) : x.deletedVersion;
    out.push(`  ${x.key}  deleted as of ${when} by ${x.file} line ${x.line} (snapshot ${x.snapshotId})${x.refusedSince ? `; ${x.refusedSince} older row(s) refused since` : ''}`);
  }
  if (t.active > t.list.length) out.push(`  … and ${t.active - t.list.length} more: whosbehind sql "SELECT * FROM tombstones WHERE superseded_snapshot_id IS NULL"`);
  return out;
}
