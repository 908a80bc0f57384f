/**
 * USAspending's keys for an FPDS action, built from the document's own identifiers.
 *
 * Transaction key (`contract_transaction_unique_key`, the broker's `detached_award_proc_unique`): six
 * parts joined by `_`, an absent part written `-NONE-`, upper-cased:
 *   award: agencyID _ referencedIDV agencyID _ PIID _ modNumber _ referencedIDV PIID _ transactionNumber
 *   IDV:   agencyID _ -NONE- _ PIID _ modNumber _ -NONE- _ -NONE-
 * An IDV's key leaves its referenced vehicle out (real delta row `1205_-NONE-_12314419A0013_0_-NONE-_-NONE-`
 * holds parent 4732 / GS35F0494X), and an IDV has no transaction number.
 *
 * Award key (`contract_award_unique_key`):
 *   award: CONT_AWD_ PIID _ agencyID _ referencedIDV PIID _ referencedIDV agencyID
 *   IDV:   CONT_IDV_ PIID _ agencyID
 * so an order's key ends with its vehicle's PIID and agency: that is how an IDV links to its orders.
 * Tested against the real USAspending rows in asof-fixture and awardtrace-fixture.
 */
export interface KeyParts {
  kind: 'award' | 'IDV';
  agency: string;
  piid: string;
  mod?: string | undefined;
  transaction?: string | undefined;
  refAgency?: string | undefined;
  refPiid?: string | undefined;
}

const part = (v: string | undefined): string => (v === undefined || v.trim() === '' ? '-NONE-' : v.trim());

/** contract_transaction_unique_key of an action. */
export function transactionKey(k: KeyParts): string {
  const parts = k.kind === 'IDV'
    ? [k.agency, undefined, k.piid, k.mod, undefined, undefined]
    : [k.agency, k.refAgency, k.piid, k.mod, k.refPiid, k.transaction];
  return parts.map(part).join('_').toUpperCase();
}

/** contract_award_unique_key of the award or IDV an action belongs to. */
export function awardKey(k: KeyParts): string {
  const parts = k.kind === 'IDV'
    ? ['CONT_IDV', k.piid, k.agency]
    : ['CONT_AWD', k.piid, k.agency, k.refPiid, k.refAgency];
  return parts.map(part).join('_').toUpperCase();
}
