import { BadInputError } from '../../errors.js';
import { LineIndex, scanXml, type XmlStart } from './xmlScanner.js';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** Which FPDS document an entry holds: a contract action (`<award>`) or a vehicle action (`<IDV>`). */
export type FpdsDocumentKind = 'award' | 'IDV';

/**
 * One `<entry>` of a page, its FPDS document flattened to values by path relative to the document
 * element: `purchaserInformation/contractingOfficeAgencyID` is the element's text,
 * `purchaserInformation/contractingOfficeAgencyID@name` its attribute. A path that occurs several times
 * keeps its first value.
 */
export interface AtomEntry {
  /** 1-based position of the entry in the page. */
  index: number;
  /** Line of the `<entry>` tag. */
  line: number;
  title: string | undefined;
  modified: string | undefined;
  kind: FpdsDocumentKind;
  /** The document's version attribute (e.g. "1.4"). */
  version: string | undefined;
  values: ReadonlyMap<string, string>;
}

/** An entry that cannot become an action, kept with the reason (and counted as rejected). */
export interface RejectedEntry {
  index: number;
  line: number;
  /** The path at fault, e.g. "content" or "dollarValues/obligatedAmount". */
  field: string;
  reason: string;
  title: string | undefined;
}

export interface AtomPage {
  file: string;
  title: string | undefined;
  /** The page's own `link rel=...` targets (next, last, alternate), as given. */
  links: Readonly<Record<string, string>>;
  entries: AtomEntry[];
  rejected: RejectedEntry[];
}

/** Thrown for XML whose root is not an ATOM `<feed>`, so a folder ingest can pass over it. */
export class NotAnAtomFeed extends BadInputError {}

/**
 * Reads one FPDS-NG ATOM feed page. The XML must be whole and well formed (a truncated or malformed
 * page fails with its file and line); an entry without an `<award>` or `<IDV>` document is rejected
 * with its entry number and line, the other entries still read.
 */
export function readAtomPage(text: string, file: string): AtomPage {
  const lines = new LineIndex(text);
  const page: AtomPage = { file, title: undefined, links: {}, entries: [], rejected: [] };
  const links: Record<string, string> = {};

  let depth = 0;
  let entryDepth = -1, contentDepth = -1, docDepth = -1;
  let entry: { index: number; offset: number; title?: string; modified?: string; docs: number; other?: string } | undefined;
  let doc: { kind: FpdsDocumentKind; version: string | undefined; values: Map<string, string> } | undefined;
  // Inside a document: the path of each open element and whether it had child elements.
  const paths: string[] = [];
  const hasChild: boolean[] = [];
  let textBuf = '';
  let capture: 'feedTitle' | 'entryTitle' | 'entryModified' | undefined;

  scanXml(text, file, {
    start(el: XmlStart) {
      depth++;
      if (depth === 1) {
        if (el.local !== 'feed') {
          const what = el.local === 'award' || el.local === 'IDV'
            ? `an FPDS <${el.local}> document outside a feed (such as the 1.5.2 element skeleton), not a feed page`
            : `not an ATOM feed: the root element is <${el.local}>`;
          throw new NotAnAtomFeed({ file, line: lines.lineAt(el.offset) }, what);
        }
        return;
      }
      if (docDepth !== -1) {
        // inside an FPDS document
        hasChild[hasChild.length - 1] = true;
        const parent = paths[paths.length - 1]!;
        const path = parent === '' ? el.local : `${parent}/${el.local}`;
        paths.push(path);
        hasChild.push(false);
        textBuf = '';
        if (el.attrs.size) for (const [k, v] of el.attrs) if (!doc!.values.has(`${path}@${k}`)) doc!.values.set(`${path}@${k}`, v.trim());
        return;
      }
      if (depth === 2) {
        if (el.local === 'entry') {
          entryDepth = depth;
          entry = { index: page.entries.length + page.rejected.length + 1, offset: el.offset, docs: 0 };
        } else if (el.local === 'link') {
          const rel = el.attrs.get('rel'), href = el.attrs.get('href');
          if (rel && href && links[rel] === undefined) links[rel] = href;
        } else if (el.local === 'title') {
          capture = 'feedTitle';
          textBuf = '';
        }
        return;
      }
      if (entry && depth === entryDepth + 1) {
        if (el.local === 'title') { capture = 'entryTitle'; textBuf = ''; }
        else if (el.local === 'modified') { capture = 'entryModified'; textBuf = ''; }
        else if (el.local === 'content') contentDepth = depth;
        return;
      }
      if (entry && contentDepth !== -1 && depth === contentDepth + 1) {
        entry.docs++;
        if ((el.local === 'award' || el.local === 'IDV') && entry.docs === 1) {
          docDepth = depth;
          doc = { kind: el.local, version: el.attrs.get('version'), values: new Map() };
          paths.length = 0;
          hasChild.length = 0;
          paths.push('');
          hasChild.push(false);
        } else if (entry.other === undefined) {
          entry.other = el.local;
        }
      }
    },
    text(t: string) {
      if (capture !== undefined || docDepth !== -1) textBuf += t;
    },
    end(local: string) {
      if (docDepth !== -1) {
        if (depth === docDepth) {
          docDepth = -1;
        } else {
          const path = paths.pop()!;
          const leaf = !hasChild.pop();
          if (leaf) {
            const v = textBuf.trim();
            if (v !== '' && !doc!.values.has(path)) doc!.values.set(path, v);
          }
          textBuf = '';
        }
        depth--;
        return;
      }
      if (capture !== undefined) {
        const v = textBuf.trim();
        if (capture === 'feedTitle') page.title = v;
        else if (entry && capture === 'entryTitle') entry.title = v;
        else if (entry && capture === 'entryModified') entry.modified = v;
        capture = undefined;
        textBuf = '';
      }
      if (depth === contentDepth && local === 'content') contentDepth = -1;
      if (entry && depth === entryDepth) {
        const line = lines.lineAt(entry.offset);
        if (doc && entry.docs === 1) {
          page.entries.push({ index: entry.index, line, title: entry.title, modified: entry.modified, kind: doc.kind, version: doc.version, values: doc.values });
        } else {
          const reason = doc
            ? `entry ${entry.index} holds ${entry.docs} documents in <content>; an entry holds one <award> or <IDV>`
            : entry.other !== undefined
              ? `entry ${entry.index}: <content> holds <${entry.other}>, neither an <award> nor an <IDV>`
              : `entry ${entry.index} has no <award> or <IDV> document (no <content>, or an empty one)`;
          page.rejected.push({ index: entry.index, line, field: 'content', reason, title: entry.title });
        }
        entry = undefined;
        doc = undefined;
        entryDepth = -1;
      }
      depth--;
    },
  }, lines);
  page.links = links;
  return page;
}
