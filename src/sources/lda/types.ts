/**
 * Strict shapes of what the Senate LDA reader hands to the rest of whosbehind. The API's JSON is
 * loose and full of people (lobbyists, their past posts, contacts, addresses); these types hold the
 * organisations, money, periods, issues and government entities only — by construction there is no
 * field a lobbyist's name could go into. Every record carries `pointer`, the RFC 6901 JSON pointer of
 * the entry it came from (`/results/3`), so any figure built on it points back at the exact entry.
 */

/** Reporting periods as the API names them: quarters since 2008, half years before. */
export const LDA_PERIODS = ['first_quarter', 'second_quarter', 'third_quarter', 'fourth_quarter', 'mid_year', 'year_end'] as const;
export type LdaPeriod = (typeof LDA_PERIODS)[number];

/** Which document a filing is: the registration of a client, or a periodic activity report. */
export type LdaDocumentKind = 'registration' | 'report';

/** A filing type decoded (RR, RA, Q1, 1A, 4AY, 2T, 1@, MM, YY, …). */
export interface LdaFilingType {
  code: string;
  /** The LDA's own name, e.g. "4th Quarter - Amendment (No Activity)". */
  name: string;
  document: LdaDocumentKind;
  amendment: boolean;
  termination: boolean;
  /** "(No Activity)": the registrant reports no lobbying activity for the client in the period. */
  noActivity: boolean;
}

/** A lobbying firm (or an organisation lobbying for itself) as the LDA registers it. */
export interface LdaRegistrant {
  /** Senate registrant id, e.g. 401104726. */
  id: string;
  houseId?: string;
  /**
   * The registrant's name. A self-employed lobbyist registers under their own name: then the name
   * is a person's and is not kept (`selfEmployed`), the registrant is known by its id only.
   */
  name: string;
  selfEmployed: boolean;
  description?: string;
  country?: string;
  state?: string;
}

/** The organisation on whose behalf the lobbying is done. */
export interface LdaClient {
  /** Senate client id (unique across registrants), e.g. 202513. */
  id: string;
  /** The registrant's own number for the client (`client_id`, 36 for Microsoft at 10-Square). */
  registrantClientNumber?: string;
  name: string;
  /** True when the client's name is a lobbyist's own name on the filing: the name is not kept. */
  personal: boolean;
  description?: string;
  /** The client is itself a state or local government entity (`client_government_entity`). */
  isGovernmentEntity?: boolean;
  country?: string;
  state?: string;
  /** Date the registrant began lobbying for the client, YYYY-MM-DD. */
  effectiveDate?: string;
}

/** A government entity as the LDA lists it (constants list and each activity's `government_entities`). */
export interface LdaGovernmentEntity {
  id: number;
  name: string;
}

/** One lobbying activity of a filing: one general issue area, what was lobbied on, and where. */
export interface LdaActivity {
  /** General issue area code, e.g. HOM (Homeland Security), IMM (Immigration). */
  issueCode: string;
  issueName?: string;
  /** The filing's own words on the specific issues (quoted as evidence, never rewritten). */
  description?: string;
  foreignEntityIssues?: string;
  governmentEntities: LdaGovernmentEntity[];
  pointer: string;
}

/** One LDA filing (a registration or a report), with the scope line applied. */
export interface LdaFiling {
  uuid: string;
  type: LdaFilingType;
  year: number;
  period: LdaPeriod;
  /**
   * Income from the client, reported by a lobbying firm, as an exact decimal string ("15000.00");
   * undefined when not reported (null in the source: unknown, never zero).
   */
  income?: string;
  /** Expenses of an organisation lobbying for itself (in-house), exact decimal; never added to income. */
  expenses?: string;
  /** How expenses were computed (`expenses_method`: a, b or c of the LDA guidance). */
  expensesMethod?: string;
  /** When the filing was posted, as given (ISO 8601 with offset). */
  postedAt?: string;
  terminationDate?: string;
  /** The filing's page on the Senate site. */
  documentUrl?: string;
  /** The filing's API url. */
  apiUrl?: string;
  registrant: LdaRegistrant;
  client: LdaClient;
  activities: LdaActivity[];
  /** Fields left out of an otherwise good filing, and why (an unreadable date). */
  problems: string[];
  pointer: string;
}

/** A filing (or constants entry) that was read but not loaded, and why. */
export interface LdaReject {
  /** JSON pointer of the field at fault, e.g. `/results/4/income`. */
  pointer: string;
  reason: string;
  /** The entry as JSON with every personal field removed, cut to 300 characters. */
  excerpt: string;
}

export interface LdaCount {
  read: number;
  loaded: number;
  rejected: number;
}

/** The constants lists the LDA API serves under /api/v1/constants/filing/. */
export type LdaConstantsList = 'government_entities' | 'issue_codes' | 'filing_types';

/** One page of `/api/v1/filings/` (or a saved copy): its filings and where it sits in the query's pages. */
export interface LdaFilingsPage {
  kind: 'filings_page';
  /** Filings the query matched in all (`count`), of which this page holds some. */
  count?: number;
  next?: string;
  previous?: string;
  filings: LdaFiling[];
  rejects: LdaReject[];
  counts: LdaCount;
}

/** A single filing (`/api/v1/filings/<uuid>/`). */
export interface LdaSingleFiling {
  kind: 'filing';
  filings: LdaFiling[];
  rejects: LdaReject[];
  counts: LdaCount;
}

export interface LdaConstantEntry {
  /** The code or id as text: "HOM", "4A", "251". */
  value: string;
  name: string;
}

export interface LdaConstants {
  kind: 'constants';
  list: LdaConstantsList;
  entries: LdaConstantEntry[];
  rejects: LdaReject[];
  counts: LdaCount;
}

export type LdaDocument = LdaFilingsPage | LdaSingleFiling | LdaConstants;
