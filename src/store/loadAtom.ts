import { entryToAction, type ColumnValues, type FpdsAction } from '../sources/fpdsAtom/actionRecord.js';
import type { AtomPage, RejectedEntry } from '../sources/fpdsAtom/atomPage.js';
import { FPDS_ATOM_IDVS, FPDS_ATOM_TRANSACTIONS } from '../sources/fpdsAtom/layouts.js';
import type { Database } from './database.js';
import { loadFile, type LoadCounts } from './loadFile.js';
import { ident } from './sql.js';
import { IDV_ACTIONS, TRANSACTIONS, type TableDecl } from './tables.js';

/** A subtier code's toptier (CGAC or FREC) code and name: FPDS names only the subtier. */
export type ToptierLookup = (subtierCode: string) => { code: string; name: string } | undefined;

/** One parsed page of a batch and the source id it is stored under. */
export interface AtomPageInput {
  page: AtomPage;
  displayName: string;
  sourceId: number;
}

export interface AtomLoadInput {
  /** Pages with consecutive source ids, in order. */
  pages: readonly AtomPageInput[];
  snapshotId: number;
  toptier: ToptierLookup;
}

export interface AtomPageResult {
  sourceId: number;
  /** The page's entries: read = loaded + replaced + unchanged + rejected (entries that are no action included). */
  counts: LoadCounts;
  /** The IDV documents among them, as rows of idv_actions. */
  idvCounts: LoadCounts;
  warnings: string[];
}

const zero = (): LoadCounts => ({ read: 0, loaded: 0, replaced: 0, unchanged: 0, deleted: 0, rejected: 0, deletedAbsent: 0 });

/** Fills the toptier agency columns the feed leaves out, from the subtier codes it gives. */
function withToptiers(tx: ColumnValues, toptier: ToptierLookup, unresolved: Set<string>): void {
  for (const side of ['awarding', 'funding'] as const) {
    const sub = tx[`${side}_sub_agency_code`];
    if (!sub) continue;
    const top = toptier(sub);
    if (top) {
      tx[`${side}_agency_code`] = top.code;
      tx[`${side}_agency_name`] = top.name;
    } else {
      unresolved.add(sub);
    }
  }
}

type Staged = { source: number; line: number; values: ColumnValues };

async function stage(db: Database, name: string, table: TableDecl, rows: readonly Staged[]): Promise<string[]> {
  const columns = table.columns.map((c) => c.name);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} (${columns.map((c) => `${ident(c)} VARCHAR`).join(', ')}, wb_line BIGINT, wb_source INTEGER)`);
  await db.appendRows(name, rows.map((r) => [...columns.map((c) => r.values[c] ?? null), r.line, r.source]));
  return columns;
}

/**
 * Loads parsed ATOM pages inside the caller's transaction, as one batch: every action into
 * `transactions`, every IDV document also into `idv_actions`, through the CSV loader's plan and
 * classification (re-loading a page changes nothing; a newer lastModifiedDate replaces; an older one is
 * refused; an action on two pages of the batch is one action). Entries that are not an action (no
 * document, an unreadable amount or date, no key) go to `rejects` with their line, element and reason,
 * and are counted. Counts and warnings come back per page.
 */
export async function loadAtomPages(db: Database, input: AtomLoadInput): Promise<AtomPageResult[]> {
  const txRows: Staged[] = [], idvRows: Staged[] = [];
  const rejected: Array<RejectedEntry & { source: number }> = [];
  const unresolved = new Map<number, Set<string>>();
  for (const p of input.pages) {
    const missing = new Set<string>();
    for (const r of p.page.rejected) rejected.push({ ...r, source: p.sourceId });
    for (const e of p.page.entries) {
      const a = entryToAction(e);
      if (!('transaction' in a)) { rejected.push({ ...a, source: p.sourceId }); continue; }
      withToptiers(a.transaction, input.toptier, missing);
      txRows.push({ source: p.sourceId, line: a.line, values: a.transaction });
      if (a.idv) idvRows.push({ source: p.sourceId, line: a.line, values: a.idv });
    }
    unresolved.set(p.sourceId, missing);
  }
  const first = input.pages[0]?.sourceId ?? 0;
  const last = input.pages[input.pages.length - 1]?.sourceId ?? 0;
  const names = new Map(input.pages.map((p) => [p.sourceId, p.displayName]));
  const base = { csvPath: '', displayName: input.pages[0]?.displayName ?? '', sourceId: first, lastSourceId: last, snapshotId: input.snapshotId, batchNames: names };
  let tx: ReadonlyMap<number, LoadCounts> = new Map(), idv: ReadonlyMap<number, LoadCounts> = new Map();
  try {
    if (txRows.length) {
      const header = await stage(db, 'wb_atom_tx', TRANSACTIONS, txRows);
      tx = (await loadFile(db, { ...base, layout: FPDS_ATOM_TRANSACTIONS, header, staged: { table: 'wb_atom_tx' } })).bySource;
    }
    if (idvRows.length) {
      const header = await stage(db, 'wb_atom_idv', IDV_ACTIONS, idvRows);
      idv = (await loadFile(db, { ...base, layout: FPDS_ATOM_IDVS, header, staged: { table: 'wb_atom_idv' } })).bySource;
    }
  } finally {
    for (const t of ['wb_atom_tx', 'wb_atom_idv']) await db.run(`DROP TABLE IF EXISTS temp.${ident(t)}`).catch(() => undefined);
  }
  rejected.sort((a, b) => a.source - b.source || a.line - b.line);
  if (rejected.length) {
    await db.appendRows('rejects', rejected.map((r) => [input.snapshotId, r.source, r.line, r.field, r.reason, JSON.stringify({ entry: r.index, title: r.title ?? null })]));
  }
  return input.pages.map((p) => {
    const c = { ...(tx.get(p.sourceId) ?? zero()) };
    const extra = rejected.filter((r) => r.source === p.sourceId).length;
    c.read += extra;
    c.rejected += extra;
    const warnings: string[] = [];
    const missing = unresolved.get(p.sourceId)!;
    if (missing.size) {
      warnings.push(`no toptier agency known for subtier code(s) ${[...missing].sort().join(', ')}: awarding/funding_agency_code left empty (ingest the official agency_codes.csv to resolve them)`);
    }
    return { sourceId: p.sourceId, counts: c, idvCounts: idv.get(p.sourceId) ?? zero(), warnings };
  });
}
