import { readFileSync } from 'node:fs';
import { bundledDataFile } from '../../dataFiles.js';
import { BadInputError } from '../../errors.js';

/** One legacy (pre-2017) USAspending column and the stored column it feeds. */
export interface LegacyName {
  /** Legacy column name, lower case (headers are matched without regard to case). */
  legacyName: string;
  /** Stored column of `transactions`. */
  column: string;
  /** `whole` value; or the `code` / `name` half of a "CODE: NAME" value (legacy files joined the two). */
  part: 'whole' | 'code' | 'name';
  /** `dictionary` (a pair in USAspending's Legacy_USA_Spending.csv) or `whosbehind: why`. */
  basis: string;
}

const FILE = 'legacy-usaspending-names.csv';

/** Parses data/legacy-usaspending-names.csv (4 columns; the last, free text, may hold commas). */
export function parseLegacyNames(text: string, file = `data/${FILE}`): LegacyName[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0] !== 'legacy_name,column,part,basis') throw new BadInputError({ file, line: 1 }, 'expected the header legacy_name,column,part,basis');
  return lines.slice(1).map((line, i) => {
    const [legacyName, column, part, ...rest] = line.split(',');
    const basis = rest.join(',');
    if (!legacyName || !column || !basis || (part !== 'whole' && part !== 'code' && part !== 'name')) {
      throw new BadInputError({ file, line: i + 2 }, `expected legacy_name,column,whole|code|name,basis; found "${line}"`);
    }
    return { legacyName: legacyName.toLowerCase(), column, part, basis };
  });
}

let cached: LegacyName[] | undefined;

/** The shipped mapping of legacy USAspending names (read once). */
export function legacyNames(): LegacyName[] {
  cached ??= parseLegacyNames(readFileSync(bundledDataFile(FILE, 'the legacy USAspending column mapping'), 'utf8'));
  return cached;
}
