import { describe, expect, it } from 'vitest';
import { CANDIDATE_ALGORITHM, candidateScore, jaro, jaroWinkler } from '../../src/entities/similarity.js';

describe('jaro and jaroWinkler', () => {
  // Textbook values (Winkler 1990 and the standard worked examples), to three decimals.
  it.each([
    ['MARTHA', 'MARHTA', 0.944, 0.961],
    ['DWAYNE', 'DUANE', 0.822, 0.84],
    ['DIXON', 'DICKSONX', 0.767, 0.813],
    ['CRATE', 'TRACE', 0.733, 0.733],
  ])('%s / %s: jaro %f, jaro-winkler %f', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
  });

  it('is 1 for identical strings, 0 for strings with nothing in common or one empty', () => {
    expect(jaroWinkler('ACME', 'ACME')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('ABC', '')).toBe(0);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['PALANTIR TECHNOLOGIES', 'PALANTIR USG'], ['DIXON', 'DICKSONX'], ['WEST PUBLISHING', 'THOMSON REUTERS']]) {
      expect(jaroWinkler(a!, b!)).toBeCloseTo(jaroWinkler(b!, a!), 12);
    }
  });
});

describe('candidateScore', () => {
  it('records the algorithm with every score', () => {
    expect(CANDIDATE_ALGORITHM).toBe('jw-token-v1');
    expect(candidateScore('ACME', 'ACME').algorithm).toBe('jw-token-v1');
    expect(candidateScore('ACME', 'OTHER').algorithm).toBe('jw-token-v1');
  });

  it('scores identical names 1 with a reason', () => {
    expect(candidateScore('WEST PUBLISHING', 'WEST PUBLISHING')).toEqual({
      score: 1,
      algorithm: 'jw-token-v1',
      reasons: ['identical normalized names'],
    });
  });

  it('averages Jaro-Winkler and word Dice (worked by hand)', () => {
    // ACME vs ACME WIDGETS: 4 matches, no transpositions; jaro = (4/4 + 4/12 + 1) / 3 = 0.7778,
    // prefix 4 gives 0.7778 + 0.4 * 0.2222 = 0.8667; Dice = 2*1/(1+2) = 0.6667; mean 0.7667.
    const s = candidateScore('ACME', 'ACME WIDGETS');
    expect(s.score).toBe(0.767);
    expect(s.reasons).toEqual([
      'jaro-winkler 0.867',
      'word overlap (Dice) 0.667',
      'shared words: ACME',
      'differing words: WIDGETS',
    ]);
  });

  it('ranks a sibling entity above an unrelated company', () => {
    const sibling = candidateScore('PALANTIR TECHNOLOGIES', 'PALANTIR USG').score;
    const unrelated = candidateScore('PALANTIR TECHNOLOGIES', 'FOUR POINTS TECHNOLOGY').score;
    expect(sibling).toBeGreaterThan(unrelated);
    expect(candidateScore('WEST PUBLISHING', 'THOMSON REUTERS').score).toBeLessThan(0.5);
  });

  it('forgives word order and small typos', () => {
    expect(candidateScore('DELOITTE AND TOUCHE', 'TOUCHE AND DELOITTE').score).toBeGreaterThan(0.7);
    expect(candidateScore('LEXISNEXIS RISK SOLUTIONS', 'LEXIS NEXIS RISK SOLUTIONS').score).toBeGreaterThan(0.7);
  });

  it('is symmetric', () => {
    expect(candidateScore('CACI NSS', 'CACI INC FEDERAL').score).toBe(candidateScore('CACI INC FEDERAL', 'CACI NSS').score);
  });
});
