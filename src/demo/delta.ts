import { awardAt } from './awards.js';
import { dayOf, timestamp } from './calendar.js';
import { DELTA_COLUMNS } from './headers.js';
import type { DeltaColumn } from './headers.js';
import { Layout } from './layout.js';
import { transactionKeyOf, modificationNumber, withTransactions } from './model.js';
import type { DemoAward, DemoTransaction } from './model.js';
import { action } from './modifications.js';
import { Prng, mixSeed } from './prng.js';
import { transactionRow, transactionTemplate } from './transactions.js';
import { UsageError } from '../errors.js';

// The Award Data Archive delta file: corrections of rows already in the transactions file (a newer
// last_modified_date), new actions after the base file's last day (fiscal year 2025), and deletions
// that carry only the keys, as the real delta file's "D" rows do.

/** One change the delta file carries. */
export interface DeltaChange {
  readonly kind: 'update' | 'new' | 'delete';
  /** The award as it stands after the change. */
  readonly award: DemoAward;
  readonly txn: DemoTransaction;
  /** The row as the transactions file has it (updates and deletions). */
  readonly previous?: DemoTransaction;
}

/** Awards the delta needs from the start of the stream: each must have at least two actions. */
export const DELTA_AWARDS_NEEDED = 8;

const DELTA_LAYOUT = new Layout<DeltaColumn>(DELTA_COLUMNS);
const SALT = 0xde17a;
const NEW_AWARD_INDEX = 90_000_000;
const FIRST_DELTA_DAY = dayOf('2024-11-05');

type Eight<T> = [T, T, T, T, T, T, T, T];

/** The changes of the delta file, from the first awards (with two or more actions) of the stream. */
export function planDelta(seed: number, awards: readonly DemoAward[]): DeltaChange[] {
  const a = awards.filter((x) => x.transactions.length >= 2).slice(0, DELTA_AWARDS_NEEDED);
  if (a.length < DELTA_AWARDS_NEEDED) {
    throw new UsageError(`the delta file needs ${DELTA_AWARDS_NEEDED} multi-action awards; generate more transactions`);
  }
  const rng = new Prng(mixSeed(seed, SALT));
  let stamp = 0;
  // Each delta row gets its own later stamp, one day apart, so "newest wins" is never a tie.
  const restamp = (t: DemoTransaction): DemoTransaction => {
    const n = stamp++;
    return { ...t, lastModified: timestamp(FIRST_DELTA_DAY + n, 36_000 + 97 * n) };
  };
  const changes: DeltaChange[] = [];
  const update = (award: DemoAward, i: number, change: (t: DemoTransaction) => DemoTransaction): void => {
    const previous = award.transactions[i] as DemoTransaction;
    const txn = restamp(change(previous));
    const after = withTransactions(award, award.transactions.map((t, j) => (j === i ? txn : t)));
    changes.push({ kind: 'update', award: after, txn, previous });
  };
  const [a0, a1, a2, a3, a4, a5, a6, a7] = a as Eight<DemoAward>;
  update(a0, 1, (t) => ({ ...t, cents: t.cents + 123_45 }));
  update(a1, 0, (t) => ({ ...t, description: `${t.description} (CORRECTED)` }));
  update(a2, a2.transactions.length - 1, (t) => ({ ...t, cents: t.cents - 250_00 }));
  update(a3, 0, (t) => t);
  for (const award of [a4, a5]) {
    const previous = award.transactions[award.transactions.length - 1] as DemoTransaction;
    const after = withTransactions(award, award.transactions.slice(0, -1));
    changes.push({ kind: 'delete', award: after, txn: restamp(previous), previous });
  }
  const newDay = dayOf('2024-10-07');
  for (const [award, kind, cents] of [[a6, 'funding', 75_000_00], [a7, 'closeout', -1_000_00]] as const) {
    const last = award.transactions[award.transactions.length - 1] as DemoTransaction;
    const n = award.transactions.length;
    const txn = restamp(action(rng, n, newDay + n, cents, kind, award.description, last.endDay));
    changes.push({ kind: 'new', award: withTransactions(award, [...award.transactions, txn]), txn });
  }
  const fresh = awardAt(seed, NEW_AWARD_INDEX, dayOf('2024-10-01'), dayOf('2024-10-31'));
  const base = restamp(fresh.transactions[0] as DemoTransaction);
  changes.push({ kind: 'new', award: withTransactions(fresh, [base]), txn: base });
  return changes;
}

/** One escaped delta row (299 columns). */
export function deltaRow(change: DeltaChange): string[] {
  const { award, txn } = change;
  const L = DELTA_LAYOUT;
  if (change.kind !== 'delete') {
    return ['', award.awarding.code, ...transactionRow(transactionTemplate(award), award, txn)];
  }
  const row = L.blank();
  L.assign(row, {
    correction_delete_ind: 'D',
    agency_id: award.awarding.code,
    contract_transaction_unique_key: transactionKeyOf(award, txn),
    award_id_piid: award.piid,
    modification_number: txn.modification,
    transaction_number: '0',
    parent_award_agency_id: award.vehicle?.agency.code ?? '',
    parent_award_id_piid: award.vehicle?.piid ?? '',
    // The real file prints a bare date on deletions.
    last_modified_date: txn.lastModified.slice(0, 10),
  });
  return row;
}

/** One action the delta adds to (sign 1) or takes away from (sign -1) the transactions file. */
export interface DeltaEffect {
  readonly award: DemoAward;
  readonly txn: DemoTransaction;
  readonly sign: 1 | -1;
}

/** The delta's effect on the transactions file: an update takes the old row away and adds the new one. */
export function deltaEffects(changes: readonly DeltaChange[]): DeltaEffect[] {
  const out: DeltaEffect[] = [];
  for (const c of changes) {
    if (c.previous) out.push({ award: c.award, txn: c.previous, sign: -1 });
    if (c.kind !== 'delete') out.push({ award: c.award, txn: c.txn, sign: 1 });
  }
  return out;
}

