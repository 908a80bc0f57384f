import {
  EntryProblem,
  asRecord,
  lenientDate,
  optionalText,
  readEntries,
  requiredText,
  type JsonRecord,
} from './entryFields.js';
import { agencyNameKey } from './readAgencies.js';
import type {
  AuthorizationKind,
  EntryCount,
  FedrampAgency,
  FedrampAuthorization,
  FedrampOffering,
  FedrampReject,
} from './types.js';

/** Offerings and agencies already read, for joining the mappings to them. */
export interface AuthorizationLookups {
  offeringsById: ReadonlyMap<string, FedrampOffering>;
  agenciesById: ReadonlyMap<string, FedrampAgency>;
}

/**
 * Read `AtoMapping` (kind `ato`) or `ReuseMapping` (kind `reuse`) entries. Entries naming an
 * offering or agency the feed does not list, or repeating an earlier entry exactly, are rejected.
 */
export function readAuthorizations(
  items: readonly unknown[],
  basePath: string,
  kind: AuthorizationKind,
  lookups: AuthorizationLookups,
  rejects: FedrampReject[],
): { authorizations: FedrampAuthorization[]; count: EntryCount } {
  const agenciesByName = new Map<string, FedrampAgency>();
  for (const agency of lookups.agenciesById.values()) {
    agenciesByName.set(agencyNameKey(agency.parentName, agency.subName), agency);
  }
  const firstSeen = new Map<string, string>();
  const readOne = (item: unknown, path: string): FedrampAuthorization => {
    const entry = asRecord(item, path);
    // The 2026 feed repeats 15 ReuseMapping rows verbatim; loading both would count one reuse twice.
    const fingerprint = JSON.stringify(entry);
    const earlier = firstSeen.get(fingerprint);
    if (earlier !== undefined) throw new EntryProblem(path, `repeats ${earlier} exactly`);
    firstSeen.set(fingerprint, path);

    const offeringId = requiredText(entry, 'id', path);
    if (!lookups.offeringsById.has(offeringId)) {
      throw new EntryProblem(`${path}.id`, `offering id ${JSON.stringify(offeringId)} is not in Products`);
    }
    const authorization: FedrampAuthorization = {
      agencyId: resolveAgency(entry, path, lookups.agenciesById, agenciesByName).id,
      offeringId,
      kind,
      source: path,
    };
    const problems: string[] = [];
    const atoDate = lenientDate(entry, 'ato_date', path, problems);
    if (atoDate !== undefined) authorization.atoDate = atoDate;
    const authDate = lenientDate(entry, 'auth_date', path, problems);
    if (authDate !== undefined) authorization.authDate = authDate;
    const expirationDate = lenientDate(entry, 'exp_date', path, problems);
    if (expirationDate !== undefined) authorization.expirationDate = expirationDate;
    if (problems.length > 0) authorization.problems = problems;
    return authorization;
  };
  const { loaded, count } = readEntries(items, basePath, readOne, rejects);
  return { authorizations: loaded, count };
}

// AtoMapping names the agency itself in agency_id; ReuseMapping puts the department there and
// the component in sub_id. A component id that matches nothing must not fall back to its
// department (that would credit DHS with ICE's reuse), so the fallback is by name instead.
function resolveAgency(
  entry: JsonRecord,
  path: string,
  byId: ReadonlyMap<string, FedrampAgency>,
  byName: ReadonlyMap<string, FedrampAgency>,
): FedrampAgency {
  const subId = optionalText(entry, 'sub_id', path);
  const idField = subId !== undefined ? 'sub_id' : 'agency_id';
  const id = subId ?? optionalText(entry, 'agency_id', path);
  const byIdMatch = id === undefined ? undefined : byId.get(id);
  if (byIdMatch) return byIdMatch;
  const parent = optionalText(entry, 'parent', path);
  const sub = optionalText(entry, 'sub', path);
  const byNameMatch = parent === undefined ? undefined : byName.get(agencyNameKey(parent, sub));
  if (byNameMatch) return byNameMatch;
  const named = parent === undefined ? 'the entry names no agency' : `no agency is named ${JSON.stringify([parent, sub ?? ''].join(' / '))}`;
  const what = id === undefined ? `no ${idField}` : `${idField} ${JSON.stringify(id)} is not in Agencies`;
  throw new EntryProblem(`${path}.${idField}`, `${what}, and ${named}`);
}
