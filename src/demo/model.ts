import type { DemoOffice, DemoSubtier } from './agencyCodes.js';
import type { ActionTypeKey, AwardTypeKey, Naics, Psc } from './catalog.js';
import type { DemoCompany } from './names.js';
import type { DemoVehicle, SupplierProfile } from './suppliers.js';

// The demo's own model of an award and its actions. Row builders map it onto each real layout.

/** One contract action: the base award (modification "0") or one modification. */
export interface DemoTransaction {
  readonly modification: string;
  readonly day: number;
  /** federal_action_obligation in integer cents; negative for a de-obligation. */
  readonly cents: number;
  /** Undefined on the base action, as in real data. */
  readonly action?: ActionTypeKey;
  readonly description: string;
  /** period_of_performance_current_end_date as of this action. */
  readonly endDay: number;
  readonly initialReport: string;
  readonly lastModified: string;
}

/** One contract award with all its actions. */
export interface DemoAward {
  /** Position in the award stream; also makes the PIID unique. */
  readonly index: number;
  readonly supplier: SupplierProfile;
  readonly company: DemoCompany;
  readonly awarding: DemoSubtier;
  readonly awardingOffice: DemoOffice;
  readonly funding: DemoSubtier;
  readonly fundingOffice: DemoOffice;
  /** The IDV the award is an order under, if any. */
  readonly vehicle?: DemoVehicle;
  readonly awardType: AwardTypeKey;
  readonly psc: Psc;
  readonly naics: Naics;
  readonly piid: string;
  readonly awardKey: string;
  readonly description: string;
  readonly startDay: number;
  readonly potentialEndDay: number;
  readonly transactions: readonly DemoTransaction[];
  /** Sum of the transactions' cents: the award summary's total_obligated_amount. */
  readonly totalCents: number;
}

const NONE = '-NONE-';

/** contract_award_unique_key: CONT_AWD_<piid>_<agency>_<parent piid or -NONE->_<parent agency or -NONE->. */
export function awardKeyOf(piid: string, agency: string, vehicle: DemoVehicle | undefined): string {
  return `CONT_AWD_${piid}_${agency}_${vehicle?.piid ?? NONE}_${vehicle?.agency.code ?? NONE}`;
}

/** contract_transaction_unique_key: <agency>_<parent agency>_<piid>_<mod>_<parent piid>_<transaction number>. */
export function transactionKeyOf(award: DemoAward, txn: DemoTransaction): string {
  const v = award.vehicle;
  return `${award.awarding.code}_${v?.agency.code ?? NONE}_${award.piid}_${txn.modification}_${v?.piid ?? NONE}_0`;
}

/** The same award restricted to some of its transactions, totals recomputed. */
export function withTransactions(award: DemoAward, transactions: readonly DemoTransaction[]): DemoAward {
  let totalCents = 0;
  for (const t of transactions) totalCents += t.cents;
  return { ...award, transactions, totalCents };
}

/** modification_number of the n-th action: "0", "P00001", "P00002", ... */
export function modificationNumber(n: number): string {
  return n === 0 ? '0' : `P${String(n).padStart(5, '0')}`;
}
