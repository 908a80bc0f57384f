/**
 * What a step of a path or partner list may claim about the agency asked. Kinds whose records sit at
 * agencies (`agencyScope: 'listed'`: subawards under an agency's prime awards, descriptions naming a
 * brand) are judged on their records *at that agency*: the sentence and the amount use those; a step
 * with none there is context, named with the agencies its records are at; all-agency figures are shown
 * only labelled as such. Kinds with the agency as an end (prime, authorizations) are at the agency by
 * construction; agency-neutral facts (ownership, hosting) need no scope.
 */
import type { Basis } from '../analysis/answer.js';
import { describeFiscalYears, type FiscalYearRange } from '../analysis/fiscalYears.js';
import { formatMoney, toCents } from '../analysis/money.js';
import type { AgencyDirectory } from '../entities/agencies.js';
import { edgeKind, hasRole } from '../model/edgeKinds.js';
import type { EdgeEvidence } from './evidence.js';

export interface StepScope {
  /** The agencies asked (subtier codes) and how they read ("ICE"; with years or a basis: "ICE in FY2022 (awarding)"). */
  agencies: string[];
  label: string;
  /** The basis and fiscal years the figures are scoped to (null years: every year the store holds). */
  basis: Basis;
  years: FiscalYearRange | null;
  /**
   * `at agency`: records at the agency asked (on the basis, in the years) back the step; `context`: none
   * do (its records are at other agencies, or in other years); `neutral`: no agency involved.
   */
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

/** "ICE", "ICE in FY2022–FY2023", "ICE (funding basis)": the scope a step's figures are at. */
export function scopeLabel(agencies: string, basis: Basis, years: FiscalYearRange | null): string {
  return `${agencies}${years ? ` in ${describeFiscalYears(years)}` : ''}${basis !== 'either' ? ` (${basis} basis)` : ''}`;
}

/** The scope of a step of `kind` with this evidence, for an answer about `agencies` (null: no agency asked). */
export function stepScope(kind: string, evidence: EdgeEvidence, edgeAgencies: readonly string[], agencies: readonly string[] | null, dir: AgencyDirectory | null): StepScope | null {
  if (!agencies) return null;
  const decl = edgeKind(kind);
  const { basis, years } = evidence;
  const label = scopeLabel(agencies.map((c) => agencyShort(dir, c)).join(', '), basis, years);
  const other = [...new Set(edgeAgencies.filter((a) => !agencies.includes(a)))].map((c) => agencyShort(dir, c));
  const base = { agencies: [...agencies], label, basis, years };
  if (decl.agencyScope === 'none' || hasRole(kind, 'cited')) return { ...base, status: 'neutral', records: null, amount: null, otherAgencies: [] };
  if (decl.agencyScope === 'end') {
    // at the agency by construction; with years or a basis asked, money steps need a record in that scope
    const scoped = (years !== null || basis !== 'either') && evidence.total !== null;
    return { ...base, status: scoped && evidence.count === 0 ? 'context' : 'at agency', records: evidence.count, amount: evidence.total, otherAgencies: [] };
  }
  const at = evidence.agencyFilter ? evidence.count : 0;
  return { ...base, status: at > 0 ? 'at agency' : 'context', records: at, amount: evidence.agencyFilter ? evidence.total : null, otherAgencies: other };
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

/**
 * The sentence of a scoped step: "<a> <verb> <b> at ICE: $X in N record(s) (all agencies: …)", the context
 * wording, or, for a kind with the agency as an end under years or a basis asked, its figures there.
 */
export function scopedSentence(a: string, kind: string, b: string, scope: StepScope | null, evidence: EdgeEvidence, fallback: string): string {
  if (!scope || scope.status === 'neutral') return fallback;
  const decl = edgeKind(kind);
  const verb = decl.verb;
  if (decl.agencyScope === 'end') {
    if ((scope.years === null && scope.basis === 'either') || scope.amount === null) return fallback;
    if (scope.status === 'context') {
      const held = fallback.startsWith(`${a} ${verb} ${b}`) ? fallback.slice(`${a} ${verb} ${b}`.length).trim() : '';
      return `${a} ${verb} ${b}: context (no record at ${scope.label})${held ? `; every year and basis: ${held}` : ''}`;
    }
    return `${a} ${verb} ${b} at ${scope.label}: ${amountWords(scope.amount, scope.records ?? 0)}`;
  }
  if (decl.agencyScope !== 'listed') return fallback;
  const all = evidence.allAgencies;
  const allLabel = scope.years ? `all agencies, ${describeFiscalYears(scope.years)}` : 'all agencies';
  // the all-agency figures, labelled, where they differ from the scoped ones
  const same = all && scope.status === 'at agency' && all.count === scope.records && all.total === scope.amount;
  const noneAnywhere = !!all && all.count === 0 && scope.years !== null;
  const everywhere = all && !same && !noneAnywhere ? ` (${allLabel}: ${amountWords(all.total, all.count)})` : '';
  if (scope.status === 'context') {
    const where = noneAnywhere ? `no record at any agency in ${describeFiscalYears(scope.years!)}; records in other years`
      : scope.otherAgencies.length ? `evidence at other agencies: ${scope.otherAgencies.join(', ')}`
      : scope.years ? 'evidence in other years only' : 'evidence at other agencies: none listed';
    return `${a} ${verb} ${b}: context (${where}); no record at ${scope.label}${everywhere}`;
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
