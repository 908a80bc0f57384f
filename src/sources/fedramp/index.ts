/**
 * FedRAMP Marketplace reader: which cloud offerings exist, which agencies authorized them, and
 * which offerings run on which. See docs in types.ts for the meaning of each field.
 */
export { parseFedrampFeed, readFedrampDocument, readFedrampFeed } from './parseFedrampFeed.js';
export { FEDRAMP_MARKETPLACE, isFedrampDocument, looksLikeJson, readFeedFile, type FeedFile } from './feedFile.js';
export { jsonPathLines, lineOfPath } from './jsonLines.js';
export { orientBuildsOn, lowestLayer } from './orientBuildsOn.js';
export { indexOfferings, nameKey, resolveOffering } from './resolveOffering.js';
export { agencyName } from './readAgencies.js';
export * from './types.js';
