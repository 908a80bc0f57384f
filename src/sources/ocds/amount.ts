import { BadInputError } from '../../errors.js';

/**
 * The exact decimal text of an OCDS amount. JSON numbers arrive as doubles; their shortest round-trip
 * text (`String(n)`) is the number as written whenever it has at most 15 significant digits, which every
 * amount in cents below 10^13 does. Larger, exponent-form or more-than-2-decimal amounts are refused rather
 * than rounded. Amounts given as decimal strings ("10440.00") are read as written.
 */
export function exactAmount(value: unknown, file: string, pointer: string): string {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new BadInputError({ file, field: pointer }, `amount ${value} is not a number`);
    text = String(value);
    const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
    if (/e/i.test(text) || digits.length > 15) {
      throw new BadInputError({ file, field: pointer }, `amount ${text} has more digits than a JSON number carries exactly; publish it as a decimal string`);
    }
  } else if (typeof value === 'string' && /^\s*-?\d{1,16}(\.\d+)?\s*$/.test(value)) {
    text = value.trim();
  } else {
    throw new BadInputError({ file, field: pointer }, `amount ${JSON.stringify(value)?.slice(0, 40)} is not a number`);
  }
  const [whole, frac = ''] = text.split('.');
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > 2) throw new BadInputError({ file, field: pointer }, `amount ${text} has more than 2 decimals; whosbehind stores money exactly and does not round`);
  return trimmed ? `${whole}.${trimmed}` : whole!;
}
