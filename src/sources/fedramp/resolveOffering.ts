import { cleanText, isRecord } from './entryFields.js';
import type { FedrampOffering } from './types.js';

/** Finds offerings by id or by name, for entries that point at another offering. */
export interface OfferingIndex {
  byId: ReadonlyMap<string, FedrampOffering>;
  byName: ReadonlyMap<string, FedrampOffering[]>;
}

/** Outcome of resolving one reference: the offering and how it was found, or why not. */
export type Resolution =
  | { ok: true; offering: FedrampOffering; how: 'id' | 'name' }
  | { ok: false; reason: string };

/** Index offerings by id and by normalized offering name. */
export function indexOfferings(offerings: readonly FedrampOffering[]): OfferingIndex {
  const byId = new Map<string, FedrampOffering>();
  const byName = new Map<string, FedrampOffering[]>();
  for (const offering of offerings) {
    byId.set(offering.id, offering);
    const key = nameKey(offering.offering);
    byName.set(key, [...(byName.get(key) ?? []), offering]);
  }
  return { byId, byName };
}

/**
 * Key under which offering names are compared. The feed spells one name with an en dash in one
 * place and a hyphen in another ("Palantir Federal Cloud Service – Moderate"), and pads names
 * with stray spaces, so case, dashes, punctuation and spacing are ignored.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/**
 * Resolve a reference to an offering: an id string, a name string, or an object with `id`,
 * `cso` (offering name) and `csp` (provider). Id wins; then exact, then normalized name, with the
 * provider breaking ties between offerings that share a name.
 */
export function resolveOffering(ref: unknown, index: OfferingIndex, path: string): Resolution {
  let id: string | undefined;
  let name: string | undefined;
  let provider: string | undefined;
  if (isRecord(ref)) {
    id = cleanText(ref.id, `${path}.id`);
    name = cleanText(ref.cso, `${path}.cso`) ?? cleanText(ref.name, `${path}.name`);
    provider = cleanText(ref.csp, `${path}.csp`);
  } else {
    const text = cleanText(ref, path);
    if (text === undefined) return { ok: false, reason: 'empty entry' };
    // A bare string may be either; an id is tried first since ids never look like names.
    id = text;
    name = text;
  }
  const byId = id === undefined ? undefined : index.byId.get(id);
  if (byId) return { ok: true, offering: byId, how: 'id' };
  if (name === undefined) {
    const reason = id === undefined ? 'entry has neither id nor name' : `id ${JSON.stringify(id)} is not in Products and no name is given`;
    return { ok: false, reason };
  }
  let candidates = index.byName.get(nameKey(name)) ?? [];
  if (candidates.length > 1) {
    const exact = candidates.filter((o) => o.offering === name);
    if (exact.length > 0) candidates = exact;
  }
  if (candidates.length > 1 && provider !== undefined) {
    const sameProvider = candidates.filter((o) => nameKey(o.provider) === nameKey(provider!));
    if (sameProvider.length > 0) candidates = sameProvider;
  }
  const [only, ...others] = candidates;
  if (only !== undefined && others.length === 0) return { ok: true, offering: only, how: 'name' };
  if (only === undefined) {
    const reason = !isRecord(ref)
      ? `no offering has the id or name ${JSON.stringify(name)}`
      : `${id === undefined ? '' : `id ${JSON.stringify(id)} is not in Products and `}no offering is named ${JSON.stringify(name)}`;
    return { ok: false, reason };
  }
  return {
    ok: false,
    reason: `the name ${JSON.stringify(name)} fits ${candidates.length} offerings (${candidates.map((o) => o.id).join(', ')})`,
  };
}
