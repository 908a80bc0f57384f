/**
 * Folders as users really have them: symbolic links to files already in the folder, links that loop back
 * up the tree, links to nothing, and a file that holds only its header. Each real file is read once (by
 * device and inode), loops and dangling links are warnings, and a header-only file records no snapshot.
 */
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest.js';
import { hasRealData, realFile } from '../support/realData.js';
import { tempStore } from '../support/tempStore.js';

const SUBAWARDS = realFile('mn_ice_contracts', 'all_after_2020', 'Contracts_Subawards_2025-03-28_H03M23S17_1.csv');

async function count(db: { one: (sql: string) => Promise<Record<string, unknown> | undefined> }, sql: string): Promise<number> {
  return Number((await db.one(sql))!['n']);
}

describe.skipIf(!hasRealData)('symbolic links and empty files in a folder (real subawards file)', () => {
  it('a link to a file in the same folder, a loop and a dangling link: each real file loaded once, the others warned about', async () => {
    const store = await tempStore();
    const dir = join(store.dir, 'in');
    store.write('in/subawards.csv', readFileSync(SUBAWARDS));
    symlinkSync(join(dir, 'subawards.csv'), join(dir, 'again.csv'));
    symlinkSync(dir, join(dir, 'loop'));
    symlinkSync(join(dir, 'missing.csv'), join(dir, 'dangling.csv'));
    symlinkSync(join(dir, 'self.csv'), join(dir, 'self.csv'));
    const r = await ingest(store.db, { paths: [dir] });
    expect(r.failed).toBe(0);
    const loaded = r.files.filter((f) => f.counts);
    expect(loaded.map((f) => f.name)).toEqual([join(dir, 'again.csv')]);
    const warned = Object.fromEntries(r.files.filter((f) => f.skipped).map((f) => [f.name.slice(dir.length + 1), f.skipped]));
    expect(warned).toEqual({
      'dangling.csv': 'warning: a symbolic link to nothing (dangling); skipped',
      loop: `warning: the same folder as ${dir} (a symbolic link to ${dir}); read once`,
      'self.csv': 'warning: a symbolic link that loops; skipped',
      'subawards.csv': `warning: the same file as ${join(dir, 'again.csv')} (which links to it); read once`,
    });
    // the file's rows and rejects are there once, and its counts reconcile
    const c = loaded[0]!.counts!;
    expect(c.read).toBe(c.loaded + c.replaced + c.unchanged + c.deleted + c.rejected);
    expect(await count(store.db, 'SELECT count(*) AS n FROM sources')).toBe(1);
    expect(await count(store.db, 'SELECT count(*) AS n FROM rejects')).toBe(c.rejected);
    expect(await count(store.db, 'SELECT count(*) AS n FROM subawards')).toBe(c.loaded);
  });

  it('a file named twice on the command line (once through a link) is read once', async () => {
    const store = await tempStore();
    const file = store.write('subawards.csv', readFileSync(SUBAWARDS));
    symlinkSync(file, join(store.dir, 'link.csv'));
    const r = await ingest(store.db, { paths: [file, join(store.dir, 'link.csv')] });
    expect(r.files.filter((f) => f.counts).length).toBe(1);
    expect(r.files.find((f) => f.skipped)?.skipped).toMatch(/^warning: the same file as .*subawards\.csv \(a symbolic link to /);
  });

  it('a file holding only its (real) header: "no data rows", no snapshot; --allow-empty records one', async () => {
    const store = await tempStore();
    const header = readFileSync(SUBAWARDS, 'utf8').split('\n')[0]!;
    const file = store.write('header-only.csv', `${header}\n`);
    const r = await ingest(store.db, { paths: [file] });
    expect(r.snapshotId).toBeUndefined();
    expect(r.files).toEqual([{ name: file, layout: 'contracts_subawards', skipped: 'warning: no data rows (the file holds only its header); nothing loaded and no snapshot recorded (--allow-empty loads it)', warnings: ['no data rows'] }]);
    expect(await count(store.db, 'SELECT count(*) AS n FROM snapshots')).toBe(0);
    const allowed = await ingest(store.db, { paths: [file], allowEmpty: true });
    expect(allowed.snapshotId).toBe(1);
    expect(allowed.files[0]!.counts!.read).toBe(0);
    expect(allowed.files[0]!.warnings).toContain('no data rows (the file holds only its header)');
  });
});
