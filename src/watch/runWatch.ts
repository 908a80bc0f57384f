import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSnapshots, latestSnapshot, type DiffAnswer, type DiffRecord } from '../analysis/diff.js';
import { cleanText, recordLine } from '../analysis/diffText.js';
import { formatMoney, toCents } from '../analysis/money.js';
import { loadWatchList, type WatchList } from '../analysis/watchList.js';
import { findCompany, type FamilyRef } from '../entities/companies.js';
import { findAgency, loadAgencyDirectory, type AgencyRef } from '../entities/agencies.js';
import { BadInputError, NotFoundError, UsageError } from '../errors.js';
import { writeAtomic } from '../sources/usaspendingApi/callCache.js';
import type { Database } from '../store/database.js';
import { atomTime, atomXml, type AtomEntry } from './atomFeed.js';

/** The state file beside the outputs: which snapshot the last run reached, and the feed's entries so far. */
export const WATCH_STATE_FILE = 'watch-state.json';
/** Entries kept in the feed (newest first). */
const FEED_LIMIT = 200;

interface WatchState {
  watchId: string;
  lastSnapshot: number;
  entries: AtomEntry[];
}

export interface WatchOptions {
  watchFile: string;
  outDir: string;
  /** Compare from this snapshot instead of the remembered one (0 = from the empty store). */
  since?: number;
}

export interface WatchResult {
  from: number;
  to: number;
  changed: boolean;
  items: number;
  files: { markdown: string; json: string; atom: string };
  unresolved: string[];
}

/** One change in the digest. */
interface DigestItem {
  kind: 'new award' | 'new modification' | 'de-obligation' | 'changed record' | 'removed record' | 'new supplier family' | 'new agency for a family';
  agency: string;
  title: string;
  key: string;
  amount: string;
  link?: string;
  records: DiffRecord[];
}

const money = (a: string | null): string => formatMoney(toCents(a));
const permalink = (awardKey: string): string => `https://www.usaspending.gov/award/${encodeURIComponent(awardKey)}/`;

function items(agency: string, d: DiffAnswer): DigestItem[] {
  const out: DigestItem[] = [];
  for (const a of d.newAwards) {
    out.push({ kind: 'new award', agency, key: a.awardKey, amount: a.amount, link: permalink(a.awardKey), records: a.records,
      title: `New award: ${cleanText(a.familyName ?? a.recipient)} ← ${agency}: ${money(a.amount)} (${cleanText(a.piid ?? a.awardKey)})` });
  }
  for (const m of d.newModifications) {
    const r = m.record;
    out.push({ kind: m.deobligation ? 'de-obligation' : 'new modification', agency, key: r.key, amount: m.amount, link: permalink(r.awardKey), records: [r],
      title: `${m.deobligation ? 'De-obligation' : 'New modification'}: ${cleanText(r.familyName ?? r.recipient)} ← ${agency}: ${money(m.amount)} (${cleanText(r.piid ?? r.awardKey)} mod ${cleanText(r.modification) || '0'})` });
  }
  for (const c of d.changedRecords) {
    out.push({ kind: 'changed record', agency, key: c.after.key, amount: c.change, link: permalink(c.after.awardKey), records: [c.before, c.after],
      title: `Changed record: ${cleanText(c.after.familyName ?? c.after.recipient)} ← ${agency}: ${money(c.before.amount)} → ${money(c.after.amount)}` });
  }
  for (const r of d.removedRecords) {
    out.push({ kind: 'removed record', agency, key: r.key, amount: r.amount ?? '0.00', records: [r],
      title: `Removed record: ${cleanText(r.familyName ?? r.recipient)} ← ${agency}: ${money(r.amount)} (${cleanText(r.piid ?? r.awardKey)})` });
  }
  for (const p of d.newFamiliesForAgency) {
    out.push({ kind: 'new supplier family', agency, key: `${p.basis}:${p.agencyCode}:${p.familyId}`, amount: p.amount, records: p.records,
      title: `New supplier: ${cleanText(p.familyName ?? p.familyId)} now supplies ${cleanText(p.agencyName ?? p.agencyCode)} (${p.basis}): ${money(p.amount)}` });
  }
  return out;
}

function readState(path: string, watchId: string): WatchState | undefined {
  if (!existsSync(path)) return undefined;
  let s: WatchState;
  try {
    s = JSON.parse(readFileSync(path, 'utf8')) as WatchState;
  } catch (error) {
    throw new BadInputError({ file: path }, `watch state is unreadable (${(error as Error).message}); delete it to start over`);
  }
  if (typeof s.lastSnapshot !== 'number' || !Array.isArray(s.entries)) throw new BadInputError({ file: path }, 'not a whosbehind watch state file');
  // A different watch list starts a new feed rather than mixing two.
  return s.watchId === watchId ? s : undefined;
}

/**
 * Runs a watch list against the store: diffs each watched agency (or the whole store) for the watched
 * companies and keywords from the snapshot the last run reached to the latest, and writes digest.md,
 * digest.json and feed.atom into `outDir`, with the state beside them. Output depends only on the store,
 * the watch list and the state: no clock is read.
 */
export async function runWatch(db: Database, options: WatchOptions): Promise<WatchResult> {
  const list: WatchList = await loadWatchList(options.watchFile);
  const listText = readFileSync(options.watchFile);
  const watchId = createHash('sha256').update(listText).digest('hex').slice(0, 16);
  mkdirSync(options.outDir, { recursive: true });
  const statePath = join(options.outDir, WATCH_STATE_FILE);
  const state = readState(statePath, watchId);
  const to = await latestSnapshot(db);
  if (to === null) throw new UsageError('the store has no snapshots yet: ingest or fetch data first');
  const from = Math.min(options.since ?? state?.lastSnapshot ?? 0, to);

  const unresolved: string[] = [];
  const directory = list.agencies.length ? await loadAgencyDirectory(db) : undefined;
  const agencies: Array<AgencyRef | undefined> = [];
  for (const a of list.agencies) {
    try {
      agencies.push(findAgency(directory!, a.name));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      unresolved.push(`agency "${a.name}" (${options.watchFile} line ${a.line}): ${error.message.split('\n')[0]}`);
    }
  }
  if (!list.agencies.length) agencies.push(undefined);
  const companies: FamilyRef[] = [];
  for (const c of list.companies) {
    try {
      companies.push(await findCompany(db, c.name));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      unresolved.push(`company "${c.name}" (${options.watchFile} line ${c.line}): ${error.message.split('\n')[0]}`);
    }
  }
  const keywords = list.keywords.map((k) => k.name);
  // Watching companies that all failed to resolve must not widen the watch to every supplier.
  const nobody = list.companies.length > 0 && companies.length === 0 && keywords.length === 0;

  const diffs: Array<{ agency: string; diff: DiffAnswer }> = [];
  if (from < to && !nobody) {
    for (const agency of agencies) {
      if (list.agencies.length && !agency) continue;
      const diff = await diffSnapshots(db, { from, to, ...(agency ? { agency } : {}), companies, keywords, basis: 'either' });
      diffs.push({ agency: agency ? agency.abbreviation ?? agency.name ?? agency.code : 'all agencies', diff });
    }
  }
  const all = diffs.flatMap((d) => items(d.agency, d.diff));
  const toInfo = await db.one(`SELECT CAST(finished_at AS VARCHAR) AS t, command FROM snapshots WHERE snapshot_id = ?`, [to]);
  const updated = atomTime((toInfo?.['t'] as string | null) ?? null);
  const changed = all.length > 0;

  const watched = [
    list.agencies.length ? `agencies ${list.agencies.map((a) => a.name).join(', ')}` : 'all agencies',
    list.companies.length ? `companies ${list.companies.map((c) => c.name).join(', ')}` : null,
    keywords.length ? `keywords ${keywords.join(', ')}` : null,
  ].filter(Boolean).join('; ');
  const span = from === to ? `no new snapshot since snapshot ${to}` : `snapshot ${from === 0 ? '0 (empty store)' : from} → ${to}`;

  const newEntries: AtomEntry[] = changed
    ? all.map((it) => ({
      id: `urn:whosbehind:watch:${watchId}:${to}:${it.kind.replace(/ /g, '-')}:${createHash('sha256').update(`${it.agency}|${it.key}`).digest('hex').slice(0, 20)}`,
      title: it.title, updated, ...(it.link ? { link: it.link } : {}),
      content: `${it.kind} (${span}), ${it.agency}:\n${it.records.map((r) => recordLine(r)).join('\n')}`,
    }))
    : [{ id: `urn:whosbehind:watch:${watchId}:${to}:no-change:${from}`, title: `No change for ${watched} (${span})`, updated, content: `No change in scope: ${span}.` }];
  // The same run repeated (same state, same store) gives the same entries: earlier ones with these ids are replaced.
  const ids = new Set(newEntries.map((e) => e.id));
  const entries = [...newEntries, ...(state?.entries ?? []).filter((e) => !ids.has(e.id))].slice(0, FEED_LIMIT);

  const md: string[] = [`# whosbehind watch: ${cleanText(watched, true)}`, '', `Watch list: \`${cleanText(options.watchFile)}\`  `, `Compared: ${span}` +
    `${toInfo ? ` (snapshot ${to} finished ${toInfo['t']})` : ''}`, ''];
  for (const u of unresolved) md.push(`> Not found, not watched: ${cleanText(u, true)}`, '');
  if (!changed) {
    md.push(`**No change** since the last run (${span}).`, '');
  } else {
    md.push(`**${all.length} change(s).**`, '');
    for (const kind of ['new award', 'new modification', 'de-obligation', 'changed record', 'removed record', 'new supplier family'] as const) {
      const of = all.filter((i) => i.kind === kind);
      if (!of.length) continue;
      md.push(`## ${kind[0]!.toUpperCase()}${kind.slice(1)}s (${of.length})`, '');
      for (const it of of) {
        md.push(`- ${cleanText(it.title, true)}${it.link ? ` ([USAspending](${it.link}))` : ''}`);
        // Records go in a fenced block, where Markdown reads nothing; backticks cannot close it.
        md.push('', '  ```text');
        for (const r of it.records.slice(0, 10)) md.push(`  ${recordLine(r).replace(/`/g, "'")}`);
        if (it.records.length > 10) md.push(`  … ${it.records.length - 10} more record(s) in digest.json`);
        md.push('  ```', '');
      }
      md.push('');
    }
  }
  const json = {
    watchList: options.watchFile, watchId, watched: { agencies: list.agencies.map((a) => a.name), companies: list.companies.map((c) => c.name), keywords },
    unresolved, from, to, snapshotFinishedAt: toInfo?.['t'] ?? null, changed, changes: all.length,
    diffs: diffs.map((d) => ({ agency: d.agency, ...d.diff })),
  };
  const files = { markdown: join(options.outDir, 'digest.md'), json: join(options.outDir, 'digest.json'), atom: join(options.outDir, 'feed.atom') };
  writeAtomic(files.markdown, `${md.join('\n').trimEnd()}\n`);
  writeAtomic(files.json, `${JSON.stringify(json, null, 2)}\n`);
  writeAtomic(files.atom, atomXml({ id: `urn:whosbehind:watch:${watchId}`, title: `whosbehind watch: ${watched}`, updated, entries }));
  writeAtomic(statePath, `${JSON.stringify({ watchId, lastSnapshot: to, entries } satisfies WatchState, null, 2)}\n`);
  return { from, to, changed, items: all.length, files, unresolved };
}
