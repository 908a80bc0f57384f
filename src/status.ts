import type { Database } from './store/database.js';
import { ident } from './store/sql.js';
import { FEDRAMP_TABLES } from './store/fedrampTables.js';
import { TABLES } from './store/tables.js';
import { REJECT_KIND_BY_ID, rejectKindSql } from './analysis/rejectKinds.js';

/** What a store holds: snapshots, sources with their counts, table sizes and reject reasons. */
export interface StoreStatus {
  path: string;
  schemaVersion: number;
  tables: Array<{ view: string; rows: number }>;
  snapshots: Array<{ snapshot_id: number; started_at: string; finished_at: string | null; command: string; tool_version: string; files: number; api_calls: number }>;
  sources: Array<{
    source_id: number; snapshot_id: number; name: string; layout: string; sha256: string; bytes: number;
    read: number; loaded: number; replaced: number; unchanged: number; deleted: number; rejected: number; warnings: string[];
  }>;
  rejectReasons: Array<{ source_id: number; field: string | null; reason: string; rows: number; first_line: number }>;
  /** Rejects per source grouped by kind (src/analysis/rejectKinds.ts), each with its first real reject unmasked. */
  rejectKinds: Array<{ source_id: number; kind: string; label: string; rows: number; example: { file: string; line: number; field: string | null; reason: string } }>;
  /** FedRAMP Marketplace feeds stored, oldest first; the views show the one marked current. */
  fedrampFeeds: Array<{
    source_id: number; snapshot_id: number; name: string; last_change: string | null; current: boolean;
    superseded_snapshot_id: number | null; offerings: number; agencies: number; authorizations: number; builds_on: number;
  }>;
}

const num = (v: unknown): number => Number(v);

/** Reads the status of an open store. */
export async function storeStatus(db: Database): Promise<StoreStatus> {
  const version = await db.one<{ value: string }>(`SELECT value FROM wb_meta WHERE key = 'schema_version'`);
  const tables = [];
  for (const t of TABLES) {
    const r = await db.one<{ n: string }>(`SELECT count(*) AS n FROM ${ident(t.table)}`);
    tables.push({ view: t.view, rows: num(r?.n) });
  }
  // The FedRAMP views hold the current feed only; the rows of superseded feeds are not counted here.
  for (const t of FEDRAMP_TABLES) {
    const r = await db.one<{ n: string }>(`SELECT count(*) AS n FROM ${ident(t.view)}`);
    tables.push({ view: t.view, rows: num(r?.n) });
  }
  const snapshots = (await db.all(`SELECT snapshot_id, CAST(started_at AS VARCHAR) AS started_at,
      CAST(finished_at AS VARCHAR) AS finished_at, command, tool_version, files,
      (SELECT count(*) FROM api_calls a WHERE a.snapshot_id = s.snapshot_id) AS api_calls FROM snapshots s ORDER BY snapshot_id`))
    .map((s) => ({ ...s, snapshot_id: num(s['snapshot_id']), files: num(s['files']), api_calls: num(s['api_calls']) })) as StoreStatus['snapshots'];
  const sources = (await db.all(`SELECT * FROM sources ORDER BY source_id`)).map((s) => ({
    source_id: num(s['source_id']), snapshot_id: num(s['snapshot_id']), name: String(s['name']), layout: String(s['layout']),
    sha256: String(s['sha256']), bytes: num(s['bytes']), read: num(s['read']), loaded: num(s['loaded']),
    replaced: num(s['replaced']), unchanged: num(s['unchanged']), deleted: num(s['deleted']), rejected: num(s['rejected']),
    warnings: s['warnings'] ? (JSON.parse(String(s['warnings'])) as string[]) : [],
  }));
  // Reasons grouped with numbers and line references masked, so "identical repeat of line 9702" groups;
  // likewise array indices in JSON paths, so "data.AtoMapping[226].agency_id" groups with its like.
  const rejectReasons = (await db.all(`SELECT source_id, regexp_replace(field, '\\[[0-9]+\\]', '[N]', 'g') AS field,
      regexp_replace(reason, '[0-9]+', 'N', 'g') AS reason,
      count(*) AS rows, min(line) AS first_line FROM rejects GROUP BY ALL ORDER BY source_id, rows DESC`))
    .map((r) => ({ source_id: num(r['source_id']), field: (r['field'] as string | null) ?? null, reason: String(r['reason']), rows: num(r['rows']), first_line: num(r['first_line']) }));
  const rejectKinds = (await db.all(`SELECT r.source_id, ${rejectKindSql('r.reason', 's.layout')} AS kind, count(*) AS rows,
      min(r.line) AS line, arg_min(r.field, r.line) AS field, arg_min(r.reason, r.line) AS reason, any_value(s.name) AS file
      FROM rejects r JOIN sources s USING (source_id) GROUP BY ALL ORDER BY r.source_id, rows DESC, kind`))
    .map((r) => ({
      source_id: num(r['source_id']), kind: String(r['kind']), label: REJECT_KIND_BY_ID.get(String(r['kind']))?.label ?? String(r['kind']), rows: num(r['rows']),
      example: { file: String(r['file']), line: num(r['line']), field: (r['field'] as string | null) ?? null, reason: String(r['reason']) },
    }));
  const fedrampFeeds = (await db.all(`SELECT f.*, s.name FROM fedramp_feeds f JOIN sources s USING (source_id) ORDER BY source_id`)).map((f) => ({
    source_id: num(f['source_id']), snapshot_id: num(f['snapshot_id']), name: String(f['name']),
    last_change: (f['last_change'] as string | null) ?? null, current: f['superseded_snapshot_id'] === null,
    superseded_snapshot_id: f['superseded_snapshot_id'] === null ? null : num(f['superseded_snapshot_id']),
    offerings: num(f['offerings']), agencies: num(f['agencies']), authorizations: num(f['authorizations']), builds_on: num(f['builds_on']),
  }));
  return { path: db.path, schemaVersion: Number(version?.value ?? 0), tables, snapshots, sources, rejectReasons, rejectKinds, fedrampFeeds };
}
