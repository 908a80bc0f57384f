import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.js';
import { readAccountMap } from '../../../src/sources/budget/accountMapFile.js';
import { parseAgencyCodeList } from '../../../src/sources/budget/agencyCodeList.js';
import { parseBudgetAuthority } from '../../../src/sources/budget/budgetAuthority.js';
import { deriveAccountMap } from '../../../src/sources/budget/deriveAccountMap.js';
import { parseProgramActivities } from '../../../src/sources/budget/programActivities.js';
import { parseTreasuryAccounts, tasSymbol } from '../../../src/sources/budget/treasuryAccounts.js';
import { csvRecords } from '../../../src/sources/csvRecords.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../../support/realData.js';

const BA = realFile('usaspending-budget', 'budget_authority.csv');
const TAS = realFile('usaspending-budget', 'tas_list.csv');
const PA = realFile('usaspending-budget', 'program_activity.csv');
const CODES = realFile('data-act-broker', 'agency_codes.csv');

// The four ICE rows of budget_authority.csv (lines 2993-2996, OMB agency 024, bureau 55), FY2018-2022,
// copied by hand from the file, in thousands of dollars.
const ICE_ROWS_THOUSANDS: Record<string, Record<string, number>> = {
  '0540 Discretionary': { 2018: 7_513_000, 2019: 8_363_000, 2020: 9_279_000, 2021: 10_300_000, 2022: 10_783_000 },
  '0540 Mandatory': { 2018: 340_000, 2019: 318_000, 2020: 318_000, 2021: 318_000, 2022: 318_000 },
  '0543 Discretionary': { 2018: 0, 2019: 0, 2020: 0, 2021: 0, 2022: 0 },
  '0545 Discretionary': { 2018: 53_000, 2019: 53_000, 2020: 53_000, 2021: 53_000, 2022: 53_000 },
};

describe.skipIf(!hasRealData)('budget reference tables (real usaspending-api copies)', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  it('budget authority: 4,490 rows, 1976 + TQ + 1977-2022, ICE rows in exact dollars (thousands × 1000)', () => {
    const t = parseBudgetAuthority(readFileSync(BA, 'utf8'), BA);
    expect(t.rows).toHaveLength(4490);
    expect(t.periods).toHaveLength(48);
    expect(t.periods.slice(0, 3)).toEqual(['1976', 'TQ', '1977']);
    expect(t.periods.at(-1)).toBe('2022');
    const ice = t.rows.filter((r) => r.ombAgencyCode === '024' && r.bureauCode === '55');
    expect(ice.map((r) => [r.line, r.accountCode, r.beaCategory, r.treasuryAgencyCode])).toEqual([
      [2993, '0540', 'Discretionary', '70'], [2994, '0540', 'Mandatory', '70'], [2995, '0543', 'Discretionary', '70'], [2996, '0545', 'Discretionary', '70'],
    ]);
    for (const r of ice) {
      const expected = ICE_ROWS_THOUSANDS[`${r.accountCode} ${r.beaCategory}`]!;
      for (const fy of [2018, 2019, 2020, 2021, 2022]) {
        const a = r.amounts.find((x) => x.fiscalYear === fy)!;
        expect(a.thousands).toBe(String(expected[fy]!));
        expect(a.dollars).toBe(String(BigInt(expected[fy]!) * 1000n));
      }
    }
    // negative receipts kept negative; off-budget rows kept
    const senate = t.rows.find((r) => r.line === 2)!;
    expect(senate.amounts[0]).toEqual({ period: '1976', fiscalYear: 1976, thousands: '-287', dollars: '-287000' });
    expect(senate.amounts[1]!.period).toBe('TQ');
    expect(senate.amounts[1]!.fiscalYear).toBeNull();
    expect(t.rows.filter((r) => r.onOffBudget === 'Off-budget')).toHaveLength(43);
  });

  it('Treasury account list: bare-CR records, padded names trimmed, ICE 0540 administered by org 19', () => {
    const tas = parseTreasuryAccounts(readFileSync(TAS, 'utf8'), TAS);
    expect(tas).toHaveLength(11011);
    expect(tas.filter((t) => t.aid === '070')).toHaveLength(709);
    const ice = tas.find((t) => t.line === 7093)!;
    expect(ice).toMatchObject({ aid: '070', main: '0540', availability: 'X', adminOrg: '19', adminOrgName: 'U.S. Immigration and Customs Enforcement' });
    expect(tasSymbol(ice)).toBe('070-X-0540-000');
    expect(tas.find((t) => t.line === 7094)!.name).toBe('Salaries and Expenses, U.S. Immigration and Customs Enforcement, Homeland Security');
    expect(tasSymbol(tas.find((t) => t.line === 7094)!)).toBe('070-2011/2012-0540-000');
    for (const t of tas) expect(t.name).toBe(t.name.trim());
  });

  it('program activities: 20,027 rows, codes padded to Treasury widths', () => {
    const pa = parseProgramActivities(readFileSync(PA, 'utf8'), PA);
    expect(pa).toHaveLength(20027);
    expect(pa.filter((p) => p.agencyId === '070')).toHaveLength(906);
    expect(pa[0]).toEqual({ line: 2, fiscalYear: 2016, agencyId: '012', allocationId: '', account: '0019', code: '0001', name: 'Office of the Secretary' });
  });

  it('data/budget-accounts.yaml is what the official tables give (regenerate with scripts/budget-accounts.mjs)', () => {
    const derived = deriveAccountMap(
      parseBudgetAuthority(readFileSync(BA, 'utf8'), BA).rows,
      parseTreasuryAccounts(readFileSync(TAS, 'utf8'), TAS),
      parseAgencyCodeList(readFileSync(CODES, 'utf8'), CODES),
    );
    const shipped = readAccountMap();
    expect(shipped).toEqual(derived);
    const ice = shipped.bureaus.find((b) => b.ombAgency === '024' && b.bureau === '55')!;
    expect(ice).toMatchObject({ toptier: '070', subtier: '7012', accounts: ['0540', '0543', '0545'] });
    expect(ice.source).toMatch(/tas_list\.csv lines 7093, 7094, 7095 …: 070 MAIN 0540, 0543, 0545 administered by ADMIN_ORG 19 .*agency_codes\.csv line \d+: subtier 7012/);
    expect(shipped.agencies.find((a) => a.ombAgency === '024')).toMatchObject({ toptier: '070' });
    // DHS-wide receipts (bureau 00) count toward DHS but no subtier
    expect(shipped.bureaus.find((b) => b.ombAgency === '024' && b.bureau === '00')!.subtier).toBeNull();
    for (const b of shipped.bureaus) expect(b.source.length).toBeGreaterThan(20);
  });
});

describe('budget readers refuse bad input', () => {
  const header = 'Agency Code,Agency Name,Bureau Code,Bureau Name,Account Code,Account Name,Treasury Agency Code,Subfunction Code,Subfunction Title,BEA Category,On- or Off- Budget,2021,2022';
  it('a non-numeric cell is refused with file, line and column', () => {
    const text = `${header}\r\n024,DHS,55,ICE,0540,"Operations and Support",70,751,"Law",Discretionary,On-budget,"10,300,000","10,783,000"\r\n024,DHS,55,ICE,0545,"PC&I",70,751,"Law",Discretionary,On-budget,"53,000",n/a\r\n`;
    let err: unknown;
    try {
      parseBudgetAuthority(text, 'ba.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).where).toEqual({ file: 'ba.csv', line: 3, field: '2022' });
    expect((err as Error).message).toBe('ba.csv line 3, field 2022: "n/a" is not a number of thousands of dollars');
    expect(() => parseBudgetAuthority(text.replace('"53,000"', '"53,00"').replace('n/a', '1'), 'ba.csv')).toThrow('ba.csv line 3, field 2021: "53,00" is not a number');
    expect(() => parseBudgetAuthority(text.replace('"53,000"', '1.5').replace('n/a', '1'), 'ba.csv')).toThrow('field 2021');
  });

  it('an empty year cell is missing (null), not zero; wrong layouts and short rows are refused', () => {
    const t = parseBudgetAuthority(`${header}\n024,DHS,55,ICE,0540,O&S,70,751,Law,Discretionary,On-budget,,"-1,000"\n`, 'ba.csv');
    expect(t.rows[0]!.amounts).toEqual([
      { period: '2021', fiscalYear: 2021, thousands: null, dollars: null },
      { period: '2022', fiscalYear: 2022, thousands: '-1000', dollars: '-1000000' },
    ]);
    expect(() => parseBudgetAuthority('a,b,c\n1,2,3\n', 'x.csv')).toThrow(/x\.csv line 1: not the OMB budget authority table: no column "Agency Code"/);
    expect(() => parseBudgetAuthority(`${header}\n024,DHS,55\n`, 'ba.csv')).toThrow('ba.csv line 2: 3 fields where the header has 13');
    expect(() => parseBudgetAuthority(`${header}\n024,"DHS,55\n`, 'ba.csv')).toThrow('ba.csv line 2: a quoted field is never closed');
  });

  it('CSV records: CR, LF and CRLF separators, quoted breaks counted in line numbers', () => {
    const recs = [...csvRecords('a,b\r"x\ny",2\r\n3,"4 ""q"""\n\n5,6', 'f.csv')];
    expect(recs).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\ny', '2'] },
      { line: 4, fields: ['3', '4 "q"'] },
      { line: 6, fields: ['5', '6'] },
    ]);
  });
});
