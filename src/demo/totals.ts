import { fiscalYear } from './calendar.js';
import { formatCents } from './money.js';
import type { DemoAward, DemoTransaction } from './model.js';

// Exact sums (BigInt cents) of what was written, keyed the way a test will query after ingest.

/** Obligations of one subtier in one fiscal year. */
export interface SubtierYearSum {
  readonly subtierCode: string;
  readonly fiscalYear: number;
  readonly transactions: number;
  /** Exact decimal string, e.g. "1234.50". */
  readonly federalActionObligation: string;
}

/** A running sum of federal_action_obligation by subtier and fiscal year. */
export class SubtierYearTotals {
  private readonly sums = new Map<string, { cents: bigint; count: number }>();

  /** Adds (or with count -1, removes) one transaction's cents. */
  add(subtierCode: string, day: number, cents: number, count = 1): void {
    const key = `${subtierCode}|${fiscalYear(day)}`;
    const entry = this.sums.get(key) ?? { cents: 0n, count: 0 };
    entry.cents += BigInt(cents);
    entry.count += count;
    this.sums.set(key, entry);
  }

  /** A copy, to apply changes to without touching this one. */
  clone(): SubtierYearTotals {
    const copy = new SubtierYearTotals();
    for (const [k, v] of this.sums) copy.sums.set(k, { ...v });
    return copy;
  }

  /** Sorted by subtier, then fiscal year. */
  toList(): SubtierYearSum[] {
    return [...this.sums.entries()]
      .filter(([, v]) => v.count !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, v]) => {
        const [subtierCode = '', fy = '0'] = key.split('|');
        return { subtierCode, fiscalYear: Number(fy), transactions: v.count, federalActionObligation: formatCents(v.cents) };
      });
  }
}

/** All sums over the transactions written: overall, by awarding and by funding subtier. */
export class TransactionTotals {
  readonly awarding = new SubtierYearTotals();
  readonly funding = new SubtierYearTotals();
  private cents = 0n;
  private count = 0;
  private awards = 0;
  private awardCents = 0n;

  /** Counts one award (its summary row) and each of its transactions. */
  addAward(award: DemoAward): void {
    this.awards++;
    this.awardCents += BigInt(award.totalCents);
    for (const t of award.transactions) this.addTransaction(award, t);
  }

  /** Counts one transaction. */
  addTransaction(award: DemoAward, txn: DemoTransaction): void {
    this.cents += BigInt(txn.cents);
    this.count++;
    this.awarding.add(award.awarding.code, txn.day, txn.cents);
    this.funding.add(award.funding.code, txn.day, txn.cents);
  }

  /** Totals as exact decimal strings. */
  summary(): { transactions: number; awards: number; federalActionObligation: string; totalObligatedAmount: string } {
    return {
      transactions: this.count,
      awards: this.awards,
      federalActionObligation: formatCents(this.cents),
      totalObligatedAmount: formatCents(this.awardCents),
    };
  }

  /** The overall sum in cents. */
  get totalCents(): bigint {
    return this.cents;
  }
}
