/**
 * Name similarity for proposing entity-match candidates. Scores are evidence for a human or a
 * rule to judge, never a match by themselves; each carries the id of the algorithm that made it
 * so that stored judgements can be re-scored when the matcher changes (nomenklatura's habit).
 */

/** Identifier recorded with every score from {@link candidateScore}. Bump it when the formula changes. */
export const CANDIDATE_ALGORITHM = 'jw-token-v1';

/** A similarity score in [0, 1] with the algorithm that made it and why. */
export interface CandidateScore {
  score: number;
  algorithm: typeof CANDIDATE_ALGORITHM;
  reasons: string[];
}

/** Jaro similarity in [0, 1] (1 = identical; two empty strings count as identical). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  return (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler similarity: Jaro boosted by a shared prefix of up to 4 characters (scale 0.1). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

function tokenSet(name: string): Set<string> {
  return new Set(name.split(' ').filter(Boolean));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Similarity of two normalized names (see normalizeName): the mean of Jaro-Winkler over the whole
 * strings, which forgives typos, and the Dice coefficient over word sets, which forgives word order
 * and penalizes names that share only a prefix ("DELL FEDERAL SYSTEMS" vs "DELL MARKETING").
 * @example candidateScore('ACME', 'ACME WIDGETS').score // 0.767
 */
export function candidateScore(a: string, b: string): CandidateScore {
  if (a === b) {
    return { score: 1, algorithm: CANDIDATE_ALGORITHM, reasons: ['identical normalized names'] };
  }
  const jw = jaroWinkler(a, b);
  const ta = tokenSet(a);
  const tb = tokenSet(b);
  const shared = [...ta].filter((t) => tb.has(t));
  const dice = ta.size + tb.size ? (2 * shared.length) / (ta.size + tb.size) : 0;
  const reasons = [`jaro-winkler ${round3(jw)}`, `word overlap (Dice) ${round3(dice)}`];
  if (shared.length) reasons.push(`shared words: ${shared.join(', ')}`);
  const onlyA = [...ta].filter((t) => !tb.has(t));
  const onlyB = [...tb].filter((t) => !ta.has(t));
  if (onlyA.length || onlyB.length) {
    reasons.push(`differing words: ${[...onlyA, ...onlyB].join(', ')}`);
  }
  return { score: round3((jw + dice) / 2), algorithm: CANDIDATE_ALGORITHM, reasons };
}
