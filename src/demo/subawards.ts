import { DEMO_DEPARTMENT } from './agencyCodes.js';
import type { DemoSubtier } from './agencyCodes.js';
import { DEMO_LAST_DAY } from './awards.js';
import { fiscalYear, isoDate } from './calendar.js';
import { SUBAWARD_COLUMNS } from './headers.js';
import type { SubawardColumn } from './headers.js';
import { Layout } from './layout.js';
import { formatCents } from './money.js';
import type { DemoAward } from './model.js';
import type { DemoCompany } from './names.js';
import { Prng, mixSeed } from './prng.js';
import { permalink } from './awardFields.js';

// Subawards reported by some primes (only from $30,000, as the reporting rule says). The first one is
// re-reported a month later under a new FSRS report id, as real files do, and the second has a quoted
// description with an embedded line feed, so readers meet both quirks.

/** One subaward report row. */
export interface DemoSubaward {
  readonly award: DemoAward;
  readonly subawardee: DemoCompany;
  readonly number: string;
  readonly cents: number;
  readonly day: number;
  readonly reportId: string;
  readonly reportDay: number;
  readonly description: string;
  /** True on the repeated report of a subaward already reported. */
  readonly reReport: boolean;
}

/** The subaward layout. */
export const SUBAWARD_LAYOUT = new Layout<SubawardColumn>(SUBAWARD_COLUMNS);

const SALT = 0x5ab;
const MIN_PRIME_CENTS = 500_000_00;
const MIN_SUBAWARD_DOLLARS = 30_000;

/** Subaward rows reported under one award; `ordinal` counts the distinct subawards before it in the stream. */
export function subawardsFor(seed: number, award: DemoAward, ordinal: number): DemoSubaward[] {
  const plan = award.supplier.subawards;
  if (!plan || award.totalCents < MIN_PRIME_CENTS) return [];
  const rng = new Prng(mixSeed(seed, award.index, SALT));
  if (!rng.chance(plan.percent)) return [];
  const out: DemoSubaward[] = [];
  const count = rng.int(1, 3);
  for (let k = 0; k < count; k++) {
    const subawardee = rng.pick(plan.to);
    const maxDollars = Math.min(Math.floor((award.totalCents * 0.4) / 100), 4_000_000_000);
    const dollars = rng.int(MIN_SUBAWARD_DOLLARS, Math.max(MIN_SUBAWARD_DOLLARS, maxDollars));
    const day = Math.min(award.startDay + rng.int(30, 400), DEMO_LAST_DAY);
    const first: DemoSubaward = {
      award,
      subawardee,
      number: `SUB-${String(award.index + 1).padStart(8, '0')}-${k + 1}`,
      cents: dollars * 100 + (rng.chance(50) ? rng.int(0, 99) : 0),
      day,
      reportId: uuid(rng),
      reportDay: day + rng.int(20, 60),
      description: subawardee.subawardWork,
      reReport: false,
    };
    const n = ordinal + k;
    if (n === 1) {
      out.push({ ...first, description: `PHASE 1: "LEGACY" FORMS MIGRATION\nPHASE 2: ${first.description}` });
    } else {
      out.push(first);
    }
    if (n === 0) out.push({ ...first, reportId: uuid(rng), reportDay: first.reportDay + 31, reReport: true });
  }
  return out;
}

/** One escaped subaward row. */
export function subawardRow(s: DemoSubaward): string[] {
  const a = s.award;
  const first = a.transactions[0];
  const last = a.transactions[a.transactions.length - 1];
  const L = SUBAWARD_LAYOUT;
  const row = L.blank();
  L.assign(row, {
    prime_award_unique_key: a.awardKey,
    prime_award_piid: a.piid,
    prime_award_parent_piid: a.vehicle?.piid ?? '',
    prime_award_amount: formatCents(a.totalCents),
    prime_award_base_action_date: first ? isoDate(first.day) : '',
    prime_award_base_action_date_fiscal_year: first ? String(fiscalYear(first.day)) : '',
    prime_award_latest_action_date: last ? isoDate(last.day) : '',
    prime_award_latest_action_date_fiscal_year: last ? String(fiscalYear(last.day)) : '',
    prime_award_period_of_performance_start_date: isoDate(a.startDay),
    prime_award_period_of_performance_current_end_date: last ? isoDate(last.endDay) : '',
    prime_award_period_of_performance_potential_end_date: isoDate(a.potentialEndDay),
    ...agency('prime_award_awarding', a.awarding, a.awardingOffice),
    ...agency('prime_award_funding', a.funding, a.fundingOffice),
    prime_awardee_uei: a.company.uei,
    prime_awardee_name: a.company.name,
    prime_awardee_parent_uei: a.company.parent?.uei ?? '',
    prime_awardee_parent_name: a.company.parent?.name ?? '',
    prime_awardee_country_code: 'USA',
    prime_awardee_country_name: 'UNITED STATES',
    prime_awardee_address_line_1: a.company.address.line1,
    prime_awardee_city_name: a.company.address.city,
    prime_awardee_state_code: a.company.address.state,
    prime_awardee_state_name: a.company.address.stateName,
    prime_awardee_zip_code: a.company.address.zip,
    prime_award_base_transaction_description: a.description,
    prime_award_naics_code: a.naics.code,
    prime_award_naics_description: a.naics.description,
    subaward_type: 'sub-contract',
    subaward_fsrs_report_id: s.reportId,
    subaward_fsrs_report_year: isoDate(s.reportDay).slice(0, 4),
    subaward_fsrs_report_month: String(Number(isoDate(s.reportDay).slice(5, 7))),
    subaward_number: s.number,
    subaward_amount: formatCents(s.cents),
    subaward_action_date: isoDate(s.day),
    subaward_action_date_fiscal_year: String(fiscalYear(s.day)),
    subawardee_uei: s.subawardee.uei,
    subawardee_duns: s.subawardee.duns ?? '',
    subawardee_name: s.subawardee.name,
    subawardee_parent_uei: s.subawardee.parent?.uei ?? '',
    subawardee_parent_name: s.subawardee.parent?.name ?? '',
    subawardee_country_code: 'USA',
    subawardee_country_name: 'UNITED STATES',
    subawardee_address_line_1: s.subawardee.address.line1,
    subawardee_city_name: s.subawardee.address.city,
    subawardee_state_code: s.subawardee.address.state,
    subawardee_state_name: s.subawardee.address.stateName,
    subawardee_zip_code: s.subawardee.address.zip,
    subaward_primary_place_of_performance_country_code: 'USA',
    subaward_primary_place_of_performance_country_name: 'UNITED STATES',
    subaward_description: s.description,
    usaspending_permalink: permalink(a.awardKey),
    subaward_fsrs_report_last_modified_date: `${isoDate(s.reportDay)} 00:00:00+00`,
  });
  return row;
}

function agency(
  prefix: 'prime_award_awarding' | 'prime_award_funding',
  subtier: DemoSubtier,
  office: { code: string; name: string },
): Partial<Record<SubawardColumn, string>> {
  return {
    [`${prefix}_agency_code`]: DEMO_DEPARTMENT.cgac,
    [`${prefix}_agency_name`]: `${DEMO_DEPARTMENT.name} (${DEMO_DEPARTMENT.abbreviation})`,
    [`${prefix}_sub_agency_code`]: subtier.code,
    [`${prefix}_sub_agency_name`]: subtier.name.toUpperCase(),
    [`${prefix}_office_code`]: office.code,
    [`${prefix}_office_name`]: office.name,
  };
}

function uuid(rng: Prng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
