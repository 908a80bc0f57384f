import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Database } from './store/database.js';
import { BadInputError, UsageError } from './errors.js';
import { decideDateOrder, type DateOrder } from './sources/dateOrder.js';
import { looksLikeData } from './sources/headerless.js';
import { layoutById, LAYOUTS } from './sources/layouts/index.js';
import { dateEvidence, headHasSlashDates } from './store/dateEvidence.js';
import { discover, type InputFile } from './sources/discover.js';
import { parseHeader } from './sources/csvHeader.js';
import { detectLayout } from './sources/detectLayout.js';
import type { LayoutDecl } from './sources/layouts/index.js';
import { scanFile } from './sources/scanFile.js';
import { FEDRAMP_MARKETPLACE, looksLikeJson, readFeedFile, type FeedFile } from './sources/fedramp/feedFile.js';
import { loadFedrampFeed } from './store/loadFedramp.js';
import { loadOcdsFile } from './store/loadOcds.js';
import { readOcds } from './sources/ocds/readOcds.js';
import type { OcdsFile } from './sources/ocds/types.js';
import { looksLikeExhibit21, recogniseBudgetHeader, type ReferenceLayout } from './sources/budget/recogniseReference.js';
import { BUDGET_LAYOUT, EXHIBIT21_LAYOUT, PROGRAM_ACTIVITY_LAYOUT, TAS_LAYOUT } from './store/budgetTables.js';
import { loadBudgetAuthority, loadProgramActivities, loadTreasuryAccounts, type ReferenceLoadInput, type ReferenceLoadResult } from './store/loadBudget.js';
import { loadExhibit21 } from './store/loadExhibit21.js';
import { loadFile, type LoadCounts } from './store/loadFile.js';
import { loadAtomPages, type AtomPageInput, type ToptierLookup } from './store/loadAtom.js';
import { FPDS_ATOM_TRANSACTIONS } from './sources/fpdsAtom/layouts.js';
import { NotAnAtomFeed, readAtomPage } from './sources/fpdsAtom/atomPage.js';
import { looksLikeXml, readXmlFile } from './sources/fpdsAtom/xmlFile.js';
import { loadBundledAgencies } from './entities/agencies.js';
import { AGENCY_CODES } from './store/tables.js';
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
  /** CSV: how dates were read (decided per file, src/sources/dateOrder.ts). */
  dateOrder?: DateOrder;
  /** CSV: "file", or the layout / file whose header a headerless file was read under. */
  headerFrom?: string;
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
  /** Read CSV files without a header under this declared layout's header (`--layout ID`). */
  layout?: string;
  /** Read CSV files without a header under the header of this file (`--header-from FILE`). */
  headerFrom?: string;
  /** The files' date order, instead of deciding it from each file's values (`--date-order`). */
  dateOrder?: DateOrder;
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
  /** False when the rows were read under a named layout's or another file's header. */
  hasHeader: boolean;
  /** Where the header came from, for provenance: "file", "layout ID" or "header of FILE". */
  headerFrom: string;
  /** The first bytes hold something like a spreadsheet date: the date order is decided from all values. */
  slashDates: boolean;
}

/** A FedRAMP Marketplace feed, already read in full: JSON is recognised by parsing it. */
interface SniffedFeed {
  kind: 'fedramp';
  file: InputFile;
  layout: LayoutDecl;
  feedFile: FeedFile;
}

/** An OCDS file (release/record package, release, JSON Lines), already read and compiled per ocid. */
interface SniffedOcds {
  kind: 'ocds';
  file: InputFile;
  layout: LayoutDecl;
  ocds: OcdsFile;
  sha256: string;
  bytes: number;
}


/** OCDS in `sources.layout`; ordered after the US record tables (it resolves against none of them). */
export const OCDS_LAYOUT: LayoutDecl = { id: 'ocds', title: 'Open Contracting Data Standard releases and records', signature: [], required: [] };

// OCDS names its process in every release: `"ocid"` in the first MiB tells it from the FedRAMP feed.
const OCID_IN_HEAD = /"ocid"\s*:/;

function sniffOcds(file: InputFile): SniffedOcds {
  const bytes = readFileSync(file.path);
  if (!isUtf8(bytes)) throw new BadInputError({ file: file.name }, 'not valid UTF-8: OCDS is UTF-8 JSON');
  const text = bytes.toString('utf8');
  return { kind: 'ocds', file, layout: OCDS_LAYOUT, ocds: readOcds(text, file.name), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}
/** An FPDS ATOM feed page (XML whose root is `<feed>`), read whole when it loads. */
interface SniffedAtom {
  kind: 'atom';
  file: InputFile;
  layout: LayoutDecl;
}

/** A budget reference CSV or an Exhibit 21 (src/sources/budget/recogniseReference.ts), loaded whole. */
interface SniffedReference {
  kind: 'reference';
  file: InputFile;
  layout: LayoutDecl;
  headerColumns: number;
}

type Sniffed = SniffedCsv | SniffedFeed | SniffedOcds | SniffedAtom | SniffedReference;

const referenceLayout = (l: ReferenceLayout): LayoutDecl => ({ id: l.id, title: l.title, signature: [], required: [] });
const REFERENCE_LOADERS: Record<string, (db: Database, input: ReferenceLoadInput) => Promise<ReferenceLoadResult>> = {
  [BUDGET_LAYOUT.id]: loadBudgetAuthority, [TAS_LAYOUT.id]: loadTreasuryAccounts,
  [PROGRAM_ACTIVITY_LAYOUT.id]: loadProgramActivities, [EXHIBIT21_LAYOUT.id]: loadExhibit21,
};

const HEAD_BYTES = 1 << 20;

/** A JSON file inside a folder or archive that is not a FedRAMP feed: skipped, not loaded. */
class NotAFeed extends Error {}

/** The header a run was told to read headerless files under (`--layout` or `--header-from`). */
interface GivenHeader {
  layout: LayoutDecl;
  columns: string[];
  from: string;
}

function givenHeader(options: IngestOptions): GivenHeader | undefined {
  if (options.layout !== undefined && options.headerFrom !== undefined) throw new UsageError('give --layout or --header-from, not both');
  if (options.layout !== undefined) {
    const layout = layoutById(options.layout);
    const named = LAYOUTS.filter((l) => l.header).map((l) => l.id).join(', ');
    if (!layout) throw new UsageError(`unknown layout "${options.layout}"; layouts with a declared header: ${named}`);
    if (!layout.header) throw new UsageError(`layout "${options.layout}" declares no full header, so it cannot read headerless files; use --header-from FILE, or one of: ${named}`);
    return { layout, columns: [...layout.header], from: `layout ${layout.id}` };
  }
  if (options.headerFrom !== undefined) {
    const info = parseHeader(options.headerFrom, readHead(options.headerFrom));
    const layout = detectLayout(options.headerFrom, info.columns);
    if (!layout.target) throw new UsageError(`${options.headerFrom}: ${layout.title} files are not loaded, so their header cannot be used`);
    return { layout, columns: info.columns, from: `header of ${options.headerFrom}` };
  }
  return undefined;
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

const sameColumns = (a: readonly string[], b: readonly string[], caseless = false): boolean =>
  a.length === b.length && a.every((c, i) => (caseless ? c.toLowerCase() === b[i]!.toLowerCase() : c === b[i]));

function sniff(file: InputFile, given?: GivenHeader): Sniffed {
  const fd = openSync(file.path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    head = buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  // JSON naming an ocid is OCDS; other JSON goes to the FedRAMP reader, which accepts only the feed's shape.
  if ((extname(file.name).toLowerCase() === '.json' || looksLikeJson(head)) && OCID_IN_HEAD.test(head.toString('utf8'))) return sniffOcds(file);
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
  // XML goes to the ATOM reader; its root element decides (another XML inside a folder is passed over).
  if (extname(file.name).toLowerCase() === '.xml' || (looksLikeXml(head) && !looksLikeExhibit21(head))) {
    const root = /<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(head.toString('utf8').replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
    if (root?.[1] !== 'feed' && !file.explicit) {
      const what = root?.[1] === 'award' || root?.[1] === 'IDV' ? ': an FPDS document outside a feed, such as the 1.5.2 element skeleton' : '';
      throw new NotAFeed(`XML whose root is <${root?.[1] ?? '?'}>, not an FPDS ATOM <feed>${what}`);
    }
    return { kind: 'atom', file, layout: FPDS_ATOM_TRANSACTIONS };
  }
  const ext = extname(file.name).toLowerCase();
  if ((ext === '.htm' || ext === '.html' || ext === '.txt' || !/^[^\n]*,/.test(head.subarray(0, 4096).toString('latin1'))) && looksLikeExhibit21(head)) {
    return { kind: 'reference', file, layout: referenceLayout(EXHIBIT21_LAYOUT), headerColumns: 0 };
  }
  const info = parseHeader(file.name, head);
  const headerOnly = statSync(file.path).size === head.length && /^[\r\n]*$/.test(head.subarray(info.headerBytes).toString('latin1'));
  const reference = given ? undefined : recogniseBudgetHeader(info.columns);
  if (reference) return { kind: 'reference', file, layout: referenceLayout(reference), headerColumns: info.columns.length };
  const slashDates = headHasSlashDates(head);
  if (given) {
    const { layout, columns } = given;
    // A file that does carry this very header is read as usual.
    if (sameColumns(info.columns, columns, layout.caseInsensitiveHeader)) {
      return { kind: 'csv', file, layout, header: normalizeCase(layout, info.columns), hasHeader: true, headerFrom: 'file', slashDates, headerOnly };
    }
    if (info.columns.length !== columns.length) {
      throw new BadInputError({ file: file.name, line: 1 }, `line 1 has ${info.columns.length} values; ${given.from} has ${columns.length} columns: not this layout`);
    }
    if (!looksLikeData(info.columns)) {
      throw new BadInputError({ file: file.name, line: 1 }, `line 1 looks like a header (${info.columns.slice(0, 4).map((c) => `"${c}"`).join(', ')}, …) that is not ${given.from}: load it without --layout/--header-from`);
    }
    return { kind: 'csv', file, layout, header: normalizeCase(layout, columns), hasHeader: false, headerFrom: given.from, slashDates, headerOnly: false };
  }
  const layout = detectLayout(file.name, info.columns);
  return { kind: 'csv', file, layout, header: normalizeCase(layout, info.columns), hasHeader: true, headerFrom: 'file', slashDates, headerOnly };
}

/** Header names of a case-insensitive layout in lower case, as its declarations name them. */
function normalizeCase(layout: LayoutDecl, columns: string[]): string[] {
  return layout.caseInsensitiveHeader ? columns.map((c) => c.toLowerCase()) : columns;
}

const order = (l: LayoutDecl): number => (l.target ? TABLES.indexOf(l.target) : l === FEDRAMP_MARKETPLACE || l === OCDS_LAYOUT || REFERENCE_LOADERS[l.id] ? TABLES.length : -1);

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
  const given = givenHeader(options);
  const found = await discover(options.paths, onArchiveError);
  try {
    const results: FileResult[] = [...archiveErrors, ...found.skipped.map((s) => ({ name: s.name, skipped: s.reason, warnings: [] }))];
    const todo: Sniffed[] = [];
    for (const file of found.files) {
      try {
        const s = sniff(file, given);
        if (s.layout.skipReason) results.push({ name: file.name, layout: s.layout.id, skipped: s.layout.skipReason, warnings: [] });
        else if (s.kind === 'csv' && s.headerOnly && !options.allowEmpty) {
          results.push({ name: file.name, layout: s.layout.id, skipped: `warning: no data rows (the file holds only its header); nothing loaded${found.files.length === 1 ? ' and no snapshot recorded' : ''} (--allow-empty loads it)`, warnings: ['no data rows'] });
        } else todo.push(s);
      } catch (error) {
        if (error instanceof NotAFeed) {
          const skipped = /^XML/.test(error.message) ? `${error.message}; skipped, nothing loaded`
            : `JSON that is not a FedRAMP Marketplace feed; skipped, nothing loaded (${error.message.slice(0, 160)})`;
          results.push({ name: file.name, skipped, warnings: [] });
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
    const toptier = todo.some((t) => t.kind === 'atom') ? await toptierLookup(db) : undefined;
    let loadedAny = false;
    if (todo.length === 0) {
      // Nothing to load: no snapshot is recorded.
    } else if (!options.keepGoing) {
      await db.transaction(async () => {
        await startSnapshot();
        for (let i = 0; i < todo.length;) {
          const s = todo[i]!;
          if (s.kind !== 'atom') { results.push(await ingestOne(db, s, snapshotId, options, archiveDigests)); i++; continue; }
          // Feed pages load in batches: one classification per batch, not per 10-entry page.
          const batch: SniffedAtom[] = [];
          while (i < todo.length && todo[i]!.kind === 'atom' && batch.length < ATOM_BATCH_PAGES) batch.push(todo[i++] as SniffedAtom);
          results.push(...await ingestAtomBatch(db, batch, snapshotId, options.reporter, archiveDigests, toptier!));
        }
        await options.beforeCommit?.(snapshotId, results);
        await finishSnapshot();
      });
      loadedAny = todo.length > 0;
    } else {
      await db.transaction(startSnapshot);
      for (const s of todo) {
        try {
          results.push(await db.transaction(async () => (s.kind === 'atom'
            ? (await ingestAtomBatch(db, [s], snapshotId, options.reporter, archiveDigests, toptier!))[0]!
            : ingestOne(db, s, snapshotId, options, archiveDigests))));
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

async function ingestOne(db: Database, s: Exclude<Sniffed, SniffedAtom>, snapshotId: number, options: IngestOptions, archiveDigests: Map<string, string>): Promise<FileResult> {
  const reporter = options.reporter;
  if (s.kind === 'fedramp') return ingestFeed(db, s, snapshotId, reporter, archiveDigests);
  if (s.kind === 'ocds') return ingestOcds(db, s, snapshotId, reporter, archiveDigests);
  if (s.kind === 'reference') return ingestReference(db, s, snapshotId, reporter, archiveDigests);
  const { file, layout, header, hasHeader } = s;
  const size = statSync(file.path).size;
  reporter?.fileStarted?.(file.name, layout, size);
  const scan = scanFile(file.path, (done) => reporter?.progress?.('scan', done, size));
  scan.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  // The date order is a property of the file: decided from all its date values when its head holds spreadsheet dates.
  const evidence = s.slashDates && !options.dateOrder
    ? await dateEvidence(db, { layout, csvPath: file.path, header, hasHeader, scan })
    : undefined;
  const decision = decideDateOrder(evidence, options.dateOrder);
  if (!decision.ok) {
    throw new BadInputError({ file: file.name, ...(decision.example ? { line: decision.example.line, field: decision.example.field } : {}) }, decision.reason);
  }
  const sourceId = await nextId(db, 'sources', 'source_id');
  const { bySource: _, tombstones, ...counts } = await loadFile(db, {
    layout, csvPath: file.path, displayName: file.name, header, scan, sourceId, snapshotId, hasHeader,
    plan: { dateOrder: decision.order, strict: !hasHeader },
  });
  const { sha256, bytes, records, endsWithLineBreak } = await scan;
  const warnings: string[] = [];
  const expected = hasHeader ? records : records + 1; // the scan counts the first line as a header
  if (expected === 0) warnings.push('no data rows (the file holds only its header)');
  if (!endsWithLineBreak && bytes > 0) warnings.push('file does not end with a line break: check it is not truncated');
  if (counts.read !== expected) warnings.push(`DuckDB read ${counts.read} records where the scan counted ${expected}`);
  if (counts.deletedAbsent) warnings.push(`${counts.deletedAbsent} deletion(s) named rows the store did not hold (kept as tombstones: an older file loaded later will not bring them back)`);
  if (tombstones.staysDeleted) warnings.push(`${tombstones.staysDeleted} row(s) refused: a delta deleted them and they are not newer than the deletion (they stay deleted; see status)`);
  if (tombstones.restored) warnings.push(`${tombstones.restored} row(s) re-create records a delta had deleted (a later last_modified_date): restored`);
  const archiveSha = await archiveSha256(file, archiveDigests);
  await db.run(`INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    sourceId, snapshotId, file.name, file.archive ? file.archive.path : file.path, file.archive?.name ?? null, archiveSha,
    sha256, bytes, layout.id, header.length, counts.read, counts.loaded, counts.replaced, counts.unchanged,
    counts.deleted, counts.rejected, warnings.length ? JSON.stringify(warnings) : null, s.headerFrom, decision.basis,
  ]);
  const result: FileResult = { name: file.name, layout: layout.id, counts, warnings, dateOrder: decision.order, headerFrom: s.headerFrom };
  reporter?.fileDone?.(result);
  return result;
}

/** One OCDS file: its processes, rejects and a `sources` row (header_columns 0). */
async function ingestOcds(db: Database, s: SniffedOcds, snapshotId: number, reporter: IngestReporter | undefined, archiveDigests: Map<string, string>): Promise<FileResult> {
  const { file, layout, ocds } = s;
  reporter?.fileStarted?.(file.name, layout, s.bytes);
  const sourceId = await nextId(db, 'sources', 'source_id');
  const { counts, warnings } = await loadOcdsFile(db, { ocds, displayName: file.name, sourceId, snapshotId });
  const archiveSha = await archiveSha256(file, archiveDigests);
  await db.run(`INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    sourceId, snapshotId, file.name, file.archive ? file.archive.path : file.path, file.archive?.name ?? null, archiveSha,
    s.sha256, s.bytes, layout.id, 0, counts.read, counts.loaded, counts.replaced, counts.unchanged,
    counts.deleted, counts.rejected, warnings.length ? JSON.stringify(warnings) : null, `OCDS ${ocds.form}`, null,
  ]);
  const result: FileResult = { name: file.name, layout: layout.id, counts, warnings };
  reporter?.fileDone?.(result);
  return result;
}

/**
 * Subtier code → toptier code and name, for feeds that give only the subtier (FPDS): from the official
 * agency codes list when it is loaded (as the API projection resolves abbreviations), else from the
 * bundled list (data/agencies.yaml).
 */
async function toptierLookup(db: Database): Promise<ToptierLookup> {
  const rows = await db.all<{ sub: string; code: string; name: string }>(`SELECT subtier_code AS sub,
      any_value(cgac_agency_code ORDER BY toptier_flag DESC NULLS LAST) AS code,
      any_value(agency_name ORDER BY toptier_flag DESC NULLS LAST) AS name
    FROM ${ident(AGENCY_CODES.table)} WHERE subtier_code IS NOT NULL AND cgac_agency_code IS NOT NULL GROUP BY ALL`);
  const map = new Map<string, { code: string; name: string }>(rows.map((r) => [r.sub, { code: r.code, name: r.name }]));
  if (map.size === 0) {
    const bundled = loadBundledAgencies();
    const tops = new Map(bundled.filter((a) => a.level === 'toptier').map((a) => [a.code, a.name]));
    for (const a of bundled) {
      if (a.level === 'subtier' && a.parent && tops.has(a.parent)) map.set(a.code, { code: a.parent, name: tops.get(a.parent)! });
    }
  }
  return (sub) => map.get(sub);
}

/** Feed pages loaded as one batch (about 2,000 entries): bounds memory while amortising the classification. */
const ATOM_BATCH_PAGES = 200;

/** ATOM feed pages: their actions (and IDV documents), rejected entries and one `sources` row each. */
async function ingestAtomBatch(db: Database, batch: readonly SniffedAtom[], snapshotId: number, reporter: IngestReporter | undefined,
  archiveDigests: Map<string, string>, toptier: ToptierLookup): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const pages: Array<AtomPageInput & { s: SniffedAtom; sha256: string; bytes: number }> = [];
  let sourceId = await nextId(db, 'sources', 'source_id');
  for (const s of batch) {
    const xml = readXmlFile(s.file.path, s.file.name);
    reporter?.fileStarted?.(s.file.name, s.layout, xml.bytes);
    try {
      pages.push({ page: readAtomPage(xml.text, s.file.name), displayName: s.file.name, sourceId: sourceId++, s, sha256: xml.sha256, bytes: xml.bytes });
    } catch (error) {
      if (!(error instanceof NotAnAtomFeed) || s.file.explicit) throw error;
      const result: FileResult = { name: s.file.name, skipped: `${error.reason}; skipped, nothing loaded`, warnings: [] };
      reporter?.fileDone?.(result);
      results.push(result);
    }
  }
  if (!pages.length) return results;
  const loaded = await loadAtomPages(db, { pages, snapshotId, toptier });
  for (const [i, p] of pages.entries()) {
    const { counts, idvCounts, warnings } = loaded[i]!;
    if (idvCounts.read) warnings.push(`${idvCounts.read} IDV document(s): ${idvCounts.loaded} new, ${idvCounts.replaced} replaced, ${idvCounts.unchanged} unchanged in idv_actions`);
    const { file, layout } = p.s;
    const archiveSha = await archiveSha256(file, archiveDigests);
    await db.run(`INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      p.sourceId, snapshotId, file.name, file.archive ? file.archive.path : file.path, file.archive?.name ?? null, archiveSha,
      p.sha256, p.bytes, layout.id, 0, counts.read, counts.loaded, counts.replaced, counts.unchanged,
      counts.deleted, counts.rejected, warnings.length ? JSON.stringify(warnings) : null, null, null,
    ]);
    const result: FileResult = { name: file.name, layout: layout.id, counts, warnings };
    reporter?.fileDone?.(result);
    results.push(result);
  }
  return results;
}

/** One budget reference or Exhibit 21, read whole (these files are megabytes at most). */
async function ingestReference(db: Database, s: SniffedReference, snapshotId: number, reporter: IngestReporter | undefined, archiveDigests: Map<string, string>): Promise<FileResult> {
  const { file, layout } = s;
  const bytes = readFileSync(file.path);
  reporter?.fileStarted?.(file.name, layout, bytes.length);
  if (bytes.length > MAX_REFERENCE_BYTES) throw new BadInputError({ file: file.name }, `${(bytes.length / 1048576).toFixed(0)} MB is larger than any ${layout.title} (limit ${MAX_REFERENCE_BYTES / 1048576} MB)`);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sourceId = await nextId(db, 'sources', 'source_id');
  const { counts, warnings } = await REFERENCE_LOADERS[layout.id]!(db, { text, displayName: file.name, sha256, sourceId, snapshotId });
  const archiveSha = await archiveSha256(file, archiveDigests);
  await db.run(`INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    sourceId, snapshotId, file.name, file.archive ? file.archive.path : file.path, file.archive?.name ?? null, archiveSha,
    sha256, bytes.length, layout.id, s.headerColumns, counts.read, counts.loaded, counts.replaced, counts.unchanged,
    counts.deleted, counts.rejected, warnings.length ? JSON.stringify(warnings) : null, null, null,
  ]);
  const result: FileResult = { name: file.name, layout: layout.id, counts, warnings };
  reporter?.fileDone?.(result);
  return result;
}

const MAX_REFERENCE_BYTES = 256 * 1024 * 1024;

/** One FedRAMP feed: its rows, rejects and a `sources` row (header_columns 0: the feed has no header). */
async function ingestFeed(db: Database, s: SniffedFeed, snapshotId: number, reporter: IngestReporter | undefined, archiveDigests: Map<string, string>): Promise<FileResult> {
  const { file, layout, feedFile } = s;
  reporter?.fileStarted?.(file.name, layout, feedFile.bytes);
  const sourceId = await nextId(db, 'sources', 'source_id');
  const { counts, warnings } = await loadFedrampFeed(db, { feedFile, displayName: file.name, sourceId, snapshotId });
  const archiveSha = await archiveSha256(file, archiveDigests);
  await db.run(`INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    sourceId, snapshotId, file.name, file.archive ? file.archive.path : file.path, file.archive?.name ?? null, archiveSha,
    feedFile.sha256, feedFile.bytes, layout.id, 0, counts.read, counts.loaded, counts.replaced, counts.unchanged,
    counts.deleted, counts.rejected, warnings.length ? JSON.stringify(warnings) : null, null, null,
  ]);
  const result: FileResult = { name: file.name, layout: layout.id, counts, warnings };
  reporter?.fileDone?.(result);
  return result;
}
