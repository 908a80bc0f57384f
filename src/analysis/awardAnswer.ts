/**
 * One award, fully traced: `whosbehind award ID`. Resolves an award key or PIID, then gathers every stored
 * record of that award (transactions, its award summary, subawards reported under it), its parent
 * vehicle (or, for an IDV, the orders under it), and the source file and line of each record.
 *
 * Money is exact: amounts come from DuckDB as decimal text and are added as BigInt cents
 * (src/analysis/money.ts). Negative obligations (de-obligations) are kept as they are. Nothing here adds
 * an award summary, a parent vehicle's amounts or subawards to an award's obligations.
 */
import { NotFoundError, UsageError } from '../errors.js';
import type { Database } from '../store/database.js';
import { ident } from '../store/sql.js';
import { AWARD_SUMMARIES, SUBAWARDS, TRANSACTIONS, type TableDecl } from '../store/tables.js';
import type { AnswerContext, EvidenceRecord } from './answer.js';
import { fiscalYearOf } from './fiscalYears.js';
import { centsToString, toCents } from './money.js';
import { computeCoverage, type Coverage } from './coverage.js';

// ─── the answer ────────────────────────────────────────────────────────────────────────────────────

/** A stored record, named by the view it lives in and its key. */
export interface RecordRef {
  table: EvidenceRecord['table'];
  key: string;
}

/** The parts of an award key: CONT_AWD_<piid>_<agency>_<parent piid>_<parent agency>, or CONT_IDV_<piid>_<agency>. */
export interface ParsedAwardKey {
  kind: 'award' | 'idv';
  piid: string;
  agencyId: string | null;
  /** Parent vehicle PIID ('-NONE-' in the key: null). Always null for an IDV key, which does not encode it. */
  parentPiid: string | null;
  parentAgencyId: string | null;
}

export interface RecipientBlock {
  name: string | null;
  uei: string | null;
  duns: string | null;
  parentName: string | null;
  parentUei: string | null;
  parentDuns: string | null;
  from: RecordRef;
}

export interface AgencyBlock {
  agencyCode: string | null;
  agencyName: string | null;
  subAgencyCode: string | null;
  subAgencyName: string | null;
  officeCode: string | null;
  officeName: string | null;
  from: RecordRef;
}

export interface CodeBlock {
  code: string | null;
  description: string | null;
  from: RecordRef;
}

export interface AwardSummaryInfo {
  recipient: RecipientBlock | null;
  awarding: AgencyBlock | null;
  /** Null where no loaded record names a funding agency (the API projection never does). */
  funding: AgencyBlock | null;
  psc: CodeBlock | null;
  naics: CodeBlock | null;
  description: { text: string; from: RecordRef } | null;
  /** award_type (or idv_type for an IDV) as the records give it. */
  awardType: string | null;
  dates: {
    /** award_base_action_date of the award summary, else the earliest loaded action date. */
    base: string | null;
    /** award_latest_action_date of the award summary, else the latest loaded action date. */
    latest: string | null;
    periodOfPerformanceStart: string | null;
    periodOfPerformanceCurrentEnd: string | null;
    periodOfPerformancePotentialEnd: string | null;
  };
  /** potential_total_value_of_award (a ceiling, not money spent), from the summary or the latest transaction. */
  potentialTotalValue: string | null;
  currentTotalValue: string | null;
  permalink: string;
  /** True when no record carried a permalink and it was built from the award key. */
  permalinkBuilt: boolean;
}

export interface AwardTransaction {
  key: string;
  modificationNumber: string | null;
  transactionNumber: string | null;
  actionDate: string | null;
  fiscalYear: number | null;
  actionTypeCode: string | null;
  actionType: string | null;
  /** federal_action_obligation, exact ("-12475741.45"). */
  obligation: string;
  /** Sum of the counted obligations up to and including this one, in the order listed. */
  runningTotal: string;
  description: string | null;
  /** A negative obligation (money taken back). */
  deobligation: boolean;
  /** Row from the API projection (key starts 'API-'): only a few fields, no funding agency. */
  apiProjection: boolean;
  /**
   * Counted in the totals. False only for an API-projection row that repeats a full transaction row of this
   * award (same modification, date and amount): the same action loaded from two layouts.
   */
  counted: boolean;
  repeatOf: string | null;
  lastModified: string | null;
  sourceFile: string;
  line: number;
  snapshotId: number;
}

export interface AwardTotals {
  /** Transaction rows loaded for this award. */
  transactionCount: number;
  /** Rows counted (all but API-projection repeats of full rows). */
  countedTransactions: number;
  /** Exact sum of the counted transactions' obligations. */
  transactionsObligated: string;
  /** Sum of the positive and of the negative counted obligations. */
  obligations: string;
  deobligations: string;
  repeatsNotCounted: { count: number; amount: string };
  /** total_obligated_amount of the award summary record, when one is loaded. */
  summaryObligated: string | null;
  /** summaryObligated − transactionsObligated, when a summary is loaded. */
  difference: string | null;
  mismatch: boolean;
  note: string | null;
}

export interface VehicleRecord {
  key: string;
  transactionCount: number;
  /** Sum of the vehicle's own transactions (not its orders'). */
  transactionsObligated: string;
  summaryObligated: string | null;
  recipientName: string | null;
}

export interface ParentVehicle {
  hasParent: boolean;
  /** Parsed from the award key (CONT_AWD_…_<parent piid>_<parent agency>). */
  fromKey: { piid: string; agencyId: string | null } | null;
  /** Distinct parent_award_id_piid / parent_award_agency_id values on the award's records. */
  fromRecords: Array<{ piid: string; agencyId: string | null; agencyName: string | null }>;
  piid: string | null;
  agencyId: string | null;
  agencyName: string | null;
  /** CONT_IDV_<piid>_<agency>, when the agency is known. */
  expectedKey: string | null;
  /** The vehicle's own record(s) are loaded. */
  inStore: boolean;
  records: VehicleRecord[];
  notes: string[];
}

export interface IdvOrder {
  key: string;
  kind: 'order' | 'idv';
  piid: string | null;
  recipientName: string | null;
  transactionCount: number;
  transactionsObligated: string;
  summaryObligated: string | null;
}

export interface IdvOrders {
  /** Orders (CONT_AWD) and child vehicles (CONT_IDV) whose key or parent_award_id_piid names this IDV. */
  orders: IdvOrder[];
  orderCount: number;
  childVehicleCount: number;
  /** Sum over the orders (not child vehicles) of their loaded transactions. */
  ordersTransactionsObligated: string;
  /** Sum over the orders with a loaded award summary of total_obligated_amount (a separate figure: never added to the above). */
  ordersSummaryObligated: string;
  ordersWithSummary: number;
  note: string;
}

export type SubawardFlag = 'duplicate' | 'amount-is-subaward-number' | 'exceeds-prime-total' | 'negative';

export interface AwardSubaward {
  key: string;
  subawardNumber: string | null;
  amount: string;
  actionDate: string | null;
  subawardee: { name: string | null; uei: string | null; duns: string | null; parentName: string | null; parentUei: string | null };
  reportId: string | null;
  reportYear: number | null;
  reportMonth: number | null;
  description: string | null;
  /** Set on a likely re-report: the key of the first report of the same subaward number and amount. */
  duplicateOf: string | null;
  flags: SubawardFlag[];
  notes: string[];
  sourceFile: string;
  line: number;
  snapshotId: number;
}

export interface AwardSubawards {
  count: number;
  items: AwardSubaward[];
  /** Every reported amount added up. */
  total: string;
  /** Each subaward number and amount counted once (re-reports left out). */
  totalWithoutDuplicates: string;
  /** Re-reports and suspect amounts left out. */
  totalWithoutFlagged: string;
  duplicateCount: number;
  suspectCount: number;
  /** What "larger than the prime award's total" was measured against. */
  primeTotal: { amount: string; basis: string } | null;
  /** The subawards, re-reports left out, add up to more than the prime award's total. */
  exceedsPrimeTotal: boolean;
  note: string;
}

export interface SourceFileInfo {
  sourceId: number;
  name: string;
  sha256: string;
  layout: string;
  snapshotId: number;
  archive: string | null;
  archiveSha256: string | null;
  /** Records of this answer that came from the file. */
  records: number;
}

export interface AwardAnswer {
  kind: 'award';
  context: AnswerContext;
  /** The snapshot the answer was computed from (context.snapshotId). */
  snapshotId: number | null;
  /** The ID as asked. */
  query: string;
  /** 'vehicle named by stored awards': an IDV whose own record is not loaded, known as the parent its orders name. */
  matchedBy: MatchedBy;
  awardKey: string;
  /** A contract award (definitive contract, order, BPA call) or an indefinite-delivery vehicle. */
  awardKind: 'award' | 'idv';
  piid: string | null;
  parsedKey: ParsedAwardKey | null;
  summary: AwardSummaryInfo;
  totals: AwardTotals;
  transactions: AwardTransaction[];
  parent: ParentVehicle;
  /** For an IDV: the orders under it. Null for an order or definitive award. */
  idv: IdvOrders | null;
  subawards: AwardSubawards;
  sources: SourceFileInfo[];
  evidence: EvidenceRecord[];
  /** What the store holds of this award (sources, years), refused rows naming it, limits. */
  coverage: Coverage;
  notes: string[];
}

// ─── stored rows ───────────────────────────────────────────────────────────────────────────────────

/** A view row with every value as text (money and dates exactly as DuckDB writes them), null for NULL. */
type Rec = Record<string, string | null>;

const PROVENANCE_SELECT = `source_file, CAST(source_line AS VARCHAR) AS source_line, CAST(source_id AS VARCHAR) AS source_id,
  CAST(snapshot_id AS VARCHAR) AS snapshot_id`;

/** SELECT list of every declared column as text, plus provenance. */
function textColumns(decl: TableDecl): string {
  const cols = decl.columns.map((c) => (c.type === 'text' ? ident(c.name) : `CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`));
  return `${cols.join(', ')}, ${PROVENANCE_SELECT}`;
}

async function texts(db: Database, sql: string, params: Array<string> = []): Promise<Rec[]> {
  const rows = await db.all(sql, params);
  return rows.map((row) => {
    const out: Rec = {};
    for (const [k, v] of Object.entries(row)) out[k] = v === null || v === undefined ? null : String(v);
    return out;
  });
}

const v = (r: Rec | undefined, column: string): string | null => r?.[column] ?? null;
const num = (text: string | null): number | null => (text === null || text === '' ? null : Number(text));

function provenance(r: Rec): { sourceFile: string; line: number; snapshotId: number; sourceId: number } {
  return { sourceFile: r['source_file']!, line: Number(r['source_line']), snapshotId: Number(r['snapshot_id']), sourceId: Number(r['source_id']) };
}

// ─── award keys ────────────────────────────────────────────────────────────────────────────────────

const none = (part: string | undefined): string | null => (part === undefined || part === '' || part.toUpperCase() === '-NONE-' ? null : part);

/** Parses CONT_AWD_<piid>_<agency>_<parent piid>_<parent agency> or CONT_IDV_<piid>_<agency>; null for anything else. */
export function parseAwardKey(key: string): ParsedAwardKey | null {
  const parts = key.split('_');
  const head = `${parts[0] ?? ''}_${parts[1] ?? ''}`.toUpperCase();
  if (head === 'CONT_AWD' && parts.length >= 6) {
    const piid = parts.slice(2, parts.length - 3).join('_');
    if (!piid) return null;
    return { kind: 'award', piid, agencyId: none(parts.at(-3)), parentPiid: none(parts.at(-2)), parentAgencyId: none(parts.at(-1)) };
  }
  if (head === 'CONT_IDV' && parts.length >= 4) {
    const piid = parts.slice(2, parts.length - 1).join('_');
    if (!piid) return null;
    return { kind: 'idv', piid, agencyId: none(parts.at(-1)), parentPiid: null, parentAgencyId: null };
  }
  return null;
}

/** The usaspending.gov page of an award. */
export function awardPermalink(awardKey: string): string {
  return `https://www.usaspending.gov/award/${encodeURIComponent(awardKey)}`;
}

/** Accepts an award page address (https://www.usaspending.gov/award/<key>/) as well as a bare ID. */
function normaliseId(id: string): string {
  const trimmed = id.trim();
  const m = /^https?:\/\/(?:www\.)?usaspending\.gov\/award\/([^/?#]+)\/?(?:[?#].*)?$/i.exec(trimmed);
  return m ? decodeURIComponent(m[1]!) : trimmed;
}

// ─── resolution ────────────────────────────────────────────────────────────────────────────────────

/** Where award keys and PIIDs live in the store. */
const KEY_SOURCES = [
  { view: 'transactions', key: 'contract_award_unique_key', piid: 'award_id_piid' },
  { view: 'award_summaries', key: 'contract_award_unique_key', piid: 'award_id_piid' },
  { view: 'subawards', key: 'prime_award_unique_key', piid: 'prime_award_piid' },
] as const;

export type MatchedBy = 'award key' | 'piid' | 'vehicle named by stored awards';

export interface ResolvedAward {
  key: string;
  matchedBy: MatchedBy;
}

/**
 * Finds the one award an ID names: an award key (case-insensitive), else a PIID. Several awards sharing
 * the PIID, or nothing at all, raise NotFoundError with the candidates or the closest keys and PIIDs.
 */
export async function resolveAward(db: Database, rawId: string): Promise<ResolvedAward> {
  const id = normaliseId(rawId);
  if (!id) throw new UsageError('give an award key (CONT_AWD_… or CONT_IDV_…) or a PIID');
  const upper = id.toUpperCase();

  const byKey = await db.all<{ k: string }>(
    KEY_SOURCES.map((s) => `SELECT DISTINCT ${s.key} AS k FROM ${s.view} WHERE upper(${s.key}) = $1`).join(' UNION ') + ' ORDER BY k',
    [upper],
  );
  if (byKey.length === 1) return { key: byKey[0]!.k, matchedBy: 'award key' };
  if (byKey.length > 1) {
    const exact = byKey.find((r) => r.k === id);
    if (exact) return { key: exact.k, matchedBy: 'award key' };
    throw new NotFoundError(`${id} matches ${byKey.length} award keys that differ only in letter case; give one exactly`, byKey.map((r) => r.k));
  }

  // A PIID: the award's own PIID column, or the PIID part of the key (for records whose PIID column is empty).
  const byPiid = await db.all<{ k: string }>(
    KEY_SOURCES.map((s) => `SELECT DISTINCT ${s.key} AS k FROM ${s.view}
      WHERE ${s.key} IS NOT NULL AND (upper(${s.piid}) = $1 OR (${s.piid} IS NULL AND upper(split_part(${s.key}, '_', 3)) = $1))`).join(' UNION ') + ' ORDER BY k',
    [upper],
  );
  if (byPiid.length === 1) return { key: byPiid[0]!.k, matchedBy: 'piid' };
  if (byPiid.length > 1) {
    throw new NotFoundError(
      `PIID ${id} is used by ${byPiid.length} awards (PIIDs repeat across agencies and vehicles); give the award key`,
      byPiid.map((r) => r.k),
    );
  }

  // A vehicle whose own record is not loaded but which stored awards name as their parent.
  const parsed = parseAwardKey(id);
  const vehiclePiid = parsed?.kind === 'idv' ? parsed.piid.toUpperCase() : parsed ? null : upper;
  if (vehiclePiid !== null) {
    const agency = parsed?.kind === 'idv' ? (parsed.agencyId ?? '').toUpperCase() : '';
    const vehicles = (await namedVehicles(db, vehiclePiid)).filter((x) => agency === '' || x.a.toUpperCase() === agency);
    if (vehicles.length === 1) return { key: `CONT_IDV_${vehicles[0]!.p}_${vehicles[0]!.a}`, matchedBy: 'vehicle named by stored awards' };
    if (vehicles.length > 1) {
      throw new NotFoundError(
        `${id} is named as the parent vehicle of stored awards under ${vehicles.length} agencies; give the vehicle's key`,
        vehicles.map((x) => `CONT_IDV_${x.p}_${x.a}`),
      );
    }
  }

  throw new NotFoundError(`no award with key or PIID ${id} in the store`, await closestIds(db, upper));
}

/** Parent vehicles (PIID and agency) that stored awards name, by award key or parent_award_id_piid, for one PIID. */
async function namedVehicles(db: Database, upperPiid: string): Promise<Array<{ p: string; a: string }>> {
  const byKey = (view: string, column: string): string => `SELECT split_part(${column}, '_', 5) AS p, split_part(${column}, '_', 6) AS a
    FROM ${view} WHERE upper(${column}) LIKE 'CONT\\_AWD\\_%' ESCAPE '\\' AND upper(split_part(${column}, '_', 5)) = $1`;
  const byField = (view: string): string => `SELECT parent_award_id_piid AS p, parent_award_agency_id AS a
    FROM ${view} WHERE upper(parent_award_id_piid) = $1 AND parent_award_agency_id IS NOT NULL`;
  return db.all<{ p: string; a: string }>(
    `SELECT min(p) AS p, min(a) AS a FROM (
       ${byKey('transactions', 'contract_award_unique_key')} UNION ALL ${byField('transactions')}
       UNION ALL ${byKey('award_summaries', 'contract_award_unique_key')} UNION ALL ${byField('award_summaries')}
       UNION ALL ${byKey('subawards', 'prime_award_unique_key')})
     WHERE a <> '' AND upper(a) <> '-NONE-'
     GROUP BY upper(p), upper(a) ORDER BY 2`,
    [upperPiid],
  );
}

/** Up to 5 stored award keys or PIIDs closest to `upper`: prefix first, then containment, then Jaro-Winkler similarity. */
async function closestIds(db: Database, upper: string): Promise<string[]> {
  const candidates = KEY_SOURCES.flatMap((s) => [
    `SELECT DISTINCT ${s.key} AS c FROM ${s.view} WHERE ${s.key} IS NOT NULL`,
    `SELECT DISTINCT ${s.piid} AS c FROM ${s.view} WHERE ${s.piid} IS NOT NULL`,
  ]).join(' UNION ');
  const rows = await db.all<{ c: string }>(
    `WITH c AS (${candidates}), scored AS (
       SELECT c,
         CASE WHEN starts_with(upper(c), $1) THEN 3
              WHEN contains(upper(c), $1) OR (length(c) >= 6 AND contains($1, upper(c))) THEN 2
              ELSE 1 END AS rank,
         jaro_winkler_similarity(upper(c), $1) AS sim
       FROM c)
     SELECT c FROM scored WHERE rank > 1 OR sim >= 0.8
     ORDER BY rank DESC, sim DESC, length(c), c LIMIT 5`,
    [upper],
  );
  return rows.map((r) => r.c);
}

// ─── the answer ────────────────────────────────────────────────────────────────────────────────────

/** Natural order of modification and transaction numbers ("0" < "P00001" < "P00010"; "2" < "10"). */
function naturalCompare(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

function byActionOrder(a: Rec, b: Rec): number {
  const da = v(a, 'action_date');
  const dbb = v(b, 'action_date');
  if (da !== dbb) {
    if (da === null) return 1;
    if (dbb === null) return -1;
    return da < dbb ? -1 : 1;
  }
  return naturalCompare(v(a, 'modification_number'), v(b, 'modification_number'))
    || naturalCompare(v(a, 'transaction_number'), v(b, 'transaction_number'))
    || naturalCompare(v(a, 'contract_transaction_unique_key'), v(b, 'contract_transaction_unique_key'));
}

const isApiRow = (r: Rec): boolean => (v(r, 'contract_transaction_unique_key') ?? '').startsWith('API-');

/** Computes the full trace of one award. */
export async function awardAnswer(db: Database, id: string, ctx: AnswerContext): Promise<AwardAnswer> {
  const { key, matchedBy } = await resolveAward(db, id);
  const parsedKey = parseAwardKey(key);
  const notes: string[] = [];
  const evidence: EvidenceRecord[] = [];
  const sourceCounts = new Map<number, number>();
  const addEvidence = (table: EvidenceRecord['table'], recordKey: string, amount: string | null, r: Rec): void => {
    const p = provenance(r);
    evidence.push({ table, key: recordKey, amount, sourceFile: p.sourceFile, line: p.line, snapshotId: p.snapshotId });
    sourceCounts.set(p.sourceId, (sourceCounts.get(p.sourceId) ?? 0) + 1);
  };

  const txRows = (await texts(db, `SELECT ${textColumns(TRANSACTIONS)} FROM transactions WHERE contract_award_unique_key = ?`, [key])).sort(byActionOrder);
  const summaryRow = (await texts(db, `SELECT ${textColumns(AWARD_SUMMARIES)} FROM award_summaries WHERE contract_award_unique_key = ?`, [key]))[0];
  const subRows = await texts(db, `SELECT ${textColumns(SUBAWARDS)} FROM subawards WHERE prime_award_unique_key = ?`, [key]);

  const kind: 'award' | 'idv' = parsedKey?.kind
    ?? ((v(summaryRow, 'award_or_idv_flag') ?? txRows.find((r) => v(r, 'award_or_idv_flag'))?.['award_or_idv_flag'] ?? '').toUpperCase() === 'IDV' ? 'idv' : 'award');
  if (!parsedKey) notes.push(`The award key ${key} is not in the CONT_AWD_/CONT_IDV_ form, so no parent vehicle is read from it.`);
  if (matchedBy === 'vehicle named by stored awards') {
    notes.push(`The vehicle's own record is not in the store: ${key} is known only as the parent vehicle that stored awards name, so its recipient, agencies and own figures are unknown here.`);
  }

  // Transactions, in order, with a running total.
  const { transactions, totals } = traceTransactions(txRows, summaryRow, key);
  for (const [i, t] of transactions.entries()) addEvidence('transactions', t.key, t.obligation, txRows[i]!);
  if (summaryRow) addEvidence('award_summaries', key, normaliseMoney(v(summaryRow, 'total_obligated_amount')), summaryRow);
  if (transactions.some((t) => t.apiProjection)) {
    notes.push('Some transactions come from the API projection (key starting API-): they carry only a few fields and no funding agency.');
  }

  const summary = describeAward(key, kind, txRows, summaryRow, subRows);
  const parent = await traceParent(db, key, parsedKey, txRows, summaryRow, subRows, addEvidence);
  const idv = kind === 'idv' ? await traceOrders(db, key, parsedKey, txRows, summaryRow, addEvidence) : null;
  if (kind === 'idv' && idv) {
    notes.push(`This is an indefinite-delivery vehicle (IDV): obligations sit on the orders under it, not on the vehicle. The ${idv.orderCount} loaded order(s) obligate ${idv.ordersTransactionsObligated} in their transactions, shown apart from the vehicle's own figures and never added to them.`);
  }
  const subawards = traceSubawards(subRows, summaryRow, totals, transactions.length > 0);
  // With no award summary, the subaward reports' prime_award_amount is the only other statement of the award's total.
  const stated = subawards.primeTotal;
  if (!summaryRow && transactions.length > 0 && stated && !stated.basis.startsWith('sum') && toCents(stated.amount) !== toCents(totals.transactionsObligated)) {
    notes.push(`The subaward reports state the prime award amount as ${stated.amount} (${stated.basis}); the loaded transactions sum to ${totals.transactionsObligated}: the transactions loaded may be incomplete, or the figures are from different dates.`);
  }
  const subByKey = new Map(subRows.map((r) => [v(r, 'subaward_key')!, r]));
  for (const s of subawards.items) addEvidence('subawards', s.key, s.amount, subByKey.get(s.key)!);

  const sources = await sourceFiles(db, sourceCounts);
  return {
    kind: 'award',
    context: ctx,
    snapshotId: ctx.snapshotId,
    query: id,
    matchedBy,
    awardKey: key,
    awardKind: kind,
    piid: parsedKey?.piid ?? v(summaryRow, 'award_id_piid') ?? txRows.map((r) => v(r, 'award_id_piid')).find((p) => p !== null) ?? v(subRows[0], 'prime_award_piid'),
    parsedKey,
    summary,
    totals,
    transactions,
    parent,
    idv,
    subawards,
    sources,
    evidence,
    coverage: await computeCoverage(db, { kind: 'award', awardKey: key }, ctx),
    notes,
  };
}

function normaliseMoney(text: string | null): string | null {
  return text === null ? null : centsToString(toCents(text));
}

// ─── transactions and totals ───────────────────────────────────────────────────────────────────────

function traceTransactions(rows: Rec[], summaryRow: Rec | undefined, key: string): { transactions: AwardTransaction[]; totals: AwardTotals } {
  // An API-projection row that repeats a full row of this award (same modification, date and amount) is
  // the same contract action loaded from two layouts: shown, not counted twice. One full row pairs with one API row.
  const fullRows = rows.filter((r) => !isApiRow(r));
  const paired = new Set<Rec>();
  const repeatOf = new Map<Rec, string>();
  for (const r of rows.filter(isApiRow)) {
    const match = fullRows.find((f) => !paired.has(f)
      && v(f, 'modification_number') === v(r, 'modification_number')
      && v(f, 'action_date') === v(r, 'action_date')
      && toCents(v(f, 'federal_action_obligation')) === toCents(v(r, 'federal_action_obligation')));
    if (match) {
      paired.add(match);
      repeatOf.set(r, v(match, 'contract_transaction_unique_key')!);
    }
  }

  let running = 0n;
  let positive = 0n;
  let negative = 0n;
  let repeatAmount = 0n;
  const transactions = rows.map((r): AwardTransaction => {
    const cents = toCents(v(r, 'federal_action_obligation'));
    const counted = !repeatOf.has(r);
    if (counted) {
      running += cents;
      if (cents < 0n) negative += cents;
      else positive += cents;
    } else repeatAmount += cents;
    const date = v(r, 'action_date');
    const p = provenance(r);
    return {
      key: v(r, 'contract_transaction_unique_key')!,
      modificationNumber: v(r, 'modification_number'),
      transactionNumber: v(r, 'transaction_number'),
      actionDate: date,
      fiscalYear: num(v(r, 'action_date_fiscal_year')) ?? (date ? fiscalYearOf(date) : null),
      actionTypeCode: v(r, 'action_type_code'),
      actionType: v(r, 'action_type'),
      obligation: centsToString(cents),
      runningTotal: centsToString(running),
      description: v(r, 'transaction_description'),
      deobligation: cents < 0n,
      apiProjection: isApiRow(r),
      counted,
      repeatOf: repeatOf.get(r) ?? null,
      lastModified: v(r, 'last_modified_date'),
      sourceFile: p.sourceFile,
      line: p.line,
      snapshotId: p.snapshotId,
    };
  });

  const countedN = transactions.filter((t) => t.counted).length;
  const summaryText = v(summaryRow, 'total_obligated_amount');
  const summaryCents = summaryText === null ? null : toCents(summaryText);
  const difference = summaryCents === null ? null : summaryCents - running;
  let note: string | null = null;
  if (summaryRow && rows.length === 0) {
    note = `No transactions of ${key} are loaded: the total comes from its award summary only.`;
  } else if (difference !== null && difference !== 0n) {
    note = `The award summary's total_obligated_amount (${centsToString(summaryCents!)}) differs from the sum of the ${countedN} loaded transaction(s) (${centsToString(running)}) by ${centsToString(difference)}: not all of the award's transactions are loaded, or the summary and the transactions come from downloads of different dates.`;
  } else if (!summaryRow && rows.length > 0) {
    note = 'No award summary record is loaded to check the transaction sum against.';
  }
  return {
    transactions,
    totals: {
      transactionCount: rows.length,
      countedTransactions: countedN,
      transactionsObligated: centsToString(running),
      obligations: centsToString(positive),
      deobligations: centsToString(negative),
      repeatsNotCounted: { count: repeatOf.size, amount: centsToString(repeatAmount) },
      summaryObligated: summaryCents === null ? null : centsToString(summaryCents),
      difference: difference === null ? null : centsToString(difference),
      mismatch: summaryRow !== undefined && (difference !== 0n || rows.length === 0),
      note,
    },
  };
}

// ─── the award's description ───────────────────────────────────────────────────────────────────────

interface Candidate {
  ref: RecordRef;
  row: Rec;
  /** Column prefix mapping: transaction/summary column name → this record's column name. */
  col: (name: string) => string | null;
}

const SUBAWARD_PRIME_COLUMNS: Record<string, string> = {
  recipient_name: 'prime_awardee_name', recipient_uei: 'prime_awardee_uei', recipient_duns: 'prime_awardee_duns',
  recipient_parent_name: 'prime_awardee_parent_name', recipient_parent_uei: 'prime_awardee_parent_uei',
  recipient_parent_duns: 'prime_awardee_parent_duns',
  naics_code: 'prime_award_naics_code', naics_description: 'prime_award_naics_description',
  prime_award_base_transaction_description: 'prime_award_base_transaction_description',
  ...Object.fromEntries(['awarding', 'funding'].flatMap((side) => [
    [`${side}_agency_code`, `prime_award_${side}_agency_code`], [`${side}_agency_name`, `prime_award_${side}_agency_name`],
    [`${side}_sub_agency_code`, `prime_award_${side}_sub_agency_code`], [`${side}_sub_agency_name`, `prime_award_${side}_sub_agency_name`],
    [`${side}_office_code`, `prime_award_${side}_office_code`], [`${side}_office_name`, `prime_award_${side}_office_name`],
  ])),
};

function describeAward(key: string, kind: 'award' | 'idv', txRows: Rec[], summaryRow: Rec | undefined, subRows: Rec[]): AwardSummaryInfo {
  // Records in the order they are trusted for descriptive fields: the award summary (the award as a whole),
  // full transaction rows latest first, API-projection rows latest first, then subaward records' prime fields.
  const latestFirst = [...txRows].reverse();
  const candidates: Candidate[] = [
    ...(summaryRow ? [{ ref: { table: 'award_summaries' as const, key }, row: summaryRow, col: (n: string) => n }] : []),
    ...[...latestFirst.filter((r) => !isApiRow(r)), ...latestFirst.filter(isApiRow)].map((row) => ({
      ref: { table: 'transactions' as const, key: v(row, 'contract_transaction_unique_key')! }, row, col: (n: string) => n,
    })),
    ...subRows.map((row) => ({
      ref: { table: 'subawards' as const, key: v(row, 'subaward_key')! }, row, col: (n: string) => SUBAWARD_PRIME_COLUMNS[n] ?? null,
    })),
  ];
  const get = (c: Candidate, n: string): string | null => {
    const column = c.col(n);
    return column === null ? null : v(c.row, column);
  };
  /** The first record with any of `main` filled gives the whole block. */
  const block = <T>(main: string[], make: (c: Candidate) => T): T | null => {
    const c = candidates.find((x) => main.some((n) => get(x, n) !== null));
    return c ? make(c) : null;
  };
  const agency = (side: 'awarding' | 'funding'): AgencyBlock | null => block(
    [`${side}_agency_code`, `${side}_agency_name`, `${side}_sub_agency_code`, `${side}_sub_agency_name`, `${side}_office_code`],
    (c) => ({
      agencyCode: get(c, `${side}_agency_code`), agencyName: get(c, `${side}_agency_name`),
      subAgencyCode: get(c, `${side}_sub_agency_code`), subAgencyName: get(c, `${side}_sub_agency_name`),
      officeCode: get(c, `${side}_office_code`), officeName: get(c, `${side}_office_name`), from: c.ref,
    }),
  );

  // The description: the summary's base transaction description, else the base transaction's own.
  let description: AwardSummaryInfo['description'] = null;
  const baseText = v(summaryRow, 'prime_award_base_transaction_description');
  if (summaryRow && baseText) description = { text: baseText, from: { table: 'award_summaries', key } };
  if (!description) {
    const base = txRows.find((r) => (v(r, 'modification_number') ?? '0') === '0' && v(r, 'transaction_description'));
    if (base) description = { text: v(base, 'transaction_description')!, from: { table: 'transactions', key: v(base, 'contract_transaction_unique_key')! } };
  }
  description ??= block(['prime_award_base_transaction_description'], (c) => ({ text: get(c, 'prime_award_base_transaction_description')!, from: c.ref }));
  if (!description) {
    const first = txRows.find((r) => v(r, 'transaction_description'));
    if (first) description = { text: v(first, 'transaction_description')!, from: { table: 'transactions', key: v(first, 'contract_transaction_unique_key')! } };
  }

  const dates = txRows.map((r) => v(r, 'action_date')).filter((d): d is string => d !== null).sort();
  const fullLatest = latestFirst.find((r) => !isApiRow(r));
  const fromSummaryOrLatest = (n: string): string | null => v(summaryRow, n) ?? v(fullLatest, n);
  const permalink = v(summaryRow, 'usaspending_permalink') ?? txRows.map((r) => v(r, 'usaspending_permalink')).find((p) => p !== null) ?? null;
  const typeColumn = kind === 'idv' ? 'idv_type' : 'award_type';

  return {
    recipient: block(['recipient_name', 'recipient_uei', 'recipient_duns'], (c) => ({
      name: get(c, 'recipient_name'), uei: get(c, 'recipient_uei'), duns: get(c, 'recipient_duns'),
      parentName: get(c, 'recipient_parent_name'), parentUei: get(c, 'recipient_parent_uei'), parentDuns: get(c, 'recipient_parent_duns'),
      from: c.ref,
    })),
    awarding: agency('awarding'),
    funding: agency('funding'),
    psc: block(['product_or_service_code', 'product_or_service_code_description'], (c) => ({
      code: get(c, 'product_or_service_code'), description: get(c, 'product_or_service_code_description'), from: c.ref,
    })),
    naics: block(['naics_code', 'naics_description'], (c) => ({ code: get(c, 'naics_code'), description: get(c, 'naics_description'), from: c.ref })),
    description,
    awardType: fromSummaryOrLatest(typeColumn) ?? fromSummaryOrLatest('award_type') ?? fromSummaryOrLatest('idv_type'),
    dates: {
      base: v(summaryRow, 'award_base_action_date') ?? dates[0] ?? subRows.map((r) => v(r, 'prime_award_base_action_date')).find((d) => d !== null) ?? null,
      latest: v(summaryRow, 'award_latest_action_date') ?? dates.at(-1) ?? null,
      periodOfPerformanceStart: fromSummaryOrLatest('period_of_performance_start_date'),
      periodOfPerformanceCurrentEnd: fromSummaryOrLatest('period_of_performance_current_end_date'),
      periodOfPerformancePotentialEnd: fromSummaryOrLatest('period_of_performance_potential_end_date'),
    },
    potentialTotalValue: normaliseMoney(fromSummaryOrLatest('potential_total_value_of_award')),
    currentTotalValue: normaliseMoney(fromSummaryOrLatest('current_total_value_of_award')),
    permalink: permalink ?? awardPermalink(key),
    permalinkBuilt: permalink === null,
  };
}

// ─── parent vehicle ────────────────────────────────────────────────────────────────────────────────

type AddEvidence = (table: EvidenceRecord['table'], key: string, amount: string | null, r: Rec) => void;

async function traceParent(
  db: Database, key: string, parsed: ParsedAwardKey | null, txRows: Rec[], summaryRow: Rec | undefined, subRows: Rec[], addEvidence: AddEvidence,
): Promise<ParentVehicle> {
  const notes: string[] = [];
  const seen = new Map<string, { piid: string; agencyId: string | null; agencyName: string | null }>();
  for (const r of [...(summaryRow ? [summaryRow] : []), ...txRows]) {
    const piid = v(r, 'parent_award_id_piid');
    if (!piid) continue;
    const agencyId = v(r, 'parent_award_agency_id');
    const id = `${piid.toUpperCase()}|${(agencyId ?? '').toUpperCase()}`;
    if (!seen.has(id)) seen.set(id, { piid, agencyId, agencyName: v(r, 'parent_award_agency_name') });
  }
  for (const r of subRows) {
    const piid = v(r, 'prime_award_parent_piid');
    if (piid && ![...seen.values()].some((s) => s.piid.toUpperCase() === piid.toUpperCase())) {
      seen.set(`${piid.toUpperCase()}|`, { piid, agencyId: null, agencyName: null });
    }
  }
  const fromRecords = [...seen.values()];
  const fromKey = parsed?.parentPiid ? { piid: parsed.parentPiid, agencyId: parsed.parentAgencyId } : null;

  const piid = fromKey?.piid ?? fromRecords[0]?.piid ?? null;
  const recordMatch = fromRecords.find((r) => piid !== null && r.piid.toUpperCase() === piid.toUpperCase());
  const agencyId = fromKey?.agencyId ?? recordMatch?.agencyId ?? fromRecords.find((r) => r.agencyId)?.agencyId ?? null;
  const agencyName = recordMatch?.agencyName ?? fromRecords.find((r) => r.agencyName)?.agencyName ?? null;

  if (fromKey && fromRecords.some((r) => r.piid.toUpperCase() !== fromKey.piid.toUpperCase())) {
    notes.push(`The award key names parent ${fromKey.piid} but the records' parent_award_id_piid says ${fromRecords.map((r) => r.piid).join(', ')}.`);
  } else if (fromRecords.length > 1) {
    notes.push(`The records name ${fromRecords.length} different parent vehicles: ${fromRecords.map((r) => r.piid).join(', ')}.`);
  }

  if (piid === null) {
    return {
      hasParent: false, fromKey: null, fromRecords, piid: null, agencyId: null, agencyName: null, expectedKey: null,
      inStore: false, records: [],
      notes: txRows.length === 0 && !summaryRow && subRows.length === 0
        ? ['The award\'s own records are not loaded, so its parent vehicle (if any) is unknown.']
        : parsed?.kind === 'idv' ? ['No parent vehicle is named on the records of this IDV.'] : ['A stand-alone award: no parent vehicle (the key says -NONE-).'],
    };
  }

  const expectedKey = agencyId ? `CONT_IDV_${piid}_${agencyId}` : null;
  // The vehicle's own records: by its key when the agency is known, else any IDV with that PIID.
  const where = expectedKey
    ? { sql: `upper(contract_award_unique_key) = ?`, params: [expectedKey.toUpperCase()] }
    : { sql: `upper(contract_award_unique_key) LIKE 'CONT\\_IDV\\_%' ESCAPE '\\' AND (upper(award_id_piid) = ? OR upper(split_part(contract_award_unique_key, '_', 3)) = ?)`, params: [piid.toUpperCase(), piid.toUpperCase()] };
  const vTx = await texts(db, `SELECT contract_transaction_unique_key, contract_award_unique_key, CAST(federal_action_obligation AS VARCHAR) AS amount,
      recipient_name, ${PROVENANCE_SELECT} FROM transactions WHERE ${where.sql} AND contract_award_unique_key <> ?`, [...where.params, key]);
  const vSum = await texts(db, `SELECT contract_award_unique_key, CAST(total_obligated_amount AS VARCHAR) AS amount, recipient_name, ${PROVENANCE_SELECT}
      FROM award_summaries WHERE ${where.sql} AND contract_award_unique_key <> ?`, [...where.params, key]);

  const byKey = new Map<string, VehicleRecord & { cents: bigint }>();
  for (const r of vTx) {
    const k = v(r, 'contract_award_unique_key')!;
    const rec = byKey.get(k) ?? { key: k, transactionCount: 0, transactionsObligated: '0.00', summaryObligated: null, recipientName: null, cents: 0n };
    rec.transactionCount++;
    rec.cents += toCents(v(r, 'amount'));
    rec.transactionsObligated = centsToString(rec.cents);
    rec.recipientName ??= v(r, 'recipient_name');
    byKey.set(k, rec);
    addEvidence('transactions', v(r, 'contract_transaction_unique_key')!, normaliseMoney(v(r, 'amount')), r);
  }
  for (const r of vSum) {
    const k = v(r, 'contract_award_unique_key')!;
    const rec = byKey.get(k) ?? { key: k, transactionCount: 0, transactionsObligated: '0.00', summaryObligated: null, recipientName: null, cents: 0n };
    rec.summaryObligated = normaliseMoney(v(r, 'amount'));
    rec.recipientName = v(r, 'recipient_name') ?? rec.recipientName;
    byKey.set(k, rec);
    addEvidence('award_summaries', k, rec.summaryObligated, r);
  }
  const records = [...byKey.values()].sort((a, b) => naturalCompare(a.key, b.key)).map(({ cents: _cents, ...rest }) => rest);
  notes.push(records.length
    ? `The vehicle's own record${records.length > 1 ? 's are' : ' is'} in the store (${records.map((r) => r.key).join(', ')}); its amounts are shown apart and never added to this award's.`
    : `The vehicle's own record${expectedKey ? ` (${expectedKey})` : ''} is not in the store; its amounts are never added to this award's in any case.`);
  return { hasParent: true, fromKey, fromRecords, piid, agencyId, agencyName, expectedKey, inStore: records.length > 0, records, notes };
}

// ─── orders under an IDV ───────────────────────────────────────────────────────────────────────────

async function traceOrders(
  db: Database, key: string, parsed: ParsedAwardKey | null, txRows: Rec[], summaryRow: Rec | undefined, addEvidence: AddEvidence,
): Promise<IdvOrders | null> {
  const piid = parsed?.piid ?? v(summaryRow, 'award_id_piid') ?? txRows.map((r) => v(r, 'award_id_piid')).find((p) => p !== null) ?? null;
  if (piid === null) return null;
  const agency = parsed?.agencyId ?? null;
  // Named by the parent part of the order's key, or by its parent_award_id_piid (and agency, where both are known).
  const where = `contract_award_unique_key IS NOT NULL AND contract_award_unique_key <> $3 AND (
      (upper(split_part(contract_award_unique_key, '_', 5)) = $1 AND ($2 = '' OR upper(split_part(contract_award_unique_key, '_', 6)) = $2))
      OR (upper(parent_award_id_piid) = $1 AND ($2 = '' OR parent_award_agency_id IS NULL OR upper(parent_award_agency_id) = $2)))`;
  const params = [piid.toUpperCase(), (agency ?? '').toUpperCase(), key];
  const oTx = await texts(db, `SELECT contract_transaction_unique_key, contract_award_unique_key, award_id_piid, recipient_name,
      CAST(federal_action_obligation AS VARCHAR) AS amount, ${PROVENANCE_SELECT} FROM transactions WHERE ${where}`, params);
  const oSum = await texts(db, `SELECT contract_award_unique_key, award_id_piid, recipient_name, CAST(total_obligated_amount AS VARCHAR) AS amount,
      ${PROVENANCE_SELECT} FROM award_summaries WHERE ${where}`, params);

  const orders = new Map<string, IdvOrder & { cents: bigint }>();
  const order = (r: Rec): IdvOrder & { cents: bigint } => {
    const k = v(r, 'contract_award_unique_key')!;
    let o = orders.get(k);
    if (!o) {
      o = {
        key: k, kind: parseAwardKey(k)?.kind === 'idv' ? 'idv' : 'order', piid: v(r, 'award_id_piid') ?? parseAwardKey(k)?.piid ?? null,
        recipientName: null, transactionCount: 0, transactionsObligated: '0.00', summaryObligated: null, cents: 0n,
      };
      orders.set(k, o);
    }
    return o;
  };
  for (const r of oTx) {
    const o = order(r);
    o.transactionCount++;
    o.cents += toCents(v(r, 'amount'));
    o.transactionsObligated = centsToString(o.cents);
    o.recipientName ??= v(r, 'recipient_name');
    addEvidence('transactions', v(r, 'contract_transaction_unique_key')!, normaliseMoney(v(r, 'amount')), r);
  }
  for (const r of oSum) {
    const o = order(r);
    o.summaryObligated = normaliseMoney(v(r, 'amount'));
    o.recipientName = v(r, 'recipient_name') ?? o.recipientName;
    addEvidence('award_summaries', o.key, o.summaryObligated, r);
  }
  const list = [...orders.values()].sort((a, b) => naturalCompare(a.key, b.key));
  const onlyOrders = list.filter((o) => o.kind === 'order');
  const txTotal = onlyOrders.reduce((s, o) => s + o.cents, 0n);
  const withSummary = onlyOrders.filter((o) => o.summaryObligated !== null);
  const summaryTotal = withSummary.reduce((s, o) => s + toCents(o.summaryObligated), 0n);
  return {
    orders: list.map(({ cents: _cents, ...rest }) => rest),
    orderCount: onlyOrders.length,
    childVehicleCount: list.length - onlyOrders.length,
    ordersTransactionsObligated: centsToString(txTotal),
    ordersSummaryObligated: centsToString(summaryTotal),
    ordersWithSummary: withSummary.length,
    note: 'Obligations sit on the orders placed under a vehicle. The orders\' figures are listed here as found in the store (only the orders loaded); they are not added to the vehicle\'s own figures, and child vehicles are listed but not totalled.',
  };
}

// ─── subawards ─────────────────────────────────────────────────────────────────────────────────────

function traceSubawards(rows: Rec[], summaryRow: Rec | undefined, totals: AwardTotals, hasTransactions: boolean): AwardSubawards {
  const sorted = [...rows].sort((a, b) =>
    naturalCompare(v(a, 'subaward_action_date'), v(b, 'subaward_action_date'))
    || naturalCompare(v(a, 'subaward_number'), v(b, 'subaward_number'))
    || reportOrder(a, b));

  // What "larger than the prime award" is measured against: the award summary's total, else the prime's
  // amount as the subaward records state it (latest report), else the sum of the loaded transactions.
  let primeTotal: AwardSubawards['primeTotal'] = null;
  if (summaryRow && v(summaryRow, 'total_obligated_amount') !== null) {
    primeTotal = { amount: totals.summaryObligated!, basis: 'total_obligated_amount of the award summary' };
  } else {
    const latest = [...rows].sort(reportOrder).reverse().find((r) => v(r, 'prime_award_amount') !== null);
    if (latest) primeTotal = { amount: normaliseMoney(v(latest, 'prime_award_amount'))!, basis: `prime_award_amount stated in subaward report ${v(latest, 'subaward_fsrs_report_id') ?? '(no id)'}` };
    else if (hasTransactions) primeTotal = { amount: totals.transactionsObligated, basis: 'sum of the loaded transactions' };
  }
  const primeCents = primeTotal ? toCents(primeTotal.amount) : null;

  // Re-reports: the same subaward number and amount in another FSRS report. The earliest report is kept.
  const firstReport = new Map<string, Rec>();
  for (const r of [...rows].sort(reportOrder)) {
    const id = `${(v(r, 'subaward_number') ?? '').toUpperCase()}|${toCents(v(r, 'subaward_amount'))}`;
    if (!firstReport.has(id)) firstReport.set(id, r);
  }

  let total = 0n;
  let withoutDup = 0n;
  let withoutFlagged = 0n;
  let duplicateCount = 0;
  let suspectCount = 0;
  const items = sorted.map((r): AwardSubaward => {
    const cents = toCents(v(r, 'subaward_amount'));
    const number = v(r, 'subaward_number');
    const first = firstReport.get(`${(number ?? '').toUpperCase()}|${cents}`)!;
    const flags: SubawardFlag[] = [];
    const notes: string[] = [];
    let duplicateOf: string | null = null;
    if (first !== r) {
      duplicateOf = v(first, 'subaward_key');
      flags.push('duplicate');
      notes.push(`same subaward number and amount as report ${v(first, 'subaward_fsrs_report_id') ?? '(no id)'}${v(first, 'subaward_action_date') === v(r, 'subaward_action_date') ? '' : ' (action dates differ: may be a separate action)'}`);
    }
    const digits = (number ?? '').replace(/\D/g, '').replace(/^0+/, '');
    if (digits.length >= 4 && cents !== 0n && (cents === BigInt(digits) * 100n || cents === BigInt(digits))) {
      flags.push('amount-is-subaward-number');
      notes.push(`the amount reads as the subaward number ${number}`);
    }
    if (primeCents !== null && cents > primeCents) {
      flags.push('exceeds-prime-total');
      notes.push(`larger than the prime award's total ${centsToString(primeCents)}`);
    }
    if (cents < 0n) {
      flags.push('negative');
      notes.push('a negative subaward amount (a correction?)');
    }
    const suspect = flags.some((f) => f !== 'duplicate' && f !== 'negative');
    total += cents;
    if (!duplicateOf) withoutDup += cents;
    if (!duplicateOf && !suspect) withoutFlagged += cents;
    if (duplicateOf) duplicateCount++;
    if (suspect) suspectCount++;
    const p = provenance(r);
    return {
      key: v(r, 'subaward_key')!,
      subawardNumber: number,
      amount: centsToString(cents),
      actionDate: v(r, 'subaward_action_date'),
      subawardee: {
        name: v(r, 'subawardee_name'), uei: v(r, 'subawardee_uei'), duns: v(r, 'subawardee_duns'),
        parentName: v(r, 'subawardee_parent_name'), parentUei: v(r, 'subawardee_parent_uei'),
      },
      reportId: v(r, 'subaward_fsrs_report_id'),
      reportYear: num(v(r, 'subaward_fsrs_report_year')),
      reportMonth: num(v(r, 'subaward_fsrs_report_month')),
      description: v(r, 'subaward_description'),
      duplicateOf,
      flags,
      notes,
      sourceFile: p.sourceFile,
      line: p.line,
      snapshotId: p.snapshotId,
    };
  });
  return {
    count: items.length,
    items,
    total: centsToString(total),
    totalWithoutDuplicates: centsToString(withoutDup),
    totalWithoutFlagged: centsToString(withoutFlagged),
    duplicateCount,
    suspectCount,
    primeTotal,
    exceedsPrimeTotal: primeCents !== null && withoutDup > primeCents,
    note: 'Subawards are self-reported by the prime contractor (from $30,000, often late, sometimes re-reported): evidence of a relationship, never added to the prime award\'s obligations.',
  };
}

/** Earliest FSRS report first: report modified date, year and month, then report id and key. */
function reportOrder(a: Rec, b: Rec): number {
  const ym = (r: Rec): number => (num(v(r, 'subaward_fsrs_report_year')) ?? 9999) * 100 + (num(v(r, 'subaward_fsrs_report_month')) ?? 99);
  return naturalCompare(v(a, 'subaward_fsrs_report_last_modified_date') ?? '9999', v(b, 'subaward_fsrs_report_last_modified_date') ?? '9999')
    || ym(a) - ym(b)
    || naturalCompare(v(a, 'subaward_fsrs_report_id'), v(b, 'subaward_fsrs_report_id'))
    || naturalCompare(v(a, 'subaward_key'), v(b, 'subaward_key'));
}

// ─── sources ───────────────────────────────────────────────────────────────────────────────────────

async function sourceFiles(db: Database, counts: Map<number, number>): Promise<SourceFileInfo[]> {
  const ids = [...counts.keys()].filter((n) => Number.isSafeInteger(n));
  if (!ids.length) return [];
  const rows = await texts(db, `SELECT CAST(source_id AS VARCHAR) AS source_id, name, sha256, layout, CAST(snapshot_id AS VARCHAR) AS snapshot_id,
      archive, archive_sha256 FROM sources WHERE source_id IN (${ids.map((n) => String(n)).join(', ')}) ORDER BY source_id`);
  return rows.map((r) => ({
    sourceId: Number(r['source_id']),
    name: r['name']!,
    sha256: r['sha256']!,
    layout: r['layout']!,
    snapshotId: Number(r['snapshot_id']),
    archive: r['archive'] ?? null,
    archiveSha256: r['archive_sha256'] ?? null,
    records: counts.get(Number(r['source_id'])) ?? 0,
  }));
}
