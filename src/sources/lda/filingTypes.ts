import type { LdaFilingType, LdaPeriod } from './types.js';

/**
 * The LDA's filing types, as GET /api/v1/constants/filing/filingtypes/ lists them (recorded
 * 2024-09-10; test/lobbying/ldaReader.test.ts checks this table against that list). Kept as data here
 * because a filing's type decides how its amount is read: an amendment replaces the original.
 */
const LDA_FILING_TYPE_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['RR', 'Registration'], ['RA', 'Registration - Amendment'],
  ...(['1st', '2nd', '3rd', '4th'] as const).flatMap((ordinal, i) => {
    const q = String(i + 1);
    const p = `${ordinal} Quarter`;
    return [
      [`Q${q}`, `${p} - Report`], [`Q${q}Y`, `${p} - Report (No Activity)`],
      [`${q}T`, `${p} - Termination`], [`${q}TY`, `${p} - Termination (No Activity)`],
      [`${q}A`, `${p} - Amendment`], [`${q}AY`, `${p} - Amendment (No Activity)`],
      [`${q}@`, `${p} - Termination Amendment`], [`${q}@Y`, `${p} - Termination Amendment (No Activity)`],
    ] as Array<readonly [string, string]>;
  }),
  ...(['M', 'Y'] as const).flatMap((c) => {
    const p = c === 'M' ? 'Mid-Year' : 'Year-End';
    return [
      [c === 'M' ? 'MM' : 'YY', `${p} Report`], [c === 'M' ? 'MMY' : 'YYY', `${p} Report (No Activity)`],
      [`${c}T`, `${p} Termination`], [`${c}TY`, `${p} Termination (No Activity)`],
      [`${c}A`, `${p} Amendment`], [`${c}AY`, `${p} Amendment (No Activity)`],
      [`${c}@`, `${p} Termination Amendment`], [`${c}@Y`, `${p} Termination Amendment (No Activity)`],
    ] as Array<readonly [string, string]>;
  }),
];

function decode(code: string, name: string): LdaFilingType {
  return {
    code,
    name,
    document: name.startsWith('Registration') ? 'registration' : 'report',
    amendment: name.includes('Amendment'),
    termination: name.includes('Termination'),
    noActivity: name.includes('(No Activity)'),
  };
}

/** Every filing type by code. */
export const LDA_FILING_TYPES: ReadonlyMap<string, LdaFilingType> = new Map(
  LDA_FILING_TYPE_NAMES.map(([code, name]) => [code, decode(code, name)]),
);

/** The period a report type belongs to ("Q1" → first_quarter); undefined for registrations. */
export function periodOfType(type: LdaFilingType): LdaPeriod | undefined {
  if (type.document === 'registration') return undefined;
  const lead = type.name.slice(0, 3);
  const byLead: Record<string, LdaPeriod> = { '1st': 'first_quarter', '2nd': 'second_quarter', '3rd': 'third_quarter', '4th': 'fourth_quarter', 'Mid': 'mid_year', 'Yea': 'year_end' };
  return byLead[lead];
}

/** "2018 Q4", "2007 H1": how a period is printed. */
export function periodLabel(year: number, period: LdaPeriod): string {
  const short: Record<LdaPeriod, string> = {
    first_quarter: 'Q1', second_quarter: 'Q2', third_quarter: 'Q3', fourth_quarter: 'Q4', mid_year: 'H1', year_end: 'H2',
  };
  return `${year} ${short[period]}`;
}
