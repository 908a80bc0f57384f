/** The Senate Lobbying Disclosure Act API as a source: filings, constants lists, the scope line. */
export * from './types.js';
export { LDA_FILING_TYPES, periodLabel, periodOfType } from './filingTypes.js';
export { readFiling, amount } from './readFiling.js';
export { readLdaDocument, isLdaDocument, ldaExcerpt } from './readLdaDocument.js';
export { readLdaFile, ldaFileFrom, readJsonText, type LdaFile } from './ldaFile.js';
export { scrubFiling, scrubFilingJson, removeNames, NAME_REMOVED } from './scopeLine.js';
export { childPointer, pointerToPath } from './jsonPointer.js';
export { amendmentGroup, supersededBy, type FilingVersion } from './amendmentRule.js';
