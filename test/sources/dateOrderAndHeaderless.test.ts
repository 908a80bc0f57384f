import { describe, expect, it } from 'vitest';
import { decideDateOrder, type DateEvidence } from '../../src/sources/dateOrder.js';
import { looksLikeData } from '../../src/sources/headerless.js';

const ex = (line: number, value: string) => ({ line, field: 'action_date', value });
const evidence = (monthFirst: number, dayFirst: number, either: number): DateEvidence => ({
  monthFirst, dayFirst, either,
  examples: { monthFirst: monthFirst ? [ex(2, '10/13/21')] : [], dayFirst: dayFirst ? [ex(3, '13/10/21')] : [], either: either ? [ex(4, '3/4/19')] : [] },
});

describe('decideDateOrder', () => {
  it.each([
    ['no spreadsheet dates', undefined, { ok: true, order: 'iso' }],
    ['month-first only', evidence(3, 0, 10), { ok: true, order: 'mdy' }],
    ['day-first only', evidence(0, 2, 10), { ok: true, order: 'dmy' }],
  ] as const)('%s', (_name, e, want) => {
    expect(decideDateOrder(e)).toMatchObject(want);
  });

  it('refuses a file mixing orders, naming an example of each', () => {
    const d = decideDateOrder(evidence(3, 2, 0));
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toMatch(/mixes date orders: 3 .*line 2 action_date "10\/13\/21".* 2 only day-first \(line 3 action_date "13\/10\/21"\)/);
  });

  it('refuses a file whose dates all read both ways, unless the order is given', () => {
    const d = decideDateOrder(evidence(0, 0, 5));
    expect(d).toMatchObject({ ok: false, example: ex(4, '3/4/19') });
    expect(decideDateOrder(evidence(0, 0, 5), 'dmy')).toMatchObject({ ok: true, order: 'dmy', basis: 'dmy: given with --date-order' });
  });
});

describe('looksLikeData', () => {
  it.each([
    [['award_id_piid', 'modification_number', 'federal_action_obligation'], false],
    [['Agency', 'Award ID', 'Federal Action Obligation'], false],
    [['1862_land_grant_college', 'c8a_program_participant'], false],
    [['a', 'b', ''], false], // one stray empty name: still a header (reported as such)
    [['HSCEDM14D00002', 'P00001', '0', '', '', '1234.50'], true],
    [['X', '10/5/23', 'Y'], true],
    [['X', '2023-10-05', 'Y'], true],
    [['X', '', '', 'Y'], true],
  ])('%j → %s', (fields, want) => {
    expect(looksLikeData(fields)).toBe(want);
  });
});
