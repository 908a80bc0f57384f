/**
 * Pure lookup of a recipient in curated families: which family and member claim it, by which
 * identifier, and a sentence saying so with the member's source. Identifiers beat names (a UEI
 * is exact; names are shared by unrelated companies), and exact names beat patterns.
 */
import type { FamilyDefinition, FamilyMember } from './familiesFile.js';
import { normalizeName } from './normalizeName.js';

/** What a record says about a recipient; any field may be missing. */
export interface RecipientKey {
  uei?: string | null;
  duns?: string | null;
  /** Raw or normalized name: it is normalized here (normalizing twice changes nothing). */
  name?: string | null;
}

/** Which identifier made the match, strongest first. */
export type FamilyMatchBasis = 'uei' | 'duns' | 'name' | 'name_pattern';

/** A recipient placed in a family, with the evidence for it. */
export interface FamilyMatch {
  family: FamilyDefinition;
  member: FamilyMember;
  matchedBy: FamilyMatchBasis;
  /** e.g. 'UEI L997DB4PEJL8 is listed under Thomson Reuters (data/families.yaml line 52; source: https://…)'. */
  explanation: string;
}

const BASES: readonly FamilyMatchBasis[] = ['uei', 'duns', 'name', 'name_pattern'];

function matches(member: FamilyMember, basis: FamilyMatchBasis, key: Required<Record<'uei' | 'duns' | 'name', string>>): boolean {
  switch (basis) {
    case 'uei':
      return member.uei !== undefined && member.uei === key.uei;
    case 'duns':
      return member.duns !== undefined && member.duns === key.duns;
    case 'name':
      return member.name !== undefined && member.name === key.name;
    case 'name_pattern':
      return member.namePattern !== undefined && key.name !== '' && member.namePattern.test(key.name);
  }
}

function describe(basis: FamilyMatchBasis, key: Record<'uei' | 'duns' | 'name', string>, member: FamilyMember): string {
  switch (basis) {
    case 'uei':
      return `UEI ${key.uei}`;
    case 'duns':
      return `DUNS ${key.duns}`;
    case 'name':
      return `name "${key.name}"`;
    case 'name_pattern':
      return `name "${key.name}" (matches pattern ${member.label})`;
  }
}

/** The strongest family claim on a recipient, or undefined when no family lists it. */
export function matchFamily(families: readonly FamilyDefinition[], recipient: RecipientKey): FamilyMatch | undefined {
  const key = {
    uei: (recipient.uei ?? '').trim().toUpperCase(),
    duns: (recipient.duns ?? '').trim(),
    name: normalizeName(recipient.name ?? ''),
  };
  for (const basis of BASES) {
    if (basis !== 'name_pattern' && key[basis] === '') continue;
    for (const family of families) {
      const member = family.members.find((m) => matches(m, basis, key));
      if (!member) continue;
      const explanation =
        `${describe(basis, key, member)} is listed under ${family.family} ` +
        `(${family.file} line ${member.line}; source: ${member.source})`;
      return { family, member, matchedBy: basis, explanation };
    }
  }
  return undefined;
}
