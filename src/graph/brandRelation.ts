/**
 * What a description that names a brand says of the recipient and the brand: the buyer purchases the
 * brand's product through the recipient (`resells`), the recipient works on the brand's platform
 * (`services_on`), or neither can be told (`names`). The rules are data (data/brands.yaml
 * `relations`, documented in docs/brands.md); this module applies them. When rules of both kinds fire,
 * the description is read as `names`: one record cannot be split between resale and services.
 */
import type { BrandMatch, BrandRelationKind, BrandRelationRule } from './brandTypes.js';
import { normalizeForMatch, precededByRegex, wholeWordRegex } from './matchText.js';

/** The relationship read from one description for one brand, and the rule and words that decided it. */
export interface BrandRelation {
  kind: BrandRelationKind | 'names';
  /** e.g. `resale-cloud: "PUBLIC CLOUD" (data/brands.yaml line 412)`, or why it reads `names`. */
  rule: string;
}

interface CompiledRule {
  rule: BrandRelationRule;
  phrases: RegExp[];
  exceptNear: RegExp[];
  exceptPrecededBy: RegExp[];
}

const compiledRules = new WeakMap<readonly BrandRelationRule[], CompiledRule[]>();

function compile(rules: readonly BrandRelationRule[]): CompiledRule[] {
  let c = compiledRules.get(rules);
  if (!c) {
    c = rules.map((rule) => ({
      rule, phrases: rule.phrases.map(wholeWordRegex), exceptNear: rule.exceptNear.map(wholeWordRegex),
      exceptPrecededBy: rule.exceptPrecededBy.map(precededByRegex),
    }));
    compiledRules.set(rules, c);
  }
  return c;
}

/** The phrase of `regexes` found within `window` characters of [start, end) in `normalized`, or null. */
function nearPhrase(normalized: string, original: string, regexes: RegExp[], start: number, end: number, window: number): string | null {
  for (const r of regexes) {
    for (const m of normalized.matchAll(r)) {
      if (m.index + m[0].length > start - window && m.index < end + window && !(m.index >= start && m.index < end)) {
        return original.slice(m.index, m.index + m[0].length);
      }
    }
  }
  return null;
}

/** Whether the match is the whole description, or its first sentence ("AMAZON WEB SERVICES. THE PURPOSE …"). */
function isAlone(original: string, m: Pick<BrandMatch, 'start' | 'end'>): boolean {
  return /^[\s"'(]*$/.test(original.slice(0, m.start)) && /^[\s")]*(\.|$)/.test(original.slice(m.end));
}

/**
 * The relationship `text` states with the brand named at `matches` (all matches of one brand in it).
 * @example brandRelation('AMAZON WEB SERVICES PUBLIC CLOUD', [match of AMAZON WEB SERVICES], rules)
 *   // {kind: 'resells', rule: 'resale-cloud: "PUBLIC CLOUD" (data/brands.yaml line …)'}
 */
export function brandRelation(text: string, matches: ReadonlyArray<Pick<BrandMatch, 'start' | 'end'>>, rules: readonly BrandRelationRule[], file = 'data/brands.yaml'): BrandRelation {
  const normalized = normalizeForMatch(text);
  const fired = new Map<BrandRelationKind, string>();
  for (const c of compile(rules)) {
    if (fired.has(c.rule.kind)) continue;
    for (const m of matches) {
      if (c.exceptPrecededBy.some((r) => r.test(normalized.slice(0, m.start)))) continue;
      if (nearPhrase(normalized, text, c.exceptNear, m.start, m.end, c.rule.window) !== null) continue;
      const where = `(${file} line ${c.rule.line})`;
      if (c.rule.where === 'alone') {
        if (isAlone(text, m)) { fired.set(c.rule.kind, `${c.rule.id}: the description is the brand's name ${where}`); break; }
        continue;
      }
      const cue = nearPhrase(normalized, text, c.phrases, m.start, m.end, c.rule.window);
      if (cue !== null) { fired.set(c.rule.kind, `${c.rule.id}: "${cue}" ${where}`); break; }
    }
  }
  if (fired.size === 1) {
    const [kind, rule] = [...fired][0]!;
    return { kind, rule };
  }
  if (fired.size > 1) return { kind: 'names', rule: `both resale and services cues (${[...fired.values()].join('; ')}): cannot tell which` };
  return { kind: 'names', rule: 'no resale or services cue near the brand\'s name' };
}
