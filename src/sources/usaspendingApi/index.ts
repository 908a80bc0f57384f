/** The USAspending API v2 as a source: a polite, resumable client whose answers go through the file readers. */
export { fetchAgency, DEFAULT_BASE_URL, type FetchOptions, type FetchResult } from './fetchAgency.js';
export { HttpClient, parseRetryAfter, type HttpEffects, type HttpOptions } from './http.js';
export { CallCache, type CachedCall } from './callCache.js';
export { projectionAmount, projectionCsv, PROJECTION_HEADER } from './projection.js';
export { PAGE_SIZE, SEARCH_RESULT_CAP, TRANSACTION_FIELDS } from './requestShapes.js';
