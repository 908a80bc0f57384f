import type { Database } from './database.js';
import { ident } from './sql.js';
import { FAMILY_COLUMNS, IDV_ACTIONS, TABLES, type ColumnType, type TableDecl } from './tables.js';
import { UsageError } from '../errors.js';
import { ENTITY_DDL } from '../entities/entityTables.js';
import { API_CALLS_DDL } from './apiCalls.js';
import { OCDS_PROVENANCE, OCDS_SPENDING_VIEW, OCDS_TABLES } from './ocdsTables.js';
import { BUDGET_DDL } from './budgetTables.js';
import { TOMBSTONES_DDL } from './tombstones.js';
import { FEDRAMP_FEEDS_DDL, FEDRAMP_PROVENANCE, FEDRAMP_TABLES, FEDRAMP_VIEW_JOINS, type FedrampTableDecl } from './fedrampTables.js';

/** The schema version this build writes; recorded in the file's wb_meta table. */
export const SCHEMA_VERSION = 10;

const SQL_TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR', money: 'DECIMAL(18,2)', date: 'DATE', timestamp: 'TIMESTAMP', int: 'BIGINT', bool: 'BOOLEAN',
};

/** DuckDB type of a declared column. */
export function sqlType(type: ColumnType): string {
  return SQL_TYPES[type];
}

// Provenance columns every stored row carries.
const PROVENANCE = `source_id INTEGER NOT NULL, source_line BIGINT NOT NULL, snapshot_id INTEGER NOT NULL, row_hash VARCHAR NOT NULL`;

function tableDdl(t: TableDecl): string[] {
  const cols = t.columns.map((c) => `${ident(c.name)} ${sqlType(c.type)}`).join(', ');
  return [
    // load_note is set only while a file loads (rejects and deletions awaiting classification).
    `CREATE TABLE ${ident(t.table)} (${cols}, ${PROVENANCE}, load_note VARCHAR)`,
    // Versions replaced or deleted by a later snapshot, kept so every snapshot can be reconstructed.
    `CREATE TABLE ${ident(`${t.table}_history`)} (${cols}, ${PROVENANCE}, superseded_snapshot_id INTEGER NOT NULL, superseded_how VARCHAR NOT NULL)`,
    `CREATE VIEW ${ident(t.view)} AS SELECT ${t.columns.map((c) => `t.${ident(c.name)}`).join(', ')},
       s.name AS source_file, t.source_line, t.source_id, t.snapshot_id
     FROM ${ident(t.table)} t JOIN sources s USING (source_id)`,
  ];
}

function fedrampDdl(t: FedrampTableDecl): string[] {
  const cols = t.columns.map((c) => `${ident(c.name)} ${sqlType(c.type)}`).join(', ');
  const extra = FEDRAMP_VIEW_JOINS[t.view];
  return [
    `CREATE TABLE ${ident(t.table)} (${cols}, ${FEDRAMP_PROVENANCE})`,
    // The current feed only; the rows of superseded feeds stay in the table (src/store/fedrampTables.ts).
    `CREATE VIEW ${ident(t.view)} AS SELECT ${t.columns.map((c) => `t.${ident(c.name)}`).join(', ')},
       ${extra ? `${extra.select}, ` : ''}s.name AS source_file, t.source_id, t.snapshot_id
     FROM ${ident(t.table)} t
     JOIN fedramp_feeds f ON f.source_id = t.source_id AND f.superseded_snapshot_id IS NULL
     JOIN sources s ON s.source_id = t.source_id
     ${extra ? extra.join : ''}`,
  ];
}

/**
 * One row per IDV (vehicle): its latest action's attributes (by last_modified_date), its actions, and the
 * orders stored under it (transactions whose parent award is this PIID and agency). The vehicle's own
 * obligations are the sum of its actions (usually zero: money sits on the orders, never added to them).
 */
const IDVS_VIEW = `CREATE VIEW idvs AS
  SELECT v.*, (SELECT count(DISTINCT o.contract_award_unique_key) FROM tx_current o
               WHERE o.parent_award_id_piid = v.award_id_piid AND o.parent_award_agency_id = v.agency_id) AS orders_stored
  FROM (SELECT contract_award_unique_key, any_value(award_id_piid) AS award_id_piid, any_value(agency_id) AS agency_id,
          arg_max(idv_type_code, last_modified_date) AS idv_type_code, arg_max(idv_type, last_modified_date) AS idv_type,
          arg_max(type_of_idc, last_modified_date) AS type_of_idc,
          arg_max(multiple_or_single_award_idv, last_modified_date) AS multiple_or_single_award_idv,
          arg_max(who_can_use, last_modified_date) AS who_can_use,
          arg_max(parent_award_id_piid, last_modified_date) AS parent_award_id_piid,
          arg_max(parent_award_agency_id, last_modified_date) AS parent_award_agency_id,
          arg_max(recipient_uei, last_modified_date) AS recipient_uei, arg_max(recipient_name, last_modified_date) AS recipient_name,
          arg_max(recipient_parent_name, last_modified_date) AS recipient_parent_name,
          arg_max(awarding_sub_agency_code, last_modified_date) AS awarding_sub_agency_code,
          arg_max(ordering_period_end_date, last_modified_date) AS ordering_period_end_date,
          count(*) AS actions, min(action_date) AS first_action_date, max(action_date) AS last_action_date,
          sum(federal_action_obligation) AS obligated_on_vehicle, max(last_modified_date) AS last_modified_date
        FROM idv_action_current GROUP BY contract_award_unique_key) v`;

const MIGRATIONS: ReadonlyArray<(db: Database) => Promise<void>> = [
  async (db) => {
    const statements = [
      `CREATE TABLE wb_meta (key VARCHAR NOT NULL, value VARCHAR)`,
      `CREATE TABLE snapshots (snapshot_id INTEGER NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
         command VARCHAR, tool_version VARCHAR, files INTEGER)`,
      `CREATE TABLE sources (source_id INTEGER NOT NULL, snapshot_id INTEGER NOT NULL, name VARCHAR NOT NULL,
         path VARCHAR NOT NULL, archive VARCHAR, archive_sha256 VARCHAR, sha256 VARCHAR NOT NULL, bytes BIGINT NOT NULL,
         layout VARCHAR NOT NULL, header_columns INTEGER NOT NULL, read BIGINT NOT NULL, loaded BIGINT NOT NULL,
         replaced BIGINT NOT NULL, unchanged BIGINT NOT NULL, deleted BIGINT NOT NULL, rejected BIGINT NOT NULL,
         warnings VARCHAR)`,
      `CREATE TABLE rejects (snapshot_id INTEGER NOT NULL, source_id INTEGER NOT NULL, line BIGINT NOT NULL,
         field VARCHAR, reason VARCHAR NOT NULL, raw VARCHAR)`,
      ...TABLES.flatMap(tableDdl),
    ];
    for (const s of statements) await db.run(s);
  },
  // 2: entities. Judgements are the user's and persist; every other entity_* table is derived by
  // resolution (src/entities/resolve.ts) and replaced whole each time.
  async (db) => {
    for (const s of ENTITY_DDL) await db.run(s);
  },
  // 3: the FedRAMP Marketplace feed, every feed's rows kept, views over the current one.
  async (db) => {
    for (const s of [FEDRAMP_FEEDS_DDL, ...FEDRAMP_TABLES.flatMap(fedrampDdl)]) await db.run(s);
  },
  // 4: each record's family id, written by resolution, so answers need not join on recipient fields.
  async (db) => {
    for (const [table, columns] of Object.entries(FAMILY_COLUMNS)) {
      for (const c of columns) await db.run(`ALTER TABLE ${ident(table)} ADD COLUMN IF NOT EXISTS ${ident(c)} VARCHAR`);
    }
  },
  // 5: the API calls a fetch made, per snapshot: each request and where its raw response is cached.
  async (db) => {
    await db.run(API_CALLS_DDL);
  },
  // 6: how a CSV file was read: where its header came from (the file, a named layout, another file)
  // and its date order with the evidence that decided it (src/sources/dateOrder.ts).
  async (db) => {
    await db.run(`ALTER TABLE sources ADD COLUMN IF NOT EXISTS header_from VARCHAR`);
    await db.run(`ALTER TABLE sources ADD COLUMN IF NOT EXISTS date_order VARCHAR`);
  },
  // 7: budget references (OMB budget authority, Treasury accounts, program activities) and SEC Exhibit 21
  // filings with their subsidiaries (src/store/budgetTables.ts).
  async (db) => {
    for (const s of BUDGET_DDL) await db.run(s);
  },
  // 8: FPDS IDV documents (one row per vehicle action) and the `idvs` view, one row per vehicle with its orders.
  async (db) => {
    // idempotent: a store rebuilt by hand may hold some of these already
    const ddl = tableDdl(IDV_ACTIONS).map((d) => d.replace(/^CREATE TABLE /, 'CREATE TABLE IF NOT EXISTS ').replace(/^CREATE VIEW /, 'CREATE OR REPLACE VIEW '));
    for (const s of [...ddl, IDVS_VIEW.replace(/^CREATE VIEW /, 'CREATE OR REPLACE VIEW ')]) await db.run(s);
  },
  // 9: OCDS processes (procurement outside the US), their agencies, suppliers, awards and contracts.
  async (db) => {
    for (const t of OCDS_TABLES) {
      await db.run(`CREATE TABLE IF NOT EXISTS ${ident(t.table)} (${t.columns.map((c) => `${ident(c.name)} ${sqlType(c.type)}`).join(', ')}, ${OCDS_PROVENANCE})`);
    }
    await db.run(OCDS_SPENDING_VIEW.replace(/^CREATE VIEW /, "CREATE OR REPLACE VIEW "));
  },
  // 10: tombstones, the deletions delta files made, so an older file loaded later cannot bring them back.
  async (db) => {
    await db.run(TOMBSTONES_DDL);
  },
];

/** Creates or migrates the schema; refuses a file written by a newer whosbehind. */
export async function migrate(db: Database): Promise<number> {
  const exists = await db.one<{ n: string }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'wb_meta' AND table_schema = 'main'`,
  );
  let version = 0;
  if (exists && exists.n !== '0') {
    const row = await db.one<{ value: string }>(`SELECT value FROM wb_meta WHERE key = 'schema_version'`);
    version = Number(row?.value ?? 0);
  }
  if (version > SCHEMA_VERSION) {
    throw new UsageError(`${db.path} has schema version ${version}; this whosbehind understands up to ${SCHEMA_VERSION}: upgrade whosbehind`);
  }
  if (version === SCHEMA_VERSION) return version;
  if (db.readOnly && version === 0) throw new UsageError(`${db.path} is not a whosbehind store yet (schema version ${version}); ingest data first`);
  if (db.readOnly) {
    throw new UsageError(`${db.path} has schema version ${version}, older than this whosbehind's ${SCHEMA_VERSION}: ` +
      'run `whosbehind ingest PATH` once, which upgrades the store, then try again');
  }
  await db.transaction(async () => {
    for (let v = version; v < SCHEMA_VERSION; v++) await MIGRATIONS[v]!(db);
    await db.run(`DELETE FROM wb_meta WHERE key = 'schema_version'`);
    await db.run(`INSERT INTO wb_meta VALUES ('schema_version', ?)`, [String(SCHEMA_VERSION)]);
  });
  return SCHEMA_VERSION;
}
