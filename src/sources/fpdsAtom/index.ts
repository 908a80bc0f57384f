/** The FPDS-NG ATOM feed as a source: pages read into actions (and IDV rows), and a polite, resumable fetcher. */
export { readAtomPage, NotAnAtomFeed, type AtomPage, type AtomEntry, type RejectedEntry } from './atomPage.js';
export { entryToAction, type FpdsAction, type ColumnValues } from './actionRecord.js';
export { FPDS_ELEMENTS, IDV_ELEMENTS } from './fpdsElements.js';
export { transactionKey, awardKey } from './uniqueKey.js';
export { FPDS_ATOM_TRANSACTIONS, FPDS_ATOM_IDVS } from './layouts.js';
