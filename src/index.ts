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
