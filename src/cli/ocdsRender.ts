import type { OcdsAgencyAnswer, OcdsCompanyAnswer, OcdsEvidence } from '../analysis/ocdsAnswers.js';
import { clean, table } from './answerOptions.js';

/** "AUD 1,234,567.89": an exact decimal with its currency code, never a dollar sign for another currency. */
export function currencyAmount(amount: string, currency: string): string {
  const neg = amount.startsWith('-');
  const [whole, frac = ''] = amount.replace(/^-/, '').split('.');
  return `${currency} ${neg ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.padEnd(2, '0')}`;
}

function evidenceLines(evidence: readonly OcdsEvidence[] | undefined): string[] {
  return (evidence ?? []).map((e) => `      ${e.basis} ${clean(e.lineId)} of ${clean(e.ocid)}  ${e.amount === null ? '(no value)' : currencyAmount(e.amount, e.currency ?? '?')}` +
    `${e.amountField && e.amountField !== 'value' ? ` (${e.amountField})` : ''}  ${clean(e.sourceFile)} ${e.jsonPointer} (snapshot ${e.snapshotId})`);
}

/** The text answer for an OCDS buyer. */
export function renderOcdsAgency(a: OcdsAgencyAnswer, explain: boolean): string {
  const out: string[] = [];
  out.push(`${a.fictional ? 'FICTIONAL — ' : ''}Who is behind ${clean(a.agency.name ?? a.agency.agencyId)} (${a.agency.country ?? 'country not stated'}; OCDS buyer ${clean(a.agency.agencyId)}, published by ${clean(a.agency.publisher)})`);
  out.push(a.totals.length
    ? a.totals.map((t) => `${currencyAmount(t.amount, t.currency)} in ${t.lines} award(s)/contract(s) of ${t.processes} process(es)`).join('; ') + '.'
    : `No award or contract values for this buyer in the store (${a.processes} process(es) held).`);
  if (a.suppliers.length) {
    out.push('');
    out.push(table([['supplier', 'l'], ['identifier', 'l'], ['amount', 'r'], ['awards/contracts', 'r']],
      a.suppliers.map((s) => [s.name ?? '(no supplier named)', s.scheme && s.identifier ? `${s.scheme} ${s.identifier}` : '', currencyAmount(s.amount, s.currency),
        `${s.lines}${s.sharedLines ? ` (${s.sharedLines} shared)` : ''}`]), 60));
  }
  if (explain) out.push('', 'Records behind the figures:', ...evidenceLines(a.evidence));
  out.push('', ...a.notes.map((n) => `note: ${n}`));
  return out.join('\n') + '\n';
}

/** The text answer for an OCDS supplier. */
export function renderOcdsCompany(c: OcdsCompanyAnswer, explain: boolean): string {
  const out: string[] = [];
  const id = c.supplier.scheme && c.supplier.identifier ? `${c.supplier.scheme} ${c.supplier.identifier}` : c.supplier.recipientId;
  out.push(`${c.fictional ? 'FICTIONAL — ' : ''}What ${clean(c.supplier.name ?? c.supplier.recipientId)} (${clean(id)}) is behind, in OCDS publications`);
  out.push(c.totals.length ? c.totals.map((t) => `${currencyAmount(t.amount, t.currency)} in ${t.lines} award(s)/contract(s)`).join('; ') + '.' : 'No award or contract values in the store.');
  if (c.byBuyer.length) {
    out.push('');
    out.push(table([['buyer', 'l'], ['country', 'l'], ['amount', 'r'], ['awards/contracts', 'r']],
      c.byBuyer.map((b) => [b.buyer ?? b.agencyId ?? '(no buyer named)', b.country ?? '', currencyAmount(b.amount, b.currency), `${b.lines}${b.sharedLines ? ` (${b.sharedLines} shared)` : ''}`]), 60));
  }
  if (explain) out.push('', 'Records behind the figures:', ...evidenceLines(c.evidence));
  out.push('', ...c.notes.map((n) => `note: ${n}`));
  return out.join('\n') + '\n';
}
