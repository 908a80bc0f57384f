// Real Product and Service Codes and NAICS codes, with the descriptions USAspending prints for them.
// Codes are public classifications, not data rows: the demo uses them so category questions work.

/** A Product and Service Code. */
export interface Psc {
  readonly code: string;
  readonly description: string;
  /** information_technology_commercial_item_category code and text. */
  readonly itCategory: readonly [string, string];
}

/** A NAICS industry code. */
export interface Naics {
  readonly code: string;
  readonly description: string;
}

const NOT_IT = ['Z', 'NOT IT PRODUCTS OR SERVICES'] as const;
const IT_COMMERCIAL = ['A', 'COMMERCIALLY AVAILABLE'] as const;

/** PSC codes used by the demo suppliers. */
export const PSC = {
  D302: psc('D302', 'IT AND TELECOM- SYSTEMS DEVELOPMENT', IT_COMMERCIAL),
  D399: psc('D399', 'IT AND TELECOM- OTHER IT AND TELECOMMUNICATIONS', IT_COMMERCIAL),
  DA01: psc('DA01', 'IT AND TELECOM - BUSINESS APPLICATION/APPLICATION DEVELOPMENT SUPPORT SERVICES (LABOR)', IT_COMMERCIAL),
  DH10: psc('DH10', 'IT AND TELECOM - PLATFORM AS A SERVICE: DATABASE, MAINFRAME, MIDDLEWARE', IT_COMMERCIAL),
  '7A20': psc('7A20', 'IT AND TELECOM - APPLICATION DEVELOPMENT SOFTWARE (PERPETUAL LICENSE SOFTWARE)', IT_COMMERCIAL),
  '7A21': psc('7A21', 'IT AND TELECOM - BUSINESS APPLICATION SOFTWARE (PERPETUAL LICENSE SOFTWARE)', IT_COMMERCIAL),
  R408: psc('R408', 'SUPPORT- PROFESSIONAL: PROGRAM MANAGEMENT/SUPPORT', NOT_IT),
  R499: psc('R499', 'SUPPORT- PROFESSIONAL: OTHER', NOT_IT),
  R608: psc('R608', 'SUPPORT- ADMINISTRATIVE: TRANSLATION AND INTERPRETING', NOT_IT),
  S206: psc('S206', 'HOUSEKEEPING- GUARD', NOT_IT),
  Z2AA: psc('Z2AA', 'REPAIR OR ALTERATION OF OFFICE BUILDINGS', NOT_IT),
  '2310': psc('2310', 'PASSENGER MOTOR VEHICLES', NOT_IT),
} as const satisfies Record<string, Psc>;

/** NAICS codes used by the demo suppliers. */
export const NAICS = {
  '541512': naics('541512', 'COMPUTER SYSTEMS DESIGN SERVICES'),
  '541511': naics('541511', 'CUSTOM COMPUTER PROGRAMMING SERVICES'),
  '541519': naics('541519', 'OTHER COMPUTER RELATED SERVICES'),
  '518210': naics('518210', 'DATA PROCESSING, HOSTING, AND RELATED SERVICES'),
  '511210': naics('511210', 'SOFTWARE PUBLISHERS'),
  '541611': naics('541611', 'ADMINISTRATIVE MANAGEMENT AND GENERAL MANAGEMENT CONSULTING SERVICES'),
  '541930': naics('541930', 'TRANSLATION AND INTERPRETATION SERVICES'),
  '561612': naics('561612', 'SECURITY GUARDS AND PATROL SERVICES'),
  '236220': naics('236220', 'COMMERCIAL AND INSTITUTIONAL BUILDING CONSTRUCTION'),
  '336111': naics('336111', 'AUTOMOBILE MANUFACTURING'),
} as const satisfies Record<string, Naics>;

/** Award types of contract awards (not IDVs): code and the text USAspending prints. */
export const AWARD_TYPES = {
  purchaseOrder: ['B', 'PURCHASE ORDER'],
  deliveryOrder: ['C', 'DELIVERY ORDER'],
  definitive: ['D', 'DEFINITIVE CONTRACT'],
} as const;

/** One award type key. */
export type AwardTypeKey = keyof typeof AWARD_TYPES;

/** Modification action types: code and text. */
export const ACTION_TYPES = {
  funding: ['C', 'FUNDING ONLY ACTION'],
  option: ['G', 'EXERCISE AN OPTION'],
  supplemental: ['B', 'SUPPLEMENTAL AGREEMENT FOR WORK WITHIN SCOPE'],
  admin: ['M', 'OTHER ADMINISTRATIVE ACTION'],
  closeout: ['K', 'CLOSE OUT'],
  termination: ['F', 'TERMINATE FOR CONVENIENCE (COMPLETE OR PARTIAL)'],
} as const;

/** One modification action type key. */
export type ActionTypeKey = keyof typeof ACTION_TYPES;

function psc(code: string, description: string, itCategory: readonly [string, string]): Psc {
  return { code, description, itCategory };
}

function naics(code: string, description: string): Naics {
  return { code, description };
}
