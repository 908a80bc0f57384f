import { BadInputError } from '../../errors.js';
import {
  EntryProblem,
  asRecord,
  lenientDate,
  optionalText,
  rawList,
  readEntries,
  requiredText,
  textList,
  type JsonRecord,
} from './entryFields.js';
import { SERVICE_MODELS, type EntryCount, type FedrampOffering, type FedrampReject, type ServiceModel } from './types.js';

/** Read the feed's `Products` into offerings; a repeated id is fatal, since every mapping joins on it. */
export function readOfferings(
  items: readonly unknown[],
  basePath: string,
  file: string,
  rejects: FedrampReject[],
): { offerings: FedrampOffering[]; count: EntryCount } {
  const { loaded, count } = readEntries(items, basePath, readOffering, rejects);
  assertUniqueIds(loaded, file);
  return { offerings: loaded, count };
}

/** Throw BadInputError naming the second entry that reuses an id. */
export function assertUniqueIds(records: ReadonlyArray<{ id: string; source: string }>, file: string): void {
  const first = new Map<string, string>();
  for (const record of records) {
    const seen = first.get(record.id);
    if (seen !== undefined) {
      throw new BadInputError(
        { file, field: `${record.source}.id` },
        `duplicate id ${JSON.stringify(record.id)} (first used at ${seen})`,
      );
    }
    first.set(record.id, record.source);
  }
}

function readOffering(item: unknown, path: string): FedrampOffering {
  const entry = asRecord(item, path);
  const offering: FedrampOffering = {
    id: requiredText(entry, 'id', path),
    provider: requiredText(entry, 'csp', path),
    offering: requiredText(entry, 'cso', path),
    status: requiredText(entry, 'status', path),
    impactLevel: requiredText(entry, 'impact_level', path),
    serviceModels: readServiceModels(entry, path),
    source: path,
  };
  const problems: string[] = [];
  const providerUei = readUei(entry, path, problems);
  if (providerUei !== undefined) offering.providerUei = providerUei;
  // Checked here so that a malformed list rejects the product rather than vanishing later.
  rawList(entry, 'leveraged_systems', path);
  const authorizationType = optionalText(entry, 'auth_type', path);
  if (authorizationType !== undefined) offering.authorizationType = authorizationType;
  // fedramp_auth and auth_date agree on every product of the 2026 feed; either one alone will do.
  const authorizationDate =
    lenientDate(entry, 'fedramp_auth', path, problems) ?? lenientDate(entry, 'auth_date', path, problems);
  if (authorizationDate !== undefined) offering.authorizationDate = authorizationDate;
  const readyDate = lenientDate(entry, 'ready_date', path, problems);
  if (readyDate !== undefined) offering.readyDate = readyDate;
  if (problems.length > 0) offering.problems = problems;
  return offering;
}

function readServiceModels(entry: JsonRecord, path: string): ServiceModel[] {
  const found = new Set<ServiceModel>();
  textList(entry, 'service_model', path).forEach((text, i) => {
    const model = SERVICE_MODELS.find((m) => m.toLowerCase() === text.toLowerCase());
    if (model === undefined) {
      throw new EntryProblem(`${path}.service_model[${i}]`, `unknown service model ${JSON.stringify(text)}`);
    }
    found.add(model);
  });
  return SERVICE_MODELS.filter((m) => found.has(m));
}

// A malformed UEI is the provider's typo, not a reason to lose the offering: keep it, say why.
function readUei(entry: JsonRecord, path: string, problems: string[]): string | undefined {
  const raw = optionalText(entry, 'uei', path);
  if (raw === undefined) return undefined;
  const uei = raw.toUpperCase();
  if (/^[A-Z0-9]{12}$/.test(uei)) return uei;
  problems.push(`uei: feed lists ${JSON.stringify(raw)} (${raw.length} characters), not a 12-character UEI; left out`);
  return undefined;
}
