import { BadInputError } from '../../errors.js';
import { parseJsonDocument } from '../fedramp/jsonDocument.js';
import { exactAmount } from './amount.js';
import { compileReleases, isObject, type Json, type JsonObject } from './merge.js';
import type { OcdsAward, OcdsContract, OcdsFile, OcdsMoney, OcdsOrganization, OcdsProcess, OcdsPublisher } from './types.js';

const LIMITS = { maxChars: 512 * 1024 * 1024, maxStringChars: 1_000_000, maxDepth: 64 };

/** RFC 6901 pointer of a child. */
const ptr = (base: string, key: string | number): string => `${base}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
const str = (v: Json | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);
const obj = (v: Json | undefined): JsonObject | undefined => (isObject(v) ? v : undefined);
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/** True when parsed JSON has the shape of OCDS (a package, a record package, or a release). */
export function looksLikeOcds(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (Array.isArray(value['releases']) || Array.isArray(value['records'])) return value['publisher'] !== undefined || 'version' in value || 'uri' in value;
  return typeof value['ocid'] === 'string' || ('ocid' in value && 'date' in value);
}

interface Located { release: JsonObject; pointer: string; order: number; publisher?: JsonObject; version?: string }

/**
 * Reads an OCDS file: a release package, a record package, a single release (also with a `packageInfo`
 * wrapper, as Mexico's APF publishes), or JSON Lines of releases or packages; versions 1.0 and 1.1.
 * Releases are compiled per ocid; a record's compiledRelease is used when it has one. Bad input (broken
 * JSON, a release without ocid or date, a value without currency) is refused with the JSON pointer.
 */
export function readOcds(text: string, file: string): OcdsFile {
  const docs = parseDocuments(text, file);
  const located: Located[] = [];
  const fromRecords: OcdsProcess[] = [];
  let form: OcdsFile['form'] = 'release';
  let order = 0;
  for (const { value, base } of docs) {
    if (!isObject(value)) throw new BadInputError({ file, field: base || '/' }, 'not an OCDS package, record package or release (expected a JSON object)');
    const version = str(value['version']) ?? undefined;
    const publisher = obj(value['publisher']);
    if (Array.isArray(value['releases'])) {
      form = docs.length > 1 ? 'release lines' : 'release package';
      value['releases'].forEach((r, i) => located.push(locate(r, ptr(`${base}`, 'releases') + `/${i}`, order++, file, publisher, version)));
    } else if (Array.isArray(value['records'])) {
      form = 'record package';
      value['records'].forEach((rec, i) => {
        const rp = `${base}/records/${i}`;
        if (!isObject(rec)) throw new BadInputError({ file, field: rp }, 'record is not an object');
        const compiled = obj(rec['compiledRelease']);
        const embedded = arr(rec['releases']).filter((r) => isObject(r) && 'ocid' in r);
        if (compiled) {
          const l = locate(compiled, `${rp}/compiledRelease`, order++, file, publisher, version);
          fromRecords.push(toProcess(l.release, { ...l, file, compiledFrom: 'compiledRelease', releaseIds: arr(rec['releases']).map((r) => str(obj(r)?.['url']) ?? str(obj(r)?.['id']) ?? '').filter(Boolean) }));
        } else if (embedded.length) {
          embedded.forEach((r, j) => located.push(locate(r, `${rp}/releases/${j}`, order++, file, publisher, version)));
        } else {
          throw new BadInputError({ file, field: rp }, 'record has neither a compiledRelease nor embedded releases: nothing to compile (linked releases must be fetched first)');
        }
      });
    } else {
      const wrapped = obj(value['packageInfo']);
      form = docs.length > 1 ? 'release lines' : wrapped ? 'release (packageInfo wrapping)' : 'release';
      located.push(locate(value, base, order++, file, publisher ?? obj(wrapped?.['publisher']), version));
    }
  }
  const byOcid = new Map<string, Located[]>();
  for (const l of located) {
    const ocid = String(l.release['ocid']);
    byOcid.set(ocid, [...(byOcid.get(ocid) ?? []), l]);
  }
  const processes = [...fromRecords];
  for (const [, list] of byOcid) {
    const compiled = compileReleases(list);
    const first = list[0]!;
    processes.push(toProcess(compiled, {
      ...first, file, compiledFrom: 'releases', releaseIds: list.map((l) => str(l.release['id']) ?? '').filter(Boolean), releaseCount: list.length,
    }));
  }
  const releases = located.length + fromRecords.length;
  return { form, processes, releases, fictional: processes.length > 0 && processes.every((p) => isWorkedExample(p)) };
}

/** The official OCDS worked example (fictional London Borough of Barnet data) uses ocids ocds-213czf-000-…. */
export function isWorkedExample(p: Pick<OcdsProcess, 'ocid'>): boolean {
  return p.ocid.startsWith('ocds-213czf-000-');
}

function parseDocuments(text: string, file: string): Array<{ value: unknown; base: string }> {
  try {
    return [{ value: parseJsonDocument(text, file, LIMITS), base: '' }];
  } catch (whole) {
    // JSON Lines: one release (or package) per line. Only when every non-empty line is JSON on its own.
    const lines = text.split('\n');
    if (lines.filter((l) => l.trim() !== '').length < 2) throw whole;
    const out: Array<{ value: unknown; base: string }> = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        out.push({ value: JSON.parse(line), base: '' });
      } catch (e) {
        if (out.length === 0) throw whole;
        throw new BadInputError({ file, line: i + 1 }, `not valid JSON on this line of a JSON Lines file (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    return out;
  }
}

function locate(r: Json, pointer: string, order: number, file: string, publisher?: JsonObject, version?: string): Located {
  if (!isObject(r)) throw new BadInputError({ file, field: pointer || '/' }, 'release is not an object');
  if (!str(r['ocid'])) throw new BadInputError({ file, field: ptr(pointer, 'ocid') }, 'release without ocid: every OCDS release names its contracting process');
  const date = r['date'];
  if (typeof date !== 'string' || !Number.isFinite(Date.parse(date))) {
    throw new BadInputError({ file, field: ptr(pointer, 'date') }, `release without a date${date === undefined ? '' : ` (found ${JSON.stringify(date).slice(0, 40)})`}: releases are compiled latest date first`);
  }
  checkValues(r, pointer, file);
  const pub = publisher ?? obj(obj(r['packageInfo'])?.['publisher']);
  return { release: r, pointer, order, ...(pub ? { publisher: pub } : {}), ...(version ? { version } : {}) };
}

/** Every value a release gives must carry its currency (checked per release, so the pointer is into the file). */
function checkValues(r: JsonObject, pointer: string, file: string): void {
  const at: Array<[Json | undefined, string]> = [[obj(r['tender'])?.['value'], `${pointer}/tender/value`]];
  arr(r['awards']).forEach((a, i) => at.push([obj(a)?.['value'], `${pointer}/awards/${i}/value`]));
  arr(r['contracts']).forEach((k, i) => {
    at.push([obj(k)?.['value'], `${pointer}/contracts/${i}/value`], [obj(k)?.['valueWithTax'], `${pointer}/contracts/${i}/valueWithTax`]);
  });
  for (const [v, p] of at) money(v, 'value', file, p);
}

interface ProcessContext {
  pointer: string;
  file: string;
  publisher?: JsonObject;
  version?: string;
  compiledFrom: OcdsProcess['compiledFrom'];
  releaseIds: string[];
  releaseCount?: number;
}

function money(v: Json | undefined, field: string, file: string, pointer: string): OcdsMoney | null {
  const o = obj(v);
  if (!o || o['amount'] === undefined || o['amount'] === null) return null;
  const currency = str(o['currency']);
  if (!currency) throw new BadInputError({ file, field: ptr(pointer, 'currency') }, 'value without currency: an amount is never read without its currency');
  if (!/^[A-Z]{3}$/.test(currency)) throw new BadInputError({ file, field: ptr(pointer, 'currency') }, `currency "${currency.slice(0, 20)}" is not an ISO 4217 code`);
  return { amount: exactAmount(o['amount'], file, ptr(pointer, 'amount')), currency, field };
}

function organization(o: JsonObject, roles: string[]): OcdsOrganization {
  const ident = obj(o['identifier']);
  const scheme = str(ident?.['scheme']);
  const id = str(ident?.['id']);
  const name = str(o['name']) ?? str(ident?.['legalName']);
  return {
    partyId: str(o['id']) ?? (scheme && id ? `${scheme}-${id}` : name ?? '(unnamed)'),
    name,
    scheme,
    identifier: id,
    legalName: str(ident?.['legalName']),
    roles: [...new Set([...arr(o['roles']).map((r) => String(r)), ...roles])],
    additionalIdentifiers: arr(o['additionalIdentifiers']).map(obj).filter((a): a is JsonObject => !!a)
      .map((a) => `${str(a['scheme']) ?? '?'}:${str(a['id']) ?? '?'}`),
    countryName: str(obj(o['address'])?.['countryName']),
  };
}

function toProcess(c: JsonObject, ctx: ProcessContext): OcdsProcess {
  const { file } = ctx;
  // Award and contract pointers are into the compiled release ("/awards/0"); a record's compiledRelease is in the file.
  const base = ctx.compiledFrom === 'compiledRelease' ? ctx.pointer : '';
  const parties = new Map<string, OcdsOrganization>();
  const add = (o: JsonObject | undefined, role?: string): string | null => {
    if (!o) return null;
    const org = organization(o, role ? [role] : []);
    const known = parties.get(org.partyId);
    if (known) {
      if (role && !known.roles.includes(role)) known.roles.push(role);
      for (const k of ['name', 'scheme', 'identifier', 'legalName', 'countryName'] as const) known[k] ??= org[k];
    } else parties.set(org.partyId, org);
    return org.partyId;
  };
  for (const p of arr(c['parties'])) if (isObject(p)) add(p);
  const tender = obj(c['tender']);
  const byRole = (role: string): string | null => {
    const with_ = [...parties.values()].filter((p) => p.roles.includes(role));
    return with_.length === 1 ? with_[0]!.partyId : null;
  };
  const buyer = add(obj(c['buyer']), 'buyer') ?? byRole('buyer');
  const procuringEntity = add(obj(tender?.['procuringEntity']), 'procuringEntity') ?? byRole('procuringEntity');

  const awards: OcdsAward[] = arr(c['awards']).flatMap((a, i) => {
    if (!isObject(a)) return [];
    const p = `${base}/awards/${i}`;
    return [{
      awardId: str(a['id']) ?? String(i), title: str(a['title']), status: str(a['status']), date: str(a['date']),
      value: money(a['value'], 'value', file, `${p}/value`),
      suppliers: arr(a['suppliers']).map(obj).filter((s): s is JsonObject => !!s).map((s) => add(s, 'supplier')!),
      pointer: p,
    }];
  });
  const awardSuppliers = new Map(awards.map((a) => [a.awardId, a.suppliers]));
  const contracts: OcdsContract[] = arr(c['contracts']).flatMap((k, i) => {
    if (!isObject(k)) return [];
    const p = `${base}/contracts/${i}`;
    const awardId = str(k['awardID']);
    const period = obj(k['period']);
    // Mexico's APF lists suppliers and the value with tax on the contract itself (publisher extensions).
    const own = arr(k['suppliers']).map(obj).filter((s): s is JsonObject => !!s).map((s) => add(s, 'supplier')!);
    const value = money(k['value'], 'value', file, `${p}/value`) ?? money(k['valueWithTax'], 'valueWithTax', file, `${p}/valueWithTax`);
    const buyers = arr(k['buyers']).map(obj).filter((s): s is JsonObject => !!s).map((s) => add(s, 'buyer')!);
    return [{
      contractId: str(k['id']) ?? String(i), awardId, title: str(k['title']), status: str(k['status']),
      dateSigned: str(k['dateSigned']), periodStart: str(period?.['startDate']), periodEnd: str(period?.['endDate']),
      value, suppliers: (awardId ? awardSuppliers.get(awardId) : undefined) ?? own,
      buyer: buyers.length === 1 ? buyers[0]! : buyer, pointer: p,
    }];
  });
  const ocid = String(c['ocid']);
  return {
    ocid,
    version: ctx.version?.startsWith('1.1') || (!ctx.version && Array.isArray(c['parties'])) ? '1.1' : '1.0',
    publisher: publisherOf(ctx.publisher, ocid, [...parties.values()], buyer),
    compiledFrom: ctx.compiledFrom,
    releaseCount: ctx.releaseCount ?? Math.max(ctx.releaseIds.length, 1),
    releaseIds: ctx.releaseIds,
    date: String(c['date']),
    tags: arr(c['tag']).map(String),
    tenderTitle: str(tender?.['title']),
    tenderStatus: str(tender?.['status']),
    tenderValue: money(tender?.['value'], 'value', file, `${base}/tender/value`),
    buyer,
    procuringEntity,
    parties: [...parties.values()],
    awards,
    contracts,
    pointer: ctx.pointer,
  };
}

// Two-letter country code at the head of an org-id scheme (GB-COH, MX-RFC, AU-ABN); XI/XM are not countries.
const SCHEME_COUNTRY = /^([A-Z]{2})-/;
const TLD_COUNTRY: Record<string, string> = { uk: 'GB' };

function publisherOf(p: JsonObject | undefined, ocid: string, parties: OcdsOrganization[], buyer: string | null): OcdsPublisher {
  const prefix = /^(ocds-[a-z0-9]{6})/.exec(ocid)?.[1] ?? ocid.split('-').slice(0, 2).join('-');
  const uri = str(p?.['uri']);
  const b = parties.find((x) => x.partyId === buyer) ?? parties.find((x) => x.roles.includes('buyer') && x.scheme);
  let country: string | null = null, countryBasis: string | null = null;
  const fromScheme = b?.scheme ? SCHEME_COUNTRY.exec(b.scheme)?.[1] : undefined;
  if (fromScheme && !fromScheme.startsWith('X')) { country = fromScheme; countryBasis = `buyer identifier scheme ${b!.scheme}`; }
  else if (uri) {
    const tld = /^[a-z]+:\/\/[^/]*\.([a-z]{2})(?::\d+)?(?:\/|$)/i.exec(uri)?.[1]?.toLowerCase();
    if (tld) { country = TLD_COUNTRY[tld] ?? tld.toUpperCase(); countryBasis = `publisher address ${uri}`; }
  }
  return {
    name: str(p?.['name']) ?? `publisher of ocid prefix ${prefix}`,
    uri, scheme: str(p?.['scheme']), uid: str(p?.['uid']), country, countryBasis,
  };
}

/** The publisher's namespace in whosbehind: its registered ocid prefix (ocds-43qwtd), stable across files. */
export function ocidPrefix(ocid: string): string {
  return /^(ocds-[a-z0-9]{6})/.exec(ocid)?.[1] ?? ocid.split('-').slice(0, 2).join('-');
}
