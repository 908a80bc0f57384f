import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sql, csv, generateInTemp } from './demoFixture.js';
import type { GeneratedDemo } from './demoFixture.js';

// What the generated rows look like: fictional names only, personal fields empty, dates and keys
// consistent, and the real-data quirks that later features need to meet.

const REAL_COMPANIES = [
  'Amazon', 'Palantir', 'Microsoft', 'Deloitte', 'Accenture', 'Thomson Reuters', 'LexisNexis', 'CoreCivic',
  'GEO Group', 'Booz Allen', 'CACI', 'Oracle', 'Google', 'Salesforce', 'Dell', 'Motorola', 'General Dynamics',
];
const FICTIONAL_MARK = /imaginary|pretend|\(demo\)/i;
const FY_SQL = (col: string): string => `(year(CAST(${col} AS DATE)) + CASE WHEN month(CAST(${col} AS DATE)) >= 10 THEN 1 ELSE 0 END)`;

let demo: GeneratedDemo;
let sql: Sql;
let tx: string;

beforeAll(async () => {
  demo = await generateInTemp();
  sql = await Sql.open();
  tx = csv(demo.path('transactions'));
});

afterAll(() => {
  sql?.close();
  demo?.remove();
});

const count = async (query: string): Promise<number> => Number(await sql.value(`SELECT count(*)::INTEGER FROM ${query}`));

describe('no personal data, no real companies', () => {
  it('leaves phone, fax and highly compensated officer fields empty in every file', async () => {
    for (const kind of ['transactions', 'awardSummaries', 'subawards', 'delta'] as const) {
      const columns = (await sql.rows(`DESCRIBE SELECT * FROM ${csv(demo.path(kind))}`))
        .map((r) => String(r['column_name']))
        .filter((c) => /phone|fax|highly_compensated/.test(c));
      expect(columns.length, kind).toBeGreaterThan(0);
      const filled = columns.map((c) => `"${c}" IS NOT NULL`).join(' OR ');
      expect(await count(`${csv(demo.path(kind))} WHERE ${filled}`), kind).toBe(0);
    }
  });

  it('names no real company anywhere in the output', () => {
    for (const file of readdirSync(demo.dir)) {
      const text = readFileSync(join(demo.dir, file), 'utf8');
      for (const name of REAL_COMPANIES) {
        expect(new RegExp(`\\b${name}\\b`, 'i').test(text), `${name} in ${file}`).toBe(false);
      }
    }
  });

  it('marks every company name as fictional and every UEI as a demo UEI', async () => {
    const names = await sql.rows(`
      SELECT DISTINCT n FROM (
        SELECT unnest([recipient_name, recipient_name_raw, recipient_parent_name, recipient_parent_name_raw]) AS n FROM ${tx}
        UNION ALL SELECT unnest([subawardee_name, subawardee_parent_name, prime_awardee_name]) FROM ${csv(demo.path('subawards'))}
      ) WHERE n IS NOT NULL`);
    expect(names.length).toBeGreaterThan(8);
    for (const { n } of names) expect(String(n)).toMatch(FICTIONAL_MARK);
    const ueis = await sql.rows(`SELECT DISTINCT recipient_uei AS u FROM ${tx} UNION SELECT DISTINCT recipient_parent_uei FROM ${tx} WHERE recipient_parent_uei IS NOT NULL`);
    for (const { u } of ueis) expect(String(u)).toMatch(/^DEMO[A-Z0-9]{8}$/);
  });

  it('uses only fictional Z codes for agencies', async () => {
    expect(await count(`${tx} WHERE awarding_agency_code <> 'Z90' OR awarding_sub_agency_code NOT LIKE 'Z9%' OR funding_sub_agency_code NOT LIKE 'Z9%'`)).toBe(0);
    expect(await count(`${csv(demo.path('agencyCodes'))} WHERE "CGAC AGENCY CODE" <> 'Z90' OR "SUBTIER CODE" NOT LIKE 'Z9%'`)).toBe(0);
    expect(readFileSync(join(demo.dir, 'README.txt'), 'utf8')).toMatch(/^THIS DATA IS FICTIONAL/);
  });
});

describe('dates and keys', () => {
  it('keeps every fiscal year consistent with its date (FY starts 1 October)', async () => {
    expect(await count(`${tx} WHERE action_date_fiscal_year::INTEGER <> ${FY_SQL('action_date')}`)).toBe(0);
    expect(await count(`${tx} WHERE action_date_fiscal_year NOT IN ('2021', '2022', '2023', '2024')`)).toBe(0);
    expect(await count(`${tx} WHERE action_date_fiscal_year::INTEGER <> year(CAST(action_date AS DATE)) `)).toBeGreaterThan(0);
    const summaries = csv(demo.path('awardSummaries'));
    expect(await count(`${summaries} WHERE award_base_action_date_fiscal_year::INTEGER <> ${FY_SQL('award_base_action_date')}
      OR award_latest_action_date_fiscal_year::INTEGER <> ${FY_SQL('award_latest_action_date')}`)).toBe(0);
    expect(await count(`${csv(demo.path('subawards'))} WHERE subaward_action_date_fiscal_year::INTEGER <> ${FY_SQL('subaward_action_date')}`)).toBe(0);
    expect(await count(`${csv(demo.path('delta'))} WHERE action_date IS NOT NULL AND action_date_fiscal_year::INTEGER <> ${FY_SQL('action_date')}`)).toBe(0);
  });

  it('builds transaction keys, award keys and permalinks in the real formats', async () => {
    expect(await count(`${tx} WHERE contract_transaction_unique_key <> concat_ws('_', awarding_sub_agency_code,
      coalesce(parent_award_agency_id, '-NONE-'), award_id_piid, modification_number, coalesce(parent_award_id_piid, '-NONE-'), transaction_number)`)).toBe(0);
    expect(await count(`${tx} WHERE contract_award_unique_key <> concat_ws('_', 'CONT_AWD', award_id_piid, awarding_sub_agency_code,
      coalesce(parent_award_id_piid, '-NONE-'), coalesce(parent_award_agency_id, '-NONE-'))`)).toBe(0);
    expect(await count(`${tx} WHERE usaspending_permalink <> 'https://www.usaspending.gov/award/' || contract_award_unique_key || '/'`)).toBe(0);
    expect(await count(`(SELECT contract_transaction_unique_key FROM ${tx} GROUP BY 1 HAVING count(*) > 1)`)).toBe(0);
    expect(await count(`${tx} WHERE NOT regexp_full_match(last_modified_date, '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\+00')`)).toBe(0);
    expect(await count(`${tx} WHERE NOT regexp_full_match(federal_action_obligation, '-?\\d+\\.\\d{2}')`)).toBe(0);
    expect(await count(`${tx} WHERE modification_number <> '0' AND NOT regexp_full_match(modification_number, 'P\\d{5}')`)).toBe(0);
  });
});

describe('the structure later features need', () => {
  it('has modifications, de-obligations, task orders and split awarding/funding', async () => {
    expect(await count(`${tx} WHERE modification_number = '0'`)).toBe(demo.manifest.transactions.awards);
    expect(await count(`${tx} WHERE CAST(federal_action_obligation AS DECIMAL(38, 2)) < 0`)).toBeGreaterThan(0);
    expect(await count(`${tx} WHERE contract_award_unique_key NOT LIKE '%_-NONE-_-NONE-'`)).toBeGreaterThan(0);
    expect(await count(`${tx} WHERE awarding_sub_agency_code <> funding_sub_agency_code`)).toBeGreaterThan(0);
  });

  it('has DUNS only before April 2022, and parents sometimes missing', async () => {
    expect(await count(`${tx} WHERE recipient_duns IS NOT NULL`)).toBeGreaterThan(0);
    expect(await count(`${tx} WHERE recipient_duns IS NOT NULL AND CAST(action_date AS DATE) >= DATE '2022-04-04'`)).toBe(0);
    expect(await count(`${tx} WHERE recipient_parent_uei IS NULL`)).toBeGreaterThan(0);
  });

  it('has a parent with two subsidiaries under different UEIs, and a reseller naming a cloud brand', async () => {
    const family = await sql.rows(`SELECT recipient_parent_uei AS p, count(DISTINCT recipient_uei)::INTEGER AS n FROM ${tx}
      WHERE recipient_parent_uei <> recipient_uei GROUP BY 1 HAVING n >= 2`);
    expect(family.length).toBeGreaterThan(0);
    expect(await count(`${tx} WHERE recipient_name LIKE 'QUADRANT%' AND transaction_description LIKE '%NIMBUS IMAGINARY CLOUD%'`)).toBeGreaterThan(0);
  });

  it('has a re-reported subaward and a description with a line feed', async () => {
    const subawards = csv(demo.path('subawards'));
    expect(await count(`(SELECT 1 FROM ${subawards} GROUP BY prime_award_unique_key, subaward_number
      HAVING count(DISTINCT subaward_fsrs_report_id) > 1)`)).toBe(1);
    expect(await count(`${subawards} WHERE subaward_description LIKE '%' || chr(10) || '%'`)).toBe(1);
    expect(await count(`${subawards} WHERE CAST(subaward_amount AS DECIMAL(38, 2)) < 30000`)).toBe(0);
  });

  it('fills only the keys on delta deletions, and stamps delta updates later than the base rows', async () => {
    const delta = csv(demo.path('delta'));
    const deletions = await sql.rows(`SELECT * FROM ${delta} WHERE correction_delete_ind = 'D'`);
    expect(deletions).toHaveLength(2);
    for (const row of deletions) {
      const filled = Object.entries(row).filter(([, v]) => v !== null).map(([k]) => k);
      expect(filled.every((k) => /^(correction_delete_ind|agency_id|contract_transaction_unique_key|award_id_piid|modification_number|transaction_number|parent_award_agency_id|parent_award_id_piid|last_modified_date)$/.test(k))).toBe(true);
    }
    expect(await count(`${delta} AS d JOIN ${tx} AS t USING (contract_transaction_unique_key)
      WHERE d.correction_delete_ind IS NULL AND d.last_modified_date <= t.last_modified_date`)).toBe(0);
  });

  it('repeats a few API rows identically, for one subtier abbreviation', async () => {
    const api = csv(demo.path('apiProjection'));
    expect(await sql.rows(`SELECT DISTINCT "Agency" AS a FROM ${api}`)).toEqual([{ a: demo.manifest.apiProjection.agency }]);
    expect(await count(`(SELECT *, count(*) AS copies FROM ${api} GROUP BY ALL HAVING copies > 1)`)).toBe(demo.manifest.apiProjection.repeatedRows);
  });
});
