import type { BrandLexicon, BrandMatch, BrandTerm } from './brandTypes.js';
import { followedByRegex, normalizeForMatch, precededByRegex, wholeWordRegex } from './matchText.js';

interface CompiledTerm {
  family: string;
  term: BrandTerm;
  regex: RegExp;
  onlyNear: RegExp[];
  exceptNear: RegExp[];
  exceptFollowedBy: RegExp[];
  exceptPrecededBy: RegExp[];
}

/** A lexicon with every regex built once, ready to match many descriptions. */
export interface CompiledBrandLexicon {
  lexicon: BrandLexicon;
  terms: CompiledTerm[];
}

/** Build the regexes of every term of a lexicon. */
export function compileBrandLexicon(lexicon: BrandLexicon): CompiledBrandLexicon {
  const terms: CompiledTerm[] = [];
  for (const family of lexicon.families) {
    for (const term of family.terms) {
      terms.push({
        family: family.id,
        term,
        regex: wholeWordRegex(term.term),
        onlyNear: term.onlyNear.map(wholeWordRegex),
        exceptNear: term.exceptNear.map(wholeWordRegex),
        exceptFollowedBy: term.exceptFollowedBy.map(followedByRegex),
        exceptPrecededBy: term.exceptPrecededBy.map(precededByRegex),
      });
    }
  }
  return { lexicon, terms };
}

/**
 * Every place in `text` where a lexicon term names a brand, in text order. Within one family a
 * match inside a longer one is dropped (`AMAZON WEB SERVICES`, not also `AMAZON`); matches of
 * different families may overlap (`CISCO CATALYST 8000V FOR AWS GOVCLOUD` names both).
 */
export function matchCompiled(compiled: CompiledBrandLexicon, text: string): BrandMatch[] {
  const normalized = normalizeForMatch(text);
  const nearCache = new Map<RegExp, Array<[number, number]>>();
  const occurrences = (regex: RegExp): Array<[number, number]> => {
    let found = nearCache.get(regex);
    if (found === undefined) {
      found = [...normalized.matchAll(regex)].map((m) => [m.index, m.index + m[0].length] as [number, number]);
      nearCache.set(regex, found);
    }
    return found;
  };
  const near = (regexes: RegExp[], start: number, end: number, window: number): boolean =>
    regexes.some((r) => occurrences(r).some(([s, e]) => e > start - window && s < end + window));

  const matches: BrandMatch[] = [];
  for (const c of compiled.terms) {
    for (const m of normalized.matchAll(c.regex)) {
      const start = m.index;
      const end = start + m[0].length;
      const window = c.term.window;
      if (c.onlyNear.length > 0 && !near(c.onlyNear, start, end, window)) continue;
      if (near(c.exceptNear, start, end, window)) continue;
      if (c.exceptFollowedBy.some((r) => r.test(normalized.slice(end)))) continue;
      if (c.exceptPrecededBy.some((r) => r.test(normalized.slice(0, start)))) continue;
      matches.push({
        family: c.family,
        term: c.term.term,
        matchedText: text.slice(start, end),
        start,
        end,
        confidence: c.term.confidence,
      });
    }
  }
  return dropContained(matches);
}

// Sorted by start, longest first, any match containing a later one of its family comes before it.
function dropContained(matches: BrandMatch[]): BrandMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end || a.family.localeCompare(b.family));
  return matches.filter(
    (m, i) => !matches.some((o, j) => j < i && o.family === m.family && o.start <= m.start && o.end >= m.end),
  );
}
