/**
 * `watch` with Palantir and Amazon on ICE over the cbp-ice-dashboard files: a valid Atom feed (checked
 * with fast-xml-parser), the same files from the same input, "no change" when nothing changed, and new
 * Palantir awards matching an independent computation from the raw CSVs.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { familiesFilesFor } from '../../src/entities/companies.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ingest } from '../../src/ingest.js';
import { atomXml, escapeXml } from '../../src/watch/atomFeed.js';
import { runWatch } from '../../src/watch/runWatch.js';
import type { Database } from '../../src/store/database.js';
import { parseCsvTable } from '../support/csv.js';
import { loadAgencyReference } from '../support/ingestHelpers.js';
import { hasRealData, realFile } from '../support/realData.js';
import { tempStore } from '../support/tempStore.js';

async function ingestYear(db: Database, year: string): Promise<void> {
  await ingest(db, { paths: [realFile('cbp-ice-dashboard', `CBP_ICE_FY${year}_Contract_Obligations.csv`)] });
  await resolveEntities(db, { familiesFiles: await familiesFilesFor(db, undefined) });
}

interface Entry { id: string; title: string; updated: string; content: string | { '#text': string }; link?: { '@_href': string } }

function parseFeed(xml: string): { id: string; updated: string; entries: Entry[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' }).parse(xml) as { feed: { '@_xmlns': string; id: string; updated: string; title: string; entry?: Entry[] } };
  expect(doc.feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  const entries = doc.feed.entry ?? [];
  // RFC 4287: feed and every entry have an id, a title and an RFC 3339 updated time
  for (const e of [doc.feed, ...entries]) {
    expect(typeof e.id).toBe('string');
    expect(String(e.title).length).toBeGreaterThan(0);
    expect(e.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  }
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  return { id: doc.feed.id, updated: doc.feed.updated, entries };
}

describe('Atom output', () => {
  it('escapes hostile record text and drops characters XML cannot hold', () => {
    const xml = atomXml({ id: 'urn:x', title: 't', updated: '2024-01-01T00:00:00Z', entries: [
      { id: 'urn:x:1', title: '<script>alert(1)</script> & "q"', updated: '2024-01-01T00:00:00Z', content: 'a\u0001b ]]> <b>' },
    ] });
    const feed = parseFeed(xml);
    expect(feed.entries[0]!.title).toBe('<script>alert(1)</script> & "q"');
    expect(xml).not.toContain('<script>');
    expect(escapeXml('x\u0000y\uFFFEz')).toBe('xyz');
  });
});

describe.skipIf(!hasRealData)('watch Palantir and Amazon on ICE', () => {
  it('writes a valid Atom feed, is deterministic, reports new Palantir awards, and says when nothing changed', async () => {
    const store = await tempStore();
    await loadAgencyReference(store);
    await ingestYear(store.db, '2021');
    const list = store.write('watch.yaml', 'agencies: [ICE]\ncompanies: [Palantir, Amazon]\n');
    const outA = join(store.dir, 'outA');
    const first = await runWatch(store.db, { watchFile: list, outDir: outA });
    expect(first.changed).toBe(true);
    expect(first.unresolved).toEqual([]);
    await ingestYear(store.db, '2022');
    await ingestYear(store.db, '2023');

    // the same store, list and state in two folders give byte-identical outputs
    const outB = join(store.dir, 'outB');
    cpSync(outA, outB, { recursive: true });
    const a = await runWatch(store.db, { watchFile: list, outDir: outA });
    const b = await runWatch(store.db, { watchFile: list, outDir: outB });
    for (const f of ['digest.md', 'digest.json', 'feed.atom']) expect(readFileSync(join(outA, f), 'utf8'), f).toBe(readFileSync(join(outB, f), 'utf8'));
    expect([a.from, a.to]).toEqual([first.to, first.to + 2]);

    // new Palantir awards on ICE in FY2022–FY2023, computed from the raw files
    const rows = (y: string) => parseCsvTable(readFileSync(realFile('cbp-ice-dashboard', `CBP_ICE_FY${y}_Contract_Obligations.csv`))).rows.map((r) => r.values);
    const before = new Set(rows('2021').map((v) => v['Generated Award ID']));
    const expected = new Set([...rows('2022'), ...rows('2023')].filter((v) => v['Agency'] === 'ICE' && /PALANTIR/.test(v['Recipient Name']!) && !before.has(v['Generated Award ID'])).map((v) => v['Generated Award ID']));
    expect(expected.size).toBeGreaterThan(0);
    const digest = JSON.parse(readFileSync(join(outA, 'digest.json'), 'utf8')) as { changed: boolean; diffs: Array<{ newAwards: Array<{ awardKey: string; familyId: string }> }> };
    expect(digest.changed).toBe(true);
    expect(new Set(digest.diffs[0]!.newAwards.map((x) => x.awardKey))).toEqual(expected);

    const feed = parseFeed(readFileSync(join(outA, 'feed.atom'), 'utf8'));
    const newAwardEntries = feed.entries.filter((e) => e.id.includes(`:${a.to}:new-award:`));
    expect(newAwardEntries).toHaveLength(expected.size);
    for (const e of newAwardEntries) expect(e.title).toMatch(/^New award: Palantir/);
    expect(newAwardEntries.map((e) => decodeURIComponent(e.link!['@_href'].replace('https://www.usaspending.gov/award/', '').replace(/\/$/, ''))).sort()).toEqual([...expected].sort());
    // the first run's entries are still in the feed, after this run's
    expect(feed.entries.some((e) => e.id.includes(`:${first.to}:`))).toBe(true);
    const snap = await store.db.one(`SELECT CAST(finished_at AS VARCHAR) AS t FROM snapshots WHERE snapshot_id = ?`, [a.to]);
    expect(feed.updated).toBe(`${String(snap!['t']).replace(' ', 'T')}Z`);

    // a run with nothing new says so, in every output
    const again = await runWatch(store.db, { watchFile: list, outDir: outA });
    expect(again.changed).toBe(false);
    expect(readFileSync(join(outA, 'digest.md'), 'utf8')).toMatch(/\*\*No change\*\* since the last run/);
    expect(JSON.parse(readFileSync(join(outA, 'digest.json'), 'utf8')).changed).toBe(false);
    const quiet = parseFeed(readFileSync(join(outA, 'feed.atom'), 'utf8'));
    expect(quiet.entries[0]!.title).toMatch(/^No change for agencies ICE; companies Palantir, Amazon/);
  }, 180_000);
});
