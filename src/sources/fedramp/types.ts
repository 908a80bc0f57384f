/**
 * Strict shapes of what the FedRAMP Marketplace reader hands to the rest of whosbehind.
 * The feed itself (GSA's data.json) is loose; these types are what it is normalized into.
 * Every record carries `source`, the JSON path of the feed entry it came from, so any
 * figure built on it can point back at the exact entry.
 */

/** Cloud service layers, lowest first: a SaaS usually runs on a PaaS or IaaS, never the reverse. */
export const SERVICE_MODELS = ['IaaS', 'PaaS', 'SaaS'] as const;
export type ServiceModel = (typeof SERVICE_MODELS)[number];

/** One cloud service offering (a feed `Products` entry). */
export interface FedrampOffering {
  /** FedRAMP package id, e.g. `F1603047866`; trimmed. */
  id: string;
  /** Cloud service provider as the feed names it (`csp`), e.g. `Amazon`. */
  provider: string;
  /** Cloud service offering name (`cso`), e.g. `AWS GovCloud`. */
  offering: string;
  /** Provider UEI when the feed holds a well-formed 12-character one. */
  providerUei?: string;
  /** e.g. `FedRAMP Authorized`, `FedRAMP Ready`, `Agency In Process`. */
  status: string;
  /** e.g. `High`, `Moderate`, `Low`, `LI-SaaS`, `20x Moderate`. */
  impactLevel: string;
  /** Service models offered, in IaaS, PaaS, SaaS order, without repeats; may be empty. */
  serviceModels: ServiceModel[];
  /** `JAB`, `Agency` or `Program` (who sponsored the authorization), when given. */
  authorizationType?: string;
  /** Date of FedRAMP authorization (`fedramp_auth`), YYYY-MM-DD. */
  authorizationDate?: string;
  /** Date the offering became FedRAMP Ready (`ready_date`), YYYY-MM-DD. */
  readyDate?: string;
  /** Details left out of an otherwise good entry, and why (a malformed UEI, an impossible date). */
  problems?: string[];
  source: string;
}

/** One agency or sub-agency as the feed lists it (an `Agencies` entry). */
export interface FedrampAgency {
  /** e.g. `22-002` (a department) or `22-002-04` (one of its components). */
  id: string;
  /** e.g. `Department of Homeland Security`. */
  parentName: string;
  /** e.g. `Immigration and Customs Enforcement`; absent for a department-level entry. */
  subName?: string;
  /** `parent / sub`, or the parent alone. */
  name: string;
  source: string;
}

/** `ato`: the agency's own initial authorization; `reuse`: it reused another agency's package. */
export type AuthorizationKind = 'ato' | 'reuse';

/** An agency authorizing an offering for its use (an `AtoMapping` or `ReuseMapping` entry). */
export interface FedrampAuthorization {
  agencyId: string;
  offeringId: string;
  kind: AuthorizationKind;
  /** The agency's authorization to operate (`ato_date`), YYYY-MM-DD. */
  atoDate?: string;
  /**
   * The feed's `auth_date`, undocumented by GSA. On every AtoMapping row of the 2026-04-28 feed it
   * equals the offering's FedRAMP authorization date; on ReuseMapping rows its meaning is unclear.
   */
  authDate?: string;
  /** When the agency authorization expires (`exp_date`), YYYY-MM-DD. */
  expirationDate?: string;
  /** Details left out of an otherwise good entry, and why (e.g. `exp_date` "2/29/2023"). */
  problems?: string[];
  source: string;
}

/**
 * How the direction of a builds-on edge was decided: `service_model` (a lower layer under a
 * higher one, agreeing with the feed), `feed` (the feed's listing alone; layers tie), or
 * `ambiguous` (listing and layers disagree, or a tie listed from both sides).
 */
export type BuildsOnOrientation = 'feed' | 'service_model' | 'ambiguous';

/**
 * One offering leveraging another. A `service_model` edge is hosting (a SaaS on an IaaS); a
 * `feed` or `ambiguous` edge between two SaaS offerings is often a service one of them uses
 * (Slack, Okta, Cloudflare), so read the note before calling it "runs on".
 */
export interface FedrampBuildsOn {
  /** The offering on top, e.g. Palantir Federal Cloud Service - High. */
  offeringId: string;
  /** The offering underneath, e.g. AWS GovCloud. */
  builtOnId: string;
  orientation: BuildsOnOrientation;
  /** Plain-language account of how the direction was decided, naming both offerings. */
  orientationNote: string;
  /** JSON paths of the `leveraged_systems` entries this edge was read from (one or both sides). */
  sources: string[];
}

/** A feed entry that was read but not loaded, and why. */
export interface FedrampReject {
  /** JSON path, e.g. `data.ReuseMapping[17]` or `data.Products[3].leveraged_systems[2]`. */
  path: string;
  reason: string;
  /** The offending entry, as JSON, cut to 200 characters. */
  excerpt: string;
}

/** Arrays of the feed whose entries are counted: read = loaded + rejected. */
export const COUNTED_ARRAYS = ['Products', 'Agencies', 'AtoMapping', 'ReuseMapping', 'leveraged_systems'] as const;
export type CountedArray = (typeof COUNTED_ARRAYS)[number];

export interface EntryCount {
  read: number;
  loaded: number;
  rejected: number;
}

/** Everything read from one FedRAMP Marketplace feed file. */
export interface FedrampFeed {
  file: string;
  /** `meta.last_change` of the feed: which snapshot of the Marketplace this is. */
  lastChange?: string;
  offerings: FedrampOffering[];
  agencies: FedrampAgency[];
  authorizations: FedrampAuthorization[];
  buildsOn: FedrampBuildsOn[];
  rejects: FedrampReject[];
  /** Per array; `leveraged_systems` counts entries over all products (two entries may make one edge). */
  counts: Record<CountedArray, EntryCount>;
}
