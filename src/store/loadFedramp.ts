import { createHash } from 'node:crypto';
import { BadInputError } from '../errors.js';
import { COUNTED_ARRAYS, type FedrampFeed } from '../sources/fedramp/types.js';
import { lineOfPath } from '../sources/fedramp/jsonLines.js';
import type { FeedFile } from '../sources/fedramp/feedFile.js';
import type { Database } from './database.js';
import {
  FEDRAMP_AGENCIES,
  FEDRAMP_AUTHORIZATIONS,
  FEDRAMP_BUILDS_ON,
  FEDRAMP_OFFERINGS,
  type FedrampTableDecl,
} from './fedrampTables.js';
import type { LoadCounts } from './loadFile.js';
import { ident } from './sql.js';

export interface FeedLoadInput {
  feedFile: FeedFile;
  /** Name shown in messages and stored in `sources`. */
  displayName: string;
  sourceId: number;
  snapshotId: number;
}

export interface FeedLoadResult {
  counts: LoadCounts;
  warnings: string[];
}

type Value = string | null;

/** One stored row: its data values in table column order, the entry key, and how many feed entries it stands for. */
interface FeedRow {
  values: Value[];
  key: string;
  hash: string;
  /** Feed entries behind the row: 1, or for a builds-on edge the leveraged_systems entries (one or both sides). */
  entries: number;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Data values of a row in the declared column order; `json_path(s)` are provenance, not content. */
function makeRow(decl: FedrampTableDecl, record: Record<string, Value | undefined>, key: string, entries = 1): FeedRow {
  const values = decl.columns.map((c) => record[c.name] ?? null);
  const content = decl.columns.map((c, i) => (c.name.startsWith('json_path') ? null : values[i]));
  return { values, key, hash: digest(JSON.stringify(content)), entries };
}

/** The feed as rows of the four tables. */
function feedRows(feed: FedrampFeed): Map<FedrampTableDecl, FeedRow[]> {
  const joinOrNull = (list: readonly string[] | undefined, sep: string): Value => (list && list.length ? list.join(sep) : null);
  return new Map([
    [FEDRAMP_OFFERINGS, feed.offerings.map((o) => makeRow(FEDRAMP_OFFERINGS, {
      offering_id: o.id, provider: o.provider, offering: o.offering, provider_uei: o.providerUei, status: o.status,
      impact_level: o.impactLevel, service_models: joinOrNull(o.serviceModels, ', '), authorization_type: o.authorizationType,
      authorization_date: o.authorizationDate, ready_date: o.readyDate, problems: joinOrNull(o.problems, '; '), json_path: o.source,
    }, o.id))],
    [FEDRAMP_AGENCIES, feed.agencies.map((a) => makeRow(FEDRAMP_AGENCIES, {
      agency_id: a.id, parent_name: a.parentName, sub_name: a.subName, name: a.name, json_path: a.source,
    }, a.id))],
    // An agency may authorize one offering more than once (ICE reused AWS GovCloud twice): the ATO
    // date tells them apart; expiry, auth_date and problems are the entry's content.
    [FEDRAMP_AUTHORIZATIONS, feed.authorizations.map((a) => makeRow(FEDRAMP_AUTHORIZATIONS, {
      agency_id: a.agencyId, offering_id: a.offeringId, kind: a.kind, ato_date: a.atoDate, auth_date: a.authDate,
      expiration_date: a.expirationDate, problems: joinOrNull(a.problems, '; '), json_path: a.source,
    }, JSON.stringify([a.kind, a.agencyId, a.offeringId, a.atoDate ?? null])))],
    [FEDRAMP_BUILDS_ON, feed.buildsOn.map((e) => makeRow(FEDRAMP_BUILDS_ON, {
      offering_id: e.offeringId, built_on_id: e.builtOnId, orientation: e.orientation, orientation_note: e.orientationNote,
      json_paths: e.sources.join(', '),
    }, `${e.offeringId}>${e.builtOnId}`, e.sources.length))],
  ]);
}

/** Digest of the feed's content: the same offerings, agencies, authorizations and edges in any order. */
function contentDigest(rows: Map<FedrampTableDecl, FeedRow[]>): string {
  const lines: string[] = [];
  for (const [decl, list] of rows) for (const r of list) lines.push(`${decl.table}\t${r.key}\t${r.hash}`);
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

type StoredFeed = {
  source_id: number;
  snapshot_id: number;
  last_change: string | null;
  content_digest: string;
  name: string;
};

const STORED_FEED = `SELECT f.source_id, f.snapshot_id, f.last_change, f.content_digest, s.name
  FROM fedramp_feeds f JOIN sources s USING (source_id)`;

/** True when both feeds carry a readable meta.last_change and `incoming`'s is earlier. */
function isOlder(incoming: string | undefined, current: string | null): boolean {
  if (incoming === undefined || current === null) return false;
  const a = Date.parse(incoming);
  const b = Date.parse(current);
  return Number.isFinite(a) && Number.isFinite(b) && a < b;
}

const ARRAY_NOUNS: Record<string, string> = {
  fedramp_offerings: 'offering(s)', fedramp_agencies: 'agency(ies)', fedramp_authorizations: 'authorization(s)',
  fedramp_builds_on: 'builds-on edge(s)',
};

/**
 * Loads one FedRAMP feed as the store's current feed (inside the caller's transaction).
 *
 * - Same content as the current feed: nothing is stored; its entries count as unchanged.
 * - Older (`meta.last_change`) than the current feed: refused, unless its content is already
 *   stored (re-ingesting a folder of feeds), when it counts as unchanged.
 * - Otherwise every row is stored under this source and the previous feed is superseded. Each entry
 *   is classified against the previous feed by its key: new (loaded), changed (replaced) or not.
 * Rejects go to `rejects` each time, as for CSV files.
 */
export async function loadFedrampFeed(db: Database, input: FeedLoadInput): Promise<FeedLoadResult> {
  const { feed, rejectLines } = input.feedFile;
  const rows = feedRows(feed);
  const feedDigest = contentDigest(rows);
  const warnings: string[] = [];
  const entries = [...rows.values()].flat().reduce((n, r) => n + r.entries, 0);
  const read = COUNTED_ARRAYS.reduce((n, a) => n + feed.counts[a].read, 0);
  const rejected = COUNTED_ARRAYS.reduce((n, a) => n + feed.counts[a].rejected, 0);
  if (read !== entries + rejected) {
    warnings.push(`the reader counted ${read} entries, ${rejected} rejected, but produced rows for ${entries}`);
  }
  if (feed.lastChange === undefined) warnings.push('feed has no meta.last_change: it counts as newer than any stored feed');

  const current = await db.one<StoredFeed>(`${STORED_FEED} WHERE f.superseded_snapshot_id IS NULL`);
  let counts: LoadCounts = { read, loaded: entries, replaced: 0, unchanged: 0, deleted: 0, rejected, deletedAbsent: 0 };

  if (current && current.content_digest === feedDigest) {
    counts = { ...counts, loaded: 0, unchanged: entries };
  } else if (current && isOlder(feed.lastChange, current.last_change)) {
    const stored = await db.one<StoredFeed>(`${STORED_FEED} WHERE f.content_digest = ? ORDER BY f.source_id DESC LIMIT 1`, [feedDigest]);
    if (!stored) {
      throw new BadInputError(
        { file: input.displayName, field: 'meta.last_change' },
        `feed last changed ${feed.lastChange}, before the store's current FedRAMP feed (source ${current.source_id}, ` +
          `${current.name}, last changed ${current.last_change}): an older feed cannot replace a newer one; ingest feeds oldest first`,
      );
    }
    counts = { ...counts, loaded: 0, unchanged: entries };
    warnings.push(`already stored as source ${stored.source_id} (${stored.name}), an earlier feed; the current feed stays source ${current.source_id}`);
  } else {
    const gone: string[] = [];
    for (const [decl, list] of rows) {
      const c = await classify(db, decl, list, current?.source_id);
      counts.loaded -= c.replaced + c.unchanged;
      counts.replaced += c.replaced;
      counts.unchanged += c.unchanged;
      if (c.gone > 0) gone.push(`${c.gone} ${ARRAY_NOUNS[decl.view]}`);
      await db.appendRows(decl.table, list.map((r) => [...r.values, input.sourceId, input.snapshotId, r.key, r.hash]));
    }
    if (current) {
      if (gone.length > 0) warnings.push(`no longer listed since the previous feed (source ${current.source_id}): ${gone.join(', ')}`);
      await db.run(`UPDATE fedramp_feeds SET superseded_snapshot_id = ? WHERE superseded_snapshot_id IS NULL`, [input.snapshotId]);
    }
    await db.run(`INSERT INTO fedramp_feeds VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`, [
      input.sourceId, input.snapshotId, feed.lastChange ?? null, feedDigest, feed.offerings.length, feed.agencies.length,
      feed.authorizations.length, feed.buildsOn.length,
    ]);
  }

  await db.appendRows('rejects', feed.rejects.map((r) => [
    input.snapshotId, input.sourceId, lineOfPath(rejectLines, r.path), r.path, r.reason, r.excerpt,
  ]));
  return { counts, warnings };
}

/**
 * Classifies a table's new rows against the previous feed's: a key seen there with the same digest
 * is unchanged, with another digest replaced, else loaded. Repeated keys are matched one for one.
 */
async function classify(db: Database, decl: FedrampTableDecl, list: readonly FeedRow[], previous: number | undefined): Promise<{ replaced: number; unchanged: number; gone: number }> {
  if (previous === undefined) return { replaced: 0, unchanged: 0, gone: 0 };
  const stored = await db.all<{ row_key: string; row_hash: string }>(
    `SELECT row_key, row_hash FROM ${ident(decl.table)} WHERE source_id = ?`, [previous],
  );
  const byKey = new Map<string, string[]>();
  for (const s of stored) byKey.set(s.row_key, [...(byKey.get(s.row_key) ?? []), s.row_hash]);
  let replaced = 0;
  let unchanged = 0;
  let matched = 0;
  const changed: FeedRow[] = [];
  // Exact matches first, so that of two rows sharing a key the changed one is the one called replaced.
  for (const r of list) {
    const hashes = byKey.get(r.key);
    const at = hashes ? hashes.indexOf(r.hash) : -1;
    if (at === -1) { changed.push(r); continue; }
    hashes!.splice(at, 1);
    unchanged += r.entries;
    matched++;
  }
  for (const r of changed) {
    const hashes = byKey.get(r.key);
    if (!hashes || hashes.length === 0) continue;
    hashes.shift();
    replaced += r.entries;
    matched++;
  }
  return { replaced, unchanged, gone: stored.length - matched };
}
