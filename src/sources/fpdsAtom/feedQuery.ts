import { UsageError } from '../../errors.js';
import type { DateRange } from '../usaspendingApi/dateRange.js';

/** The public ATOM feed's path and fixed parameters (as the real pages' own next/last links give them). */
export const FEED_PATH = '/ezsearch/FEEDS/ATOM';
export const FEED_VERSION = '1.5.3';
export const PAGE_SIZE = 10;
export const DEFAULT_FPDS_URL = 'https://www.fpds.gov';

/** What to pull: any of a contracting subtier, a PIID, a vendor name, and a last-modified date range. */
export interface FeedScope {
  /** FPDS 4-character contracting agency (subtier) code, e.g. 7012 for ICE. */
  agencyCode?: string;
  piid?: string;
  vendor?: string;
}

const quoted = (v: string, what: string): string => {
  if (/["\\]/.test(v) || /[\r\n]/.test(v)) throw new UsageError(`${what} ${JSON.stringify(v)}: quotes, backslashes and line breaks cannot be searched in the FPDS feed`);
  return `"${v.trim()}"`;
};
const slashDate = (iso: string): string => iso.replaceAll('-', '/');

/**
 * The feed's `q`: `LAST_MOD_DATE:[2026/11/01,2026/11/30]` (both days included) then
 * `AGENCY_CODE:"7012"`, `PIID:"…"`, `VENDOR_NAME:"…"`, space separated, as in the real pages' titles.
 */
export function feedQuery(scope: FeedScope, range?: DateRange): string {
  const terms: string[] = [];
  if (range) terms.push(`LAST_MOD_DATE:[${slashDate(range.start)},${slashDate(range.end)}]`);
  if (scope.agencyCode) {
    if (!/^[0-9A-Z]{4}$/.test(scope.agencyCode)) throw new UsageError(`FPDS agency code must be 4 characters (a subtier such as 7012), not ${scope.agencyCode}`);
    terms.push(`AGENCY_CODE:${quoted(scope.agencyCode, 'agency')}`);
  }
  if (scope.piid) terms.push(`PIID:${quoted(scope.piid.toUpperCase(), '--piid')}`);
  if (scope.vendor) terms.push(`VENDOR_NAME:${quoted(scope.vendor.toUpperCase(), '--vendor')}`);
  if (!terms.length) throw new UsageError('an FPDS fetch needs --agency, --piid, --vendor or --since');
  return terms.join(' ');
}

/** Form encoding as the feed's own links use it: %-escapes, spaces as "+". */
const encode = (v: string): string => encodeURIComponent(v).replace(/%20/g, '+');

/** The path and query of one page: `s=FPDS&FEEDNAME=PUBLIC&VERSION=…&q=…&start=N`. */
export function feedPagePath(q: string, start: number): string {
  return `${FEED_PATH}?s=FPDS&FEEDNAME=PUBLIC&VERSION=${FEED_VERSION}&q=${encode(q)}&start=${start}`;
}

/** The `start` of a page link (the `last` link says where the final page starts), or undefined. */
export function linkStart(href: string | undefined): number | undefined {
  if (!href) return undefined;
  const m = /[?&]start=(\d+)/.exec(href);
  return m ? Number(m[1]) : undefined;
}
