/**
 * The columns of the DATA Act broker's `agency_codes.csv` the budget mapping needs: which subtier
 * agency an administering organisation (ADMIN_ORG of the Treasury account list) belongs to.
 */
import { readReferenceCsv } from './referenceCsv.js';

const COLUMNS = ['CGAC AGENCY CODE', 'AGENCY NAME', 'SUBTIER CODE', 'SUBTIER NAME', 'SUBTIER ABBREVIATION', 'ADMIN_ORG', 'Admin Org Name'] as const;

/** One row of the agency code list. */
export interface AgencyCodeRow {
  line: number;
  toptier: string;
  toptierName: string;
  subtier: string;
  subtierName: string;
  subtierAbbreviation: string;
  adminOrg: string;
}

/** Parses the agency code list for its toptier, subtier and ADMIN_ORG columns. */
export function parseAgencyCodeList(text: string, file: string): AgencyCodeRow[] {
  return readReferenceCsv(text, file, 'the agency code list (agency_codes.csv)', COLUMNS, (g, line) => ({
    line, toptier: g('CGAC AGENCY CODE'), toptierName: g('AGENCY NAME'), subtier: g('SUBTIER CODE'),
    subtierName: g('SUBTIER NAME'), subtierAbbreviation: g('SUBTIER ABBREVIATION'), adminOrg: g('ADMIN_ORG'),
  }));
}
