/**
 * The program activity reference (`program_activity.csv`): program activity codes and names per
 * fiscal year, agency and account. The file writes agency and account codes without leading zeros
 * ("70", "100"); they are padded here to the Treasury widths (070, 0100), the raw value kept.
 */
import { BadInputError } from '../../errors.js';
import { readReferenceCsv } from './referenceCsv.js';

export const PROGRAM_ACTIVITY_COLUMNS = ['year', 'agency_id', 'alloc_id', 'account', 'pa_code', 'pa_name'] as const;

/** One program activity of one account in one fiscal year. */
export interface ProgramActivity {
  line: number;
  fiscalYear: number;
  agencyId: string;
  allocationId: string;
  account: string;
  code: string;
  name: string;
}

const pad = (s: string, n: number): string => (/^\d+$/.test(s) ? s.padStart(n, '0') : s);

/** Parses the file; a year that is not a year is refused with file, line and column. */
export function parseProgramActivities(text: string, file: string): ProgramActivity[] {
  return readReferenceCsv(text, file, 'the program activity file (program_activity.csv)', PROGRAM_ACTIVITY_COLUMNS, (g, line) => {
    const y = g('year');
    if (!/^\d{4}$/.test(y)) throw new BadInputError({ file, line, field: 'year' }, `"${y.slice(0, 20)}" is not a fiscal year`);
    return {
      line, fiscalYear: Number(y), agencyId: pad(g('agency_id'), 3), allocationId: g('alloc_id'), account: pad(g('account'), 4),
      code: pad(g('pa_code'), 4), name: g('pa_name'),
    };
  });
}
