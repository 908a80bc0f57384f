/**
 * Category of a Product and Service Code from its structure alone. PSCs are hierarchical: a
 * numeric first character is a product (the first two digits are the Federal Supply Group), a
 * letter is a service (the letter is the service category), and equipment-related services
 * (H, J, K, L, N, W) carry the product group of the equipment in their last two characters.
 * Rules therefore work on prefixes and need no copy of the PSC manual.
 */
import type { CategoryId } from './categoryList.js';

/** A category and the sentence saying which rule gave it. */
export interface RuleResult {
  category: CategoryId;
  rule: string;
}

/** PSCs whose category differs from their service letter's, with the reason. */
const EXCEPTIONS: Readonly<Record<string, RuleResult>> = {
  R430: { category: 'security_guard', rule: 'R430 is physical security and badging support' },
  R611: { category: 'it_data_services', rule: 'R611 is credit reporting, the code agencies use to buy data-broker access' },
  R612: { category: 'it_data_services', rule: 'R612 is information retrieval (data and research subscriptions)' },
  S206: { category: 'security_guard', rule: 'S206 is guard services' },
  S211: { category: 'security_guard', rule: 'S211 is surveillance services' },
  S113: { category: 'it_data_services', rule: 'S113 is telephone and communications utility service' },
  M1FF: { category: 'detention_facilities', rule: 'M1FF is operation of penal facilities' },
  M166: { category: 'detention_facilities', rule: 'M166 is operation of penal facilities (pre-2011 code)' },
  X1FF: { category: 'detention_facilities', rule: 'X1FF is lease or rental of penal facilities' },
  X166: { category: 'detention_facilities', rule: 'X166 is lease or rental of penal facilities (pre-2011 code)' },
};

/** Service letters whose whole category maps one way. */
const SERVICE_LETTERS: Readonly<Record<string, RuleResult>> = {
  A: { category: 'other', rule: 'starts with A: research and development' },
  B: { category: 'professional_services', rule: 'starts with B: special studies and analysis (not R&D)' },
  C: { category: 'construction', rule: 'starts with C: architect and engineering services' },
  D: { category: 'it_data_services', rule: 'starts with D: IT and telecom services' },
  E: { category: 'construction', rule: 'starts with E: purchase of structures and facilities' },
  F: { category: 'other', rule: 'starts with F: natural resources management' },
  G: { category: 'other', rule: 'starts with G: social services' },
  M: { category: 'detention_facilities', rule: 'starts with M: operation of government-owned facilities' },
  P: { category: 'other', rule: 'starts with P: salvage services' },
  Q: { category: 'other', rule: 'starts with Q: medical services' },
  R: { category: 'professional_services', rule: 'starts with R: professional, administrative and management support' },
  S: { category: 'detention_facilities', rule: 'starts with S: utilities and housekeeping (facility operations)' },
  T: { category: 'other', rule: 'starts with T: photography, mapping, printing and publishing' },
  U: { category: 'other', rule: 'starts with U: education and training' },
  V: { category: 'other', rule: 'starts with V: transportation, travel and relocation' },
  X: { category: 'other', rule: 'starts with X: lease or rental of facilities' },
  Y: { category: 'construction', rule: 'starts with Y: construction of structures and facilities' },
  Z: { category: 'construction', rule: 'starts with Z: maintenance, repair and alteration of real property' },
};

/** Services on equipment, whose last two characters name the equipment's product group. */
const EQUIPMENT_SERVICES: Readonly<Record<string, string>> = {
  H: 'quality control, testing and inspection',
  J: 'maintenance and repair',
  K: 'modification',
  L: 'technical representative services',
  N: 'installation',
  W: 'lease or rental',
};

/** Category of a product group (two characters: "23", "70", "7A"). */
function productGroup(group: string): RuleResult | undefined {
  if (group === '70') return { category: 'it_products_software', rule: 'group 70: IT equipment, software and supplies' };
  if (/^7[A-K]$/.test(group)) return { category: 'it_products_software', rule: `group ${group}: IT products (7A-7K)` };
  if (!/^\d\d$/.test(group)) return undefined;
  const n = Number(group);
  if (n >= 10 && n <= 69) {
    return { category: 'vehicles_equipment', rule: `group ${group} (10-69: weapons, vehicles, machinery and equipment)` };
  }
  if (n >= 71) return { category: 'other', rule: `group ${group} (71-99: furniture, supplies, clothing, food, fuel)` };
  return undefined;
}

/** Canonical form of a PSC as written in records: trimmed, uppercase. */
export function cleanPsc(raw: string | null | undefined): string {
  return (raw ?? '').trim().toUpperCase();
}

/**
 * Category of a PSC by its structure, or undefined with no rule when the code is empty, the
 * "0000" placeholder, or not shaped like a PSC (the caller then tries NAICS).
 */
export function pscRule(raw: string | null | undefined): RuleResult | undefined {
  const code = cleanPsc(raw);
  if (!/^[A-Z0-9]{1,4}$/.test(code) || /^0+$/.test(code)) return undefined;
  const exception = EXCEPTIONS[code];
  if (exception) return { category: exception.category, rule: `PSC ${exception.rule}` };
  const first = code[0] ?? '';
  if (/\d/.test(first)) {
    const group = productGroup(code.slice(0, 2));
    return group && { category: group.category, rule: `PSC ${code} is a product in ${group.rule}` };
  }
  if (/^R3/.test(code)) {
    return { category: 'it_data_services', rule: `PSC ${code} starts with R3: ADP services (obsolete IT codes)` };
  }
  if (/^R[12]/.test(code)) {
    return { category: 'construction', rule: `PSC ${code} starts with ${code.slice(0, 2)}: obsolete architect-engineer codes` };
  }
  if (/^J9/.test(code)) {
    return { category: 'vehicles_equipment', rule: `PSC ${code} starts with J9: non-nuclear ship repair` };
  }
  const service = EQUIPMENT_SERVICES[first];
  if (service) {
    if (code.length < 4) {
      return { category: 'vehicles_equipment', rule: `PSC ${code} starts with ${first}: ${service} of equipment` };
    }
    const group = productGroup(code.slice(2, 4));
    if (!group) return undefined;
    const category = group.category === 'it_products_software' ? 'it_data_services' : group.category;
    return { category, rule: `PSC ${code} is ${service} of equipment in ${group.rule}` };
  }
  const letter = SERVICE_LETTERS[first];
  return letter && { category: letter.category, rule: `PSC ${code} ${letter.rule}` };
}
