/**
 * The Treasury Account Symbol list USAspending ships (`tas_list.csv`, from GTAS/FMS): one row per
 * account symbol and period of availability, with its owning agency (AID), main account, and the
 * administering organisation (ADMIN_ORG: the bureau, e.g. 070 / 19 U.S. Immigration and Customs
 * Enforcement). Bare-CR line ends and space-padded names are read as such.
 */
import { readReferenceCsv } from './referenceCsv.js';

export const TAS_COLUMNS = [
  'ACCT_NUM', 'ATA', 'AID', 'BPOA', 'EPOA', 'A', 'MAIN', 'SUB', 'GWA_TAS_NAME', 'Agency AID', 'Agency Name',
  'ADMIN_ORG', 'Admin Org Name', 'DT_TM_ESTAB', 'DT_END',
] as const;

/** One Treasury account symbol. */
export interface TreasuryAccount {
  line: number;
  accountNumber: string;
  /** Allocation transfer agency (blank unless the account is a transfer allocation). */
  ata: string;
  /** Agency identifier (the toptier code, e.g. 070). */
  aid: string;
  bpoa: string;
  epoa: string;
  /** Availability type: X (no-year) or blank. */
  availability: string;
  main: string;
  sub: string;
  name: string;
  agencyName: string;
  adminOrg: string;
  adminOrgName: string;
  established: string;
  ended: string;
}

/** The symbol as USAspending writes it: `070-X-0540-000`, `070-2017/2017-0540-000`. */
export function tasSymbol(a: Pick<TreasuryAccount, 'ata' | 'aid' | 'bpoa' | 'epoa' | 'availability' | 'main' | 'sub'>): string {
  const period = a.availability === 'X' ? 'X' : a.bpoa || a.epoa ? `${a.bpoa}/${a.epoa}` : '';
  return [a.ata, a.aid, period, a.main, a.sub].filter((p) => p !== '').join('-');
}

/** Parses the list. */
export function parseTreasuryAccounts(text: string, file: string): TreasuryAccount[] {
  return readReferenceCsv(text, file, 'the Treasury account list (tas_list.csv)', TAS_COLUMNS, (g, line) => ({
    line, accountNumber: g('ACCT_NUM'), ata: g('ATA'), aid: g('AID'), bpoa: g('BPOA'), epoa: g('EPOA'), availability: g('A'),
    main: g('MAIN'), sub: g('SUB'), name: g('GWA_TAS_NAME'), agencyName: g('Agency Name'), adminOrg: g('ADMIN_ORG'),
    adminOrgName: g('Admin Org Name').replace(/\s+/g, ' '), established: g('DT_TM_ESTAB'), ended: g('DT_END'),
  }));
}
