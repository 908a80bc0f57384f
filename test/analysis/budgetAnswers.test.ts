import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyAnswer } from '../../src/analysis/agencyAnswer.js';
import { answerContext } from '../../src/analysis/answer.js';
import { breakdownAnswer } from '../../src/analysis/breakdown.js';
import { budgetAnswer } from '../../src/analysis/budgetAnswer.js';
import { renderAgency } from '../../src/cli/agencyCommand.js';
import { renderBudget } from '../../src/cli/budgetCommand.js';
import { findAgency, loadAgencyDirectory } from '../../src/entities/agencies.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ingest } from '../../src/ingest.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

// budget_authority.csv lines 2993-2996 (OMB 024, bureau 55 U.S. Immigration and Customs Enforcement),
// thousands of dollars copied by hand from the file, FY2018..FY2022 in order
const ICE_ROWS = [
  [7_513_000, 8_363_000, 9_279_000, 10_300_000, 10_783_000], // 0540 Operations and Support, discretionary
  [340_000, 318_000, 318_000, 318_000, 318_000], //              0540 Operations and Support, mandatory
  [0, 0, 0, 0, 0], //                                            0543 Automation Modernization
  [53_000, 53_000, 53_000, 53_000, 53_000], //                   0545 Procurement, Construction, and Improvements
];
const iceDollars = (i: number): string => `${ICE_ROWS.reduce((s, r) => s + BigInt(r[i]!), 0n) * 1000n}.00`;

describe.skipIf(!hasRealData)('budget beside contract money (real budget table + cbp-ice-dashboard)', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  let store: TempStore;
  beforeAll(async () => {
    store = await tempStore({ autoCleanup: false });
    await ingest(store.db, {
      paths: [realFile('usaspending-budget', 'budget_authority.csv'), realFile('data-act-broker', 'agency_codes.csv'), realFile('cbp-ice-dashboard')],
    });
    await resolveEntities(store.db);
  });
  afterAll(() => store?.cleanup());

  it('budget ICE --fy 2018..2022 equals the sum of the four ICE account rows × 1,000', async () => {
    const ctx = await answerContext(store.db, 'test');
    const ice = findAgency(await loadAgencyDirectory(store.db), 'ICE');
    const b = await budgetAnswer(store.db, ctx, ice, { from: 2018, to: 2022 });
    expect(b.years.map((y) => [y.fiscalYear, y.budgetAuthority])).toEqual([2018, 2019, 2020, 2021, 2022].map((fy, i) => [fy, iceDollars(i)]));
    expect(b.years.map((y) => y.budgetAuthority)).toEqual(['7906000000.00', '8734000000.00', '9650000000.00', '10671000000.00', '11154000000.00']);
    expect(b.accounts.map((a) => [a.treasuryAccount, a.beaCategory, a.line])).toEqual([
      ['070-0540', 'Discretionary', 2993], ['070-0540', 'Mandatory', 2994], ['070-0543', 'Discretionary', 2995], ['070-0545', 'Discretionary', 2996],
    ]);
    expect(b.units).toMatch(/thousands × 1,000/);
    const text = renderBudget(b, true);
    expect(text).toContain('FY2018        $7,906,000,000.00');
    expect(text).toContain('budget_authority.csv line 2993');
    // a year outside the table is missing, not zero
    const later = await budgetAnswer(store.db, ctx, ice, { from: 2022, to: 2023 });
    expect(later.years.map((y) => y.budgetAuthority)).toEqual(['11154000000.00', null]);
    expect(renderBudget(later, false)).toMatch(/FY2023\s+missing/);
    expect(later.caveats.join(' ')).toMatch(/Missing \(no value in the stored table, not zero\): FY2023; the table covers FY1976–FY2022/);
  });

  it('agency ICE --fy 2021..2022 shows contract obligations and IT and data as shares of budget authority, with caveats', async () => {
    const ctx = await answerContext(store.db, 'test');
    const ice = findAgency(await loadAgencyDirectory(store.db), 'ICE');
    const a = await agencyAnswer(store.db, ice, ctx, { basis: 'either', fiscalYears: { from: 2021, to: 2022 } });
    const b = a.budget!;
    expect(b.years.map((y) => y.fiscalYear)).toEqual([2021, 2022]);
    for (const y of b.years) {
      const trend = a.trend.find((t) => t.fiscalYear === y.fiscalYear)!;
      expect(y.contractObligations).toBe(trend.obligations);
      expect(y.budgetAuthority).toBe(iceDollars(y.fiscalYear - 2018));
      // share computed independently: obligations / budget authority, percent to 2 decimals
      const p = BigInt(y.contractObligations!.replace('.', ''));
      const w = BigInt(y.budgetAuthority!.replace('.', ''));
      const bp = (p * 20000n + w) / (2n * w); // basis points, rounded half up (p, w > 0 here)
      const expected = `${bp / 100n}.${String(bp % 100n).padStart(2, '0')}`;
      expect(y.contractShare).toBe(expected);
      expect(Number(y.itDataShare)).toBeLessThan(Number(y.contractShare));
    }
    expect(b.caveats.join(' ')).toMatch(/budget authority, obligations and outlays are three different measures/);
    expect(b.caveats.join(' ')).toMatch(/grants, salaries, transfers and other spending are not contracts/);
    const text = renderAgency(a, false);
    expect(text).toContain('Contract obligations beside the budget (either basis');
    expect(text).toMatch(/FY2021\s+\$10,671,000,000\.00/);
  });

  it('a fiscal year missing on either side is shown as missing: FY2023 has contracts but no budget, FY2020 budget but no contracts', async () => {
    const ctx = await answerContext(store.db, 'test');
    const ice = findAgency(await loadAgencyDirectory(store.db), 'ICE');
    const a = await agencyAnswer(store.db, ice, ctx, { basis: 'either', fiscalYears: { from: 2020, to: 2023 } });
    const y = new Map(a.budget!.years.map((x) => [x.fiscalYear, x]));
    expect(y.get(2020)).toMatchObject({ budgetAuthority: '9650000000.00', contractObligations: null, contractShare: null, itDataObligations: null });
    expect(y.get(2023)!.budgetAuthority).toBeNull();
    expect(y.get(2023)!.contractObligations).not.toBeNull();
    expect(y.get(2023)!.contractShare).toBeNull();
    expect(a.budget!.caveats.join(' ')).toMatch(/Budget authority missing for FY2023/);
    expect(a.budget!.caveats.join(' ')).toMatch(/No contract records in the store for FY2020: missing, not zero/);
    expect(renderAgency(a, false)).toMatch(/FY2020\s+\$9,650,000,000\.00\s+missing\s+—\s+missing\s+—/);
    const bd = await breakdownAnswer(store.db, ice, 'category', ctx, { basis: 'either', fiscalYears: { from: 2021, to: 2023 } });
    expect(bd.budget!.years.map((x) => x.contractShare === null)).toEqual([false, false, true]);
  });
});
