/**
 * Derives the budget account map (OMB agency → toptier agency, OMB bureau → subtier agency) from the
 * three official tables, so that every row of data/budget-accounts.yaml cites the rows it rests on:
 *   budget_authority.csv  Treasury Agency Code of an OMB agency's rows      → toptier (070)
 *   tas_list.csv          ADMIN_ORG of the Treasury account (070, MAIN 0540) → administering org (19)
 *   agency_codes.csv      subtier whose ADMIN_ORG is that org               → subtier (7012 ICE)
 * A bureau whose accounts point to more than one subtier, or to none, is left at the toptier.
 */
import type { AgencyCodeRow } from './agencyCodeList.js';
import type { BudgetAuthorityRow } from './budgetAuthority.js';
import type { TreasuryAccount } from './treasuryAccounts.js';

/** OMB agency → toptier. */
export interface AgencyMapping {
  ombAgency: string;
  name: string;
  toptier: string | null;
  toptierName: string | null;
  source: string;
}

/** OMB bureau → subtier (null: the bureau is counted at its toptier only). */
export interface BureauMapping {
  ombAgency: string;
  bureau: string;
  name: string;
  toptier: string | null;
  subtier: string | null;
  subtierName: string | null;
  accounts: string[];
  source: string;
}

/** The derived map. */
export interface AccountMap {
  agencies: AgencyMapping[];
  bureaus: BureauMapping[];
}

const pad3 = (s: string): string => (/^\d{1,3}$/.test(s) ? s.padStart(3, '0') : s);
const lines = (ls: readonly number[]): string => (ls.length > 3 ? `lines ${ls.slice(0, 3).join(', ')} …` : `line${ls.length > 1 ? 's' : ''} ${ls.join(', ')}`);

/** Builds the map from the parsed tables. */
export function deriveAccountMap(budget: readonly BudgetAuthorityRow[], tas: readonly TreasuryAccount[], codes: readonly AgencyCodeRow[]): AccountMap {
  const toptierRow = new Map<string, AgencyCodeRow>();
  const subtierByOrg = new Map<string, AgencyCodeRow[]>();
  for (const c of codes) {
    if (!toptierRow.has(c.toptier)) toptierRow.set(c.toptier, c);
    if (c.adminOrg) {
      const k = `${c.toptier}|${c.adminOrg}`;
      const list = subtierByOrg.get(k) ?? [];
      if (!list.some((x) => x.subtier === c.subtier)) list.push(c);
      subtierByOrg.set(k, list);
    }
  }
  const tasByAccount = new Map<string, TreasuryAccount[]>();
  for (const t of tas) {
    const k = `${t.aid}|${t.main}`;
    const list = tasByAccount.get(k) ?? [];
    list.push(t);
    tasByAccount.set(k, list);
  }

  const agencies: AgencyMapping[] = [];
  const byAgency = new Map<string, BudgetAuthorityRow[]>();
  for (const r of budget) {
    const list = byAgency.get(r.ombAgencyCode) ?? [];
    list.push(r);
    byAgency.set(r.ombAgencyCode, list);
  }
  const agencyToptier = new Map<string, string | null>();
  for (const [code, rows] of byAgency) {
    const counts = new Map<string, number>();
    for (const r of rows) if (r.treasuryAgencyCode && toptierRow.has(pad3(r.treasuryAgencyCode))) counts.set(pad3(r.treasuryAgencyCode), (counts.get(pad3(r.treasuryAgencyCode)) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const best = ranked[0];
    const unique = best && (ranked.length === 1 || ranked[1]![1] < best[1]);
    const top = unique ? best[0] : null;
    agencyToptier.set(code, top);
    const row = top ? toptierRow.get(top)! : undefined;
    agencies.push({
      ombAgency: code, name: rows[0]!.ombAgencyName, toptier: top, toptierName: row?.toptierName ?? null,
      source: top && best
        ? `budget_authority.csv: ${best[1]} of ${rows.length} rows of OMB agency ${code} carry Treasury Agency Code ${best[0].replace(/^0+(?=\d{2})/, '')}; agency_codes.csv line ${row!.line}: CGAC ${top} ${row!.toptierName}`
        : `budget_authority.csv: the ${rows.length} rows of OMB agency ${code} carry no single Treasury Agency Code found in agency_codes.csv`,
    });
  }

  const bureaus: BureauMapping[] = [];
  const byBureau = new Map<string, BudgetAuthorityRow[]>();
  for (const r of budget) {
    const k = `${r.ombAgencyCode}|${r.bureauCode}`;
    const list = byBureau.get(k) ?? [];
    list.push(r);
    byBureau.set(k, list);
  }
  for (const [k, rows] of byBureau) {
    const [ombAgency, bureau] = k.split('|') as [string, string];
    const top = agencyToptier.get(ombAgency) ?? null;
    const accounts = [...new Set(rows.map((r) => r.accountCode).filter(Boolean))].sort();
    // per Treasury account: the subtiers its administering organisations map to ('' = an org no subtier has)
    const found = new Map<string, { sub: AgencyCodeRow; tasLines: Set<number>; accounts: Set<string>; org: string; orgName: string }>();
    const expenditure = new Set<string>();
    const unmapped = new Set<string>();
    for (const r of rows) {
      if (!/^\d{4}$/.test(r.accountCode) || !r.treasuryAgencyCode) continue; // receipts (6-digit) have no Treasury account
      expenditure.add(r.accountCode);
      for (const t of tasByAccount.get(`${pad3(r.treasuryAgencyCode)}|${r.accountCode}`) ?? []) {
        const subs = (subtierByOrg.get(`${t.aid}|${t.adminOrg}`) ?? []).filter((x) => x.toptier === top);
        if (!subs.length) unmapped.add(r.accountCode);
        for (const sub of subs) {
          const f = found.get(sub.subtier) ?? { sub, tasLines: new Set<number>(), accounts: new Set<string>(), org: t.adminOrg, orgName: t.adminOrgName };
          f.tasLines.add(t.line);
          f.accounts.add(r.accountCode);
          found.set(sub.subtier, f);
        }
      }
    }
    // one subtier, no account pointing elsewhere or nowhere, and at least half the bureau's accounts behind it
    const only = found.size === 1 ? [...found.values()][0]! : undefined;
    const one = only && !unmapped.size && only.accounts.size * 2 >= expenditure.size ? only : undefined;
    bureaus.push({
      ombAgency, bureau, name: rows[0]!.bureauName, toptier: top,
      subtier: one ? one.sub.subtier : null, subtierName: one ? one.sub.subtierName : null, accounts,
      source: one
        ? `tas_list.csv ${lines([...one.tasLines].sort((a, b) => a - b))}: ${one.sub.toptier} MAIN ${[...one.accounts].sort().join(', ')} administered by ADMIN_ORG ${one.org} ${one.orgName}; agency_codes.csv line ${one.sub.line}: subtier ${one.sub.subtier} ${one.sub.subtierName} has ADMIN_ORG ${one.org}`
        : found.size > 1
          ? `tas_list.csv: the bureau's accounts are administered by organisations of ${[...found.keys()].sort().join(', ')}: counted at the toptier only`
          : only
            ? `tas_list.csv: only ${[...only.accounts].sort().join(', ')} of the bureau's accounts (${[...expenditure].sort().join(', ')}) ${unmapped.size ? `is administered by ${only.sub.subtier}, ${[...unmapped].sort().join(', ')} by an organisation no subtier has` : `is found, administered by ${only.sub.subtier}`}: counted at the toptier only`
          : `tas_list.csv: none of the bureau's accounts (${accounts.join(', ') || 'none'}) has an administering organisation that agency_codes.csv maps to a subtier: counted at the toptier only`,
    });
  }
  agencies.sort((a, b) => a.ombAgency.localeCompare(b.ombAgency));
  bureaus.sort((a, b) => a.ombAgency.localeCompare(b.ombAgency) || a.bureau.localeCompare(b.bureau));
  return { agencies, bureaus };
}
