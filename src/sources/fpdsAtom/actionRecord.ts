import { IDV_ACTIONS, TRANSACTIONS, type ColumnType, type TableDecl } from '../../store/tables.js';
import type { AtomEntry, RejectedEntry } from './atomPage.js';
import { FPDS_ELEMENTS, IDV_ELEMENTS, KEY_PATHS, type FpdsElement } from './fpdsElements.js';
import { awardKey, transactionKey, type KeyParts } from './uniqueKey.js';

/** Stored column → text value (NULL as null), typed exactly by the loader's converters. */
export type ColumnValues = Record<string, string | null>;

/** One entry as rows: its `transactions` row and, for an IDV, its `idv_actions` row. */
export interface FpdsAction {
  index: number;
  line: number;
  kind: 'award' | 'IDV';
  transaction: ColumnValues;
  idv?: ColumnValues;
}

const MONEY = /^[+-]?[0-9]{1,16}(\.[0-9]{1,2}0*)?$/;
const DATE_TIME = /^([0-9]{4})-([0-9]{2})-([0-9]{2})( [0-9]{2}:[0-9]{2}:[0-9]{2})?$/;
const INT = /^[+-]?[0-9]{1,18}$/;

const TYPE_WORDS: Record<ColumnType, string> = {
  text: 'text', money: 'an exact amount (digits, optional sign, at most 2 decimals)', date: 'a date (YYYY-MM-DD hh:mm:ss)',
  timestamp: 'a date and time (YYYY-MM-DD hh:mm:ss)', int: 'a whole number', bool: 'true or false',
};

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** The text as the column's type expects it, or undefined when it cannot be read exactly. */
function normalize(type: ColumnType, v: string): string | undefined {
  switch (type) {
    case 'text': return v;
    case 'money': return MONEY.test(v) ? v : undefined;
    case 'int': return INT.test(v) ? v : undefined;
    case 'bool': return /^(true|false)$/i.test(v) ? v.toLowerCase() : undefined;
    case 'date':
    case 'timestamp': {
      const m = DATE_TIME.exec(v);
      if (!m || !validDate(m[1]!, m[2]!, m[3]!)) return undefined;
      return type === 'date' ? v.slice(0, 10) : (m[4] ? v : `${v} 00:00:00`);
    }
  }
}

const typeOf = (t: TableDecl): Map<string, ColumnType> => new Map(t.columns.map((c) => [c.name, c.type]));
const TX_TYPES = typeOf(TRANSACTIONS);
const IDV_TYPES = typeOf(IDV_ACTIONS);

class EntryProblem extends Error {
  constructor(readonly field: string, reason: string) { super(reason); }
}

function read(entry: AtomEntry, elements: readonly FpdsElement[], types: Map<string, ColumnType>, into: ColumnValues): void {
  for (const el of elements) {
    const path = entry.kind === 'award' ? el.award : el.idv;
    if (path === undefined) continue;
    const raw = entry.values.get(path);
    if (raw === undefined || raw === '') continue;
    const type = types.get(el.column);
    if (type === undefined) throw new Error(`FPDS element ${path} maps to ${el.column}, which the table does not declare`);
    const v = normalize(type, raw);
    if (v === undefined) {
      throw new EntryProblem(path, `element ${path} (${el.column}): cannot read ${JSON.stringify(raw.slice(0, 60))} as ${TYPE_WORDS[type]}`);
    }
    into[el.column] = v;
  }
}

function fiscalYear(date: string): string {
  const y = Number(date.slice(0, 4)), m = Number(date.slice(5, 7));
  return String(m >= 10 ? y + 1 : y);
}

/**
 * Turns one entry into its rows, or a rejected entry naming the element at fault. Amounts are kept as
 * the exact decimal text FPDS gives (the loader types them as DECIMAL); `dollarValues/obligatedAmount`
 * is the action's obligation and `totalDollarValues` the award's running total, stored apart and never added.
 */
export function entryToAction(entry: AtomEntry): FpdsAction | RejectedEntry {
  const at = `entry ${entry.index}`;
  try {
    const paths = KEY_PATHS[entry.kind];
    const get = (p: string | undefined): string | undefined => (p === undefined ? undefined : entry.values.get(p));
    const agency = get(paths.agency), piid = get(paths.piid);
    if (!agency) throw new EntryProblem(paths.agency, `${at} (${entry.kind}): element ${paths.agency} is missing or empty; the action cannot be keyed`);
    if (!piid) throw new EntryProblem(paths.piid, `${at} (${entry.kind}): element ${paths.piid} is missing or empty; the action cannot be keyed`);
    const parts: KeyParts = {
      kind: entry.kind, agency, piid, mod: get(paths.mod), transaction: get(paths.transaction),
      refAgency: get(paths.refAgency), refPiid: get(paths.refPiid),
    };
    const tx: ColumnValues = {};
    read(entry, FPDS_ELEMENTS, TX_TYPES, tx);
    for (const [column, path] of [['action_date', 'relevantContractDates/signedDate'], ['federal_action_obligation', 'dollarValues/obligatedAmount']] as const) {
      if (tx[column] === undefined) throw new EntryProblem(path, `${at} (${entry.kind} ${piid} mod ${parts.mod ?? '-'}): element ${path} (${column}) is missing or empty`);
    }
    tx['contract_transaction_unique_key'] = transactionKey(parts);
    tx['contract_award_unique_key'] = awardKey(parts);
    tx['award_or_idv_flag'] = entry.kind === 'IDV' ? 'IDV' : 'AWARD';
    tx['action_date_fiscal_year'] = fiscalYear(tx['action_date']!);
    tx['usaspending_permalink'] = `https://www.usaspending.gov/award/${tx['contract_award_unique_key']}/`;
    const action: FpdsAction = { index: entry.index, line: entry.line, kind: entry.kind, transaction: tx };
    if (entry.kind === 'IDV') {
      const idv: ColumnValues = {};
      read(entry, IDV_ELEMENTS, IDV_TYPES, idv);
      for (const c of ['contract_transaction_unique_key', 'contract_award_unique_key', 'award_id_piid', 'modification_number',
        'parent_award_agency_id', 'parent_award_id_piid', 'action_date', 'federal_action_obligation', 'total_dollars_obligated',
        'potential_total_value_of_award', 'ordering_period_end_date', 'idv_type_code', 'idv_type', 'recipient_uei', 'recipient_name',
        'recipient_parent_uei', 'recipient_parent_name', 'awarding_sub_agency_code', 'last_modified_date']) {
        if (tx[c] !== undefined) idv[c] = tx[c]!;
      }
      idv['agency_id'] = agency.trim().toUpperCase();
      action.idv = idv;
    }
    return action;
  } catch (error) {
    if (!(error instanceof EntryProblem)) throw error;
    return { index: entry.index, line: entry.line, field: error.field, reason: error.message.startsWith(at) ? error.message : `${at}: ${error.message}`, title: entry.title };
  }
}
