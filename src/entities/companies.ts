/**
 * Company lookups over resolved families: by family id, family name, curated alias, any member's name,
 * UEI or DUNS; unknown or ambiguous names get the closest matches. And keeping resolution current:
 * answers call ensureResolved() so families always match the stored records, family files and
 * judgements.
 */
import { exhibit21Reasons } from './exhibit21Matches.js';
import { resolve as resolvePath } from 'node:path';
import { NotFoundError, UsageError } from '../errors.js';
import type { Database } from '../store/database.js';
import { openStore } from '../store/openStore.js';
import { normalizeName } from './normalizeName.js';
import { entityState, resolutionDigest, resolveEntities, type ResolveResult } from './resolve.js';
import { loadAllFamilies } from './familiesFile.js';
import { candidateScore } from './similarity.js';

export interface FamilyRef {
  familyId: string;
  name: string;
  basis: string;
  curatedFile: string | null;
  aliases: string[];
  members: number;
}

/**
 * Which family files to use: `--families` given → those (absolute paths; 'none' clears); else the ones
 * remembered in the store from the last resolution.
 */
export async function familiesFilesFor(db: Database, flag: readonly string[] | undefined): Promise<string[]> {
  if (flag && flag.length) return flag.includes('none') ? [] : flag.map((p) => resolvePath(p));
  return (await entityState(db)).familiesFiles;
}

/** True when the stored families were computed from exactly the current records, files and judgements. */
export async function isResolutionCurrent(db: Database, familiesFiles: readonly string[]): Promise<boolean> {
  const state = await entityState(db);
  return state.digest !== null && state.digest === (await resolutionDigest(db, familiesFiles));
}

/**
 * Opens the store for an answer with families that are current. A read-only open is used when nothing
 * needs doing; otherwise the store is opened for writing, resolved, and handed back.
 */
export async function openResolved(path: string, familiesFlag: readonly string[] | undefined, onResolve?: (r: ResolveResult) => void): Promise<Database> {
  let db: Database;
  try {
    db = await openStore(path, { readOnly: true });
  } catch (error) {
    // a store written by an older whosbehind is upgraded by opening it for writing
    if (!(error instanceof UsageError) || !/older than this whosbehind/.test(error.message)) throw error;
    db = await openStore(path);
  }
  try {
    const files = await familiesFilesFor(db, familiesFlag);
    if (await isResolutionCurrent(db, files)) return db;
    db.close();
    db = await openStore(path);
    const result = await resolveEntities(db, { familiesFiles: files });
    onResolve?.(result);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function familyRef(r: Record<string, unknown>): FamilyRef {
  return {
    familyId: String(r['family_id']), name: String(r['name']), basis: String(r['basis']),
    curatedFile: (r['curated_file'] as string | null) ?? null,
    aliases: r['aliases'] ? String(r['aliases']).split('; ') : [], members: Number(r['members']),
  };
}

/**
 * Finds the family a user means. Exact matches (id, family name, alias, member name, UEI, DUNS; names
 * compared normalized) win; then a unique family whose name or a member's name starts with or contains
 * the query as whole words. Nothing or several → NotFoundError with the closest families.
 */
export async function findCompany(db: Database, query: string): Promise<FamilyRef> {
  const q = query.trim();
  if (!q) throw new UsageError('company name is empty');
  const fast = await findCompanyExactly(db, q);
  if (fast) return fast;
  const families = (await db.all(`SELECT * FROM entity_families`)).map(familyRef);
  if (families.length === 0) throw new NotFoundError('no companies in the store: ingest data first');
  // curated families with no records of their own here (a brand, a cloud provider) can still be asked about
  const present = new Set(families.map((f) => f.familyId));
  for (const f of await loadAllFamilies((await entityState(db)).familiesFiles)) {
    if (!present.has(f.id)) families.push({ familyId: f.id, name: f.family, basis: 'curated', curatedFile: f.file, aliases: f.aliases, members: 0 });
  }
  const byId = new Map(families.map((f) => [f.familyId, f]));
  const qn = normalizeName(q);
  const upper = q.toUpperCase();

  const exact = new Set<string>();
  for (const f of families) {
    if (f.familyId === q.toLowerCase()) exact.add(f.familyId);
    if (normalizeName(f.name) === qn || f.aliases.some((a) => normalizeName(a) === qn)) exact.add(f.familyId);
  }
  if (exact.size === 0) {
    const rows = await db.all<{ family_id: string }>(
      `SELECT DISTINCT family_id FROM entity_recipients
       WHERE name_norm = ? OR list_contains(string_split(coalesce(ueis, ''), ', '), ?)
          OR list_contains(string_split(coalesce(duns_numbers, ''), ', '), ?)`,
      [qn, upper, q.replace(/\D/g, '').padStart(9, '0')],
    );
    for (const r of rows) exact.add(r.family_id);
    if (exact.size === 0 && qn) {
      const named = await db.all<{ family_id: string; names: string }>(`SELECT family_id, names FROM entity_recipients WHERE names IS NOT NULL`);
      for (const r of named) if (r.names.split(' | ').some((n) => normalizeName(n) === qn)) exact.add(r.family_id);
    }
  }
  const describe = (f: FamilyRef): string => `${f.name} [${f.familyId}]`;
  if (exact.size === 1) return byId.get([...exact][0]!)!;
  if (exact.size > 1) {
    // a curated family wins over the name-only leftovers it did not absorb
    const curated = [...exact].map((id) => byId.get(id)!).filter((f) => f.basis === 'curated');
    if (curated.length === 1) return curated[0]!;
    throw new NotFoundError(`"${q}" is ambiguous: it names ${exact.size} families; use a family id`, [...exact].sort().slice(0, 10).map((id) => describe(byId.get(id)!)));
  }

  // whole-word prefix / containment over family names and aliases
  if (qn) {
    const re = new RegExp(`(^| )${qn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`);
    const partial = families.filter((f) => re.test(normalizeName(f.name)) || f.aliases.some((a) => re.test(normalizeName(a))));
    if (partial.length === 1) return partial[0]!;
    const curated = partial.filter((f) => f.basis === 'curated');
    if (curated.length === 1) return curated[0]!;
    if (partial.length > 1) {
      throw new NotFoundError(`"${q}" is ambiguous: ${partial.length} families match`, partial
        .sort((a, b) => b.members - a.members || a.name.localeCompare(b.name)).slice(0, 10).map(describe));
    }
  }
  const scored = families
    .map((f) => ({ f, s: Math.max(candidateScore(qn, normalizeName(f.name)).score, ...f.aliases.map((a) => candidateScore(qn, normalizeName(a)).score)) }))
    .sort((a, b) => b.s - a.s || a.f.name.localeCompare(b.f.name))
    .slice(0, 5);
  throw new NotFoundError(`no company matches "${q}"`, scored.filter((x) => x.s > 0.3).map((x) => describe(x.f)));
}

/**
 * The cheap exact cases, without reading every family: a family id, a curated family's name or alias,
 * or a name, UEI or DUNS that exactly one family's members carry. Undefined when that does not settle it.
 */
async function findCompanyExactly(db: Database, q: string): Promise<FamilyRef | undefined> {
  const one = async (where: string, params: string[]): Promise<FamilyRef[]> =>
    (await db.all(`SELECT * FROM entity_families WHERE ${where}`, params)).map(familyRef);
  const byId = await one(`family_id = ?`, [q.toLowerCase()]);
  if (byId.length === 1) return byId[0];
  const qn = normalizeName(q);
  const curated = (await loadAllFamilies((await entityState(db)).familiesFiles))
    .filter((f) => normalizeName(f.family) === qn || f.aliases.some((a) => normalizeName(a) === qn));
  if (curated.length === 1) {
    const f = curated[0]!;
    return (await one(`family_id = ?`, [f.id]))[0]
      ?? { familyId: f.id, name: f.family, basis: 'curated', curatedFile: f.file, aliases: f.aliases, members: 0 };
  }
  if (curated.length > 1) return undefined;
  const viaMembers = await one(`family_id IN (SELECT family_id FROM entity_recipients WHERE name_norm = ?
      OR list_contains(string_split(coalesce(ueis, ''), ', '), ?) OR list_contains(string_split(coalesce(duns_numbers, ''), ', '), ?))`,
  [qn, q.toUpperCase(), q.replace(/\D/g, '').padStart(9, '0')]);
  return viaMembers.length === 1 ? viaMembers[0] : undefined;
}

export interface MemberExplanation {
  recipientId: string;
  name: string;
  ueis: string | null;
  dunsNumbers: string | null;
  names: string | null;
  records: number;
  roles: string;
  reasons: Array<{ rule: string; detail: string; file: string | null; line: number | null; sourceUrl: string | null }>;
}

/** Every member of a family with the reasons it is there. */
export async function explainFamily(db: Database, familyId: string): Promise<MemberExplanation[]> {
  const members = await db.all(
    `SELECT recipient_id, name, ueis, duns_numbers, names, records, roles FROM entity_recipients WHERE family_id = ?
     ORDER BY records DESC, recipient_id`, [familyId]);
  const reasons = await db.all(
    `SELECT recipient_id, member_name, rule, detail, file, line, source_url FROM entity_membership WHERE family_id = ?
     ORDER BY recipient_id, rule, detail`, [familyId]);
  const byRecipient = new Map<string, MemberExplanation['reasons']>();
  const parents: MemberExplanation[] = [];
  const memberNames = new Map<string, string>();
  for (const r of reasons) {
    const id = String(r['recipient_id']);
    memberNames.set(id, String(r['member_name']));
    const list = byRecipient.get(id) ?? [];
    list.push({ rule: String(r['rule']), detail: String(r['detail']), file: (r['file'] as string | null) ?? null,
      line: r['line'] === null ? null : Number(r['line']), sourceUrl: (r['source_url'] as string | null) ?? null });
    byRecipient.set(id, list);
  }
  for (const x of await exhibit21Reasons(db, familyId)) {
    const list = byRecipient.get(x.recipientId) ?? [];
    list.push({ rule: x.rule, detail: x.detail, file: x.file, line: x.line, sourceUrl: x.sourceUrl });
    byRecipient.set(x.recipientId, list);
  }
  const out: MemberExplanation[] = members.map((m) => ({
    recipientId: String(m['recipient_id']), name: String(m['name']), ueis: (m['ueis'] as string | null) ?? null,
    dunsNumbers: (m['duns_numbers'] as string | null) ?? null, names: (m['names'] as string | null) ?? null,
    records: Number(m['records']), roles: String(m['roles']), reasons: byRecipient.get(String(m['recipient_id'])) ?? [],
  }));
  // parents named only on records (no records of their own) explain how the family is joined
  const known = new Set(out.map((m) => m.recipientId));
  for (const [id, list] of byRecipient) {
    if (!known.has(id)) parents.push({ recipientId: id, name: memberNames.get(id) ?? id, ueis: null, dunsNumbers: null, names: null, records: 0, roles: 'parent (no records of its own)', reasons: list });
  }
  return [...out, ...parents];
}
