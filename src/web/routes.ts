/** Every page and API endpoint the server has, in navigation order. */
import type { Endpoint } from './endpoint.js';
import { agencyEndpoint } from './pages/agency.js';
import { awardEndpoint } from './pages/award.js';
import { companyEndpoint } from './pages/company.js';
import { dataEndpoint } from './pages/data.js';
import { healthEndpoint, homeEndpoint } from './pages/home.js';
import { pathEndpoint } from './pages/path.js';
import { reportEndpoint } from './pages/report.js';
import { searchEndpoint } from './pages/search.js';
import { sqlEndpoint } from './pages/sql.js';

export const ENDPOINTS: ReadonlyArray<Endpoint<any>> = [
  homeEndpoint, searchEndpoint, agencyEndpoint, companyEndpoint, awardEndpoint, pathEndpoint, dataEndpoint, sqlEndpoint, reportEndpoint, healthEndpoint,
];

/** The judgement write path (POST only). */
export const JUDGE_PATH = '/api/suggestions/judge';
export const OPENAPI_PATH = '/api/openapi.json';
