/**
 * Reseller brand lexicon: finds the brands a transaction description names, so that money paid
 * to a reseller (FOUR POINTS TECHNOLOGY, L.L.C.) can be traced to the company behind the product
 * (Amazon Web Services). The domain knowledge lives in data/brands.yaml, documented in
 * docs/brands.md; this module loads it and matches with it.
 */
import { readFileSync } from 'node:fs';
import { BadInputError } from '../errors.js';
import { bundledDataFile } from '../dataFiles.js';
import { compileBrandLexicon, matchCompiled, type CompiledBrandLexicon } from './brandMatcher.js';
import type { BrandConfidence, BrandLexicon, BrandMatch } from './brandTypes.js';
import { parseBrandLexicon } from './parseBrandLexicon.js';

export type { BrandConfidence, BrandFamily, BrandLexicon, BrandMatch, BrandOwner, BrandTerm } from './brandTypes.js';
export { brandSnippet } from './brandSnippet.js';
export { parseBrandLexicon } from './parseBrandLexicon.js';
export { normalizeForMatch } from './matchText.js';

/** Read and validate a lexicon file (data/brands.yaml layout). */
export function loadBrandLexicon(path: string = defaultLexiconPath()): BrandLexicon {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new BadInputError({ file: path }, `cannot read brand lexicon (${why})`);
  }
  return parseBrandLexicon(text, path);
}

/** data/brands.yaml of this installation, found upwards from this module (src/ or dist/src/). */
export function defaultLexiconPath(): string {
  return bundledDataFile('brands.yaml', 'brand lexicon');
}

const compiledCache = new WeakMap<BrandLexicon, CompiledBrandLexicon>();
let defaultLexicon: BrandLexicon | undefined;

/** The lexicon of data/brands.yaml, loaded once. */
export function defaultBrandLexicon(): BrandLexicon {
  return (defaultLexicon ??= loadBrandLexicon());
}

/**
 * Brands named in `text`, in text order, each with the original characters and offsets.
 * @example matchBrands('AMAZON WEB SERVICES (AWS) FOR CBP')
 *   // [{family: 'amazon', term: 'AMAZON WEB SERVICES', matchedText: 'AMAZON WEB SERVICES',
 *   //   start: 0, end: 19, confidence: 'strong'},
 *   //  {family: 'amazon', term: 'AWS', matchedText: 'AWS', start: 21, end: 24, confidence: 'strong'}]
 */
export function matchBrands(text: string, lexicon: BrandLexicon = defaultBrandLexicon()): BrandMatch[] {
  let compiled = compiledCache.get(lexicon);
  if (compiled === undefined) {
    compiled = compileBrandLexicon(lexicon);
    compiledCache.set(lexicon, compiled);
  }
  return matchCompiled(compiled, text);
}

/** The distinct families named in `text`, strongest evidence first: a quick yes/no per family. */
export function brandFamiliesIn(text: string, lexicon?: BrandLexicon): Array<{ family: string; confidence: BrandConfidence }> {
  const best = new Map<string, BrandConfidence>();
  for (const m of matchBrands(text, lexicon)) {
    if (best.get(m.family) !== 'strong') best.set(m.family, m.confidence);
  }
  const rank = (c: BrandConfidence) => (c === 'strong' ? 0 : 1);
  return [...best]
    .map(([family, confidence]) => ({ family, confidence }))
    .sort((a, b) => rank(a.confidence) - rank(b.confidence) || a.family.localeCompare(b.family));
}
