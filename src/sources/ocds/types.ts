/**
 * Open Contracting Data Standard (OCDS) input, compiled to what whosbehind stores: one contracting
 * process per `ocid`, its buyer and procuring entity (agencies of the publishing country, never mixed
 * with US agency codes), its suppliers (recipients identified by scheme: GB-COH, MX-RFC, AU-ABN, …), and
 * its awards and contracts with their values. Every amount keeps its currency.
 */

/** An exact amount and its ISO 4217 currency; `amount` is decimal text with at most two decimals. */
export interface OcdsMoney {
  amount: string;
  currency: string;
  /** The field the amount was read from: `value`, or a declared publisher extension such as `valueWithTax`. */
  field: string;
}

/** An organisation named in a process (a party, or an inline organisation in OCDS 1.0). */
export interface OcdsOrganization {
  /** The party id inside the process (1.1), else the identifier or name it was given by. */
  partyId: string;
  name: string | null;
  /** Identifier scheme (org-id list code: GB-COH, MX-RFC, AU-ABN, MX-CPA, GB-LAC …) and id, when given. */
  scheme: string | null;
  identifier: string | null;
  legalName: string | null;
  roles: string[];
  /** Other identifiers `scheme:id`, e.g. a Mexican unit's ministry. */
  additionalIdentifiers: string[];
  countryName: string | null;
}

export interface OcdsAward {
  awardId: string;
  title: string | null;
  status: string | null;
  date: string | null;
  value: OcdsMoney | null;
  /** Party ids of the suppliers. */
  suppliers: string[];
  /** JSON pointer of the award: in the file for a record's compiledRelease, else in the compiled release. */
  pointer: string;
}

export interface OcdsContract {
  contractId: string;
  awardId: string | null;
  title: string | null;
  status: string | null;
  dateSigned: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  value: OcdsMoney | null;
  /** Party ids of the suppliers: of the contract's award, or (a publisher extension) listed on the contract. */
  suppliers: string[];
  /** Party id of the buyer: the one the contract names (Mexico's `buyers` extension), else the process's. */
  buyer: string | null;
  pointer: string;
}

/** The publisher of a package or record, and the country its buyers belong to. */
export interface OcdsPublisher {
  name: string;
  uri: string | null;
  scheme: string | null;
  uid: string | null;
  /** ISO 3166 alpha-2 country of the buyers, and how it was found; null when nothing says. */
  country: string | null;
  countryBasis: string | null;
}

/** One contracting process, compiled (latest release wins per field, OCDS merge rules). */
export interface OcdsProcess {
  ocid: string;
  version: '1.0' | '1.1';
  publisher: OcdsPublisher;
  /** `releases` (compiled here), or `compiledRelease` (taken from a record). */
  compiledFrom: 'releases' | 'compiledRelease';
  releaseCount: number;
  releaseIds: string[];
  /** Date of the latest release: the compiled process's date. */
  date: string;
  tags: string[];
  tenderTitle: string | null;
  tenderStatus: string | null;
  tenderValue: OcdsMoney | null;
  buyer: string | null;
  procuringEntity: string | null;
  parties: OcdsOrganization[];
  awards: OcdsAward[];
  contracts: OcdsContract[];
  /** JSON pointer of the process's first release or record in the file. */
  pointer: string;
}

/** What one OCDS file holds. */
export interface OcdsFile {
  form: 'release package' | 'record package' | 'release' | 'release lines' | 'release (packageInfo wrapping)';
  processes: OcdsProcess[];
  releases: number;
  /** The official OCDS worked example (Open Data Services' fictional London Borough of Barnet data). */
  fictional: boolean;
}
