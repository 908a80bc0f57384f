import { isRecord, type JsonRecord } from '../fedramp/entryFields.js';

/**
 * The scope line, applied where LDA records are read: lobbyists are individuals, and whosbehind keeps
 * no data about individuals. A filing names its lobbyists (with their former government posts), the
 * person who posted it, the registrant's contact person, telephone and street address, and criminal
 * convictions of lobbyists; none of it is read into a record, and none of it reaches a reject's
 * excerpt or a cached API response (scrubFilingJson). Organisations — registrants, clients — and the
 * government entities lobbied are what is kept.
 */

/** Keys of a filing object that describe people or street addresses. */
const FILING_PERSONAL_KEYS = [
  'posted_by_name', 'registrant_address_1', 'registrant_address_2', 'registrant_different_address',
  'registrant_city', 'registrant_zip', 'conviction_disclosures',
] as const;
/** Keys of the registrant object that describe people or street addresses. */
const REGISTRANT_PERSONAL_KEYS = ['address_1', 'address_2', 'address_3', 'address_4', 'city', 'zip', 'contact_name', 'contact_telephone'] as const;
/** Keys of an activity that describe people. */
const ACTIVITY_PERSONAL_KEYS = ['lobbyists'] as const;
/** Street-address keys of the organisations a filing lists (foreign entities, affiliates). */
const ORGANISATION_ADDRESS_KEYS = ['address', 'address_1', 'address_2', 'city', 'zip'] as const;

/** Marker written where a name of a person stood in text that is kept. */
export const NAME_REMOVED = '[name removed]';

/** A person named on a filing, as the tokens of their name (uppercase letters only). */
interface PersonName {
  first: string[];
  middle: string[];
  last: string[];
  nick: string[];
}

const tokens = (value: unknown): string[] =>
  typeof value === 'string' ? value.toUpperCase().replace(/[^A-Z\u00C0-\u024F]+/g, ' ').trim().split(' ').filter(Boolean) : [];

/** Every person a raw filing names: its lobbyists, the person who posted it and the registrant's contact. */
export function peopleNamed(filing: JsonRecord): PersonName[] {
  const people: PersonName[] = [];
  const activities = Array.isArray(filing.lobbying_activities) ? filing.lobbying_activities : [];
  for (const activity of activities) {
    if (!isRecord(activity) || !Array.isArray(activity.lobbyists)) continue;
    for (const entry of activity.lobbyists) {
      const person = isRecord(entry) && isRecord(entry.lobbyist) ? entry.lobbyist : undefined;
      if (!person) continue;
      const name = { first: tokens(person.first_name), middle: tokens(person.middle_name), last: tokens(person.last_name), nick: tokens(person.nickname) };
      if (name.last.length > 0 && (name.first.length > 0 || name.nick.length > 0)) people.push(name);
    }
  }
  // "Mike Copher", "MIKE COPHER": whole names given in one field.
  const whole = [filing.posted_by_name, isRecord(filing.registrant) ? filing.registrant.contact_name : undefined];
  for (const value of whole) {
    const t = tokens(value);
    if (t.length >= 2) people.push({ first: [t[0]!], middle: t.slice(1, -1), last: [t[t.length - 1]!], nick: [] });
  }
  return people;
}

/** The ways a person's name is written: FIRST LAST, FIRST M LAST, NICK LAST, LAST FIRST, LAST FIRST M. */
function nameForms(p: PersonName): string[] {
  const forms = new Set<string>();
  for (const given of [p.first, p.nick]) {
    if (given.length === 0) continue;
    forms.add([...given, ...p.last].join(' '));
    if (p.middle.length) forms.add([...given, ...p.middle, ...p.last].join(' '));
    forms.add([...p.last, ...given].join(' '));
    if (p.middle.length) forms.add([...p.last, ...given, ...p.middle].join(' '));
  }
  return [...forms];
}

/** True when `name` (a registrant's or client's) is the name of one of `people`: a person, not a firm. */
export function isPersonsName(name: string, people: readonly PersonName[]): boolean {
  const t = tokens(name).filter((w) => !['MR', 'MS', 'MRS', 'DR', 'JR', 'SR', 'II', 'III', 'ESQ'].includes(w)).join(' ');
  if (t === '') return false;
  return people.some((p) => nameForms(p).includes(t));
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with every written form of the people's names replaced by NAME_REMOVED. Descriptions are
 * the filer's free text and are quoted as evidence; a lobbyist's name must not come along with them.
 */
export function removeNames(text: string, people: readonly PersonName[]): string {
  let out = text;
  for (const p of people) {
    for (const form of nameForms(p)) {
      // Words of the form in order, separated by spaces, periods, commas or hyphens ("Copher, Mike").
      const pattern = form.split(' ').map(escapeRegex).join('[\\s.,\\-]+');
      out = out.replace(new RegExp(`(?<![\\p{L}])${pattern}(?![\\p{L}])`, 'giu'), NAME_REMOVED);
    }
  }
  return out;
}

function without(record: JsonRecord, keys: readonly string[]): JsonRecord {
  const copy: JsonRecord = { ...record };
  for (const k of keys) delete copy[k];
  return copy;
}

/**
 * A copy of one raw filing object with every personal field removed (lobbyists, covered positions,
 * contacts, telephone, street addresses, conviction disclosures) and the people's names removed from
 * the text that remains. Non-objects come back as they are.
 */
export function scrubFiling(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const people = peopleNamed(value);
  const copy = without(value, FILING_PERSONAL_KEYS);
  if (isRecord(copy.registrant)) copy.registrant = without(copy.registrant, REGISTRANT_PERSONAL_KEYS);
  if (Array.isArray(copy.lobbying_activities)) {
    copy.lobbying_activities = copy.lobbying_activities.map((a) => (isRecord(a) ? without(a, ACTIVITY_PERSONAL_KEYS) : a));
  }
  for (const key of ['foreign_entities', 'affiliated_organizations']) {
    const list = copy[key];
    if (Array.isArray(list)) copy[key] = list.map((o) => (isRecord(o) ? without(o, ORGANISATION_ADDRESS_KEYS) : o));
  }
  return people.length === 0 ? copy : scrubStrings(copy, people);
}

function scrubStrings(value: unknown, people: readonly PersonName[]): unknown {
  if (typeof value === 'string') return removeNames(value, people);
  if (Array.isArray(value)) return value.map((v) => scrubStrings(v, people));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubStrings(v, people)]));
  return value;
}

/**
 * The text of an LDA API answer (a page of filings or a single filing) with scrubFiling applied to
 * each filing: what a fetch keeps on disk. Anything that is not such an answer comes back unchanged.
 */
export function scrubFilingJson(text: string): string {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return text;
  }
  if (isRecord(document) && Array.isArray(document.results)) {
    return JSON.stringify({ ...document, results: document.results.map(scrubFiling) });
  }
  if (isRecord(document) && 'filing_uuid' in document) return JSON.stringify(scrubFiling(document));
  return text;
}
