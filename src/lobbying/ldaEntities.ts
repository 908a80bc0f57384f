/**
 * The crosswalk from LDA government entities to agency codes (data/lda-entities.yaml, documented in
 * docs/lobbying.md): "U.S. Immigration & Customs Enforcement (ICE)" is subtier 7012 under DHS (070),
 * the Senate and the House are Congress. Loaded once; every row carries the source of its code.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { bundledDataFile } from '../dataFiles.js';
import { BadInputError } from '../errors.js';

export const LDA_ENTITY_KINDS = ['congress', 'white_house', 'agency', 'placeholder'] as const;
export type LdaEntityKind = (typeof LDA_ENTITY_KINDS)[number];

/** One row of the crosswalk. */
export interface LdaEntityMapping {
  /** The LDA's government entity id, e.g. 251. */
  id: number;
  /** The LDA's name, exactly as listed. */
  name: string;
  kind: LdaEntityKind;
  /** The agency code, where one exists: toptier (070) or subtier (7012). */
  level?: 'toptier' | 'subtier';
  code?: string;
  /** A subtier's toptier code. */
  parent?: string;
  /** The agency's name in the official list. */
  agency?: string;
  /** name: the names agree once spelling is normalized; curated: chosen by hand (see note). */
  match?: 'name' | 'curated';
  source: string;
  note?: string;
  /** Line of the row in the file. */
  line: number;
}

export interface LdaEntityCrosswalk {
  file: string;
  rows: LdaEntityMapping[];
  byId: ReadonlyMap<number, LdaEntityMapping>;
}

const FIELDS = new Set(['id', 'name', 'kind', 'level', 'code', 'parent', 'agency', 'match', 'source', 'note']);

/** Parses and checks crosswalk text; every error names the file, line and field at fault. */
export function parseLdaEntities(text: string, file: string): LdaEntityCrosswalk {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const [yamlError] = doc.errors;
  if (yamlError) throw new BadInputError({ file, line: yamlError.linePos?.[0].line ?? 1 }, `not valid YAML: ${yamlError.message.split('\n')[0]}`);
  const root = doc.toJS() as { version?: unknown; entities?: unknown } | null;
  if (!root || root.version !== 1 || !Array.isArray(root.entities)) {
    throw new BadInputError({ file, line: 1 }, 'expected version: 1 and a list under entities');
  }
  const seq = doc.get('entities', true) as { items: Array<{ range?: [number, number, number] }> };
  const rows: LdaEntityMapping[] = [];
  const byId = new Map<number, LdaEntityMapping>();
  root.entities.forEach((raw: unknown, i: number) => {
    const line = lineCounter.linePos(seq.items[i]?.range?.[0] ?? 0).line;
    const bad = (field: string, reason: string): never => { throw new BadInputError({ file, line, field }, reason); };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('entities', 'each entry must be a mapping');
    const r = raw as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!FIELDS.has(k)) bad(k, `unknown field ${k}`);
    const str = (k: string): string | undefined => {
      const v = r[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string' || v.trim() === '') bad(k, `${k} must be text (quote codes so leading zeros stay)`);
      return (v as string).trim();
    };
    if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id) || r.id <= 0) bad('id', 'id must be the LDA entity id, a positive whole number');
    const id = r.id as number;
    if (byId.has(id)) bad('id', `entity ${id} is listed twice`);
    const name = str('name') ?? bad('name', 'name is required');
    const kind = str('kind') as LdaEntityKind | undefined;
    if (!kind || !LDA_ENTITY_KINDS.includes(kind)) bad('kind', `kind must be one of ${LDA_ENTITY_KINDS.join(', ')}`);
    const source = str('source') ?? bad('source', 'every row needs a source (a URL)');
    if (!/^https?:\/\//.test(source)) bad('source', 'source must be a URL');
    const row: LdaEntityMapping = { id, name, kind: kind!, source, line };
    const level = str('level');
    const code = str('code');
    if ((level === undefined) !== (code === undefined)) bad(level ? 'code' : 'level', 'level and code come together');
    if (level !== undefined && code !== undefined) {
      if (level !== 'toptier' && level !== 'subtier') bad('level', 'level must be toptier or subtier');
      if (!/^[0-9A-Z]{3,4}$/.test(code)) bad('code', `${code} is not an agency code`);
      row.level = level as 'toptier' | 'subtier';
      row.code = code;
      const parent = str('parent');
      if (level === 'subtier' && parent === undefined) bad('parent', 'a subtier needs its parent toptier code');
      if (parent !== undefined) row.parent = parent;
      const agency = str('agency');
      if (agency !== undefined) row.agency = agency;
      const match = str('match');
      if (match !== 'name' && match !== 'curated') bad('match', 'match must be name or curated');
      row.match = match as 'name' | 'curated';
    }
    const note = str('note');
    if (note !== undefined) row.note = note;
    if (row.match === 'curated' && note === undefined) bad('note', 'a curated match says why in note');
    rows.push(row);
    byId.set(id, row);
  });
  return { file, rows, byId };
}

/** data/lda-entities.yaml of this installation. */
export function defaultLdaEntitiesPath(): string {
  return bundledDataFile('lda-entities.yaml', 'LDA government entity crosswalk');
}

let cached: LdaEntityCrosswalk | undefined;

/** The bundled crosswalk, loaded once. */
export function ldaEntityCrosswalk(): LdaEntityCrosswalk {
  if (!cached) {
    const path = defaultLdaEntitiesPath();
    cached = parseLdaEntities(readFileSync(path, 'utf8'), path);
  }
  return cached;
}
