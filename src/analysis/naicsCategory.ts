/**
 * Category of a NAICS industry code, used only when a record has no usable PSC: NAICS says what
 * the supplier is, not what was bought, so it is the weaker signal. The longest matching prefix
 * wins, so "541310" (architects) can differ from "5413" (engineering and related).
 */
import type { CategoryId } from './categoryList.js';
import type { RuleResult } from './pscCategory.js';

/** [prefix, category, what the prefix is]. Covers 2017 and 2022 NAICS vintages where they differ. */
const NAICS_PREFIXES: ReadonlyArray<readonly [string, CategoryId, string]> = [
  ['5415', 'it_data_services', 'computer systems design and related services'],
  ['518', 'it_data_services', 'data processing, hosting and related services'],
  ['519', 'it_data_services', 'internet publishing, web search portals and other information services'],
  ['517', 'it_data_services', 'telecommunications'],
  ['561450', 'it_data_services', 'credit bureaus'],
  ['811212', 'it_data_services', 'computer and office machine repair'],
  ['5112', 'it_products_software', 'software publishers (2017 NAICS)'],
  ['513210', 'it_products_software', 'software publishers (2022 NAICS)'],
  ['3341', 'it_products_software', 'computer and peripheral equipment manufacturing'],
  ['42343', 'it_products_software', 'computer and software merchant wholesalers'],
  ['5411', 'professional_services', 'legal services'],
  ['5412', 'professional_services', 'accounting and bookkeeping'],
  ['5413', 'professional_services', 'engineering and related technical services'],
  ['54131', 'construction', 'architectural services'],
  ['54132', 'construction', 'landscape architectural services'],
  ['5414', 'professional_services', 'specialized design services'],
  ['5416', 'professional_services', 'management, scientific and technical consulting'],
  ['5418', 'professional_services', 'advertising and public relations'],
  ['5419', 'professional_services', 'other professional, scientific and technical services'],
  ['5611', 'professional_services', 'office administrative services'],
  ['5613', 'professional_services', 'employment services'],
  ['5614', 'professional_services', 'business support services'],
  ['561611', 'professional_services', 'investigation services'],
  ['561612', 'security_guard', 'security guards and patrol services'],
  ['561613', 'security_guard', 'armored car services'],
  ['561621', 'security_guard', 'security systems services'],
  ['922140', 'detention_facilities', 'correctional institutions'],
  ['5612', 'detention_facilities', 'facilities support services'],
  ['5617', 'detention_facilities', 'services to buildings and dwellings'],
  ['5621', 'detention_facilities', 'waste collection'],
  ['221', 'detention_facilities', 'utilities'],
  ['7223', 'detention_facilities', 'special food services (food service contractors)'],
  ['236', 'construction', 'construction of buildings'],
  ['237', 'construction', 'heavy and civil engineering construction'],
  ['238', 'construction', 'specialty trade contractors'],
  ['332', 'vehicles_equipment', 'fabricated metal products, including small arms and ammunition'],
  ['333', 'vehicles_equipment', 'machinery manufacturing'],
  ['3342', 'vehicles_equipment', 'communications equipment manufacturing'],
  ['3343', 'vehicles_equipment', 'audio and video equipment manufacturing'],
  ['3344', 'vehicles_equipment', 'semiconductor and electronic component manufacturing'],
  ['3345', 'vehicles_equipment', 'navigational, measuring and control instruments'],
  ['335', 'vehicles_equipment', 'electrical equipment manufacturing'],
  ['336', 'vehicles_equipment', 'transportation equipment manufacturing'],
  ['4231', 'vehicles_equipment', 'motor vehicle merchant wholesalers'],
  ['4234', 'vehicles_equipment', 'commercial equipment merchant wholesalers'],
  ['4236', 'vehicles_equipment', 'electrical and electronic goods merchant wholesalers'],
  ['4238', 'vehicles_equipment', 'machinery and equipment merchant wholesalers'],
  ['441', 'vehicles_equipment', 'motor vehicle dealers'],
  ['5321', 'vehicles_equipment', 'automotive equipment rental and leasing'],
  ['5324', 'vehicles_equipment', 'commercial and industrial machinery rental'],
  ['8111', 'vehicles_equipment', 'automotive repair and maintenance'],
  ['8112', 'vehicles_equipment', 'electronic and precision equipment repair'],
  ['8113', 'vehicles_equipment', 'commercial machinery repair'],
];

/** Prefixes sorted longest first, so the most specific prefix is tried first. */
const BY_LENGTH = [...NAICS_PREFIXES].sort((a, b) => b[0].length - a[0].length);

/** Canonical form of a NAICS code: digits only ("541512.0", as spreadsheets save it, is 541512). */
export function cleanNaics(raw: string | null | undefined): string {
  return (raw ?? '').trim().replace(/\.0+$/, '').replace(/\D/g, '');
}

/** Category of a NAICS code; codes outside the table are "other" with a rule saying so. */
export function naicsRule(raw: string | null | undefined): RuleResult | undefined {
  const code = cleanNaics(raw);
  if (code.length < 2 || code.length > 6) return undefined;
  for (const [prefix, category, what] of BY_LENGTH) {
    if (code.startsWith(prefix)) {
      return { category, rule: `NAICS ${code} starts with ${prefix}: ${what}` };
    }
  }
  return { category: 'other', rule: `NAICS ${code} is outside the industries mapped to a category` };
}

/** True when a NAICS code says the supplier runs facilities or correctional institutions. */
export function isFacilityOperatorNaics(raw: string | null | undefined): boolean {
  const code = cleanNaics(raw);
  return code.startsWith('5612') || code.startsWith('9221');
}
