/**
 * Category from PSC and NAICS *descriptions*, for sources that carry no codes (the API's
 * spending_by_transaction projection has "Product/Service Description" and "NAICS Description"
 * only). PSC titles since the 2020 manual begin with their service family ("IT AND TELECOM-",
 * "SUPPORT- PROFESSIONAL:", "HOUSEKEEPING- GUARD"), so a short ordered keyword table recovers
 * the category of most services; goods are matched on nouns. It is an inference, marked as such
 * (basis "description"): unknown titles fall to "other" and say so. Coverage on real data and
 * agreement with code-based categories are measured in the tests and reported in docs/categories.md.
 */
import { categorization, type Categorization, type CategoryId } from './categoryList.js';

type Rule = readonly [RegExp, CategoryId, string];

/** Ordered: the first matching rule wins, so specific titles come before their families. */
const PSC_TITLE_RULES: readonly Rule[] = [
  [/^IT AND TELECOM\b.*(PERPETUAL|\(HW|HARDWARE AND)/, 'it_products_software', 'IT product title (7A-7K: hardware and perpetual licences)'],
  [/^IT AND TELECOM\b/, 'it_data_services', 'IT and telecom service title (D*)'],
  [/.\bADP EQ/, 'it_data_services', 'service on ADP equipment title (J070, H170 and the like, obsolete wording)'],
  [/^(ADP|ADPE)\b.*\b(SOFTWARE|EQUIPMENT|EQPT|EQ|SUPPLIES|COMPONENTS|DEVICES|CONFIGURATION|CENTRAL PROCESSING UNIT)\b/, 'it_products_software', 'ADP equipment or software title (group 70, obsolete wording)'],
  [/^(ADP|AUTOMATED INFORMATION)\b/, 'it_data_services', 'ADP service title (D*, obsolete wording)'],
  [/^INFORMATION TECHNOLOGY\b/, 'it_products_software', 'IT equipment or software title (group 70)'],
  [/^HOUSEKEEPING\s*-\s*(GUARD|SURVEILLANCE)/, 'security_guard', 'guard or surveillance services title (S206, S211)'],
  [/^(HOUSEKEEPING|UTILITIES)\s*-\s*TELEPHONE/, 'it_data_services', 'telephone utility title (S113)'],
  [/^(HOUSEKEEPING|UTILITIES)\b/, 'detention_facilities', 'housekeeping or utilities title (S*)'],
  [/^SUPPORT\s*-\s*PROFESSIONAL:\s*PHYSICAL SECURITY/, 'security_guard', 'physical security and badging title (R430)'],
  [/^SUPPORT\s*-\s*ADMINISTRATIVE:\s*(CREDIT REPORTING|INFORMATION RETRIEVAL)/, 'it_data_services', 'credit reporting or information retrieval title (R611, R612)'],
  [/^(SUPPORT\s*-\s*(PROFESSIONAL|ADMINISTRATIVE|MANAGEMENT)|SPECIAL STUDIES)/, 'professional_services', 'professional, administrative or management support title (R*, B*)'],
  [/^(CONSTRUCTION OF|MAINTENANCE OF|REPAIR OR ALTERATION OF|REPAIR\/ALTERATION|ARCHITECT|A\/E\b|PURCHASE OF)/, 'construction', 'construction, real-property repair, A&E or purchase-of-structures title (Y*, Z*, C*, E*)'],
  [/^(OPERATION|LEASE\/RENTAL) OF PENAL/, 'detention_facilities', 'operation or lease of penal facilities title (M1FF, X1FF)'],
  [/^(OPERATION OF|OPER OF GOVT)\b/, 'detention_facilities', 'operation of government-owned facilities title (M*)'],
  [/^PURCH(ASE)?\b/, 'construction', 'purchase of structures and facilities title (E*)'],
  [/^LEASE\/RENTAL OF\b/, 'other', 'lease of facilities title (X*)'],
  [/^(MAINT\/REPAIR\/REBUILD|MODIFICATION|INSTALLATION|TECHNICAL REPRESENTATIVE|LEASE OR RENTAL) OF EQUIPMENT\s*-\s*(INFORMATION TECHNOLOGY|ADP|COMPUTER)/, 'it_data_services', 'service on IT equipment title (J070, N070, W070)'],
  [/^(MAINT\/REPAIR\/REBUILD|MODIFICATION|INSTALLATION|TECHNICAL REPRESENTATIVE|LEASE OR RENTAL) OF EQUIPMENT\s*-\s*.*\b(FURNITURE|OFFICE|CLOTHING|TEXTILES|FOOD|SUBSISTENCE|BOOKS|TOILETRIES|CONTAINERS|FUELS)\b/, 'other', 'service on supplies or furnishings title (groups 71-99)'],
  [/^(MAINT\/REPAIR\/REBUILD|MODIFICATION|INSTALLATION|TECHNICAL REPRESENTATIVE|LEASE OR RENTAL) OF EQUIPMENT\b/, 'vehicles_equipment', 'service on equipment title (J*, K*, L*, N*, W*)'],
  [/QC\/TEST\/INSPECT|TESTING AND INSPECTION|QUALITY CONTROL|EQUIPMENT AND MATERIALS TESTING/, 'vehicles_equipment', 'quality control and inspection title (H*)'],
  [/\bR&D\b|RESEARCH AND DEVELOPMENT|\((BASIC|APPLIED\/EXPLORATORY|ADVANCED|ENGINEERING|OPERATIONAL|MANAGEMENT\/SUPPORT|COMMERCIALIZED)\)$/, 'other', 'research and development title (A*)'],
  [/\bSTUDIES\b|^STUDY\//, 'professional_services', 'studies and analysis title (B*)'],
  [/^(TRANSPORTATION|TRANSPORT)\/TRAVEL\/RELOCATION/, 'other', 'transport, travel and relocation title (V*)'],
  [/^MEDICAL\s*-/, 'other', 'medical services title (Q*)'],
  [/^(EDUCATION\/TRAINING|SOCIAL\s*-|NATURAL RESOURCES|ENVIRONMENTAL|OTHER ENVIRONMENTAL|PHOTO\/MAP\/PRINT|SALVAGE)/, 'other', 'other service family title (U*, G*, F*, T*, P*)'],
  // Goods. Office and kitchen machines are supplies (groups 73-74); other machinery is equipment
  // (groups 30-39) whatever it processes; medical and laboratory items are equipment (65-66).
  [/\b(OFFICE|ACCOUNTING|CALCULATING|TYPEWRITER|KITCHEN|HOUSEHOLD)\b/, 'other', 'office or household supplies title (groups 71-79)'],
  [/\b(MACHINERY|MACHINES?|MACH)\b/, 'vehicles_equipment', 'machinery title (groups 30-39)'],
  [/\b(MEDICAL|SURGICAL|DENTAL|HOSPITAL|LABORATORY)\b/, 'vehicles_equipment', 'medical or laboratory equipment title (groups 65-66)'],
  [/\b(FURNITURE|FURNISHINGS|OFFICE|STATIONERY|FORMS|CLOTHING|APPAREL|OUTERWEAR|FOOTWEAR|UNDERWEAR|HOSIERY|BADGES|INSIGNIA|ARMOR|INDIVIDUAL EQUIPMENT|TEXTILES?|TENTS|FOODS?|BEVERAGES|DAIRY|SUBSISTENCE|FORAGE|FUELS|FUEL OILS|LUBRICATING|TOILETRY|TOILETRIES|COSMETICS|CLEANING|PAPER|PAPERBOARD|BOOKS|PAMPHLETS|NEWSPAPERS|PERIODICALS|MAPS|CHARTS|CONTAINERS|PACKAGES|PACKAGING|FLAGS|ANIMALS|GAMES|TOYS|ATHLETIC|SPORTING|RECREATIONAL|MUSICAL|PHONOGRAPHS?|HOUSEHOLD|CABINETS|LOCKERS|IRON AND STEEL|METAL BARS)\b/, 'other', 'supplies title (groups 71-99)'],
  [/\b(AIRCRAFT|HELICOPTERS?|VEHICLES?|TRUCKS?|TRACTORS?|TRAILERS|MOTORCYCLES|CRAFT|BOATS?|SHIPS?|ENGINES?|TURBINES?|WEAPONS?|GUNS?|LAUNCHERS|AMMUNITION|EXPLOSIVES?|ORDNANCE|MISSILES?|RADIOS?|RADAR|TELEVISION|COMMUNICATIONS?|TELEPHONE|HEADSETS|NIGHT VISION|DETECTING|DETECTION|ALARMS?|SIGNAL|CAMERAS?|VIDEO|INSTRUMENTS?|OPTICAL|OPTOELECTRONIC|SIGHTING|NAVIGATION|NAVIGATIONAL|RADIATION|MACHINES|MACHINERY|TIRES|BATTERIES|GENERATORS?|ELECTRICAL|ELECTRONIC|ELECTRIC|LIGHTING|PUMPS?|COMPRESSORS?|BOILERS|AIR CONDITIONING|REFRIGERATION|PLUMBING|FENCING|FENCES|PREFABRICATED|CONSTRUCTION MATERIALS|ROOFING|LUMBER|HARDWARE|TOOLS|WIRE|CABLE|CRANES|HOISTS|WINCHES|FUEL CELL|SOLAR|TRAINING AIDS|EQUIPMENT|EQ)\b/, 'vehicles_equipment', 'equipment title (groups 10-69)'],
];

/** NAICS titles used only when the PSC title is not recognised. */
const NAICS_TITLE_RULES: readonly Rule[] = [
  [/COMPUTER SYSTEMS DESIGN|CUSTOM COMPUTER PROGRAMMING|COMPUTER FACILITIES MANAGEMENT|OTHER COMPUTER RELATED|DATA PROCESSING|COMPUTING INFRASTRUCTURE|WEB SEARCH|INTERNET PUBLISHING|INFORMATION SERVICES|TELECOMMUNICATIONS|CREDIT BUREAUS/, 'it_data_services', 'IT, data or telecom industry (NAICS 5415, 517, 518, 519, 561450)'],
  [/SOFTWARE PUBLISHERS|COMPUTER AND PERIPHERAL EQUIPMENT|COMPUTER AND COMPUTER PERIPHERAL EQUIPMENT AND SOFTWARE/, 'it_products_software', 'software or computer industry (NAICS 5112, 3341, 42343)'],
  [/SECURITY GUARDS|ARMORED CAR|SECURITY SYSTEMS SERVICES/, 'security_guard', 'security industry (NAICS 561612, 561613, 561621)'],
  [/CORRECTIONAL INSTITUTIONS|FACILITIES SUPPORT SERVICES|JANITORIAL/, 'detention_facilities', 'facility operation or correctional industry (NAICS 922140, 5612, 5617)'],
  [/CONSTRUCTION|CONTRACTORS/, 'construction', 'construction industry (NAICS 236-238)'],
  [/LEGAL SERVICES|ACCOUNTING|ENGINEERING SERVICES|MANAGEMENT CONSULTING|CONSULTING SERVICES|ADMINISTRATIVE MANAGEMENT/, 'professional_services', 'professional services industry (NAICS 5411-5419)'],
];

/** Descriptions of one record, as a codeless source gives them. */
export interface CategoryDescriptions {
  pscDescription?: string | null;
  naicsDescription?: string | null;
}

function firstMatch(rules: readonly Rule[], text: string): Rule | undefined {
  return rules.find(([re]) => re.test(text));
}

function clean(s: string | null | undefined): string {
  return (s ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
}

/**
 * Category inferred from PSC and NAICS descriptions (basis "description"); "other" with a rule
 * saying why when neither is recognised.
 * @example categorizeByDescription({ pscDescription: 'HOUSEKEEPING- GUARD' }).category // 'security_guard'
 */
export function categorizeByDescription(input: CategoryDescriptions): Categorization {
  const psc = clean(input.pscDescription);
  const naics = clean(input.naicsDescription);
  const byTitle = psc ? firstMatch(PSC_TITLE_RULES, psc) : undefined;
  if (byTitle) {
    // Same refinement as the code rule: guard services bought from a facility operator.
    if (byTitle[1] === 'security_guard' && /^HOUSEKEEPING\s*-\s*GUARD/.test(psc) && /FACILITIES SUPPORT|CORRECTIONAL|JUSTICE, PUBLIC ORDER/.test(naics)) {
      return categorization('detention_facilities', `PSC description "${psc}" is guard services, bought under NAICS "${naics}": detention and facility operation (no codes; inferred from descriptions)`, 'description');
    }
    return categorization(byTitle[1], `PSC description "${psc}" matches ${byTitle[2]} (no PSC code; inferred from the description)`, 'description');
  }
  const byIndustry = naics ? firstMatch(NAICS_TITLE_RULES, naics) : undefined;
  const why = psc ? `PSC description "${psc}" not recognised` : 'no PSC code or description';
  if (byIndustry) {
    return categorization(byIndustry[1], `${why}; NAICS description "${naics}" matches ${byIndustry[2]}`, 'description');
  }
  return categorization('other', `${why}${naics ? `; NAICS description "${naics}" not recognised` : '; no NAICS description'}`, 'none');
}
