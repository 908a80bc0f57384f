import { createHash } from 'node:crypto';
import { listValue } from '@duckdb/node-api';
import type { OcdsFile, OcdsMoney, OcdsProcess } from '../sources/ocds/types.js';
import { isWorkedExample, ocidPrefix } from '../sources/ocds/readOcds.js';
import type { Database } from './database.js';
import type { LoadCounts } from './loadFile.js';
import { OCDS_AGENCIES, OCDS_AWARDS, OCDS_CONTRACTS, OCDS_PROCESSES, OCDS_SUPPLIERS, OCDS_TABLES, type OcdsTableDecl } from './ocdsTables.js';
import { ident } from './sql.js';

type Cell = string | number | boolean | null;

/** An agency's id: the publisher's ocid prefix and the party id, e.g. `ocds-43qwtd:Roads and Maritime Services`. */
export const agencyId = (p: OcdsProcess, partyId: string | null): string | null => (partyId === null ? null : `${ocidPrefix(p.ocid)}:${partyId}`);

/**
 * A supplier's recipient id: `<scheme>-<id>` where the publisher gives an identifier (GB-COH-09506232,
 * MX-RFC-GFM010122DZ9), the same in every publisher's files; else the publisher prefix and party id.
 */
function recipientId(p: OcdsProcess, partyId: string): string {
  const party = p.parties.find((x) => x.partyId === partyId);
  return party?.scheme && party.identifier ? `${party.scheme}-${party.identifier}` : `${ocidPrefix(p.ocid)}:${partyId}`;
}

const amount = (m: OcdsMoney | null): [string | null, string | null, string | null] => (m ? [m.amount, m.currency, m.field] : [null, null, null]);
const day = (iso: string | null): string | null => (iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : null);

/** The rows of one process for each OCDS table, in declared column order (provenance added at insert). */
function rowsOf(p: OcdsProcess, digest: string, pointer: string): Map<OcdsTableDecl, Cell[][]> {
  const prefix = ocidPrefix(p.ocid);
  const agencies = p.parties.filter((x) => x.roles.includes('buyer') || x.roles.includes('procuringEntity'));
  const suppliers = p.parties.filter((x) => x.roles.includes('supplier') || x.roles.includes('tenderer'));
  const ids = (list: string[]): string | null => (list.length ? list.join('|') : null);
  return new Map<OcdsTableDecl, Cell[][]>([
    [OCDS_PROCESSES, [[
      p.ocid, prefix, p.publisher.name, p.publisher.uri, p.publisher.country, p.publisher.countryBasis, p.version, p.compiledFrom,
      p.releaseCount, p.releaseIds.join(' '), utc(p.date), p.tags.join(' '), p.tenderTitle, p.tenderStatus, ...amount(p.tenderValue).slice(0, 2),
      agencyId(p, p.buyer), agencyId(p, p.procuringEntity), isWorkedExample(p), digest, pointer,
    ]]],
    [OCDS_AGENCIES, agencies.map((a) => [
      agencyId(p, a.partyId), p.ocid, prefix, p.publisher.name, p.publisher.country, a.partyId, a.name, a.scheme, a.identifier,
      a.roles.join(' '), a.additionalIdentifiers.join(' ') || null,
    ])],
    [OCDS_SUPPLIERS, suppliers.map((s) => [
      recipientId(p, s.partyId), p.ocid, prefix, s.partyId, s.name, s.legalName, s.scheme, s.identifier, s.roles.join(' '), s.countryName,
    ])],
    [OCDS_AWARDS, p.awards.map((a) => [
      p.ocid, a.awardId, a.title, a.status, day(a.date), ...amount(a.value), agencyId(p, p.buyer), ids(a.suppliers), a.pointer,
    ])],
    [OCDS_CONTRACTS, p.contracts.map((k) => [
      p.ocid, k.contractId, k.awardId, k.title, k.status, day(k.dateSigned), day(k.periodStart), day(k.periodEnd), ...amount(k.value),
      agencyId(p, k.buyer), ids(k.suppliers), k.pointer,
    ])],
  ]);
}

const CAST: Record<string, string> = { money: 'DECIMAL(18,2)', int: 'BIGINT', bool: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' };

/** An OCDS date-time (any offset) as UTC "YYYY-MM-DD HH:MM:SS.sss" (the reader checked it parses). */
const utc = (iso: string): string => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');

/**
 * Inserts rows in one statement: the rows travel as one JSON text parameter, which DuckDB parses natively
 * (much faster than one bound list per column), each column read as text and cast to its declared type.
 */
async function insert(db: Database, t: OcdsTableDecl, rows: Cell[][], sourceId: number, snapshotId: number): Promise<void> {
  if (rows.length === 0) return;
  // Rows as arrays of text: JSON numbers and booleans become their text in a VARCHAR slot, cast back below.
  const select = t.columns.map((c, i) => (CAST[c.type] ? `CAST(r[${i + 1}] AS ${CAST[c.type]})` : `r[${i + 1}]`));
  await db.run(`INSERT INTO ${ident(t.table)} (${t.columns.map((c) => ident(c.name)).join(', ')}, source_id, snapshot_id)
    SELECT ${select.join(', ')}, ${sourceId}, ${snapshotId} FROM (SELECT unnest(from_json(CAST($1 AS JSON), '[["VARCHAR"]]')) AS r)`, [JSON.stringify(rows)]);
}

/**
 * Stores an OCDS file's processes. Per ocid: the same compiled content as stored → unchanged; a process
 * whose latest release is newer than the stored one (or equal with other content, e.g. a corrected
 * republication) → replaced, every row of the old version removed; an older one → rejected with the
 * reason. Counts are per process: read = loaded + replaced + unchanged + rejected.
 */
export async function loadOcdsFile(db: Database, input: { ocds: OcdsFile; displayName: string; sourceId: number; snapshotId: number }): Promise<{ counts: LoadCounts; warnings: string[] }> {
  const { ocds, sourceId, snapshotId } = input;
  const counts: LoadCounts = { read: 0, loaded: 0, replaced: 0, unchanged: 0, deleted: 0, rejected: 0, deletedAbsent: 0 };
  const warnings: string[] = [];
  const stored = new Map((await db.all<{ ocid: string; d: string; t: string; file: string }>(
    `SELECT p.ocid, p.process_digest AS d, CAST(p.release_date AS VARCHAR) AS t, s.name AS file FROM ocds_processes p JOIN sources s USING (source_id)
     WHERE p.ocid IN (SELECT unnest(?::VARCHAR[]))`, [listValue(ocds.processes.map((p) => p.ocid))])).map((r) => [r.ocid, r]));
  const batches = new Map<OcdsTableDecl, Cell[][]>(OCDS_TABLES.map((t) => [t, []]));
  const replace: string[] = [];
  const rejects: Array<[string, string]> = [];
  for (const p of ocds.processes) {
    counts.read++;
    // Content only: the same process read from a release package or from its record is the same process.
    const digest = createHash('md5').update(JSON.stringify({ ...p, pointer: undefined, compiledFrom: undefined, releaseIds: undefined, releaseCount: undefined, awards: p.awards.map((a) => ({ ...a, pointer: undefined })), contracts: p.contracts.map((k) => ({ ...k, pointer: undefined })) })).digest('hex');
    const prior = stored.get(p.ocid);
    if (prior) {
      const newer = Date.parse(p.date) > Date.parse(`${prior.t.replace(' ', 'T')}Z`);
      if (prior.d === digest) { counts.unchanged++; continue; }
      if (!newer && Date.parse(p.date) < Date.parse(`${prior.t.replace(' ', 'T')}Z`)) {
        counts.rejected++;
        rejects.push([p.pointer || '/', `ocid ${p.ocid}: compiled release of ${p.date} is older than the stored one (${prior.t} UTC, from ${prior.file}); stored process kept`]);
        continue;
      }
      replace.push(p.ocid);
      counts.replaced++;
    } else counts.loaded++;
    for (const [t, rows] of rowsOf(p, digest, p.pointer || '/')) batches.get(t)!.push(...rows);
  }
  if (replace.length) {
    for (const t of OCDS_TABLES) await db.run(`DELETE FROM ${ident(t.table)} WHERE ocid IN (SELECT unnest(?::VARCHAR[]))`, [listValue(replace)]);
  }
  for (const [t, rows] of batches) await insert(db, t, rows, sourceId, snapshotId);
  for (const [field, reason] of rejects) {
    await db.run(`INSERT INTO rejects VALUES (?, ?, 0, ?, ?, NULL)`, [snapshotId, sourceId, field, reason]);
  }
  if (ocds.fictional) warnings.push('FICTIONAL data: the official OCDS worked example (London Borough of Barnet), for trying the tool only');
  return { counts, warnings };
}
