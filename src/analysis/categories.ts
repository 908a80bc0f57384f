/**
 * Spending categories of a contract action from its Product and Service Code (PSC), falling back
 * to the supplier's NAICS code when the PSC is missing. Every answer says which rule decided it,
 * so a share such as "IT and data services: 23%" can be traced to the codes behind it.
 * The reasoning and its limits are in docs/categories.md.
 */
import { categorization, type Categorization } from './categoryList.js';
import { isFacilityOperatorNaics, naicsRule, cleanNaics } from './naicsCategory.js';
import { cleanPsc, pscRule } from './pscCategory.js';

export {
  CATEGORIES,
  CATEGORY_IDS,
  categoryLabel,
  type Categorization,
  type CategoryBasis,
  type CategoryId,
  type CategoryInfo,
} from './categoryList.js';
export { categorizeByDescription, type CategoryDescriptions } from './categorizeByDescription.js';

/** Codes of one record; either may be missing, empty or messy ("d302 ", "541512.0"). */
export interface CategoryCodes {
  psc?: string | null;
  naics?: string | null;
}

/** Why a PSC could not be used, for rules that fall back. */
function pscProblem(raw: string | null | undefined): string {
  const code = cleanPsc(raw);
  if (!code) return 'no PSC code';
  if (/^0+$/.test(code)) return `PSC ${code} is the "no code" placeholder`;
  return `PSC "${code}" is not a product or service code`;
}

/**
 * Category of a contract action from its PSC, or from its NAICS code when the PSC is unusable.
 * @example categorize({ psc: 'D302' }).rule // 'PSC D302 starts with D: IT and telecom services'
 */
export function categorize(codes: CategoryCodes): Categorization {
  const fromPsc = pscRule(codes.psc);
  if (fromPsc) {
    // ICE buys detention as "guard services" (S206); when the supplier's NAICS says it runs
    // facilities or correctional institutions, the purchase is facility operation, not guarding.
    if (cleanPsc(codes.psc) === 'S206' && isFacilityOperatorNaics(codes.naics)) {
      return categorization(
        'detention_facilities',
        `PSC S206 is guard services, bought under NAICS ${cleanNaics(codes.naics)} ` +
          '(facilities support or justice and correctional institutions): detention and facility operation',
        'psc+naics',
      );
    }
    return categorization(fromPsc.category, fromPsc.rule, 'psc');
  }
  const problem = pscProblem(codes.psc);
  const fromNaics = naicsRule(codes.naics);
  if (fromNaics) return categorization(fromNaics.category, `${problem}; ${fromNaics.rule}`, 'naics');
  const naics = cleanNaics(codes.naics);
  const naicsProblem = naics ? `NAICS "${naics}" is not an industry code` : 'no NAICS code';
  return categorization('other', `${problem} and ${naicsProblem}`, 'none');
}
