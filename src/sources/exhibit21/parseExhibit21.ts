/**
 * Reads an Exhibit 21 ("Subsidiaries of the registrant") as filed: an HTML table with a name column
 * (and a jurisdiction or ownership column), a headerless table, an HTML list or a plain-text list.
 * Gives the parent named by the exhibit and each subsidiary with its jurisdiction and share where
 * stated, and the line it was read from. An exhibit in which no list can be found is refused.
 */
import { BadInputError } from '../../errors.js';
import { htmlBlocks, looksLikeHtml, textBlocks, type Block, type TableBlock, type TableCell } from './htmlBlocks.js';
import { isJurisdiction } from './jurisdictions.js';
import { readPercent, splitListLine } from './listLine.js';
import { isExhibit21Type, readSecSubmission, type SubmissionHeader } from './secDocument.js';

/** One subsidiary as the exhibit lists it. */
export interface Subsidiary {
  name: string;
  jurisdiction?: string;
  ownershipPercent?: string;
  /** Physical line of the file the entry was read from. */
  line: number;
}

/** What the file says about the filing the exhibit belongs to (only what it says: nothing is guessed). */
export interface Exhibit21Filing extends SubmissionHeader {
  /** The parent as the exhibit's title names it ("Subsidiaries of Lockheed Martin Corporation"). */
  parentName?: string;
  exhibitType?: string;
  exhibitFilename?: string;
}

/** A parsed exhibit. */
export interface Exhibit21 {
  filing: Exhibit21Filing;
  /** How the list was laid out: a table with a header row, a table without one, or lines of text. */
  layout: 'table' | 'headerless-table' | 'list';
  subsidiaries: Subsidiary[];
}

/** Largest file read: real exhibits are kilobytes; a full submission with every exhibit can reach tens of MB. */
export const MAX_EXHIBIT21_BYTES = 64 * 1024 * 1024;

const NAME_HEAD = /\b(?:name|subsidiar(?:y|ies)|entity|entities|company|companies|legal name)\b/i;
const JUR_HEAD = /\b(?:jurisdiction|state|country|place|incorporat\w*|organi[sz]\w*|formation|domicile|location|law)\b/i;
const PCT_HEAD = /(?:%|percent|ownership|owned|interest|holding)/i;
const TITLE = /^(?:list\s+of\s+)?(?:the\s+)?(?:principal\s+|significant\s+|active\s+|direct\s+and\s+indirect\s+)?subsidiaries\s+of\s+(?:the\s+registrant\s*[-–—:,]?\s*)?(.+?)\s*(?:\(\s*the\s+["“]?\w+["”]?\s*\))?\s*(?:,?\s*as\s+of\b.*)?:?$/i;
const BOILERPLATE = [
  /^(?:(?:list|schedule)\s+of\s+)?(?:the\s+)?(?:principal\s+|significant\s+|active\s+)?subsidiaries(?:\s+of\s+(?:the\s+)?(?:registrant|company|corporation))?$/i,
  /^exhibit\s+(?:no\.?\s*)?21(?:\.\d+)?\b/i,
  /^ex-21/i,
  /^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$/i,
  /^-?\s*\d{1,3}\s*-?$/,
  /^\(?continued\)?$/i,
  /^(?:[*†‡#]|\(\d{1,2}\)|\d\))\s*\S.*\b(?:indicates?|denotes?|owned|subsidiar|omitted|interest|percent|held|inactive|dormant|significant|partnership|joint venture)\b/i,
  /\b(?:is\s+a\s+list|are\s+listed|list(?:s|ed)?\s+(?:below|above)|following\s+(?:is|are|list|table)|pursuant\s+to|item\s+601|regulation\s+s-k|names\s+of\s+(?:certain|other)|have\s+been\s+omitted|would\s+not\s+constitute|unless\s+otherwise\s+(?:noted|indicated)|considered\s+in\s+the\s+aggregate|as\s+of\s+(?:december|january|february|march|april|may|june|july|august|september|october|november)\b)/i,
];
const SECTION = /^(?:(?:domestic|foreign|international|u\.s\.|us|united\s+states|non-u\.s\.|other|wholly[- ]owned|majority[- ]owned|active|inactive|consolidated|unconsolidated)\s+)+(?:subsidiaries|entities|companies|affiliates|joint\s+ventures)\b.*$|:$/i;
const HEADER_WORDS = /^(?:name(?:\s+of\s+(?:subsidiary|entity|company))?|subsidiar(?:y|ies)|entity|company|jurisdiction(?:\s+of\s+(?:incorporation|organi[sz]ation|formation))?|state\s+(?:or\s+(?:other\s+)?(?:jurisdiction|country)\s+)?of\s+(?:incorporation|organi[sz]ation|formation)|place\s+of\s+(?:incorporation|formation|organi[sz]ation)|country|state|percent(?:age)?(?:\s+owned)?|ownership(?:\s+percentage)?|%\s+owned)$/i;

const cellText = (c: TableCell | undefined): string => (c ? c.lines.join(' ').trim() : '');
const hasLetter = (s: string): boolean => /\p{L}/u.test(s);

const isBoilerplate = (s: string): boolean => BOILERPLATE.some((re) => re.test(s)) || TITLE.test(s) || HEADER_WORDS.test(s);

/** A plausible subsidiary name: has letters, is not a sentence, not boilerplate, not a section heading. */
function plausibleName(s: string): boolean {
  if (!hasLetter(s) || s.length > 250) return false;
  if (isBoilerplate(s) || SECTION.test(s)) return false;
  if (s.split(/\s+/).length > 24) return false;
  if (/^(?:none|n\/a|not applicable)\.?$/i.test(s)) return false;
  return true;
}

/** Parses an Exhibit 21 file's text; `file` names it in errors. */
export function parseExhibit21(text: string, file: string): Exhibit21 {
  if (text.length > MAX_EXHIBIT21_BYTES) {
    throw new BadInputError({ file }, `${(text.length / 1048576).toFixed(1)} MB is larger than any Exhibit 21 (limit ${MAX_EXHIBIT21_BYTES / 1048576} MB); refusing to read it`);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw new BadInputError({ file, line: text.slice(0, nul).split('\n').length }, 'binary content (NUL byte): not an Exhibit 21 in HTML or text');
  const submission = readSecSubmission(text);
  const typed = submission.documents.filter((d) => isExhibit21Type(d.type));
  let docs = typed;
  if (!docs.length) {
    if (submission.documents.length === 1 && !submission.documents[0]!.type) docs = submission.documents;
    else {
      const types = submission.documents.map((d) => d.type ?? '?').join(', ');
      throw new BadInputError({ file }, `no Exhibit 21 in this submission (its documents are ${types})`);
    }
  }
  const filing: Exhibit21Filing = { ...submission.header };
  if (docs[0]!.type) filing.exhibitType = docs[0]!.type;
  if (docs[0]!.filename) filing.exhibitFilename = docs[0]!.filename;

  const subsidiaries: Subsidiary[] = [];
  let layout: Exhibit21['layout'] = 'list';
  for (const doc of docs) {
    const blocks: Block[] = looksLikeHtml(doc.body) ? htmlBlocks(doc.body, doc.bodyLine) : textBlocks(doc.body, doc.bodyLine);
    filing.parentName ??= findParent(blocks);
    const fromTables: Subsidiary[] = [];
    let headed = false;
    for (const b of blocks) {
      if (b.kind !== 'table') continue;
      const r = readTable(b);
      if (r.headed && r.rows.length) headed = true;
      for (const row of r.rows) fromTables.push(row);
    }
    if (headed) {
      layout = 'table';
      for (const row of fromTables) subsidiaries.push(row);
      continue;
    }
    // no table with a header row: headerless tables and text lines, in document order
    const found: Subsidiary[] = [];
    for (const b of blocks) {
      if (b.kind === 'table') for (const row of readTable(b).rows) found.push(row);
      else if (plausibleName(b.text.trim())) {
        const e = splitListLine(b.text, b.preformatted);
        if (plausibleName(e.name)) found.push({ ...e, line: b.line });
      }
    }
    if (fromTables.length && fromTables.length >= found.length / 2) layout = 'headerless-table';
    for (const row of found) subsidiaries.push(row);
  }
  if (filing.parentName === undefined && filing.filer) filing.parentName = filing.filer;
  const unique = dedupe(subsidiaries);
  if (!unique.length) {
    throw new BadInputError({ file, line: docs[0]!.bodyLine }, 'no list of subsidiaries found: neither a table with a name column nor lines naming companies');
  }
  return { filing, layout, subsidiaries: unique };
}

/** The parent the title names, from the first block reading "Subsidiaries of …". */
function findParent(blocks: readonly Block[]): string | undefined {
  for (const b of blocks.slice(0, 40)) {
    const texts = b.kind === 'text' ? [b.text.trim()] : b.rows.slice(0, 3).flatMap((r) => r.cells.flatMap((c) => [...c.lines, cellText(c)]));
    for (const t of texts) {
      const m = TITLE.exec(t.replace(/\s+/g, ' '));
      if (m?.[1] && hasLetter(m[1]) && !/^(?:the\s+)?(?:registrant|company)$/i.test(m[1])) return tidyParent(m[1]);
    }
  }
  return undefined;
}

/** The parent as the title writes it, without trailing punctuation (capitals kept: it is quoted as evidence). */
const tidyParent = (s: string): string => s.replace(/[:,]+$/, '').replace(/\s+/g, ' ').trim();

interface TableRead {
  headed: boolean;
  rows: Subsidiary[];
}

interface Columns {
  name: [number, number];
  jur?: [number, number];
  pct?: [number, number];
}

const overlaps = (c: TableCell, range: [number, number]): boolean => c.col <= range[1] && c.col + c.span - 1 >= range[0];

const HEADER_VOCABULARY = new Set(['name', 'names', 'of', 'subsidiary', 'subsidiaries', 'entity', 'entities', 'company', 'companies',
  'legal', 'exact', 'jurisdiction', 'jurisdictions', 'state', 'states', 'country', 'place', 'incorporation', 'incorporated', 'organization',
  'organisation', 'organized', 'organised', 'formation', 'formed', 'domicile', 'location', 'or', 'other', 'and', 'percent', 'percentage',
  'ownership', 'owned', '%', 'interest', 'held', 'by', 'the', 'registrant', 'voting', 'securities', 'under', 'law', 'laws', 'which',
  'in', 'where', 'its', 'directly', 'indirectly', 'equity', 'parent', 'country/state', 'state/country', 'name/jurisdiction']);
/** Every word of the cell is header vocabulary ("Name of Subsidiary", "State or Other Jurisdiction of Incorporation"). */
const isHeaderCell = (t: string): boolean => t.toLowerCase().replace(/[():,.*]/g, ' ').split(/\s+/).filter(Boolean).every((w) => HEADER_VOCABULARY.has(w));

/** The header row's column ranges, if the row is a header ("Name of Subsidiary | Place of Formation"). */
function headerColumns(cells: readonly TableCell[]): Columns | undefined {
  const filled = cells.filter((c) => cellText(c));
  if (!filled.length || filled.length > 6) return undefined;
  let name: [number, number] | undefined;
  let jur: [number, number] | undefined;
  let pct: [number, number] | undefined;
  for (const c of filled) {
    const t = cellText(c).replace(/\s+/g, ' ');
    if (t.length > 80 || !isHeaderCell(t)) return undefined;
    const range: [number, number] = [c.col, c.col + c.span - 1];
    if (!name && NAME_HEAD.test(t) && !JUR_HEAD.test(t.replace(/name\s+of\s+|legal\s+name/i, '').replace(/\b(?:subsidiar\w*|entity|company)\b/gi, '')) ) name = range;
    else if (!jur && JUR_HEAD.test(t)) jur = range;
    else if (!pct && PCT_HEAD.test(t)) pct = range;
    else if (!HEADER_WORDS.test(t)) return undefined;
  }
  if (!name) return undefined;
  const out: Columns = { name };
  if (jur) out.jur = jur;
  if (pct) out.pct = pct;
  return out;
}

/** Reads one table: with a header row by column, without one by cell shape. */
function readTable(t: TableBlock): TableRead {
  let cols: Columns | undefined;
  let start = 0;
  for (let i = 0; i < Math.min(t.rows.length, 8); i++) {
    cols = headerColumns(t.rows[i]!.cells);
    if (cols) {
      start = i + 1;
      break;
    }
  }
  const rows: Subsidiary[] = [];
  for (let i = start; i < t.rows.length; i++) {
    const row = t.rows[i]!;
    if (cols && headerColumns(row.cells)) continue; // header repeated after a page break
    const filled = row.cells.filter((c) => cellText(c));
    if (!filled.length) continue;
    let nameCell: TableCell | undefined;
    let jurText: string | undefined;
    let pctText: string | undefined;
    if (cols) {
      nameCell = filled.find((c) => overlaps(c, cols!.name)) ?? undefined;
      if (!nameCell) {
        // an indented name sits one cell to the left or right of the header in some layouts
        nameCell = filled.find((c) => !(cols!.jur && overlaps(c, cols!.jur)) && !(cols!.pct && overlaps(c, cols!.pct)) && hasLetter(cellText(c)));
      }
      const jc = cols.jur ? filled.find((c) => c !== nameCell && overlaps(c, cols!.jur!)) : undefined;
      const pc = cols.pct ? filled.find((c) => c !== nameCell && overlaps(c, cols!.pct!)) : undefined;
      jurText = jc ? cellText(jc) : undefined;
      pctText = pc ? cellText(pc) : undefined;
    } else {
      const parts = filled.filter((c) => !/^(?:[•·▪◦*-]|\d{1,4}[.)]?)$/.test(cellText(c)));
      nameCell = parts[0];
      for (const c of parts.slice(1)) {
        const s = cellText(c);
        if (pctText === undefined && readPercent(s) !== undefined) pctText = s;
        else if (jurText === undefined && isJurisdiction(s)) jurText = s;
      }
    }
    if (!nameCell) continue;
    for (const entry of cellEntries(nameCell, jurText, pctText, !cols)) {
      if (!plausibleName(entry.name)) continue;
      rows.push({ ...entry, line: row.line });
    }
  }
  return { headed: !!cols && rows.length > 0, rows };
}

/** A name cell can hold one name wrapped over lines, or several names one per line. */
function cellEntries(cell: TableCell, jur: string | undefined, pct: string | undefined, split: boolean): Array<Omit<Subsidiary, 'line'>> {
  const lines = cell.lines.map((l) => l.trim()).filter(Boolean);
  const joinable = (prev: string, next: string): boolean => /^[a-z&(,]/.test(next) || /(?:,|\b(?:of|and|&|the|de|du|der|für|for))$/i.test(prev) || /^(?:inc|llc|ltd|corp|co|l\.?p|plc)\.?$/i.test(next);
  const names: string[] = [];
  for (const l of lines) {
    if (names.length && joinable(names[names.length - 1]!, l)) names[names.length - 1] += ` ${l}`;
    else names.push(l);
  }
  if (names.length <= 1) {
    const text = names[0] ?? '';
    const e = split || (jur === undefined && pct === undefined) ? splitListLine(text, false) : { name: text };
    const out: Omit<Subsidiary, 'line'> = { name: e.name };
    const j = jur ?? ('jurisdiction' in e ? e.jurisdiction : undefined);
    if (j) out.jurisdiction = j.trim();
    const p = pct !== undefined ? readPercent(pct) ?? pct.trim() : 'ownershipPercent' in e ? e.ownershipPercent : undefined;
    if (p) out.ownershipPercent = p;
    return [out];
  }
  const jurs = jur !== undefined ? [jur] : [];
  return names.map((n) => {
    const e = splitListLine(n, false);
    if (jurs.length === 1 && names.length === 1 && !e.jurisdiction) e.jurisdiction = jurs[0]!;
    return e;
  });
}

const key = (s: Subsidiary): string => `${s.name.toLowerCase()}\u0000${(s.jurisdiction ?? '').toLowerCase()}`;

function dedupe(rows: readonly Subsidiary[]): Subsidiary[] {
  const seen = new Set<string>();
  const out: Subsidiary[] = [];
  for (const r of rows) {
    const k = key(r);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r);
  }
  return out;
}
