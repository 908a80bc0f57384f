/**
 * What changed between two snapshots of the store, read from the stored rows and their history: a
 * snapshot's state is every row inserted at or before it and not yet superseded (tx_current plus
 * tx_current_history), so any two snapshots compare, in either order of ingestion. Money is exact
 * (BigInt cents over decimal strings); de-obligations stay negative and are flagged.
 */
import { agencyCondition, agencyEitherCondition, type AgencyRef } from '../entities/agencies.js';
import type { FamilyRef } from '../entities/companies.js';
import { UsageError } from '../errors.js';
import type { Database } from '../store/database.js';
import { ident, literal } from '../store/sql.js';
import { TRANSACTIONS } from '../store/tables.js';
import { entityRowMatch, TX_RECIPIENT } from './recipientJoin.js';
import { centsToString, toCents } from './money.js';
import type { Basis } from './answer.js';

/** One stored transaction as a diff shows it, with where it came from. */
export interface DiffRecord {
  key: string;
  awardKey: string;
  piid: string | null;
  modification: string | null;
  amount: string | null;
  actionDate: string | null;
  recipient: string | null;
  familyId: string | null;
  familyName: string | null;
  awardingSubtier: string | null;
  awardingSubtierName: string | null;
  fundingSubtier: string | null;
  description: string | null;
  sourceFile: string;
  line: number;
  snapshotId: number;
}

export interface NewAward {
  awardKey: string;
  piid: string | null;
  recipient: string | null;
  familyId: string | null;
  familyName: string | null;
  agency: string | null;
  /** Sum of the award's records new in this diff. */
  amount: string;
  records: DiffRecord[];
}

export interface NewModification {
  record: DiffRecord;
  amount: string;
  /** A negative obligation: money taken back. */
  deobligation: boolean;
}

export interface ChangedRecord {
  before: DiffRecord;
  after: DiffRecord;
  /** after − before (exact). */
  change: string;
  deobligation: boolean;
}

/** A pair (agency, family) present in the later snapshot and not the earlier. */
export interface NewPair {
  agencyCode: string;
  agencyName: string | null;
  basis: 'awarding' | 'funding';
  familyId: string;
  familyName: string | null;
  amount: string;
  records: DiffRecord[];
}

export interface SnapshotInfo {
  snapshotId: number;
  finishedAt: string | null;
  command: string | null;
}

export interface DiffOptions {
  /** Earlier snapshot (0 = the empty store); default: the one before `to`. */
  from?: number;
  /** Later snapshot; default the latest finished one. */
  to?: number;
  agency?: AgencyRef;
  companies?: readonly FamilyRef[];
  keywords?: readonly string[];
  basis?: Basis;
}

export interface DiffAnswer {
  from: SnapshotInfo | { snapshotId: 0; finishedAt: null; command: null };
  to: SnapshotInfo;
  basis: Basis;
  scope: { agency: string | null; companies: string[]; keywords: string[] };
  newAwards: NewAward[];
  newModifications: NewModification[];
  changedRecords: ChangedRecord[];
  removedRecords: DiffRecord[];
  /** New supplier families of an agency (grouped by agency). */
  newFamiliesForAgency: NewPair[];
  /** New agencies of a family (the same pairs, grouped by family). */
  newAgenciesForFamily: NewPair[];
  /** True when nothing in scope changed. */
  unchanged: boolean;
}

const COLS = [
  'contract_transaction_unique_key', 'contract_award_unique_key', 'award_id_piid', 'modification_number',
  'federal_action_obligation', 'action_date', 'recipient_name', 'recipient_uei', 'recipient_duns', 'recipient_country_code',
  'recipient_state_code', 'transaction_description', 'awarding_agency_code', 'awarding_sub_agency_code', 'awarding_sub_agency_name',
  'awarding_office_code', 'funding_agency_code', 'funding_sub_agency_code', 'funding_sub_agency_name', 'funding_office_code',
] as const;

/** SQL of the transactions as they stood at a snapshot, each with its family id and source file. */
function stateAt(snapshot: number): string {
  const t = ident(TRANSACTIONS.table);
  const h = ident(`${TRANSACTIONS.table}_history`);
  const pick = (a: string): string => COLS.map((c) => `${a}.${ident(c)}`).join(', ');
  return `(SELECT ${pick('t')}, t.family_id AS fam, t.row_hash, t.source_id, t.source_line, t.snapshot_id FROM ${t} t
      WHERE t.snapshot_id <= ${snapshot}
    UNION ALL
    SELECT ${pick('h')}, coalesce(e.family_id, c.family_id) AS fam, h.row_hash, h.source_id, h.source_line, h.snapshot_id
      FROM ${h} h
      LEFT JOIN entity_rows e ON ${entityRowMatch(TX_RECIPIENT, 'e', 'h')}
      LEFT JOIN ${t} c ON c.contract_transaction_unique_key = h.contract_transaction_unique_key
      WHERE h.snapshot_id <= ${snapshot} AND h.superseded_snapshot_id > ${snapshot})`;
}

async function snapshotInfo(db: Database, id: number): Promise<SnapshotInfo> {
  const row = await db.one(`SELECT snapshot_id, CAST(finished_at AS VARCHAR) AS finished_at, command FROM snapshots WHERE snapshot_id = ?`, [id]);
  if (!row) throw new UsageError(`no snapshot ${id} in the store: \`whosbehind status\` lists them`);
  if (row['finished_at'] === null) throw new UsageError(`snapshot ${id} never finished (an interrupted ingest): it cannot be compared`);
  return { snapshotId: id, finishedAt: String(row['finished_at']), command: (row['command'] as string | null) ?? null };
}

/** Latest finished snapshot id, and the finished one before a given id (0 when none). */
export async function latestSnapshot(db: Database): Promise<number | null> {
  const row = await db.one<{ id: number | null }>(`SELECT max(snapshot_id) AS id FROM snapshots WHERE finished_at IS NOT NULL`);
  return row?.id === null || row?.id === undefined ? null : Number(row.id);
}

async function snapshotBefore(db: Database, id: number): Promise<number> {
  const row = await db.one<{ id: number | null }>(`SELECT max(snapshot_id) AS id FROM snapshots WHERE finished_at IS NOT NULL AND snapshot_id < ?`, [id]);
  return row?.id === null || row?.id === undefined ? 0 : Number(row.id);
}

function scopeSql(options: DiffOptions, basis: Basis): string {
  const parts: string[] = [];
  if (options.agency) {
    const ref = options.agency;
    parts.push(basis === 'either' ? agencyEitherCondition(ref, 'transactions', 's') : agencyCondition(ref, basis, 'transactions', 's'));
  }
  const who: string[] = [];
  if (options.companies?.length) who.push(`s.fam IN (${options.companies.map((c) => literal(c.familyId)).join(', ')})`);
  for (const k of options.keywords ?? []) {
    const like = literal(`%${k.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    who.push(`(lower(coalesce(s.recipient_name, '')) LIKE ${like} ESCAPE '\\' OR lower(coalesce(s.transaction_description, '')) LIKE ${like} ESCAPE '\\')`);
  }
  if (who.length) parts.push(`(${who.join(' OR ')})`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

function record(r: Record<string, unknown>): DiffRecord {
  const s = (k: string): string | null => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  return {
    key: String(r['contract_transaction_unique_key']), awardKey: String(r['contract_award_unique_key']), piid: s('award_id_piid'),
    modification: s('modification_number'), amount: s('federal_action_obligation'), actionDate: s('action_date'),
    recipient: s('recipient_name'), familyId: s('fam'), familyName: s('family_name'), awardingSubtier: s('awarding_sub_agency_code'),
    awardingSubtierName: s('awarding_sub_agency_name'), fundingSubtier: s('funding_sub_agency_code'),
    description: s('transaction_description'), sourceFile: String(r['source_file']), line: Number(r['source_line']),
    snapshotId: Number(r['snapshot_id']),
  };
}

const sum = (records: readonly DiffRecord[]): bigint => records.reduce((a, r) => a + toCents(r.amount), 0n);
const byKey = (a: DiffRecord, b: DiffRecord): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Compares the transactions in scope at two snapshots: new awards (no record of the award before),
 * new modifications (new records of awards seen before), changed records (same key, other content,
 * with the amount change), removed records, and new (agency, family) pairs — each with its records.
 */
export async function diffSnapshots(db: Database, options: DiffOptions = {}): Promise<DiffAnswer> {
  const latest = await latestSnapshot(db);
  if (latest === null) throw new UsageError('the store has no snapshots yet: ingest or fetch data first');
  const toId = options.to ?? latest;
  const to = await snapshotInfo(db, toId);
  const fromId = options.from ?? (await snapshotBefore(db, toId));
  // an unknown snapshot is named as such before the two are compared
  const from = fromId === 0 ? { snapshotId: 0 as const, finishedAt: null, command: null } : await snapshotInfo(db, fromId);
  if (fromId > toId) throw new UsageError(`--from ${fromId} is later than --to ${toId}`);
  const basis = options.basis ?? 'either';
  const scope = scopeSql(options, basis);
  const select = (snap: number): string => `SELECT s.*, f.name AS family_name, src.name AS source_file
    FROM ${stateAt(snap)} s LEFT JOIN entity_families f ON f.family_id = s.fam JOIN sources src ON src.source_id = s.source_id
    WHERE ${scope}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE wb_diff_old AS ${select(fromId)}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE wb_diff_new AS ${select(toId)}`);
  try {
    const order = 'ORDER BY contract_award_unique_key, action_date, contract_transaction_unique_key';
    const added = (await db.all(`SELECT n.* FROM wb_diff_new n
        WHERE NOT EXISTS (SELECT 1 FROM wb_diff_old o WHERE o.contract_transaction_unique_key = n.contract_transaction_unique_key) ${order}`)).map(record);
    // Awards seen before in any agency: a new record of one is a modification, not a new award.
    await db.run(`CREATE OR REPLACE TEMP TABLE wb_diff_old_awards AS SELECT DISTINCT contract_award_unique_key AS k FROM ${stateAt(fromId)} s`);
    const oldAwards = new Set((await db.all<{ k: string }>(`SELECT DISTINCT n.contract_award_unique_key AS k FROM wb_diff_new n
        JOIN wb_diff_old_awards a ON a.k = n.contract_award_unique_key`)).map((r) => r.k));
    const awards = new Map<string, DiffRecord[]>();
    const newModifications: NewModification[] = [];
    for (const r of added) {
      if (oldAwards.has(r.awardKey)) {
        const c = toCents(r.amount);
        newModifications.push({ record: r, amount: centsToString(c), deobligation: c < 0n });
      } else {
        awards.set(r.awardKey, [...(awards.get(r.awardKey) ?? []), r]);
      }
    }
    const newAwards: NewAward[] = [...awards.entries()].map(([awardKey, records]) => {
      const first = records[0]!;
      return {
        awardKey, piid: first.piid, recipient: first.recipient, familyId: first.familyId, familyName: first.familyName,
        agency: first.awardingSubtierName ?? first.awardingSubtier, amount: centsToString(sum(records)), records,
      };
    });
    const changedRows = await db.all(`SELECT ${COLS.map((c) => `o.${ident(c)} AS ${ident(`o_${c}`)}, n.${ident(c)} AS ${ident(c)}`).join(', ')},
        o.fam AS o_fam, n.fam, o.family_name AS o_family_name, n.family_name, o.source_file AS o_source_file, n.source_file,
        o.source_line AS o_source_line, n.source_line, o.snapshot_id AS o_snapshot_id, n.snapshot_id
      FROM wb_diff_new n JOIN wb_diff_old o USING (contract_transaction_unique_key)
      WHERE o.row_hash <> n.row_hash ORDER BY n.contract_transaction_unique_key`);
    const changedRecords: ChangedRecord[] = changedRows.map((r) => {
      const before = record(Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('o_')).map(([k, v]) => [k.slice(2), v])));
      before.key = String(r['contract_transaction_unique_key']);
      const after = record(r);
      const change = toCents(after.amount) - toCents(before.amount);
      return { before, after, change: centsToString(change), deobligation: change < 0n };
    });
    const removedRecords = (await db.all(`SELECT o.* FROM wb_diff_old o
        WHERE NOT EXISTS (SELECT 1 FROM wb_diff_new n WHERE n.contract_transaction_unique_key = o.contract_transaction_unique_key) ${order}`)).map(record);

    // (agency, family) pairs new in `to`, on the awarding and/or funding subtier.
    const pairs: NewPair[] = [];
    for (const b of basis === 'either' ? (['awarding', 'funding'] as const) : [basis]) {
      const code = `${b}_sub_agency_code`;
      const rows = (await db.all(`SELECT n.* FROM wb_diff_new n
          WHERE n.fam IS NOT NULL AND n.${ident(code)} IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM wb_diff_old o WHERE o.fam = n.fam AND o.${ident(code)} = n.${ident(code)})
          ORDER BY n.${ident(code)}, n.fam, n.action_date, n.contract_transaction_unique_key`)).map((r) => ({ r: record(r), code: String(r[code]), name: (r[`${b}_sub_agency_name`] as string | null) ?? null }));
      const grouped = new Map<string, NewPair>();
      for (const { r, code: agencyCode, name } of rows) {
        const k = `${agencyCode}|${r.familyId}`;
        const p = grouped.get(k) ?? { agencyCode, agencyName: name, basis: b, familyId: r.familyId!, familyName: r.familyName, amount: '0.00', records: [] };
        p.records.push(r);
        grouped.set(k, p);
      }
      for (const p of grouped.values()) pairs.push({ ...p, amount: centsToString(sum(p.records)) });
    }
    const byFamily = [...pairs].sort((a, b) => (a.familyId < b.familyId ? -1 : a.familyId > b.familyId ? 1 : a.agencyCode < b.agencyCode ? -1 : a.agencyCode > b.agencyCode ? 1 : a.basis < b.basis ? -1 : 1));
    // largest new money first (by absolute amount: a large de-obligation matters as much), then by key
    const absCents = (m: string): bigint => { const c = toCents(m); return c < 0n ? -c : c; };
    newAwards.sort((a, b) => {
      const d = absCents(b.amount) - absCents(a.amount);
      return d !== 0n ? (d > 0n ? 1 : -1) : a.awardKey < b.awardKey ? -1 : 1;
    });
    newModifications.sort((a, b) => byKey(a.record, b.record));
    return {
      from, to, basis,
      scope: {
        agency: options.agency ? options.agency.name ?? options.agency.code : null,
        companies: (options.companies ?? []).map((c) => c.name),
        keywords: [...(options.keywords ?? [])],
      },
      newAwards, newModifications, changedRecords, removedRecords,
      newFamiliesForAgency: pairs,
      newAgenciesForFamily: byFamily,
      unchanged: !added.length && !changedRecords.length && !removedRecords.length,
    };
  } finally {
    await db.run('DROP TABLE IF EXISTS wb_diff_old');
    await db.run('DROP TABLE IF EXISTS wb_diff_new');
    await db.run('DROP TABLE IF EXISTS wb_diff_old_awards');
  }
}
