import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { BadInputError } from '../errors.js';
import type { BrandFamily, BrandLexicon, BrandRelationRule, BrandTerm } from './brandTypes.js';
import { normalizePhrase } from './matchText.js';

const DEFAULT_WINDOW = 60;
const TOP_KEYS = ['version', 'window', 'families', 'relations'];
const RELATIONS_KEYS = ['window', 'rules'];
const RULE_KEYS = ['id', 'kind', 'where', 'phrases', 'exceptPrecededBy', 'exceptNear', 'window', 'note'];
const RELATION_KINDS = ['resells', 'services_on'] as const;
const FAMILY_KEYS = ['id', 'name', 'note', 'partOf', 'terms'];
const OWNER_KEYS = ['family', 'since', 'source'];
const TERM_KEYS = ['term', 'confidence', 'onlyNear', 'exceptNear', 'exceptFollowedBy', 'exceptPrecededBy', 'window', 'note'];

/** Parse and validate brands.yaml text; every error names the file, line and field at fault. */
export function parseBrandLexicon(text: string, file: string): BrandLexicon {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const [yamlError] = doc.errors;
  if (yamlError) {
    const line = yamlError.linePos?.[0].line ?? 1;
    throw new BadInputError({ file, line }, `not valid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  return new LexiconReader(file, lineCounter).lexicon(doc.contents);
}

// Works on the YAML syntax tree rather than plain JS values, so every node still knows its line.
class LexiconReader {
  private readonly termFamily = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  lexicon(root: unknown): BrandLexicon {
    const top = this.map(root, '(root)', TOP_KEYS);
    const version = top.get('version', true);
    if (!isScalar(version) || version.value !== 1) this.fail(version ?? top, 'version', 'version must be 1');
    const window = this.window(top, '(root)', DEFAULT_WINDOW);
    const familyNodes = top.get('families', true);
    if (!isSeq(familyNodes) || familyNodes.items.length === 0) {
      return this.fail(familyNodes ?? top, 'families', 'families must be a non-empty list');
    }
    const families: BrandFamily[] = [];
    familyNodes.items.forEach((node, f) => families.push(this.family(node, `families[${f}]`, window, families)));
    familyNodes.items.forEach((node, f) => {
      const owner = families[f]!.partOf?.family;
      if (owner !== undefined && !families.some((other) => other.id === owner)) {
        const why = `partOf names family ${JSON.stringify(owner)}, which is not declared`;
        this.fail((node as YAMLMap).get('partOf', true), `families[${f}].partOf.family`, why);
      }
    });
    const relations = top.get('relations', true);
    return { file: this.file, families, relations: relations === undefined ? [] : this.relations(relations, window) };
  }

  private relations(node: unknown, defaultWindow: number): BrandRelationRule[] {
    const map = this.map(node, 'relations', RELATIONS_KEYS);
    const window = this.window(map, 'relations', defaultWindow);
    const ruleNodes = map.get('rules', true);
    if (!isSeq(ruleNodes) || ruleNodes.items.length === 0) return this.fail(ruleNodes ?? map, 'relations.rules', 'rules must be a non-empty list');
    const ids = new Set<string>();
    return ruleNodes.items.map((ruleNode, i) => {
      const field = `relations.rules[${i}]`;
      const rule = this.map(ruleNode, field, RULE_KEYS);
      const id = this.text(rule, 'id', field)!;
      if (!/^[a-z][a-z0-9-]*$/.test(id) || ids.has(id)) {
        this.fail(rule.get('id', true), `${field}.id`, `rule id ${JSON.stringify(id)} must be lowercase letters, digits and dashes, and declared once`);
      }
      ids.add(id);
      const kind = this.text(rule, 'kind', field)!;
      if (!(RELATION_KINDS as readonly string[]).includes(kind)) {
        this.fail(rule.get('kind', true), `${field}.kind`, `kind must be one of ${RELATION_KINDS.join(', ')}`);
      }
      const where = this.text(rule, 'where', field, false) ?? 'near';
      if (where !== 'near' && where !== 'alone') this.fail(rule.get('where', true), `${field}.where`, 'where must be near or alone');
      const phrases = this.phrases(rule, 'phrases', field);
      if (where === 'near' && phrases.length === 0) this.fail(rule, `${field}.phrases`, 'a near rule needs phrases');
      if (where === 'alone' && phrases.length > 0) this.fail(rule.get('phrases', true), `${field}.phrases`, 'an alone rule takes no phrases');
      const result: BrandRelationRule = {
        id, kind: kind as BrandRelationRule['kind'], where, phrases,
        exceptPrecededBy: this.phrases(rule, 'exceptPrecededBy', field), exceptNear: this.phrases(rule, 'exceptNear', field),
        window: this.window(rule, field, window), line: this.lineOf(rule),
      };
      const note = this.text(rule, 'note', field, false);
      if (note !== undefined) result.note = note;
      return result;
    });
  }

  private family(node: unknown, field: string, window: number, earlier: BrandFamily[]): BrandFamily {
    const map = this.map(node, field, FAMILY_KEYS);
    const id = this.text(map, 'id', field)!;
    if (!/^[a-z][a-z0-9-]*$/.test(id)) {
      this.fail(map.get('id', true), `${field}.id`, `family id ${JSON.stringify(id)} must be lowercase letters, digits and dashes`);
    }
    if (earlier.some((f) => f.id === id)) {
      this.fail(map.get('id', true), `${field}.id`, `family id ${JSON.stringify(id)} is declared twice`);
    }
    const family: BrandFamily = { id, name: this.text(map, 'name', field)!, terms: [] };
    const note = this.text(map, 'note', field, false);
    if (note !== undefined) family.note = note;
    const ownerNode = map.get('partOf', true);
    if (ownerNode !== undefined) {
      const owner = this.map(ownerNode, `${field}.partOf`, OWNER_KEYS);
      const ownerField = `${field}.partOf`;
      const since = this.text(owner, 'since', ownerField)!;
      if (!isCalendarDate(since)) {
        this.fail(owner.get('since', true), `${ownerField}.since`, `since must be a date YYYY-MM-DD, not ${JSON.stringify(since)}`);
      }
      family.partOf = {
        family: this.text(owner, 'family', ownerField)!,
        since,
        source: this.text(owner, 'source', ownerField)!,
      };
    }
    const termNodes = map.get('terms', true);
    if (!isSeq(termNodes) || termNodes.items.length === 0) {
      return this.fail(termNodes ?? map, `${field}.terms`, 'terms must be a non-empty list');
    }
    termNodes.items.forEach((termNode, t) => family.terms.push(this.term(termNode, `${field}.terms[${t}]`, id, window)));
    return family;
  }

  private term(node: unknown, field: string, familyId: string, defaultWindow: number): BrandTerm {
    const map = this.map(node, field, TERM_KEYS);
    const term = this.phrase(map.get('term', true) ?? map, `${field}.term`);
    const owner = this.termFamily.get(term);
    if (owner !== undefined) {
      this.fail(map.get('term', true), `${field}.term`, `term ${JSON.stringify(term)} is already declared (family ${owner})`);
    }
    this.termFamily.set(term, familyId);
    const confidence = this.text(map, 'confidence', field);
    if (confidence !== 'strong' && confidence !== 'weak') {
      return this.fail(map.get('confidence', true), `${field}.confidence`, 'confidence must be strong or weak');
    }
    const result: BrandTerm = {
      term,
      confidence,
      onlyNear: this.phrases(map, 'onlyNear', field),
      exceptNear: this.phrases(map, 'exceptNear', field),
      exceptFollowedBy: this.phrases(map, 'exceptFollowedBy', field),
      exceptPrecededBy: this.phrases(map, 'exceptPrecededBy', field),
      window: this.window(map, field, defaultWindow),
      line: this.lineOf(map),
    };
    const note = this.text(map, 'note', field, false);
    if (note !== undefined) result.note = note;
    return result;
  }

  private map(node: unknown, field: string, allowed: string[]): YAMLMap {
    if (!isMap(node)) return this.fail(node, field, 'expected a mapping');
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) {
        this.fail(pair.key, `${field}.${key}`, `unknown field ${JSON.stringify(key)}; expected one of ${allowed.join(', ')}`);
      }
    }
    return node;
  }

  private text(map: YAMLMap, key: string, field: string, required = true): string | undefined {
    const node = map.get(key, true);
    if (node === undefined) return required ? this.fail(map, `${field}.${key}`, `${key} is required`) : undefined;
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
      return this.fail(node, `${field}.${key}`, `${key} must be non-empty text`);
    }
    return node.value.trim();
  }

  // Phrases must already be in matched form, so the file reads as exactly what is matched.
  private phrase(node: unknown, field: string): string {
    if (!isScalar(node) || typeof node.value !== 'string') return this.fail(node, field, 'expected text (quote numbers)');
    const normalized = normalizePhrase(node.value);
    if (normalized === '') this.fail(node, field, 'a phrase needs at least one letter or digit');
    if (normalized !== node.value) {
      const hint = 'uppercase letters, digits, single spaces';
      this.fail(node, field, `write ${JSON.stringify(node.value)} as it is matched: ${JSON.stringify(normalized)} (${hint})`);
    }
    return normalized;
  }

  private phrases(map: YAMLMap, key: string, field: string): string[] {
    const node = map.get(key, true);
    if (node === undefined) return [];
    if (!isSeq(node)) return this.fail(node, `${field}.${key}`, `${key} must be a list`);
    return node.items.map((item, i) => this.phrase(item, `${field}.${key}[${i}]`));
  }

  private window(map: YAMLMap, field: string, fallback: number): number {
    const node = map.get('window', true);
    if (node === undefined) return fallback;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 500) {
      return this.fail(node, `${field}.window`, 'window must be a whole number of characters from 1 to 500');
    }
    return value;
  }

  private lineOf(node: unknown): number {
    const offset = (node as Node | undefined)?.range?.[0];
    return offset === undefined ? 1 : this.lines.linePos(offset).line;
  }

  private fail(node: unknown, field: string, reason: string): never {
    throw new BadInputError({ file: this.file, line: this.lineOf(node), field }, reason);
  }
}

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}
