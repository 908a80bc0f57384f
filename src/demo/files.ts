import type { CsvFormat } from './csvWriter.js';
import {
  AGENCY_CODE_COLUMNS, API_PROJECTION_COLUMNS, AWARD_SUMMARY_COLUMNS, DELTA_COLUMNS, SUBAWARD_COLUMNS,
  TRANSACTION_COLUMNS,
} from './headers.js';

// The demo's files, declared once: name, real layout, header and byte format of each.

/** A kind of demo data file. */
export type DemoFileKind = 'agencyCodes' | 'transactions' | 'awardSummaries' | 'subawards' | 'delta' | 'apiProjection';

/** How one demo data file is named and laid out. */
export interface DemoFileSpec {
  readonly file: string;
  /** Which real layout the file follows. */
  readonly layout: string;
  readonly header: readonly string[];
  readonly format: CsvFormat;
}

const CRLF: CsvFormat = { eol: '\r\n', bom: false };

/** Every demo data file, in the order they are listed in the manifest. */
export const DEMO_FILES: Readonly<Record<DemoFileKind, DemoFileSpec>> = {
  agencyCodes: {
    file: 'agency_codes.csv',
    layout: 'data-act-broker/agency_codes',
    header: AGENCY_CODE_COLUMNS,
    format: { eol: '\r\n', bom: true },
  },
  transactions: {
    file: 'Contracts_PrimeTransactions_DEMO_1.csv',
    layout: 'usaspending/Contracts_PrimeTransactions',
    header: TRANSACTION_COLUMNS,
    format: CRLF,
  },
  awardSummaries: {
    file: 'Contracts_PrimeAwardSummaries_DEMO_1.csv',
    layout: 'usaspending/Contracts_PrimeAwardSummaries@2025',
    header: AWARD_SUMMARY_COLUMNS,
    format: CRLF,
  },
  subawards: {
    file: 'Contracts_Subawards_DEMO_1.csv',
    layout: 'usaspending/Contracts_Subawards@2025',
    header: SUBAWARD_COLUMNS,
    format: CRLF,
  },
  delta: {
    file: 'FY(All)_Z90_Contracts_Delta_DEMO_1.csv',
    layout: 'usaspending/Contracts_Delta',
    header: DELTA_COLUMNS,
    format: CRLF,
  },
  apiProjection: {
    file: 'DEMO_Contract_Obligations_API.csv',
    layout: 'usaspending-api/spending_by_transaction-projection',
    header: API_PROJECTION_COLUMNS,
    format: CRLF,
  },
};

/** Every file kind, in manifest order. */
export const DEMO_FILE_KINDS = Object.keys(DEMO_FILES) as DemoFileKind[];

/** Name of the plain-text notice written beside the data. */
export const README_FILE = 'README.txt';
/** Name of the manifest written beside the data. */
export const MANIFEST_FILE = 'manifest.json';
