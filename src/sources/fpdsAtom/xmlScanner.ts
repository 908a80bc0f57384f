import { BadInputError } from '../../errors.js';

/** One element start as the scanner reports it: local name, resolved namespace, attributes by local name. */
export interface XmlStart {
  local: string;
  /** Namespace URI of the element ('' when it has none). */
  ns: string;
  /** Attributes by local name (namespace declarations left out). */
  attrs: ReadonlyMap<string, string>;
  /** Offset of the `<` in the text (lines are computed from it only when needed). */
  offset: number;
}

/** Callbacks of one scan; text arrives decoded (entities and CDATA resolved), possibly in pieces. */
export interface XmlHandler {
  start(el: XmlStart): void;
  text(text: string): void;
  end(local: string, offset: number): void;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Maps offsets to 1-based line numbers, building the line index only the first time it is asked. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  lineAt(offset: number): number {
    if (!this.starts) {
      const s = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) s.push(i + 1);
      this.starts = s;
    }
    const s = this.starts;
    let lo = 0, hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  }
}

const isNameEnd = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 47 /* / */ || c === 62 /* > */;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * A strict, small XML scanner for feed pages: elements, attributes, character data, CDATA, comments and
 * the five predefined and numeric entities, with namespace prefixes resolved to URIs (so `ns0:entry`,
 * `a:entry` and a default-namespace `entry` are the same element). Anything else a well-formed page never
 * needs is refused rather than guessed at: a DOCTYPE (entity expansion), unknown entities, mismatched or
 * unclosed tags (a truncated page), text outside the root, undeclared prefixes. Every error names the file
 * and line.
 */
export function scanXml(text: string, file: string, handler: XmlHandler, lines = new LineIndex(text)): void {
  const fail = (offset: number, reason: string): never => {
    throw new BadInputError({ file, line: lines.lineAt(offset) }, reason);
  };
  const decode = (raw: string, offset: number): string => {
    if (raw.indexOf('&') === -1) return raw;
    return raw.replace(/&([^;&\s<]{0,12});|&/g, (m, name: string | undefined) => {
      if (name === undefined) return fail(offset, `a bare "&" in text (write &amp;)`);
      const known = ENTITIES[name];
      if (known !== undefined) return known;
      const num = /^#x([0-9a-fA-F]{1,6})$/.exec(name) ?? /^#([0-9]{1,7})$/.exec(name);
      if (num) {
        const cp = parseInt(num[1]!, name[1] === 'x' ? 16 : 10);
        if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return fail(offset, `character reference ${m} is not a valid character`);
        return String.fromCodePoint(cp);
      }
      return fail(offset, `unknown entity ${m} (only &amp; &lt; &gt; &quot; &apos; and numeric references are accepted)`);
    });
  };

  // Element stack: qualified names, and the namespace scopes they opened (undefined when none).
  const names: string[] = [];
  const scopes: Array<Map<string, string> | undefined> = [];
  const openedAt: number[] = [];
  const resolve = (prefix: string, offset: number): string => {
    if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
    for (let k = scopes.length - 1; k >= 0; k--) {
      const v = scopes[k]?.get(prefix);
      if (v !== undefined) return v;
    }
    if (prefix === '') return '';
    return fail(offset, `namespace prefix "${prefix}:" is used but never declared`);
  };

  let rootSeen = false;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const stop = lt === -1 ? n : lt;
    if (stop > i) {
      const chunk = text.slice(i, stop);
      if (names.length) handler.text(decode(chunk, i));
      else if (chunk.trim() !== '') fail(i, rootSeen ? 'text after the end of the document' : 'text before the first element (not XML?)');
    }
    if (lt === -1) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const gt = text.indexOf('>', lt);
      if (gt === -1) fail(lt, 'the page ends inside a closing tag (truncated)');
      const name = text.slice(lt + 2, gt).trim();
      const open = names.pop();
      if (open === undefined) fail(lt, `closing tag </${name}> with no element open`);
      if (open !== name) fail(lt, `closing tag </${name}> does not match <${open}> opened at line ${lines.lineAt(openedAt[openedAt.length - 1]!)}`);
      scopes.pop();
      openedAt.pop();
      const colon = name.indexOf(':');
      handler.end(colon === -1 ? name : name.slice(colon + 1), lt);
      i = gt + 1;
    } else if (c === 63 /* ? */) {
      const end = text.indexOf('?>', lt);
      if (end === -1) fail(lt, 'the page ends inside a processing instruction (truncated)');
      i = end + 2;
    } else if (c === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) fail(lt, 'the page ends inside a comment (truncated)');
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) fail(lt, 'the page ends inside a CDATA section (truncated)');
        if (!names.length) fail(lt, 'CDATA outside the root element');
        handler.text(text.slice(lt + 9, end));
        i = end + 3;
      } else if (text.startsWith('<!DOCTYPE', lt)) {
        return fail(lt, 'a DOCTYPE declaration: refused (feed pages have none, and DTD entities can expand without bound)');
      } else {
        return fail(lt, 'malformed markup after "<!"');
      }
    } else {
      // start tag
      let j = lt + 1;
      while (j < n && !isNameEnd(text.charCodeAt(j))) j++;
      const qname = text.slice(lt + 1, j);
      if (qname === '' || qname.includes('<')) fail(lt, 'a "<" that does not start a tag');
      if (j >= n) fail(lt, `the page ends inside the tag <${qname} (truncated)`);
      if (!names.length && rootSeen) fail(lt, `a second root element <${qname}> after the document ended`);
      let attrs: Map<string, string> | undefined;
      let scope: Map<string, string> | undefined;
      let selfClosing = false;
      for (;;) {
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        if (j >= n) fail(lt, `the page ends inside the tag <${qname} (truncated)`);
        const ch = text.charCodeAt(j);
        if (ch === 62 /* > */) { j++; break; }
        if (ch === 47 /* / */) {
          if (text.charCodeAt(j + 1) !== 62) fail(j, `malformed tag <${qname}: "/" not followed by ">"`);
          selfClosing = true;
          j += 2;
          break;
        }
        const eq = text.indexOf('=', j);
        if (eq === -1) fail(j, `the page ends inside the tag <${qname} (truncated)`);
        const aname = text.slice(j, eq).trim();
        if (aname === '' || /[\s<>"'/]/.test(aname)) fail(j, `malformed attribute in <${qname}>`);
        let q = eq + 1;
        while (q < n && isSpace(text.charCodeAt(q))) q++;
        const quote = text.charCodeAt(q);
        if (quote !== 34 && quote !== 39) fail(q, `attribute ${aname} of <${qname}> has no quoted value`);
        const close = text.indexOf(quote === 34 ? '"' : "'", q + 1);
        if (close === -1) fail(q, `the page ends inside attribute ${aname} of <${qname}> (truncated)`);
        const rawValue = text.slice(q + 1, close);
        if (rawValue.indexOf('<') !== -1) fail(q, `attribute ${aname} of <${qname}> holds a "<" (unclosed quote?)`);
        const value = decode(rawValue, q);
        if (aname === 'xmlns' || aname.startsWith('xmlns:')) {
          (scope ??= new Map()).set(aname === 'xmlns' ? '' : aname.slice(6), value);
        } else {
          const colon = aname.indexOf(':');
          const local = colon === -1 ? aname : aname.slice(colon + 1);
          attrs ??= new Map();
          if (attrs.has(local)) fail(j, `attribute ${local} appears twice in <${qname}>`);
          attrs.set(local, value);
        }
        j = close + 1;
      }
      names.push(qname);
      scopes.push(scope);
      openedAt.push(lt);
      rootSeen = true;
      const colon = qname.indexOf(':');
      const local = colon === -1 ? qname : qname.slice(colon + 1);
      const ns = resolve(colon === -1 ? '' : qname.slice(0, colon), lt);
      handler.start({ local, ns, attrs: attrs ?? EMPTY, offset: lt });
      if (selfClosing) {
        names.pop();
        scopes.pop();
        openedAt.pop();
        handler.end(local, lt);
      }
      i = j;
    }
  }
  if (!rootSeen) fail(0, 'no XML element found (empty file or not XML)');
  if (names.length) {
    const open = names[names.length - 1]!;
    fail(n, `the page ends inside <${open}> opened at line ${lines.lineAt(openedAt[openedAt.length - 1]!)} (truncated page)`);
  }
}

const EMPTY: ReadonlyMap<string, string> = new Map();
