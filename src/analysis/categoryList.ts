/**
 * The spending categories users think in, declared once. Every categorizer (by PSC, NAICS or
 * description) answers with one of these ids; docs/categories.md explains what each holds.
 */

/** Category ids, in the order reports list them. */
export const CATEGORY_IDS = [
  'it_data_services',
  'it_products_software',
  'professional_services',
  'detention_facilities',
  'security_guard',
  'construction',
  'vehicles_equipment',
  'other',
] as const;

/** One of the spending categories. */
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** A category with its display label and a one-paragraph description of what is in and out. */
export interface CategoryInfo {
  id: CategoryId;
  label: string;
  description: string;
}

/** Every category with label and description (see docs/categories.md for the reasoning). */
export const CATEGORIES: readonly CategoryInfo[] = [
  {
    id: 'it_data_services',
    label: 'IT and data services',
    description:
      'IT and telecom services (PSC D*, the obsolete R3* ADP codes, telephone utilities S113), maintenance, ' +
      'installation and lease of IT equipment (J070, N070, W070 and the like), and bought-in data: credit ' +
      'reporting (R611) and information retrieval (R612), which is how agencies buy data-broker access.',
  },
  {
    id: 'it_products_software',
    label: 'IT products and software',
    description:
      'Computers, software licences and IT hardware bought as products: PSC group 70 and the 2020 IT product ' +
      'groups 7A-7K. Radios and radar (group 58) are equipment, not IT.',
  },
  {
    id: 'professional_services',
    label: 'Professional and management services',
    description:
      'Professional, administrative and management support services and studies: PSC R* (except the IT, data ' +
      'and security codes above and below) and B* (special studies, not R&D).',
  },
  {
    id: 'detention_facilities',
    label: 'Detention and facility operations',
    description:
      'Running facilities, detention included: operation of government-owned facilities (M*), utilities and ' +
      'housekeeping such as food, laundry and janitorial services (S1*, S2* except guards), lease of penal ' +
      'facilities (X1FF), and guard services (S206) bought under a correctional-institution or facilities-support ' +
      'NAICS code. Most ICE detention contracts are coded S206 with a security-guard NAICS and land in security_guard.',
  },
  {
    id: 'security_guard',
    label: 'Guard and security services',
    description:
      'Guard services (S206), surveillance (S211) and physical security and badging (R430). At ICE this holds ' +
      'most detention-centre operation, because detention contracts are commonly coded as guard services.',
  },
  {
    id: 'construction',
    label: 'Construction and real property',
    description:
      'Building, buying, designing and repairing real property: construction (Y*), maintenance, repair and ' +
      'alteration of real property (Z*), architect-engineer services (C*) and purchase of structures (E*). ' +
      'Leasing property (X*) and running it (M*) are not construction.',
  },
  {
    id: 'vehicles_equipment',
    label: 'Vehicles, weapons and equipment',
    description:
      'Goods in product groups 10-69 (weapons, ammunition, aircraft, ships, vehicles, engines, machinery, ' +
      'communications and detection equipment, alarms, electrical, medical and laboratory equipment) and the ' +
      'maintenance, repair, modification, installation, inspection and lease of such equipment.',
  },
  {
    id: 'other',
    label: 'Other',
    description:
      'Everything else, stated with the reason: supplies in product groups 71-99 (furniture, office supplies, ' +
      'clothing, food, fuel), transport and travel (V*, including removal flights), medical services (Q*), ' +
      'research and development (A*), training (U*), social services (G*), leases of buildings (X*), and ' +
      'records without a usable code.',
  },
];

const BY_ID = new Map(CATEGORIES.map((c) => [c.id, c]));

/** Display label of a category id. */
export function categoryLabel(id: CategoryId): string {
  return BY_ID.get(id)?.label ?? id;
}

/** Which evidence decided a category. */
export type CategoryBasis = 'psc' | 'psc+naics' | 'naics' | 'description' | 'none';

/** A category with the rule that chose it. */
export interface Categorization {
  category: CategoryId;
  label: string;
  /** e.g. "PSC D302 starts with D: IT and telecom services". */
  rule: string;
  basis: CategoryBasis;
}

/** Builds a Categorization, looking the label up from the id. */
export function categorization(category: CategoryId, rule: string, basis: CategoryBasis): Categorization {
  return { category, label: categoryLabel(category), rule, basis };
}
