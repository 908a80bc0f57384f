/**
 * The reseller brand lexicon as data: which words in a transaction description name which
 * company family. Loaded from data/brands.yaml (documented in docs/brands.md).
 */

/**
 * `strong`: the term names the family on its own in procurement text.
 * `weak`: usually the family, but the word has other known meanings; read the snippet.
 */
export type BrandConfidence = 'strong' | 'weak';

/** One term and the context rules that keep it from firing on other meanings. */
export interface BrandTerm {
  /** Normalized: uppercase letters, digits and single spaces, e.g. `AMAZON WEB SERVICES`. */
  term: string;
  confidence: BrandConfidence;
  /** At least one of these phrases must occur within `window` characters of the match. */
  onlyNear: string[];
  /** None of these phrases may occur within `window` characters of the match. */
  exceptNear: string[];
  /** The match does not count when one of these phrases comes right after it. */
  exceptFollowedBy: string[];
  /** The match does not count when one of these phrases comes right before it. */
  exceptPrecededBy: string[];
  /** Characters either side of the match searched by onlyNear and exceptNear. */
  window: number;
  /** Why the term is in the lexicon and what it must not be confused with. */
  note?: string;
  /** Line of data/brands.yaml that declares the term, for pointing a reader at the rule. */
  line: number;
}

/** A later owner of a brand family, from a date: a roll-up hint for the corporate-family list. */
export interface BrandOwner {
  family: string;
  /** YYYY-MM-DD the acquisition completed; records before it belong to the brand alone. */
  since: string;
  /** Where that date comes from. */
  source: string;
}

/** All terms of one company family. */
export interface BrandFamily {
  /** e.g. `amazon`, `thomson-reuters`. */
  id: string;
  /** Display name, e.g. `Amazon (Amazon Web Services)`. */
  name: string;
  note?: string;
  partOf?: BrandOwner;
  terms: BrandTerm[];
}

/** The relationship a description's cue says the recipient has to the brand (the graph's edge kinds of the same names). */
export type BrandRelationKind = 'resells' | 'services_on';

/**
 * One rule telling what a description says of the recipient and the brand it names: `near` — one of
 * `phrases` occurs within `window` characters of the brand's name; `alone` — the description is the
 * brand's name alone (or followed by a full stop: "AMAZON WEB SERVICES. THE PURPOSE OF THIS
 * MODIFICATION …"), the thing bought. `exceptPrecededBy`: the rule does not fire when the brand's name
 * comes right after one of these phrases ("… FOR AWS GOVCLOUD": the brand is the platform something
 * else is for, not the thing bought).
 */
export interface BrandRelationRule {
  id: string;
  kind: BrandRelationKind;
  where: 'near' | 'alone';
  phrases: string[];
  exceptPrecededBy: string[];
  exceptNear: string[];
  window: number;
  note?: string;
  /** Line of data/brands.yaml that declares the rule. */
  line: number;
}

/** The whole lexicon, validated. */
export interface BrandLexicon {
  file: string;
  families: BrandFamily[];
  /** How a description relates the recipient to a brand it names; none: every mention reads `names`. */
  relations: BrandRelationRule[];
}

/** One place where a description names a brand. Offsets index the original text. */
export interface BrandMatch {
  family: string;
  /** The lexicon term that matched (normalized form). */
  term: string;
  /** The original characters that matched, e.g. `Amazon Web Services`. */
  matchedText: string;
  start: number;
  end: number;
  confidence: BrandConfidence;
}
