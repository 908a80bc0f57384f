import { UsageError } from '../../errors.js';
import type { DateRange } from './dateRange.js';

/** Contract award types (definitive contracts, purchase orders, delivery and BPA call orders). */
export const CONTRACT_AWARD_TYPES = ['A', 'B', 'C', 'D'] as const;

/** Results per page: the API's maximum. */
export const PAGE_SIZE = 100;

/** The search endpoints stop at 50,000 results (page × limit); beyond that the range is split. */
export const SEARCH_RESULT_CAP = 50_000;

/** The AgencyObject of the API's filters. */
export interface AgencyFilter {
  type: 'awarding' | 'funding';
  tier: 'toptier' | 'subtier';
  name: string;
  toptier_name?: string;
}

/** What to fetch: one agency on one basis over a date range, optionally one recipient. */
export interface FetchScope {
  agency: AgencyFilter;
  /** The abbreviation written into the API projection's Agency column (the awarding subtier's). */
  agencyAbbreviation: string | null;
  recipient?: string;
}

/** The spending_by_transaction fields requested: the ten of the API projection layout, and the ids. */
export const TRANSACTION_FIELDS = [
  'Award ID', 'Mod', 'Recipient Name', 'Action Date', 'Transaction Amount', 'Awarding Sub Agency',
  'Transaction Description', 'PSC', 'NAICS', 'generated_internal_id', 'internal_id',
] as const;

/** Body of POST /api/v2/search/spending_by_transaction/ for one page of one date range. */
export function transactionSearchBody(scope: FetchScope, range: DateRange, page: number): Record<string, unknown> {
  return {
    filters: {
      award_type_codes: [...CONTRACT_AWARD_TYPES],
      agencies: [scope.agency],
      time_period: [{ start_date: range.start, end_date: range.end }],
      ...(scope.recipient ? { recipient_search_text: [scope.recipient] } : {}),
    },
    fields: [...TRANSACTION_FIELDS],
    page,
    limit: PAGE_SIZE,
    sort: 'Action Date',
    order: 'asc',
  };
}

/** Body of POST /api/v2/download/transactions/ (the Advanced Search download: every column, zipped CSVs). */
export function transactionDownloadBody(scope: FetchScope, range: DateRange): Record<string, unknown> {
  return {
    filters: {
      award_type_codes: [...CONTRACT_AWARD_TYPES],
      agencies: [scope.agency],
      time_period: [{ start_date: range.start, end_date: range.end, date_type: 'action_date' }],
      ...(scope.recipient ? { recipient_search_text: [scope.recipient] } : {}),
    },
    file_format: 'csv',
  };
}

/** Body of POST /api/v2/bulk_download/awards/ asking for contract subawards only. */
export function subawardDownloadBody(scope: FetchScope, range: DateRange): Record<string, unknown> {
  if (scope.agency.tier === 'subtier' && !scope.agency.toptier_name) {
    throw new UsageError(`the bulk download needs the department of subtier ${scope.agency.name}, which the agency list does not give`);
  }
  return {
    filters: {
      agencies: [scope.agency],
      sub_award_types: ['procurement'],
      date_range: { start_date: range.start, end_date: range.end },
      date_type: 'action_date',
      ...(scope.recipient ? { keyword: scope.recipient } : {}),
    },
    file_format: 'csv',
  };
}
