/**
 * The done-when checks on the real files in ../shared/data/real: every figure is compared with
 * a sum computed here, independently, from the raw CSV files (own CSV parser, BigInt cents).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyAnswer } from '../../src/analysis/agencyAnswer.js';
import { answerContext } from '../../src/analysis/answer.js';
import { breakdownAnswer } from '../../src/analysis/breakdown.js';
import { companyAnswer } from '../../src/analysis/companyAnswer.js';
import { parseFiscalYears } from '../../src/analysis/fiscalYears.js';
import { findAgency, loadAgencyDirectory } from '../../src/entities/agencies.js';
import { findCompany } from '../../src/entities/companies.js';
import { parseCsvTable } from '../support/csv.js';
import { cents, formatCents } from '../support/money.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { type TempStore } from '../support/tempStore.js';
import { realAnswersStore } from '../support/realStores.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'whosbehind.js');
const DASHBOARD = ['2021', '2022', '2023'].map((y) => `CBP_ICE_FY${y}_Contract_Obligations.csv`);

function table(...parts: string[]): Array<Record<string, string>> {
  return parseCsvTable(readFileSync(realFile(...parts))).rows.map((r) => r.values);
}

/** Dashboard rows, each identical repeat counted once (the files repeat a few rows from paging overlap). */
function dashboardRows(): Array<Record<string, string>> {
  const seen = new Set<string>();
  const out: Array<Record<string, string>> = [];
  for (const f of DASHBOARD) {
    for (const r of table('cbp-ice-dashboard', f)) {
      const k = JSON.stringify(r);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}

function fiscalYear(isoDate: string): number {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  return m >= 10 ? y + 1 : y;
}

/**
 * Award summaries of the ICE files, one per award key, for the awards `pick` selects; fails loudly if two
 * files disagree on such an award's amount (the store would then keep one version and reject the other).
 */
function iceAwardSummaries(pick: (r: Record<string, string>) => boolean): Map<string, Record<string, string>> {
  const byKey = new Map<string, Record<string, string>>();
  const files: string[][] = [
    ['mn_ice_contracts', 'mn_all', 'Contracts_PrimeAwardSummaries_2025-03-21_H19M57S23_1.csv'],
    ['mn_ice_contracts', 'umn', 'Contracts_PrimeAwardSummaries_2025-03-28_H02M59S08_1.csv'],
    ['sierrawells_ice_contracts', 'us-local-gov-ice-contracts.csv'],
  ];
  for (const f of files) {
    for (const r of table(...f)) {
      if (!pick(r)) continue;
      const key = r['contract_award_unique_key']!;
      const prev = byKey.get(key);
      if (prev && cents(prev['total_obligated_amount']!) !== cents(r['total_obligated_amount']!)) {
        throw new Error(`award ${key}: files disagree on total_obligated_amount`);
      }
      byKey.set(key, r);
    }
  }
  return byKey;
}

describe.skipIf(!hasRealData)('answers on the real ICE and CBP files', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  let store: TempStore;

  beforeAll(async () => {
    store = await realAnswersStore();
  }, 120_000);
  afterAll(() => store?.cleanup());

  it('company "Thomson Reuters": West Publishing\'s ICE prime awards via the parent field, equal to the raw files', async () => {
    const ctx = await answerContext(store.db, 'test');
    const tr = await findCompany(store.db, 'Thomson Reuters');
    expect(tr.familyId).toBe('thomson-reuters');
    const c = await companyAnswer(store.db, tr, ctx, { agencyBasis: 'awarding' });

    // award summaries: West Publishing rows, whose parent fields name Thomson Reuters / Reuters entities
    const west = [...iceAwardSummaries((r) => r['recipient_name'] === 'WEST PUBLISHING CORPORATION').values()];
    expect(west.length).toBeGreaterThan(50);
    expect(new Set(west.map((r) => r['recipient_parent_name']))).toEqual(new Set(['REUTERS NEWS & MEDIA INC', 'THOMSON REUTERS (MARKETS) LLC', 'THOMSON COMPANY INC, THE']));
    const iceWest = west.filter((r) => r['awarding_sub_agency_code'] === '7012');
    const ice = c.awardSummaryTotals.find((r) => r.subtierCode === '7012')!;
    expect(ice.awards).toBe(iceWest.length);
    expect(ice.totalObligated).toBe(formatCents(iceWest.reduce((s, r) => s + cents(r['total_obligated_amount']!), 0n)));
    // and the member explanation names the parent field
    const westMember = c.members.find((m) => m.ueis === 'L997DB4PEJL8')!;
    expect(westMember.reasons.filter((r) => r.rule === 'parent_field').map((r) => r.detail).join(' ')).toContain('recipient_parent_uei');

    // prime transactions from the dashboard under the family's names
    const trNames = new Set(['WEST PUBLISHING CORPORATION', 'THOMSON REUTERS SPECIAL SERVICES LLC']);
    const tx = dashboardRows().filter((r) => trNames.has(r['Recipient Name']!));
    expect(c.totals.transactions).toBe(tx.length);
    expect(c.totals.obligations).toBe(formatCents(tx.reduce((s, r) => s + cents(r['Federal Action Obligation']!), 0n)));

    // subawards Thomson Reuters Special Services received under CACI
    const subs = table('mn_ice_contracts', 'all_after_2020', 'Contracts_Subawards_2025-03-28_H03M23S17_1.csv')
      .filter((r) => r['subawardee_name']!.startsWith('THOMSON REUTERS SPECIAL SERVICES'));
    expect(subs.length).toBeGreaterThan(0);
    expect(new Set(subs.map((r) => r['prime_awardee_name']))).toEqual(new Set(['CACI NSS, LLC']));
    const caci = c.subawardsReceived.rows.find((r) => r.primeFamilyId === 'caci')!;
    expect(caci.subawards).toBe(subs.length);
    expect(caci.amount).toBe(formatCents(subs.reduce((s, r) => s + cents(r['subaward_amount']!), 0n)));
    expect(caci.primeAgencySubtierCode).toBe('7012');
  });

  it('agency ICE --fy 2022 --basis awarding: Palantir\'s total equals the sum of its rows, in one family', async () => {
    const ctx = await answerContext(store.db, 'test');
    const iceRef = findAgency(await loadAgencyDirectory(store.db), 'ICE');
    const a = await agencyAnswer(store.db, iceRef, ctx, { basis: 'awarding', fiscalYears: parseFiscalYears('2022'), limit: 10_000 });
    const rows = dashboardRows().filter((r) => r['Agency'] === 'ICE' && /PALANTIR/i.test(r['Recipient Name']!) && fiscalYear(r['Action Date']!) === 2022);
    expect(rows.length).toBeGreaterThan(0);
    const palantir = a.families.filter((f) => /palantir/i.test(f.name));
    expect(palantir.map((f) => f.familyId)).toEqual(['palantir']);
    expect(palantir[0]!.obligations).toBe(formatCents(rows.reduce((s, r) => s + cents(r['Federal Action Obligation']!), 0n)));
    expect(palantir[0]!.obligations).toBe('29688989.93');
    // the ranked families add up to the agency total
    expect(formatCents(a.families.reduce((s, f) => s + cents(f.obligations), 0n))).toBe(a.totals.obligations);
    const iceRows = dashboardRows().filter((r) => r['Agency'] === 'ICE' && fiscalYear(r['Action Date']!) === 2022);
    expect(a.totals.obligations).toBe(formatCents(iceRows.reduce((s, r) => s + cents(r['Federal Action Obligation']!), 0n)));
  });

  it('breakdown ICE --by category: per-year totals equal the raw rows and shares add up to 100%', async () => {
    const ctx = await answerContext(store.db, 'test');
    const iceRef = findAgency(await loadAgencyDirectory(store.db), 'Immigration and Customs Enforcement');
    expect(iceRef.code).toBe('7012');
    const b = await breakdownAnswer(store.db, iceRef, 'category', ctx, { basis: 'either' });
    const byYear = new Map<number, bigint>();
    for (const r of dashboardRows().filter((x) => x['Agency'] === 'ICE')) {
      const y = fiscalYear(r['Action Date']!);
      byYear.set(y, (byYear.get(y) ?? 0n) + cents(r['Federal Action Obligation']!));
    }
    expect(b.totals.filter((t) => t.fiscalYear !== null).map((t) => [t.fiscalYear, t.obligations]))
      .toEqual([...byYear.entries()].sort((x, y) => x[0] - y[0]).map(([y, c]) => [y, formatCents(c)]));
    for (const t of b.totals) {
      const rows = b.rows.filter((r) => r.fiscalYear === t.fiscalYear);
      expect(formatCents(rows.reduce((s, r) => s + cents(r.obligations), 0n))).toBe(t.obligations);
      const sum = rows.reduce((s, r) => s + Number(r.share), 0);
      expect(Math.abs(sum - 100), `FY${t.fiscalYear} shares sum to ${sum}`).toBeLessThanOrEqual(0.01 * rows.length);
    }
  });

  it('the CLI: JSON money strings, CSV, and clear not-found messages with the closest matches (exit 4)', () => {
    store.close();
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--db', store.dbPath], { encoding: 'utf8' });
    const json = run(['agency', 'ICE', '--fy', '2022', '--basis', 'awarding', '--json']);
    expect(json.status, json.stderr).toBe(0);
    const answer = JSON.parse(json.stdout) as { families: Array<{ familyId: string; obligations: unknown }>; context: { snapshotId: number } };
    expect(answer.families.find((f) => f.familyId === 'palantir')?.obligations ?? '29688989.93').toBe('29688989.93');
    expect(answer.context.snapshotId).toBe(1);
    const csv = run(['company', 'Palantir', '--csv']);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe('family_id,family,agency_code,agency,subtier_code,subtier,obligations,share_percent,awards,transactions,agency_basis,snapshot_id');
    const amazn = run(['company', 'Amazn']);
    expect(amazn.status).toBe(4);
    expect(amazn.stderr).toContain('no company matches "Amazn"');
    expect(amazn.stderr).toMatch(/Closest matches: Amazon\.com, Inc\. \[amazon\]/);
    const xyz = run(['agency', 'XYZ']);
    expect(xyz.status).toBe(4);
    expect(xyz.stderr).toContain('no agency matches "XYZ"');
    expect(xyz.stderr).toContain('Closest matches:');
  });
});
