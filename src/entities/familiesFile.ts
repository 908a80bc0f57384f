/**
 * Reader for curated company-family files (data/families.yaml and users' --families files): YAML
 * in, strict FamilyDefinition[] out, every problem reported as a BadInputError naming file, line
 * and field. The YAML is read with the failsafe schema, so every scalar stays a string: a DUNS
 * such as 006928857 keeps its leading zeros and nothing is silently turned into a number or boolean.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { BadInputError, NotFoundError } from '../errors.js';
import { normalizeName } from './normalizeName.js';

/** One legal entity (or a pattern of them) that belongs to a family, with the public source saying so. */
export interface FamilyMember {
  /** SAM Unique Entity ID, 12 characters, uppercase. */
  uei?: string;
  /** Nine-digit DUNS number (pre-2022 identifier). */
  duns?: string;
  /** Exact name after normalizeName(). */
  name?: string;
  /** Regular expression over normalized names, anchored at both ends. */
  namePattern?: RegExp;
  /** Public URL supporting membership (filing, company page, acquisition release, encyclopedia). */
  source: string;
  note?: string;
  /** What the file wrote, for explanations: the name, pattern or identifier. */
  label: string;
  line: number;
}

/** A company family: the ultimate parent's display name and the members rolled up to it. */
export interface FamilyDefinition {
  id: string;
  family: string;
  aliases: string[];
  members: FamilyMember[];
  file: string;
  line: number;
}

const FAMILY_KEYS = new Set(['family', 'id', 'aliases', 'members']);
const MEMBER_KEYS = new Set(['uei', 'duns', 'name', 'name_pattern', 'source', 'note']);
const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UEI_RE = /^[A-Z0-9]{12}$/;
const DUNS_RE = /^\d{9}$/;

/** Walks up from this module to the folder holding whosbehind's package.json (works from src/ and dist/). */
function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown };
      if (pkg.name === 'whosbehind') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new NotFoundError(`package.json of whosbehind not found above ${start}`);
    dir = parent;
  }
}

/** Absolute path of the curated family file shipped with whosbehind. */
export const BUILTIN_FAMILIES_PATH = join(
  findPackageRoot(dirname(fileURLToPath(import.meta.url))),
  'data',
  'families.yaml',
);

/** Reads and validates one family file. */
export async function loadFamiliesFile(path: string): Promise<FamilyDefinition[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`families file not found: ${path}`);
    throw new BadInputError({ file: path }, `cannot read families file: ${(err as Error).message}`);
  }
  return parseFamilies(text, path);
}

/** The built-in families plus any user files, checked together so no identifier is claimed twice. */
export async function loadAllFamilies(extraPaths: readonly string[] = []): Promise<FamilyDefinition[]> {
  const all: FamilyDefinition[] = [];
  for (const path of [BUILTIN_FAMILIES_PATH, ...extraPaths]) all.push(...(await loadFamiliesFile(path)));
  checkFamilies(all);
  return all;
}

/** Parses family-file text; fileName is used only in error messages and provenance. */
export function parseFamilies(text: string, fileName: string): FamilyDefinition[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new BadInputError({ file: fileName, line }, `not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const reader: NodeReader = new NodeReader(fileName, lineCounter);
  const root = doc.contents;
  if (!root || (isScalar(root) && root.value === '')) {
    throw new BadInputError({ file: fileName }, 'holds no families: expected a list of families');
  }
  if (!isSeq(root)) reader.fail(root, undefined, 'expected a list of families at the top level');
  const families = root.items.map((item) => reader.family(item as Node));
  checkFamilies(families);
  return families;
}

/** Throws when two families share an id, or one UEI, DUNS or exact name is claimed twice. */
export function checkFamilies(families: readonly FamilyDefinition[]): void {
  const ids = new Map<string, FamilyDefinition>();
  for (const f of families) {
    const seen = ids.get(f.id);
    if (seen) {
      throw new BadInputError(
        { file: f.file, line: f.line, field: 'id' },
        `duplicate family id "${f.id}" (first defined at ${seen.file} line ${seen.line})`,
      );
    }
    ids.set(f.id, f);
  }
  const claims = new Map<string, { family: FamilyDefinition; member: FamilyMember }>();
  for (const family of families) {
    for (const member of family.members) {
      for (const [field, value] of [['uei', member.uei], ['duns', member.duns], ['name', member.name]] as const) {
        if (value === undefined) continue;
        const key = `${field}:${value}`;
        const first = claims.get(key);
        if (first) {
          throw new BadInputError(
            { file: family.file, line: member.line, field },
            `${field} ${value} is already claimed by family "${first.family.id}" at ${first.family.file} line ${first.member.line}`,
          );
        }
        claims.set(key, { family, member });
      }
    }
  }
}

/** Turns YAML nodes into strict types, failing with the node's line. */
class NodeReader {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  lineOf(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.lines.linePos(range[0]).line : undefined;
  }

  fail(node: unknown, field: string | undefined, reason: string): never {
    throw new BadInputError({ file: this.file, line: this.lineOf(node), field }, reason);
  }

  /** Map entries as [key, value node, key node], rejecting aliases, non-string and unknown keys. */
  entries(node: Node, allowed: Set<string>, what: string, path: string): Map<string, { value: unknown; key: unknown }> {
    if (isAlias(node)) this.fail(node, path, 'YAML aliases are not supported in family files');
    if (!isMap(node)) this.fail(node, path, `expected a mapping (${what})`);
    const out = new Map<string, { value: unknown; key: unknown }>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) this.fail(pair.key ?? node, path, 'keys must be plain strings');
      if (!allowed.has(key)) {
        this.fail(pair.key, `${path}.${key}`, `unknown key "${key}" in ${what}; allowed: ${[...allowed].join(', ')}`);
      }
      if (isAlias(pair.value)) this.fail(pair.value, `${path}.${key}`, 'YAML aliases are not supported in family files');
      out.set(key, { value: pair.value, key: pair.key });
    }
    return out;
  }

  /** A non-empty string value, or undefined when the key is absent. */
  text(entries: Map<string, { value: unknown; key: unknown }>, key: string, path: string): string | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    const { value } = entry;
    if (!isScalar(value)) this.fail(value ?? entry.key, `${path}.${key}`, `expected text for ${key}`);
    const s = String(value.value).trim();
    if (!s) this.fail(entry.key, `${path}.${key}`, `${key} is empty`);
    return s;
  }

  family(node: Node): FamilyDefinition {
    const line = this.lineOf(node) ?? 0;
    const e = this.entries(node, FAMILY_KEYS, 'a family', 'family');
    const family = this.text(e, 'family', 'family') ?? this.fail(node, 'family', 'family name missing (key "family")');
    const id = this.text(e, 'id', 'family') ?? this.fail(node, 'id', `family "${family}" has no id`);
    if (!ID_RE.test(id)) this.fail(e.get('id')?.value, 'id', `id "${id}" must be a lowercase slug such as "thomson-reuters"`);
    const aliases: string[] = [];
    const aliasNode = e.get('aliases')?.value;
    if (aliasNode !== undefined) {
      if (!isSeq(aliasNode)) this.fail(aliasNode, 'aliases', 'aliases must be a list of names');
      for (const a of aliasNode.items) {
        if (!isScalar(a) || !String(a.value).trim()) this.fail(a, 'aliases', 'each alias must be non-empty text');
        aliases.push(String(a.value).trim());
      }
    }
    const membersNode = e.get('members')?.value;
    if (!isSeq(membersNode) || membersNode.items.length === 0) {
      this.fail(membersNode ?? node, 'members', `family "${id}" needs a non-empty list of members`);
    }
    const members = membersNode.items.map((m, i) => this.member(m as Node, `members[${i}]`));
    return { id, family, aliases, members, file: this.file, line };
  }

  member(node: Node, path: string): FamilyMember {
    const line = this.lineOf(node) ?? 0;
    const e = this.entries(node, MEMBER_KEYS, 'a member', path);
    const member: FamilyMember = { source: '', label: '', line };
    const uei = this.text(e, 'uei', path)?.toUpperCase();
    if (uei !== undefined) {
      if (!UEI_RE.test(uei)) this.fail(e.get('uei')?.value, `${path}.uei`, `UEI "${uei}" must be 12 letters or digits`);
      member.uei = uei;
    }
    const duns = this.text(e, 'duns', path);
    if (duns !== undefined) {
      if (!DUNS_RE.test(duns)) this.fail(e.get('duns')?.value, `${path}.duns`, `DUNS "${duns}" must be 9 digits`);
      member.duns = duns;
    }
    const rawName = this.text(e, 'name', path);
    if (rawName !== undefined) {
      const name = normalizeName(rawName);
      if (!name) this.fail(e.get('name')?.value, `${path}.name`, `name "${rawName}" is empty once normalized`);
      member.name = name;
    }
    const pattern = this.text(e, 'name_pattern', path);
    if (pattern !== undefined) member.namePattern = this.pattern(pattern, e.get('name_pattern')?.value, `${path}.name_pattern`);
    if (!uei && !duns && !rawName && !pattern) {
      this.fail(node, path, 'member is matched by nothing: give at least one of uei, duns, name, name_pattern');
    }
    const source = this.text(e, 'source', path) ?? this.fail(node, `${path}.source`, 'member has no source URL');
    if (!isWebUrl(source)) this.fail(e.get('source')?.value, `${path}.source`, `source "${source}" is not an http(s) URL`);
    member.source = source;
    const note = this.text(e, 'note', path);
    if (note !== undefined) member.note = note;
    member.label = rawName ?? (pattern ? `/${pattern}/` : undefined) ?? (uei ? `UEI ${uei}` : `DUNS ${duns}`);
    return member;
  }

  pattern(pattern: string, node: unknown, field: string): RegExp {
    // Patterns run over normalized names, which are uppercase: a lowercase letter outside an
    // escape (\d, \s, \b) can never match and is almost certainly a mistake.
    if (/[a-z]/.test(pattern.replace(/\\./g, ''))) {
      this.fail(node, field, `name_pattern "${pattern}" has lowercase letters; it is matched against normalized (uppercase) names`);
    }
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${pattern})$`, 'u');
    } catch (err) {
      this.fail(node, field, `name_pattern "${pattern}" is not a valid regular expression: ${(err as Error).message}`);
    }
    if (regex.test('')) this.fail(node, field, `name_pattern "${pattern}" matches an empty name, so it would match anything`);
    return regex;
  }
}

function isWebUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}
