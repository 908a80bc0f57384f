/**
 * What a step of a path or partner list may claim about the agency asked. Kinds whose records sit at
 * agencies (`agencyScope: 'listed'`: subawards under an agency's prime awards, descriptions naming a
 * brand) are judged on their records *at that agency*: the sentence and the amount use those; a step
 * with none there is context, named with the agencies its records are at; all-agency figures are shown
 * only labelled as such. Kinds with the agency as an end (prime, authorizations) are at the agency by
 * construction; agency-neutral facts (ownership, hosting) need no scope.
 */
import { formatMoney, toCents } from '../analysis/money.js';
import type { AgencyDirectory } from '../entities/agencies.js';
import { edgeKind, hasRole } from '../model/edgeKinds.js';
import type { EdgeEvidence } from './evidence.js';

export interface StepScope {
  /** The agencies asked (subtier codes) and how they read ("ICE"). */
  agencies: string[];
  label: string;
  /** `at agency`: records at the agency asked back the step; `context`: its records are all at other agencies; `neutral`: no agency involved. */
  status: 'at agency' | 'context' | 'neutral';
  /** The records at the agency asked (after repeats are dropped), and their net amount. */
  records: number | null;
  amount: string | null;
  /** Agencies the step's records are at, other than those asked (abbreviations where known). */
  otherAgencies: string[];
}

/** Reads a subtier code as its abbreviation ("7014" → "CBP") where the directory knows one. */
export function agencyShort(dir: AgencyDirectory | null, code: string): string {
  const n = dir?.byKey.get(`subtier:${code}`) ?? dir?.byKey.get(`toptier:${code}`);
  return n?.abbreviation ?? n?.name ?? code;
}

/** The scope of a step of `kind` with this evidence, for an answer about `agencies` (null: no agency asked). */
export function stepScope(kind: string, evidence: EdgeEvidence, edgeAgencies: readonly string[], agencies: readonly string[] | null, dir: AgencyDirectory | null): StepScope | null {
  if (!agencies) return null;
  const decl = edgeKind(kind);
  const label = agencies.map((c) => agencyShort(dir, c)).join(', ');
  const other = [...new Set(edgeAgencies.filter((a) => !agencies.includes(a)))].map((c) => agencyShort(dir, c));
  if (decl.agencyScope === 'none' || hasRole(kind, 'cited')) return { agencies: [...agencies], label, status: 'neutral', records: null, amount: null, otherAgencies: [] };
  if (decl.agencyScope === 'end') {
    return { agencies: [...agencies], label, status: 'at agency', records: evidence.count, amount: evidence.total, otherAgencies: [] };
  }
  const at = evidence.agencyFilter ? evidence.count : 0;
  return {
    agencies: [...agencies], label, status: at > 0 ? 'at agency' : 'context', records: at, amount: evidence.agencyFilter ? evidence.total : null,
    otherAgencies: other,
  };
}

/** Words for an amount that may be net non-positive: a positive relationship with de-obligations only is said so. */
export function amountWords(amount: string | null, records: number): string {
  if (amount === null) return `${records} record(s)`;
  const cents = toCents(amount);
  const base = `${formatMoney(cents)} in ${records} record(s)`;
  if (cents < 0n) return `${base} — a net de-obligation: no positive amount`;
  if (cents === 0n && records > 0) return `${base} — nets to zero`;
  return base;
}

/** The sentence of a scoped step: "<a> <verb> <b> $X in N record(s) at ICE (all agencies: …)", or the context wording. */
export function scopedSentence(a: string, kind: string, b: string, scope: StepScope | null, evidence: EdgeEvidence, fallback: string): string {
  if (!scope || scope.status === 'neutral' || edgeKind(kind).agencyScope !== 'listed') return fallback;
  const verb = edgeKind(kind).verb;
  const all = evidence.allAgencies;
  // the all-agency figures, labelled, where they differ from the scoped ones
  const same = all && scope.status === 'at agency' && all.count === scope.records && all.total === scope.amount;
  const everywhere = all && !same ? ` (all agencies: ${amountWords(all.total, all.count)})` : '';
  if (scope.status === 'context') {
    return `${a} ${verb} ${b}: context (evidence at other agencies: ${scope.otherAgencies.join(', ') || 'none listed'}); no record at ${scope.label}${everywhere}`;
  }
  const repeats = evidence.repeatsDropped.count ? `; ${evidence.repeatsDropped.count} repeated report(s) dropped` : '';
  return `${a} ${verb} ${b} at ${scope.label}: ${amountWords(scope.amount, scope.records ?? 0)}${repeats}${everywhere}`;
}

/** Members carrying a step (top `n` in text): "via West Publishing Corporation $…, Thomson Reuters Special Services LLC $…". */
export function membersWords(evidence: EdgeEvidence, n = 5): string | null {
  if (evidence.members.length < 1) return null;
  const shown = evidence.members.slice(0, n).map((m) => `${m.name} ${m.total === null ? '' : formatMoney(toCents(m.total))} (${m.count} record(s))`.replace('  ', ' '));
  const more = evidence.members.length > n ? ` and ${evidence.members.length - n} more` : '';
  return `via ${shown.join(', ')}${more}`;
}
