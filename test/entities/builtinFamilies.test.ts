import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_FAMILIES_PATH, loadFamiliesFile, type FamilyDefinition } from '../../src/entities/familiesFile.js';
import { matchFamily } from '../../src/entities/familyMatch.js';
import { normalizeName } from '../../src/entities/normalizeName.js';
import { hasRealData, REAL_DATA_SKIP_REASON, realFile } from '../support/realData.js';
import { csvRows } from './csvRows.js';

let families: FamilyDefinition[] = [];
beforeAll(async () => {
  families = await loadFamiliesFile(BUILTIN_FAMILIES_PATH);
});

// Spellings from the real files, and the family each must (or must not) roll up to, by hand.
const EXPECTED: ReadonlyArray<readonly [string, string | undefined]> = [
  ['AMAZON WEB SERVICES, INC.', 'amazon'],
  ['FOUR POINTS TECHNOLOGY, L.L.C.', undefined], // AWS reseller, not part of Amazon
  ['PALANTIR TECHNOLOGIES INC.', 'palantir'],
  ['PALANTIR USG INC', 'palantir'],
  ['MICROSOFT CORPORATION', 'microsoft'],
  ['WEST PUBLISHING CORPORATION', 'thomson-reuters'],
  ['THOMSON REUTERS SPECIAL SERVICES LLC', 'thomson-reuters'],
  ['THOMSON REUTERS (MARKETS) LLC', 'thomson-reuters'],
  ['RELX INC.', 'relx'],
  ['LEXISNEXIS RISK SOLUTIONS INC', 'relx'],
  ['LEXISNEXIS SPECIAL SERVICES INC', 'relx'],
  ['DELOITTE CONSULTING LLP', 'deloitte'],
  ['DELOITTE & TOUCHE LLP', 'deloitte'],
  ['DELOITTE FINANCIAL ADVISORY SERVICES LLP', 'deloitte'],
  ['ACCENTURE FEDERAL SERVICES LLC', 'accenture'],
  ['BOOZ ALLEN HAMILTON INC', 'booz-allen-hamilton'],
  ['CACI NSS, LLC', 'caci'],
  ['CACI, INC. - FEDERAL', 'caci'],
  ['CACI INC - FEDERAL', 'caci'],
  ['CACI-ISS, LLC', 'caci'],
  ['THE GEO GROUP, INC.', 'geo-group'],
  ['B.I. INCORPORATED', 'geo-group'],
  ['BI INC', 'geo-group'],
  ['GEO CARE SERVICES, LLC', 'geo-group'],
  ['GEO-MED, LLC', undefined],
  ['GEO4S TECHNOLOGIES LLC', undefined],
  ['CORECIVIC, INC.', 'corecivic'],
  ['CORRECTIONS CORPORATION OF AMERICA', 'corecivic'],
  ['GENERAL DYNAMICS INFORMATION TECHNOLOGY, INC.', 'general-dynamics'],
  ['GENERAL DYNAMICS ONE SOURCE LLC', 'general-dynamics'],
  ['SALESFORCE.COM, INC.', 'salesforce'],
  ['MOTOROLA SOLUTIONS, INC.', 'motorola-solutions'],
  ['VIGILANT SOLUTIONS, LLC', 'motorola-solutions'],
  ['EVIGILANT.COM, LLC', undefined],
  ['DELL FEDERAL SYSTEMS L.P', 'dell'],
  ['DELL FEDERAL SYSTEMS GP LLC', 'dell'],
  ['DELL MARKETING L.P.', 'dell'],
  ['ORACLE AMERICA, INC', 'oracle'],
  ['GOOGLE LLC', 'alphabet'],
  ['GOOGLE PUBLIC SECTOR LLC', 'alphabet'],
];

describe('data/families.yaml', () => {
  it('loads, with every family cited', () => {
    expect(families.length).toBeGreaterThanOrEqual(17);
    for (const f of families) for (const m of f.members) expect(m.source, `${f.id} line ${m.line}`).toMatch(/^https:\/\//);
  });

  it.each(EXPECTED)('%s → %s', (name, id) => {
    expect(matchFamily(families, { name })?.family.id).toBe(id);
  });
});

/** Every (identifier, name) pair the ICE award and subaward files state, over all entity columns. */
function identifierPairs(): { uei: Map<string, Set<string>>; duns: Map<string, Set<string>> } {
  const uei = new Map<string, Set<string>>();
  const duns = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, name: string) => {
    if (!key || !name) return;
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)!.add(normalizeName(name));
  };
  const root = realFile('mn_ice_contracts');
  for (const sub of readdirSync(root)) {
    for (const file of readdirSync(join(root, sub)).filter((f) => f.startsWith('Contracts_'))) {
      for (const row of csvRows(join(root, sub, file))) {
        for (const who of ['recipient', 'recipient_parent', 'subawardee', 'subawardee_parent', 'prime_awardee', 'prime_awardee_parent']) {
          const name = row[`${who}_name`] ?? '';
          add(uei, row[`${who}_uei`] ?? '', name);
          add(duns, row[`${who}_duns`] ?? '', name);
        }
      }
    }
  }
  return { uei, duns };
}

describe.skipIf(!hasRealData)('identifiers in data/families.yaml against the real ICE records', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  const pairs = hasRealData ? identifierPairs() : { uei: new Map(), duns: new Map() };

  it('every UEI and DUNS occurs in the records, next to a name of the same family', () => {
    let checked = 0;
    for (const family of families) {
      for (const member of family.members) {
        for (const [kind, value] of [['uei', member.uei], ['duns', member.duns]] as const) {
          if (!value) continue;
          const names = pairs[kind].get(value);
          expect(names, `${kind} ${value} (${family.id}) not found in the records`).toBeDefined();
          if (member.name) expect([...names!], `${kind} ${value}`).toContain(member.name);
          for (const seen of names!) {
            // Match on the name alone: the identifier must not be what puts it in the family.
            expect(matchFamily(families, { name: seen })?.family.id, `${seen} next to ${kind} ${value}`).toBe(family.id);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });
});
