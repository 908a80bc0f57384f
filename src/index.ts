/** whosbehind's library API: the same core the CLI uses. */
export { ingest, type IngestOptions, type IngestResult, type FileResult, type IngestReporter } from './ingest.js';
export { openStore, resolveStorePath } from './store/openStore.js';
export { Database, type OpenOptions } from './store/database.js';
export { readOnlyQuery } from './store/readOnlyQuery.js';
export type { QueryResult, ResultColumn } from './store/queryResult.js';
export { storeStatus, type StoreStatus } from './status.js';
export { LAYOUTS, type LayoutDecl } from './sources/layouts/index.js';
export { TABLES, type TableDecl, type ColumnDecl } from './store/tables.js';
export { BadInputError, NotFoundError, UsageError, InternalError, WhosbehindError } from './errors.js';
export { VERSION } from './version.js';

// entities: recipients, families, agencies
export { resolveEntities, type ResolveOptions, type ResolveResult } from './entities/resolve.js';
export { findCompany, explainFamily, openResolved, type FamilyRef, type MemberExplanation } from './entities/companies.js';
export { judgeSuggestions, type Decision } from './entities/judgements.js';
export { loadFamiliesFile, loadAllFamilies, type FamilyDefinition } from './entities/familiesFile.js';
export { loadAgencyDirectory, findAgency, describeAgency, agencyCondition, type AgencyRef, type AgencyDirectory } from './entities/agencies.js';

// answers
export { answerContext, type AnswerContext, type Basis, type EvidenceRecord } from './analysis/answer.js';
export { agencyAnswer, type AgencyAnswer, type AgencyAnswerOptions } from './analysis/agencyAnswer.js';
export { companyAnswer, type CompanyAnswer, type CompanyAnswerOptions } from './analysis/companyAnswer.js';
export { breakdownAnswer, type BreakdownAnswer, type BreakdownDimension } from './analysis/breakdown.js';
export { awardAnswer, type AwardAnswer } from './analysis/awardAnswer.js';
export { parseFiscalYears, type FiscalYearRange } from './analysis/fiscalYears.js';
export { categorize } from './analysis/categories.js';
export { loadWatchList, parseWatchList, type WatchList, type WatchedName } from './analysis/watchList.js';

// relationships
export { buildGraph, type GraphClaim } from './graph/buildGraph.js';
export { EDGE_KINDS, EDGE_KIND_DECLARATIONS, edgeKind, type EdgeKind, type EdgeKindDeclaration } from './model/edgeKinds.js';
export { ensureGraph, pathAnswer, partnersAnswer, type PathAnswer, type PartnersAnswer } from './graph/graphAnswers.js';
export { loadGraph, findPaths, type LoadedGraph, type RankedPath } from './graph/paths.js';
export { neighbourhood, toGraphML, toJsonGraph, toDot } from './graph/exportGraph.js';
export { parseClaims, loadClaimsFile, type ResolvedClaim } from './graph/claims.js';

// fetch, diff and watch
export { fetchAgency, type FetchOptions, type FetchResult } from './sources/usaspendingApi/index.js';
export { diffSnapshots, type DiffAnswer, type DiffOptions } from './analysis/diff.js';
export { runWatch, type WatchOptions, type WatchResult } from './watch/runWatch.js';
export { FetchError } from './errors.js';
// reports
export {
  buildReport, renderReport, loadReportWatch, reportCharts, REPORT_FORMATS,
  type RenderedReport, type ReportModel, type ReportRequest, type ReportFormat, type ReportKind, type ReportWatch,
} from './reports/index.js';
