import { CLOUD_WEATHER_SUBTIER } from './agencyCodes.js';
import { isoDate } from './calendar.js';
import { formatCentsAsPythonFloat } from './money.js';
import type { DemoAward, DemoTransaction } from './model.js';

// The API projection (spending_by_transaction results saved as CSV) for one subtier, filtered on the
// awarding subtier as the real fetch was. The real files repeat a few rows identically where pages
// overlapped; the demo repeats the last row of a page at the first few page boundaries to match.

/** The subtier whose transactions the API projection file holds. */
export const API_SUBTIER = CLOUD_WEATHER_SUBTIER;

const PAGE_SIZE = 100;
const MAX_REPEATS = 5;

/** Turns the demo's transactions into API projection rows, page overlaps included. */
export class ApiProjection {
  private written = 0;
  private repeats = 0;
  private distinctCents = 0n;
  private allCents = 0n;

  /** Raw rows (0, 1 or 2) to write for one transaction. */
  accept(award: DemoAward, txn: DemoTransaction): string[][] {
    if (award.awarding.code !== API_SUBTIER.code) return [];
    const row = [
      API_SUBTIER.abbreviation,
      award.piid,
      award.company.name,
      formatCentsAsPythonFloat(txn.cents),
      isoDate(txn.day),
      txn.modification,
      award.psc.description,
      award.naics.description,
      txn.description,
      award.awardKey,
    ];
    this.written++;
    this.distinctCents += BigInt(txn.cents);
    this.allCents += BigInt(txn.cents);
    if (this.written % PAGE_SIZE !== 0 || this.repeats >= MAX_REPEATS) return [row];
    this.repeats++;
    this.allCents += BigInt(txn.cents);
    return [row, row];
  }

  /** Figures a test can check after ingesting the file. */
  summary(): { distinctRows: number; repeatedRows: number; distinctCents: bigint; allRowsCents: bigint } {
    return {
      distinctRows: this.written,
      repeatedRows: this.repeats,
      distinctCents: this.distinctCents,
      allRowsCents: this.allCents,
    };
  }
}
