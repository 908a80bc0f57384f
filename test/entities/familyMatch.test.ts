import { describe, expect, it } from 'vitest';
import { parseFamilies } from '../../src/entities/familiesFile.js';
import { matchFamily } from '../../src/entities/familyMatch.js';

const FAMILIES = parseFamilies(
  `- family: Parent One
  id: one
  members:
    - name: ONE SUB LLC
      source: https://example.org/one
    - uei: AAAAAAAAAAA1
      source: https://example.org/one-uei
    - name_pattern: ONE( .*)?
      source: https://example.org/one-pattern
- family: Parent Two
  id: two
  members:
    - name: ONE OTHER THING INC
      duns: "123456789"
      source: https://example.org/two
`,
  'test.yaml',
);

describe('matchFamily', () => {
  it('matches a UEI before anything else, case-insensitively', () => {
    const m = matchFamily(FAMILIES, { uei: ' aaaaaaaaaaa1 ', name: 'ONE OTHER THING' });
    expect(m?.family.id).toBe('one');
    expect(m?.matchedBy).toBe('uei');
    expect(m?.explanation).toBe('UEI AAAAAAAAAAA1 is listed under Parent One (test.yaml line 6; source: https://example.org/one-uei)');
  });

  it('prefers a DUNS to a name, and an exact name to a pattern', () => {
    expect(matchFamily(FAMILIES, { duns: '123456789', name: 'One Sub, LLC' })?.family.id).toBe('two');
    // "ONE OTHER THING" also matches family one's pattern; the exact name wins.
    const exact = matchFamily(FAMILIES, { name: 'One Other Thing, Inc.' });
    expect(exact?.family.id).toBe('two');
    expect(exact?.matchedBy).toBe('name');
  });

  it('falls back to patterns over the normalized name', () => {
    const m = matchFamily(FAMILIES, { name: 'One Widgets, L.L.C.' });
    expect(m?.matchedBy).toBe('name_pattern');
    expect(m?.explanation).toBe(
      'name "ONE WIDGETS" (matches pattern /ONE( .*)?/) is listed under Parent One (test.yaml line 8; source: https://example.org/one-pattern)',
    );
  });

  it('returns undefined for unknown recipients and for empty keys', () => {
    expect(matchFamily(FAMILIES, { name: 'SOMEONE ELSE' })).toBeUndefined();
    expect(matchFamily(FAMILIES, { name: 'NONE' })).toBeUndefined();
    expect(matchFamily(FAMILIES, {})).toBeUndefined();
    expect(matchFamily(FAMILIES, { uei: null, duns: '', name: '' })).toBeUndefined();
  });
});
