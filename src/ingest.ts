import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Database } from './store/database.js';
import { BadInputError } from './errors.js';
import { discover, type InputFile } from './sources/discover.js';
import { parseHeader } from './sources/csvHeader.js';
import { detectLayout } from './sources/detectLayout.js';
import type { LayoutDecl } from './sources/layouts/index.js';
import { scanFile } from './sources/scanFile.js';
import { FEDRAMP_MARKETPLACE, looksLikeJson, readFeedFile, type FeedFile } from './sources/fedramp/feedFile.js';
import { loadFedrampFeed } from './store/loadFedramp.js';
import { loadFile, type LoadCounts } from './store/loadFile.js';
import { ident } from './store/sql.js';
import { TABLES } from './store/tables.js';
import { VERSION } from './version.js';

/** What happened to one input file. */
export interface FileResult {
  name: string;
  layout?: string;
  counts?: LoadCounts;
  skipped?: string;
  error?: string;
  warnings: string[];
}

/** Progress callbacks; the CLI draws a bar from them, tests ignore them. */
export interface IngestReporter {
  fileStarted?(name: string, layout: LayoutDecl, bytes: number): void;
  progress?(phase: 'scan' | 'load', done: number, total: number): void;
  fileDone?(result: FileResult): void;
}

export interface IngestOptions {
  paths: readonly string[];
  /** Load a file that holds only its header (an empty snapshot); by default it is passed over with a warning. */
  allowEmpty?: boolean;
  /** Commit each file on its own and go on past bad files (default: the whole run is one transaction). */
  keepGoing?: boolean;
  command?: string;
  reporter?: IngestReporter;
  /**
   * Runs inside the snapshot's transaction after every file loaded (not with keepGoing): a fetch records
   * its API calls here, so they commit or roll back with the rows.
   */
  beforeCommit?(snapshotId: number, files: readonly FileResult[]): Promise<void>;
}

export interface IngestResult {
  snapshotId: number | undefined;
  files: FileResult[];
  failed: number;
}

interface SniffedCsv {
  kind: 'csv';
  file: InputFile;
  layout: LayoutDecl;
  header: string[];
  /** Nothing but line breaks after the header. */
  headerOnly: boolean;
}

/** A FedRAMP Marketplace feed, already read in full: JSON is recognised by parsing it. */
interface SniffedFeed {
  kind: 'fedramp';
  file: InputFile;
  layout: LayoutDecl;
  feedFile: FeedFile;
}

type Sniffed = SniffedCsv | SniffedFeed;

const HEAD_BYTES = 1 << 20;

/** A JSON file inside a folder or archive that is not a FedRAMP feed: skipped, not loaded. */
class NotAFeed extends Error {}

function sniff(file: InputFile): Sniffed {
  const fd = openSync(file.path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    head = buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  // JSON goes to the FedRAMP reader, which accepts it only if its content is the feed's shape.
  if (extname(file.name).toLowerCase() === '.json' || looksLikeJson(head)) {
    try {
      return { kind: 'fedramp', file, layout: FEDRAMP_MARKETPLACE, feedFile: readFeedFile(file.path, file.name) };
    } catch (error) {
      // Other well-formed JSON found inside a folder or archive (a manifest, a README.json) is passed over;
      // named on the command line, or broken, it is an error.
      if (!file.explicit && error instanceof BadInputError && error.where.field === '(root)' && error.reason.startsWith('not a FedRAMP Marketplace feed')) {
        throw new NotAFeed(error.reason);
      }
      throw error;
    }
  }
  const info = parseHeader(file.name, head);
  const headerOnly = statSync(file.path).size === head.length && /^[\r\n]*$/.test(head.subarray(info.headerBytes).toString('latin1'));
  return { kind: 'csv', file, layout: detectLayout(file.name, info.columns), header: info.columns, headerOnly };
}

const order = (l: LayoutDecl): number => (l.target ? TABLES.indexOf(l.target) : l === FEDRAMP_MARKETPLACE ? TABLES.length : -1);

/** Feeds load oldest `meta.last_change` first (a feed without one last), so the newest ends up current. */
function feedTime(s: Sniffed): number {
  if (s.kind !== 'fedramp' || s.feedFile.feed.lastChange === undefined) return Number.POSITIVE_INFINITY;
  const t = Date.parse(s.feedFile.feed.lastChange);
  return Number.isFinite(t) ? t : Number.POSITIVE_INFINITY;
}

/**
 * Ingests files, folders and zip archives into the store as one snapshot. By default the run is atomic:
 * any bad file fails it and leaves the store exactly as it was.
 */
export async function ingest(db: Database, options: IngestOptions): Promise<IngestResult> {
  const archiveErrors: FileResult[] = [];
  // With keepGoing a corrupt archive is reported like any bad file instead of failing the run.
  const onArchiveError = options.keepGoing
    ? (name: string, error: BadInputError): void => {
      const r = { name, error: error.message, warnings: [] };
      archiveErrors.push(r);
      options.reporter?.fileDone?.(r);
    }
    : undefined;
  const found = await discover(options.paths, onArchiveError);
  try {
    const results: FileResult[] = [...archiveErrors, ...found.skipped.map((s) => ({ name: s.name, skipped: s.reason, warnings: [] }))];
    const todo: Sniffed[] = [];
    for (const file of found.files) {
      try {
        const s = sniff(file);
        if (s.layout.skipReason) results.push({ name: file.name, layout: s.layout.id, skipped: s.layout.skipReason, warnings: [] });
        else if (s.kind === 'csv' && s.headerOnly && !options.allowEmpty) {
          results.push({ name: file.name, layout: s.layout.id, skipped: `warning: no data rows (the file holds only its header); nothing loaded${found.files.length === 1 ? ' and no snapshot recorded' : ''} (--allow-empty loads it)`, warnings: ['no data rows'] });
        } else todo.push(s);
      } catch (error) {
        if (error instanceof NotAFeed) {
          results.push({ name: file.name, skipped: `JSON that is not a FedRAMP Marketplace feed; skipped, nothing loaded (${error.message.slice(0, 160)})`, warnings: [] });
          continue;
        }
        if (!options.keepGoing || !(error instanceof BadInputError)) throw error;
        const r = { name: file.name, error: error.message, warnings: [] };
        results.push(r);
        options.reporter?.fileDone?.(r);
      }
    }
    // References first, so files naming agencies by abbreviation can resolve them in the same run.
    todo.sort((a, b) => order(a.layout) - order(b.layout) || (a.kind === 'fedramp' && b.kind === 'fedramp' ? compareTimes(feedTime(a), feedTime(b)) : 0));

    const snapshotId = await nextId(db, 'snapshots', 'snapshot_id');
    // The clock is read here, not with current_timestamp, which is fixed at the start of a transaction.
    const now = (): string => new Date().toISOString().replace('T', ' ').replace('Z', '');
    const startSnapshot = () => db.run(
      `INSERT INTO snapshots VALUES (?, CAST(? AS TIMESTAMP), NULL, ?, ?, ?)`,
      [snapshotId, now(), options.command ?? 'ingest', VERSION, todo.length],
    );
    const finishSnapshot = () => db.run(`UPDATE snapshots SET finished_at = CAST(? AS TIMESTAMP) WHERE snapshot_id = ?`, [now(), snapshotId]);

    const archiveDigests = new Map<string, string>();
    let loadedAny = false;
    if (todo.length === 0) {
      // Nothing to load: no snapshot is recorded.
    } else if (!options.keepGoing) {
      await db.transaction(async () => {
        await startSnapshot();
        for (const s of todo) results.push(await ingestOne(db, s, snapshotId, options.reporter, archiveDigests));
        await options.beforeCommit?.(snapshotId, results);
        await finishSnapshot();
      });
      loadedAny = todo.length > 0;
    } else {
      await db.transaction(startSnapshot);
      for (const s of todo) {
        try {
          results.push(await db.transaction(() => ingestOne(db, s, snapshotId, options.reporter, archiveDigests)));
          loadedAny = true;
        } catch (error) {
          if (!(error instanceof BadInputError)) throw error;
          const r = { name: s.file.name, layout: s.layout.id, error: error.message, warnings: [] };
          results.push(r);
          options.reporter?.fileDone?.(r);
        }
      }
      if (loadedAny) await db.transaction(finishSnapshot);
      else await db.run(`DELETE FROM snapshots WHERE snapshot_id = ?`, [snapshotId]);
    }
    return { snapshotId: loadedAny ? snapshotId : undefined, files: results, failed: results.filter((r) => r.error).length };
  } finally {
    found.cleanup();
  }
}

async function nextId(db: Database, table: string, column: string): Promise<number> {
  const row = await db.one<{ id: number }>(`SELECT CAST(coalesce(max(${ident(column)}), 0) + 1 AS INTEGER) AS id FROM ${ident(table)}`);
  return row!.id;
}

function compareTimes(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

async function archiveSha256(file: InputFile, archiveDigests: Map<string, string>): Promise<string | null> {
  if (!file.archive) return null;
  const sha = archiveDigests.get(file.archive.path) ?? (await scanFile(file.archive.path)).sha256;
  archiveDigests.set(file.archive.path, sha);
  return sha;
}

async function ingestOne(db: Database, s: Sniffed, snapshotId: number, reporter: IngestReporter | undefined, archiveDigests: Map<string, string>): Promise<FileResult> {
  if (s.kind === 'fedramp') return ingestFeed(db, s, snapshotId, reporter, archiveDigests);
  const { file, layout, header } = s;
  const size = statSync(file.path).size;
  reporter?.fileStarted?.(file.name, layout, size);
  const scan = scanFile(file.path, (done) => reporter?.progress?.('scan', done, size));
  const sourceId = await nextId(db, 'sources', 'source_id');
  const counts = await loadFile(db, { layout, csvPath: file.path, displayName: file.name, header, scan, sourceId, snapshotId });
  const { sha256, bytes, records, endsWithLineBreak } = await scan;
  const warnings: string[] = [];
  if (records === 0) warnings.push('no data rows (the file holds only its header)');
  if (!endsWithLineBreak && bytes > 0) warnings.push('file does not end with a line break: check it is not truncated');
  if (counts.read !== records) warnings.push(`DuckDB read ${counts.read} records where the scan counted ${records}`);
  if (counts.deletedAbsent) warnings.push(`${counts.deletedAbsent} deletion(s) named rows the store did not hold`);
  const archiveSha = await archiveSha256(file, archiveDigests);
  await db.run(`INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    sourceId, snapshotId, file.name, file.archive ? file.archive.path : file.path, file.archive?.name ?? null, archiveSha,
    sha256, bytes, layout.id, header.length, counts.read, counts.loaded, counts.replaced, counts.unchanged,
    counts.deleted, counts.rejected, warnings.length ? JSON.stringify(warnings) : null,
  ]);
  const result: FileResult = { name: file.name, layout: layout.id, counts, warnings };
  reporter?.fileDone?.(result);
  return result;
}

/** One FedRAMP feed: its rows, rejects and a `sources` row (header_columns 0: the feed has no header). */
async function ingestFeed(db: Database, s: SniffedFeed, snapshotId: number, reporter: IngestReporter | undefined, archiveDigests: Map<string, string>): Promise<FileResult> {
  const { file, layout, feedFile } = s;
  reporter?.fileStarted?.(file.name, layout, feedFile.bytes);
  const sourceId = await nextId(db, 'sources', 'source_id');
  const { counts, warnings } = await loadFedrampFeed(db, { feedFile, displayName: file.name, sourceId, snapshotId });
  const archiveSha = await archiveSha256(file, archiveDigests);
  await db.run(`INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    sourceId, snapshotId, file.name, file.archive ? file.archive.path : file.path, file.archive?.name ?? null, archiveSha,
    feedFile.sha256, feedFile.bytes, layout.id, 0, counts.read, counts.loaded, counts.replaced, counts.unchanged,
    counts.deleted, counts.rejected, warnings.length ? JSON.stringify(warnings) : null,
  ]);
  const result: FileResult = { name: file.name, layout: layout.id, counts, warnings };
  reporter?.fileDone?.(result);
  return result;
}
