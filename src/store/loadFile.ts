import { listValue } from '@duckdb/node-api';
import { BadInputError, InternalError } from '../errors.js';
import type { FileScan } from '../sources/scanFile.js';
import { lineOfRecord } from '../sources/scanFile.js';
import type { Database } from './database.js';
import { planLoad, type LoadPlan, type PlanOptions } from './loadPlan.js';
import { ident, literal, varcharColumns } from './sql.js';
import type { LayoutDecl } from '../sources/layouts/index.js';
import { AGENCY_CODES, FAMILY_COLUMNS } from './tables.js';
import { coverEnd, liftsFrom } from './tombstones.js';

/** Per-file outcome. Counts reconcile: read = loaded + replaced + unchanged + deleted + rejected. */
export interface LoadCounts {
  read: number;
  loaded: number;
  replaced: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  /** Deletions naming a key the store did not hold (counted in `deleted`). */
  deletedAbsent: number;
}

export interface LoadInput {
  layout: LayoutDecl;
  /** The CSV on disk (an extracted archive member is a temp file); ignored when `staged` is given. */
  csvPath: string;
  /**
   * Records already read in Node (an XML feed page) and appended to a temp table of text columns named
   * as in `header`, with each record's physical line in `wb_line`: loaded through the same plan,
   * classification and history as a CSV.
   */
  staged?: { table: string };
  /**
   * For a staged batch of several files (a run's feed pages): the last source id of the batch, whose
   * records carry their own source id in `wb_source` (from sourceId to lastSourceId). The batch is
   * classified as one file, so a transaction on two pages is one transaction; counts come back per source.
   */
  lastSourceId?: number;
  /** Display names of a batch's sources, for messages about a repeat on another page. */
  batchNames?: ReadonlyMap<number, string>;
  /** Name shown in messages and provenance, e.g. "archive.zip!member.csv". */
  displayName: string;
  header: readonly string[];
  /** The file's scan (digest, record lines), which may still be running while DuckDB reads. */
  scan?: Promise<FileScan>;
  sourceId: number;
  snapshotId: number;
  /** False for a headerless file read under a named layout's header (`ingest --layout`). */
  hasHeader?: boolean;
  /** Date order and strictness (a named layout: every row must fit, or the file is refused). */
  plan?: PlanOptions;
}

/**
 * Loads one CSV file into its table inside the caller's transaction (which must be open: record
 * numbering relies on it), in one streaming pass of DuckDB's
 * reader so memory stays flat however big the file: every record is converted and inserted at once,
 * tagged with its source; records that must not stay (rejects, repeats, unchanged, deletions) carry a
 * load note and are classified and removed afterwards with narrow queries. A file-level problem throws
 * BadInputError naming the physical line; row-level problems become rejects.
 */
/** What a load did besides its counts. */
export interface LoadOutcome extends LoadCounts {
  bySource: ReadonlyMap<number, LoadCounts>;
  /** Rows that re-created a record a delta had deleted (newer), and rows refused because it stays deleted. */
  tombstones: { restored: number; staysDeleted: number };
}

export async function loadFile(db: Database, input: LoadInput): Promise<LoadOutcome> {
  const plan = planLoad(input.layout, input.header, input.plan);
  try {
    await prepareLookups(db, plan, input);
    await db.run(`CREATE OR REPLACE TEMP TABLE wb_batch_names (src INTEGER, name VARCHAR)`);
    if (input.batchNames) await db.appendRows('wb_batch_names', [...input.batchNames].map(([id, name]) => [id, name]));
    await insertAll(db, plan, input);
    if (plan.strict) await refuseMisfits(db, plan, input);
    await classify(db, plan, input);
    return await apply(db, plan, input);
  } finally {
    for (const t of ['wb_class', 'wb_lines', 'wb_agency', 'wb_batch_names']) await db.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => undefined);
  }
}

/** DuckDB's strict reader over a CSV file, every column VARCHAR under the given names. */
export function readCsvSql(path: string, header: readonly string[], hasHeader = true): string {
  return `read_csv(${literal(path)},
      header = ${hasHeader ? 'true' : 'false'}, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true,
      max_line_size = 8388608, columns = ${varcharColumns(header)})`;
}

/** The file's records as staged text columns named after the stored columns. */
function records(plan: LoadPlan, input: LoadInput): string {
  const select = plan.staged.map((s) => `${ident(s.header)} AS ${ident(s.as)}`).join(', ');
  if (input.staged) return `(SELECT ${select}${select ? ', ' : ''}wb_line, wb_source FROM temp.${ident(input.staged.table)})`;
  return `(SELECT ${select} FROM ${readCsvSql(input.csvPath, input.header, input.hasHeader ?? true)})`;
}

/**
 * Under a named layout every record must fit its types and codes: one that does not means the layout
 * is wrong for the file, so the file is refused (the caller's transaction then stores nothing).
 */
async function refuseMisfits(db: Database, plan: LoadPlan, input: LoadInput): Promise<void> {
  const t = ident(plan.target.table);
  const bad = await db.one<{ n: string; line: string; field: string | null; reason: string }>(`
    SELECT count(*) OVER () AS n, source_line AS line, json_extract_string(load_note, '$.field') AS field,
           json_extract_string(load_note, '$.reason') AS reason
    FROM ${t} WHERE source_id = ? AND json_extract_string(load_note, '$.reason') IS NOT NULL
    ORDER BY source_line LIMIT 1`, [input.sourceId]);
  if (!bad) return;
  const total = await db.one<{ n: string }>(`SELECT count(*) AS n FROM ${t} WHERE source_id = ?`, [input.sourceId]);
  throw new BadInputError(
    { file: input.displayName, line: Number(bad.line), ...(bad.field ? { field: bad.field } : {}) },
    `${bad.reason}; ${bad.n} of ${total?.n ?? '?'} record(s) do not fit layout ${plan.layout.id}: wrong --layout? nothing stored`,
  );
}

/** Turns DuckDB's CSV error (which counts records, not lines) into one naming the physical line. */
function csvError(error: unknown, displayName: string, scan: FileScan): Error {
  const message = error instanceof Error ? error.message : String(error);
  const at = /CSV Error on Line: (\d+)/.exec(message);
  const line = at ? lineOfRecord(scan, Number(at[1]) - 1) : undefined;
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  let reason: string;
  if (columns) reason = `expected ${columns[1]} fields as in the header, found ${columns[2]} (truncated or malformed record)`;
  else if (/unterminated quote/i.test(message)) reason = 'a quoted field is never closed (file truncated or malformed)';
  else if (/Invalid unicode|not utf-8/i.test(message)) reason = 'not valid UTF-8: the file is in another encoding; save it as UTF-8';
  else if (/Maximum line size/i.test(message)) reason = 'a record is larger than 8 MiB (huge field or broken quoting)';
  else if (/quote/i.test(message)) reason = 'malformed quoting (a stray " inside a field?)';
  else if (/No such file|Cannot open|IO Error/i.test(message)) reason = `cannot read the file (${message.split('\n')[0]})`;
  else reason = `cannot parse as CSV: ${message.split('\n')[0]}`;
  return new BadInputError(line === undefined ? { file: displayName } : { file: displayName, line }, reason);
}

async function prepareLookups(db: Database, plan: LoadPlan, input: LoadInput): Promise<void> {
  if (plan.layout.agencyAbbreviation) {
    const n = await db.one<{ n: string }>(`SELECT count(*) AS n FROM ${ident(AGENCY_CODES.table)}`);
    if (n?.n === '0') {
      throw new BadInputError(
        { file: input.displayName },
        `this ${plan.layout.title} file names agencies by abbreviation, which needs the agency reference: ` +
          `ingest the official agency_codes.csv (data-act-broker) first, or in the same command`,
      );
    }
    await db.run(`CREATE TEMP TABLE wb_agency AS
      SELECT subtier_abbreviation AS abbr, subtier_code AS awarding_sub_agency_code,
             any_value(subtier_name ORDER BY toptier_flag DESC NULLS LAST) AS awarding_sub_agency_name,
             any_value(cgac_agency_code ORDER BY toptier_flag DESC NULLS LAST) AS awarding_agency_code,
             any_value(agency_name ORDER BY toptier_flag DESC NULLS LAST) AS awarding_agency_name
      FROM ${ident(AGENCY_CODES.table)} WHERE subtier_code IS NOT NULL AND subtier_abbreviation IS NOT NULL
      GROUP BY ALL`);
  }
}

async function insertAll(db: Database, plan: LoadPlan, input: LoadInput): Promise<void> {
  const hash = `md5(concat_ws(chr(31), ${plan.columns.map((c) => `coalesce(CAST(${c.typed} AS VARCHAR), chr(30))`).join(', ')}))`;
  const reason = plan.checks.length
    ? `nullif(concat_ws('; ', ${plan.checks.map((k) => `CASE WHEN ${k.when} THEN ${k.reason} END`).join(', ')}), '')`
    : 'NULL';
  const field = plan.checks.length
    ? `coalesce(${plan.checks.map((k) => `CASE WHEN ${k.when} THEN ${literal(k.field)} END`).join(', ')})`
    : 'NULL';
  // One entry per header column (a legacy column may feed two stored columns).
  const rawCols = [...new Map(plan.staged.map((s) => [s.header, s.as])).entries()];
  const raw = rawCols.map(([header, as]) => `${literal(header)}: r.${ident(as)}`).join(', ');
  // A rejected record keeps its raw text (typed values may be NULL); a deletion is marked as such.
  const note = `CASE WHEN ${reason} IS NOT NULL THEN json_object('reason', ${reason}, 'field', ${field}, 'raw', to_json({${raw}}))
                     WHEN ${plan.deleteExpr} THEN json_object('delete', true) END`;
  const abbr = plan.layout.agencyAbbreviation;
  const agencyJoin = abbr
    ? `LEFT JOIN wb_agency c ON c.abbr = wb_text(r.${ident(abbr.column)})
         AND c.awarding_sub_agency_code = split_part(wb_text(r.${ident(abbr.keyAgencyColumn)}), '_', 4)`
    : '';
  const names = plan.columns.map((c) => ident(c.decl.name)).join(', ');
  const values = plan.columns.map((c) => c.typed).join(', ');
  const sql = `INSERT INTO ${ident(plan.target.table)} (${names}, source_id, source_line, snapshot_id, row_hash, load_note)
    SELECT ${values}, ${input.staged ? 'r.wb_source' : input.sourceId}, ${input.staged ? 'r.wb_line' : '0'}, ${input.snapshotId}, ${hash}, ${note}
    FROM ${records(plan, input)} r ${agencyJoin}`;
  if (input.staged) {
    // Records read in Node carry their own lines; nothing to number or move.
    await db.run(sql);
    return;
  }
  if (!input.scan) throw new InternalError('loadFile: a CSV load needs its file scan');
  // DuckDB reads the file while Node hashes it and finds where records start.
  const [outcome, scan] = await Promise.all([db.run(sql).then(() => undefined, (error: unknown) => error), input.scan!]);
  if (outcome !== undefined) throw csvError(outcome, input.displayName, scan);
  await numberRecords(db, plan, input.sourceId, input.hasHeader ?? true);
  if (scan.breakpoints.length) {
    // Quoted fields held line breaks: move each record from its record number to its physical line.
    await db.run(`CREATE TEMP TABLE wb_lines (idx BIGINT, extra BIGINT)`);
    await db.run(`INSERT INTO wb_lines SELECT unnest(?::BIGINT[]), unnest(?::BIGINT[])`, [
      listValue(scan.breakpoints.map((b) => b[0])),
      listValue(scan.breakpoints.map((b) => b[1])),
    ]);
    await db.run(`UPDATE ${ident(plan.target.table)} t SET source_line = f.line
      FROM (SELECT n.source_line AS rec_line, n.source_line + coalesce(l.extra, 0) AS line
            FROM (SELECT source_line FROM ${ident(plan.target.table)} WHERE source_id = ?) n
            ASOF LEFT JOIN wb_lines l ON n.source_line - 1 > l.idx) f
      WHERE t.source_id = ? AND t.source_line = f.rec_line AND f.line <> f.rec_line`, [input.sourceId, input.sourceId]);
  }
}

/**
 * Gives each inserted record its record number (+ 1 for the header) as source_line. DuckDB keeps
 * insertion order, so within the loading transaction the file's rows have consecutive row ids in file
 * order; numbering from them keeps the reader and the insert parallel, where row_number() OVER () would
 * serialise them. The count check guards the assumption.
 */
async function numberRecords(db: Database, plan: LoadPlan, sourceId: number, hasHeader: boolean): Promise<void> {
  const t = ident(plan.target.table);
  await db.run(`UPDATE ${t} SET source_line = rowid - (SELECT min(rowid) FROM ${t} WHERE source_id = $1) + ${hasHeader ? 2 : 1}
    WHERE source_id = $1`, [sourceId]);
  const check = await db.one<{ n: string; span: string }>(
    `SELECT count(*) AS n, coalesce(max(source_line) - min(source_line) + 1, 0) AS span FROM ${t} WHERE source_id = ?`, [sourceId]);
  if (check && check.n !== check.span) {
    throw new InternalError(`record numbering failed for source ${sourceId}: ${check.n} rows span ${check.span} row ids`);
  }
}

async function classify(db: Database, plan: LoadPlan, input: LoadInput): Promise<void> {
  const t = ident(plan.target.table);
  const k = ident(plan.target.key);
  const version = plan.target.versionColumn ? ident(plan.target.versionColumn) : 'NULL';
  const [first, last] = [input.sourceId, input.lastSourceId ?? input.sourceId];
  await db.run(`CREATE TEMP TABLE wb_class AS
    SELECT source_id AS src, source_line AS line, ${k} AS key, ${version} AS version, row_hash,
           coalesce(json_extract(load_note, '$.delete')::BOOLEAN, false) AS is_delete,
           json_extract_string(load_note, '$.reason') AS reason, json_extract_string(load_note, '$.field') AS field,
           CASE WHEN json_extract_string(load_note, '$.reason') IS NOT NULL THEN 'rejected' END AS action,
           false AS restores
    FROM ${t} WHERE source_id BETWEEN ? AND ?`, [first, last]);

  // Several records with one key: the newest version (then the earlier record) wins; the rest are kept as rejects.
  await db.run(`WITH dup AS (SELECT key FROM wb_class WHERE reason IS NULL GROUP BY key HAVING count(*) > 1),
    ranked AS (
      SELECT src, line, row_hash,
             row_number() OVER w AS rn, first_value(line) OVER w AS win_line, first_value(row_hash) OVER w AS win_hash,
             first_value(src) OVER w AS win_src
      FROM wb_class WHERE reason IS NULL AND key IN (SELECT key FROM dup)
      WINDOW w AS (PARTITION BY key ORDER BY version DESC NULLS LAST, src, line))
    UPDATE wb_class SET action = 'rejected', field = ${literal(plan.target.key)},
      reason = CASE WHEN ranked.row_hash = ranked.win_hash
        THEN 'identical repeat of line ' || ranked.win_line || CASE WHEN ranked.win_src = ranked.src THEN ' in this file' ELSE ' of ' || coalesce(p.name, 'another file of this run') END || ' (counted once)'
        ELSE 'same ' || ${literal(plan.target.key)} || ' as line ' || ranked.win_line || CASE WHEN ranked.win_src = ranked.src THEN ', which is newer or earlier in this file and was kept' ELSE ' of ' || coalesce(p.name, 'another file of this run') || ', which is newer or earlier and was kept' END END
    FROM ranked LEFT JOIN temp.wb_batch_names p ON p.src = ranked.win_src
    WHERE wb_class.src = ranked.src AND wb_class.line = ranked.line AND ranked.rn > 1`);

  // Versioned tables keep tombstones (only a delta deletes, but any later file may bring a deleted record back).
  if (plan.target.versionColumn) await classifyAgainstTombstones(db, plan, first, last);

  const v = plan.target.versionColumn ? `e.${ident(plan.target.versionColumn)}` : 'NULL';
  const vcol = literal(plan.target.versionColumn ?? '');
  // A deletion applies unless the stored row is later than the day (or instant) it covers.
  const deletes = plan.target.versionColumn ? `(${v} IS NULL OR wb_class.version IS NULL OR ${coverEnd('wb_class.version')} > ${v})` : 'true';
  await db.run(`UPDATE wb_class SET
      action = CASE
        WHEN wb_class.is_delete AND ${deletes} THEN 'delete'
        WHEN wb_class.is_delete THEN 'rejected'
        WHEN wb_class.row_hash = e.row_hash THEN 'unchanged'
        WHEN ${v} IS NULL OR wb_class.version > ${v} THEN 'replace'
        WHEN wb_class.version IS NULL OR wb_class.version < ${v} THEN 'rejected'
        ELSE 'rejected' END,
      field = CASE
        WHEN wb_class.is_delete THEN CASE WHEN ${deletes} THEN NULL ELSE ${vcol} END
        WHEN wb_class.row_hash <> e.row_hash AND ${v} IS NOT NULL
                    AND (wb_class.version IS NULL OR wb_class.version <= ${v}) THEN ${vcol} END,
      reason = CASE
        WHEN wb_class.is_delete AND ${deletes} THEN NULL
        WHEN wb_class.is_delete
          THEN 'older than the stored version (a deletion as of ' || CAST(wb_class.version AS VARCHAR) || ' < ' || ${v} || ', from ' || s.name || ' line ' || e.source_line || '): not applied'
        WHEN wb_class.row_hash = e.row_hash OR ${v} IS NULL OR wb_class.version > ${v} THEN NULL
        WHEN wb_class.version IS NULL OR wb_class.version < ${v}
          THEN 'older than the stored version (' || coalesce(CAST(wb_class.version AS VARCHAR), 'no date') || ' < ' || ${v} || ', from ' || s.name || ' line ' || e.source_line || ')'
        ELSE 'disagrees with the stored row of the same ' || ${literal(plan.target.versionColumn ?? 'version')} || ' (' || ${v} || ') from ' || s.name || ' line ' || e.source_line || '; stored row kept' END
    FROM ${t} e JOIN sources s USING (source_id)
    WHERE wb_class.action IS NULL AND e.${k} = wb_class.key AND e.source_id NOT BETWEEN ? AND ?`, [first, last]);
  await db.run(`UPDATE wb_class SET action = CASE WHEN is_delete THEN 'delete_absent' ELSE 'load' END WHERE action IS NULL`);
}

/**
 * Records whose latest word is a deletion (an active tombstone of another file): a deletion as new as the
 * tombstone changes nothing; a row later than the deletion re-creates the record (it loads and lifts the
 * tombstone); any other row is refused, naming the deletion (src/store/tombstones.ts).
 */
async function classifyAgainstTombstones(db: Database, plan: LoadPlan, first: number, last: number): Promise<void> {
  const active = `tb.tbl = ? AND tb.superseded_snapshot_id IS NULL AND tb.record_key = wb_class.key AND tb.source_id NOT BETWEEN ? AND ?`;
  const params = [plan.target.table, first, last];
  await db.run(`UPDATE wb_class SET action = 'unchanged' FROM tombstones tb
    WHERE wb_class.action IS NULL AND wb_class.is_delete AND ${active}
      AND (tb.deleted_version IS NULL OR wb_class.version IS NULL OR tb.deleted_version >= wb_class.version)`, params);
  const vname = plan.target.versionColumn ?? 'version';
  const lifts = `coalesce(wb_class.version >= ${liftsFrom('tb')}, false)`;
  const asOf = `CASE WHEN tb.deleted_version IS NULL THEN 'with no date'
    WHEN tb.deleted_version = date_trunc('day', tb.deleted_version) THEN 'as of ' || CAST(CAST(tb.deleted_version AS DATE) AS VARCHAR) || ' (the whole day)'
    ELSE 'as of ' || CAST(tb.deleted_version AS VARCHAR) END`;
  await db.run(`UPDATE wb_class SET restores = ${lifts},
      action = CASE WHEN ${lifts} THEN NULL ELSE 'rejected' END,
      field = CASE WHEN ${lifts} THEN NULL ELSE ${literal(vname)} END,
      reason = CASE WHEN ${lifts} THEN NULL ELSE 'stays deleted: deleted by ' || s.name || ' line ' || tb.source_line || ' ' || ${asOf}
        || '; this row''s ${vname} (' || coalesce(CAST(wb_class.version AS VARCHAR), 'none') || ') is not later' END
    FROM tombstones tb JOIN sources s USING (source_id)
    WHERE wb_class.action IS NULL AND NOT wb_class.is_delete AND ${active}`, params);
}

/** Writes the tombstones of this load's deletions and lifts those its newer rows re-created. */
async function applyTombstones(db: Database, plan: LoadPlan, input: LoadInput, first: number, last: number): Promise<void> {
  const old = `tombstones.tbl = ? AND tombstones.superseded_snapshot_id IS NULL AND tombstones.record_key = c.key AND tombstones.source_id NOT BETWEEN ? AND ?`;
  const params = [input.snapshotId, plan.target.table, first, last];
  await db.run(`UPDATE tombstones SET superseded_snapshot_id = ?, superseded_how = 'replaced', superseded_source_id = c.src, superseded_line = c.line
    FROM wb_class c WHERE c.action IN ('delete', 'delete_absent') AND ${old}`, params);
  await db.run(`UPDATE tombstones SET superseded_snapshot_id = ?, superseded_how = 'restored', superseded_source_id = c.src, superseded_line = c.line
    FROM wb_class c WHERE c.restores AND c.action IN ('load', 'replace') AND ${old}`, params);
  await db.run(`INSERT INTO tombstones (tbl, record_key, deleted_version, source_id, source_line, snapshot_id)
    SELECT ?, key, version, src, line, ? FROM wb_class WHERE action IN ('delete', 'delete_absent') ORDER BY src, line`, [plan.target.table, input.snapshotId]);
}

async function apply(db: Database, plan: LoadPlan, input: LoadInput): Promise<LoadOutcome> {
  const t = ident(plan.target.table);
  const k = ident(plan.target.key);
  const [first, last] = [input.sourceId, input.lastSourceId ?? input.sourceId];
  await db.run(`INSERT INTO rejects
    SELECT ?, c.src, c.line, c.field, c.reason,
           coalesce(json_extract(e.load_note, '$.raw'), to_json(e))::VARCHAR
    FROM ${t} e JOIN wb_class c ON e.source_id = c.src AND e.source_line = c.line
    WHERE e.source_id BETWEEN ? AND ? AND c.action = 'rejected' ORDER BY c.src, c.line`, [input.snapshotId, first, last]);
  await db.run(`INSERT INTO ${ident(`${plan.target.table}_history`)}
    SELECT e.* EXCLUDE (${['load_note', ...(FAMILY_COLUMNS[plan.target.table] ?? [])].map(ident).join(', ')}), ?, CASE WHEN c.action = 'delete' THEN 'deleted' ELSE 'replaced' END
    FROM ${t} e JOIN wb_class c ON c.key = e.${k}
    WHERE e.source_id NOT BETWEEN ? AND ? AND c.action IN ('replace', 'delete')`, [input.snapshotId, first, last]);
  await db.run(`DELETE FROM ${t} WHERE source_id NOT BETWEEN ? AND ? AND ${k} IN (SELECT key FROM wb_class WHERE action IN ('replace', 'delete'))`, [first, last]);
  await db.run(`DELETE FROM ${t} WHERE source_id BETWEEN ? AND ? AND (source_id, source_line) IN (SELECT src, line FROM wb_class WHERE action NOT IN ('load', 'replace'))`, [first, last]);
  if (plan.target.versionColumn) await applyTombstones(db, plan, input, first, last);
  const tomb = await db.one<{ restored: string; stays: string }>(`SELECT count(*) FILTER (WHERE restores AND action IN ('load', 'replace')) AS restored,
      count(*) FILTER (WHERE action = 'rejected' AND starts_with(reason, 'stays deleted:')) AS stays FROM wb_class`);

  const rows = await db.all<{ src: number; action: string; n: string }>(`SELECT src, action, count(*) AS n FROM wb_class GROUP BY ALL`);
  const bySource = new Map<number, LoadCounts>();
  for (let id = first; id <= last; id++) bySource.set(id, { read: 0, loaded: 0, replaced: 0, unchanged: 0, deleted: 0, rejected: 0, deletedAbsent: 0 });
  for (const r of rows) {
    const c = bySource.get(Number(r.src))!;
    const n = Number(r.n);
    c.read += n;
    if (r.action === 'load') c.loaded += n;
    else if (r.action === 'replace') c.replaced += n;
    else if (r.action === 'unchanged') c.unchanged += n;
    else if (r.action === 'rejected') c.rejected += n;
    else { c.deleted += n; if (r.action === 'delete_absent') c.deletedAbsent += n; }
  }
  return { ...bySource.get(first)!, bySource, tombstones: { restored: Number(tomb?.restored ?? 0), staysDeleted: Number(tomb?.stays ?? 0) } };
}
