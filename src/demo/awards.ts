import { DEMO_SUBTIERS, PROCUREMENT_SUBTIER, demoSubtier } from './agencyCodes.js';
import type { DemoSubtier } from './agencyCodes.js';
import { fiscalYear, fiscalYearEnd, fiscalYearStart } from './calendar.js';
import { awardKeyOf, withTransactions } from './model.js';
import type { DemoAward } from './model.js';
import { modifications } from './modifications.js';
import { Prng, mixSeed } from './prng.js';
import { SUPPLIERS } from './suppliers.js';

// Awards are generated one at a time from their own seeded stream, so any award can be rebuilt alone
// (the delta file does that) and the whole set never has to sit in memory.

/** First and last fiscal year of demo actions. */
export const DEMO_FISCAL_YEARS = [2021, 2024] as const;
/** First day on which a demo action may fall (1 October 2020). */
export const DEMO_FIRST_DAY = fiscalYearStart(DEMO_FISCAL_YEARS[0]);
/** Last day on which a base-file action may fall (30 September 2024); the delta adds later ones. */
export const DEMO_LAST_DAY = fiscalYearEnd(DEMO_FISCAL_YEARS[1]);

const PIID_LETTER = { purchaseOrder: 'P', deliveryOrder: 'F', definitive: 'C' } as const;
const PO_ACTIONS = [1, 1, 1, 2];
// Purchase orders are simplified acquisitions: keep them under $100,000.
const PO_DIGITS = [4, 5] as const;
const CONTRACT_ACTIONS = [1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 10, 12];

/** The award at a position of the stream of a seed, with all its actions. */
export function awardAt(seed: number, index: number, firstDay = DEMO_FIRST_DAY, lastDay = DEMO_LAST_DAY): DemoAward {
  const rng = new Prng(mixSeed(seed, index));
  const supplier = rng.weighted(SUPPLIERS, (s) => s.weight);
  const program = demoSubtier(rng.weighted(supplier.subtiers, ([, w]) => w)[0]);
  const [awarding, funding] = awardingAndFunding(rng, program);
  let awardType = rng.weighted(supplier.awardTypes, ([, w]) => w)[0];
  const vehicle = awardType === 'deliveryOrder' ? supplier.vehicle : undefined;
  if (awardType === 'deliveryOrder' && !vehicle) awardType = 'definitive';
  const awardingOffice = rng.pick(awarding.offices);
  const startDay = rng.int(firstDay, lastDay);
  const yy = String(fiscalYear(startDay) % 100).padStart(2, '0');
  const piid = `${awardingOffice.code}${yy}${PIID_LETTER[awardType]}${String(index + 1).padStart(8, '0')}`;
  const description = rng.pick(supplier.descriptions);
  const actions = rng.pick(awardType === 'purchaseOrder' ? PO_ACTIONS : CONTRACT_ACTIONS);
  const transactions = modifications(rng, {
    count: actions,
    startDay,
    lastDay,
    baseCents: baseAmountCents(rng, awardType === 'purchaseOrder' ? PO_DIGITS : supplier.digits),
    description,
  });
  return withTransactions(
    {
      index,
      supplier,
      company: supplier.company,
      awarding,
      awardingOffice,
      funding,
      fundingOffice: rng.pick(funding.offices),
      ...(vehicle ? { vehicle } : {}),
      awardType,
      psc: rng.pick(supplier.psc),
      naics: supplier.naics,
      piid,
      awardKey: awardKeyOf(piid, awarding.code, vehicle),
      description,
      startDay,
      potentialEndDay: startDay + 365 * rng.int(1, 5) - 1,
      transactions: [],
      totalCents: 0,
    },
    transactions,
  );
}

/** Awards in stream order until exactly `transactionCount` actions; the last award may be cut short. */
export function* awardStream(seed: number, transactionCount: number): Generator<DemoAward> {
  let remaining = transactionCount;
  for (let index = 0; remaining > 0; index++) {
    const award = awardAt(seed, index);
    if (award.transactions.length <= remaining) {
      remaining -= award.transactions.length;
      yield award;
    } else {
      yield withTransactions(award, award.transactions.slice(0, remaining));
      remaining = 0;
    }
  }
}

// Awarding and funding agency differ on purpose: a department-wide procurement office awards on behalf
// of a program subtier, and now and then one program funds another's award.
function awardingAndFunding(rng: Prng, program: DemoSubtier): [DemoSubtier, DemoSubtier] {
  const roll = rng.int(1, 100);
  if (roll <= 22) return [PROCUREMENT_SUBTIER, program];
  if (roll <= 27) {
    const others = DEMO_SUBTIERS.filter((s) => s !== program && s !== PROCUREMENT_SUBTIER);
    return [program, rng.pick(others)];
  }
  return [program, program];
}

// Integer arithmetic only (see prng.ts): a mantissa 100-999 scaled by a power of ten, sometimes with cents.
function baseAmountCents(rng: Prng, digits: readonly [number, number]): number {
  const d = rng.int(digits[0], digits[1]);
  const dollars = rng.int(100, 999) * 10 ** (d - 3);
  return dollars * 100 + (rng.chance(40) ? rng.int(0, 99) : 0);
}
