import { readFile, stat } from 'node:fs/promises';
import { BadInputError } from '../../errors.js';
import { isRecord, type JsonRecord } from './entryFields.js';
import { DEFAULT_JSON_LIMITS, childPath, parseJsonDocument } from './jsonDocument.js';
import { readAgencies } from './readAgencies.js';
import { readAuthorizations } from './readAuthorizations.js';
import { readBuildsOn } from './readBuildsOn.js';
import { readOfferings } from './readOfferings.js';
import { indexOfferings } from './resolveOffering.js';
import type { FedrampFeed, FedrampReject } from './types.js';

/** Read a FedRAMP Marketplace feed file (GSA's data.json) into strict offerings, agencies and edges. */
export async function readFedrampFeed(path: string): Promise<FedrampFeed> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > DEFAULT_JSON_LIMITS.maxChars) {
      throw new BadInputError({ file: path }, `file is ${size} bytes; the reader refuses more than ${DEFAULT_JSON_LIMITS.maxChars}`);
    }
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof BadInputError) throw err;
    throw new BadInputError({ file: path }, `cannot read file (${err instanceof Error ? err.message : String(err)})`);
  }
  return parseFedrampFeed(text, path);
}

/** Parse the text of a FedRAMP Marketplace feed; `fileName` is used in errors and nowhere else. */
export function parseFedrampFeed(text: string, fileName: string): FedrampFeed {
  return readFedrampDocument(parseJsonDocument(text, fileName), fileName);
}

/** Read an already parsed (and shape-checked, see parseJsonDocument) feed document. */
export function readFedrampDocument(document: unknown, fileName: string): FedrampFeed {
  const { container, basePath } = locateContainer(document, fileName);
  const list = (name: string): unknown[] => {
    const value = container[name];
    if (!Array.isArray(value)) {
      const found = value === undefined ? 'nothing' : isRecord(value) ? 'an object' : typeof value;
      throw new BadInputError({ file: fileName, field: childPath(basePath, name) }, `expected a list, found ${found}`);
    }
    return value;
  };
  const products = list('Products');
  const agencyItems = list('Agencies');
  const atoItems = list('AtoMapping');
  const reuseItems = list('ReuseMapping');

  const rejects: FedrampReject[] = [];
  const productsPath = childPath(basePath, 'Products');
  const { offerings, count: productCount } = readOfferings(products, productsPath, fileName, rejects);
  const { agencies, count: agencyCount } = readAgencies(agencyItems, childPath(basePath, 'Agencies'), fileName, rejects);
  const index = indexOfferings(offerings);
  const lookups = { offeringsById: index.byId, agenciesById: new Map(agencies.map((a) => [a.id, a])) };
  const ato = readAuthorizations(atoItems, childPath(basePath, 'AtoMapping'), 'ato', lookups, rejects);
  const reuse = readAuthorizations(reuseItems, childPath(basePath, 'ReuseMapping'), 'reuse', lookups, rejects);
  const { buildsOn, count: leveragedCount } = readBuildsOn(products, productsPath, index, rejects);

  const feed: FedrampFeed = {
    file: fileName,
    offerings,
    agencies,
    authorizations: [...ato.authorizations, ...reuse.authorizations],
    buildsOn,
    rejects,
    counts: {
      Products: productCount,
      Agencies: agencyCount,
      AtoMapping: ato.count,
      ReuseMapping: reuse.count,
      leveraged_systems: leveragedCount,
    },
  };
  const lastChange = lastChangeOf(document);
  if (lastChange !== undefined) feed.lastChange = lastChange;
  return feed;
}

// GSA wraps the arrays in {meta, data}; a copy holding only the inner object is read the same way.
function locateContainer(document: unknown, file: string): { container: JsonRecord; basePath: string } {
  if (isRecord(document) && isRecord(document.data)) return { container: document.data, basePath: 'data' };
  if (isRecord(document) && 'Products' in document) return { container: document, basePath: '' };
  const found = Array.isArray(document) ? 'a list' : isRecord(document) ? 'an object without data' : typeof document;
  throw new BadInputError(
    { file, field: '(root)' },
    `expected the FedRAMP Marketplace feed, an object with data.Products, data.Agencies, data.AtoMapping and data.ReuseMapping; found ${found}`,
  );
}

function lastChangeOf(document: unknown): string | undefined {
  if (!isRecord(document) || !isRecord(document.meta)) return undefined;
  const value = document.meta.last_change;
  return typeof value === 'string' && value.trim() !== '' && value.length < 100 ? value.trim() : undefined;
}
