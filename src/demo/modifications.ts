import { dayOf, timestamp } from './calendar.js';
import type { ActionTypeKey } from './catalog.js';
import { modificationNumber } from './model.js';
import type { DemoTransaction } from './model.js';
import type { Prng } from './prng.js';

// The actions of one award: a base action, then modifications that add funds, exercise options, change
// nothing but paperwork, or take money back. De-obligations are real negative amounts (DOMAIN.md).

/** What the base action of an award looks like. */
export interface ModificationPlan {
  /** Number of actions wanted, base included; fewer when the calendar runs out. */
  readonly count: number;
  readonly startDay: number;
  readonly lastDay: number;
  readonly baseCents: number;
  readonly description: string;
}

/** Last day a generated base-file row may have been modified: the delta file's changes come after it. */
export const LAST_MODIFIED_CAP = dayOf('2024-10-31');

const KINDS: ReadonlyArray<readonly [ActionTypeKey, number]> = [
  ['funding', 35], ['option', 15], ['admin', 20], ['supplemental', 10], ['closeout', 10], ['termination', 3],
];

/** The base action and modifications of one award, in date order. */
export function modifications(rng: Prng, plan: ModificationPlan): DemoTransaction[] {
  let endDay = plan.startDay + rng.pick([179, 364]);
  const out: DemoTransaction[] = [action(rng, 0, plan.startDay, plan.baseCents, undefined, plan.description, endDay)];
  let running = plan.baseCents;
  let day = plan.startDay;
  let options = 0;
  for (let n = 1; n < plan.count; n++) {
    day += rng.int(15, 200);
    if (day > plan.lastDay) break;
    let kind = rng.weighted(KINDS, ([, w]) => w)[0];
    if ((kind === 'closeout' || kind === 'termination') && running <= 0) kind = 'admin';
    const cents = amountOf(rng, kind, plan.baseCents, running);
    if (kind === 'option') {
      options++;
      endDay += 365;
    }
    running += cents;
    out.push(action(rng, n, day, cents, kind, describe(kind, plan.description, options), endDay));
  }
  return out;
}

/** Builds one action; report and modification stamps fall a few days after the action date. */
export function action(
  rng: Prng,
  n: number,
  day: number,
  cents: number,
  kind: ActionTypeKey | undefined,
  description: string,
  endDay: number,
): DemoTransaction {
  const reportDay = day + rng.int(0, 4);
  const modifiedDay = Math.max(reportDay, Math.min(reportDay + rng.int(0, 30), LAST_MODIFIED_CAP));
  return {
    modification: modificationNumber(n),
    day,
    cents,
    ...(kind ? { action: kind } : {}),
    description,
    endDay,
    initialReport: timestamp(reportDay, rng.int(0, 86_399)),
    lastModified: timestamp(modifiedDay, rng.int(0, 86_399)),
  };
}

// Percentages are applied to integer cents and floored, so every amount stays an exact integer.
function amountOf(rng: Prng, kind: ActionTypeKey, base: number, running: number): number {
  switch (kind) {
    case 'funding':
      return wholeDollars((base * rng.int(5, 60)) / 100);
    case 'option':
      return wholeDollars((base * rng.int(80, 120)) / 100);
    case 'supplemental':
      return wholeDollars((base * rng.int(5, 30)) / 100);
    case 'admin':
      return 0;
    case 'closeout':
      return -Math.max(1, Math.floor((running * rng.int(1, 30)) / 100));
    case 'termination':
      return -Math.max(1, Math.floor((running * rng.int(20, 60)) / 100));
  }
}

function wholeDollars(cents: number): number {
  return Math.floor(cents / 100) * 100;
}

function describe(kind: ActionTypeKey, base: string, options: number): string {
  switch (kind) {
    case 'funding':
      return base;
    case 'option':
      return `EXERCISE OPTION PERIOD ${options} - ${base}`;
    case 'supplemental':
      return `${base} - ADDITIONAL SCOPE`;
    case 'admin':
      return 'ADMINISTRATIVE MODIFICATION TO UPDATE THE CONTRACTING OFFICER REPRESENTATIVE';
    case 'closeout':
      return 'DE-OBLIGATE REMAINING FUNDS AND CLOSE OUT';
    case 'termination':
      return 'PARTIAL TERMINATION FOR CONVENIENCE';
  }
}
