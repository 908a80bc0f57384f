/**
 * Turns an HTML (or plain-text) exhibit into blocks a list parser can read: tables as rows of cells
 * (with their column positions, so colspans line up) and text as lines. A small linear scanner, not a
 * browser: scripts, styles, comments and the head are skipped unseen, character references are decoded,
 * tables nested in a cell become blocks of their own, and nothing is ever evaluated.
 */
import { decodeEntities } from './htmlEntities.js';

/** One table cell: its text lines (a `<br>` or `<p>` inside a cell starts a new line), first column and span. */
export interface TableCell {
  lines: string[];
  col: number;
  span: number;
}

/** One table row and the source line it starts on. */
export interface TableRow {
  line: number;
  cells: TableCell[];
}

/** A table, in document order among the other blocks. */
export interface TableBlock {
  kind: 'table';
  line: number;
  rows: TableRow[];
}

/** One line of text outside tables; `preformatted` keeps the spacing (plain text, `<pre>`). */
export interface TextBlock {
  kind: 'text';
  line: number;
  text: string;
  preformatted: boolean;
}

export type Block = TableBlock | TextBlock;

const SKIPPED = new Set(['script', 'style', 'head', 'noscript', 'template', 'svg', 'object', 'iframe', 'textarea', 'xml']);
const BREAKS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'center', 'dd', 'dt',
  'dl', 'hr', 'section', 'article', 'body', 'html', 'address', 'header', 'footer', 'caption',
]);

/** Does this look like HTML rather than plain text? */
export function looksLikeHtml(text: string): boolean {
  return /<(?:html|body|table|tr|td|p|div|br|font|pre|span|li)\b/i.test(text);
}

/** Plain text: one block per line, spacing kept (columns in text exhibits are runs of spaces or tabs). */
export function textBlocks(text: string, firstLine = 1): Block[] {
  const out: Block[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = cleanPre(decodeEntities(lines[i]!));
    if (t.trim()) out.push({ kind: 'text', line: firstLine + i, text: t, preformatted: true });
  }
  return out;
}

const cleanPre = (s: string): string => s.replace(/\t/g, '    ').replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]/g, '').trimEnd();
const collapse = (s: string): string => s.replace(/[\s\u00a0\u2007\u202f\u200b\ufeff]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '').trim();

interface OpenTable {
  block: TableBlock;
  row: TableRow | undefined;
  cell: TableCell | undefined;
  col: number;
  /** The cell's current line under construction. */
  buf: string;
}

/** Scans HTML into blocks; `firstLine` is the physical line the HTML starts on in its file. */
export function htmlBlocks(html: string, firstLine = 1): Block[] {
  const lower = html.toLowerCase();
  const newlines: number[] = [];
  for (let i = html.indexOf('\n'); i >= 0; i = html.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return firstLine + lo;
  };

  const out: Block[] = [];
  const tables: OpenTable[] = [];
  let text = '';
  let textStart = 0;
  let pre = 0;

  const flushText = (): void => {
    if (pre > 0) {
      const lines = text.split(/\r\n|\r|\n/);
      let line = lineAt(textStart);
      for (const l of lines) {
        const t = cleanPre(l);
        if (t.trim()) out.push({ kind: 'text', line, text: t, preformatted: true });
        line++;
      }
    } else {
      const t = collapse(text);
      if (t) out.push({ kind: 'text', line: lineAt(textStart), text: t, preformatted: false });
    }
    text = '';
  };
  const top = (): OpenTable | undefined => tables[tables.length - 1];
  const cellBreak = (t: OpenTable): void => {
    if (!t.cell) return;
    const s = collapse(t.buf);
    if (s) t.cell.lines.push(s);
    t.buf = '';
  };
  const closeCell = (t: OpenTable): void => {
    if (!t.cell) return;
    cellBreak(t);
    t.cell = undefined;
  };
  const closeRow = (t: OpenTable): void => {
    closeCell(t);
    if (t.row && t.row.cells.length) t.block.rows.push(t.row);
    t.row = undefined;
    t.col = 0;
  };
  const addText = (s: string, at: number): void => {
    const t = top();
    if (t) {
      if (!t.cell) {
        // text loose inside a table but outside any cell: browsers hoist it before the table
        if (!s.trim()) return;
        if (!t.row) t.row = { line: lineAt(at), cells: [] };
        t.cell = { lines: [], col: t.col, span: 1 };
        t.row.cells.push(t.cell);
        t.col += 1;
      }
      t.buf += s;
      return;
    }
    if (!text) textStart = at;
    text += s;
  };

  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      addText(decodeEntities(html.slice(i)), i);
      break;
    }
    if (lt > i) addText(decodeEntities(html.slice(i, lt)), i);
    i = lt;
    if (lower.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html[i + 1] === '!' || html[i + 1] === '?') {
      const end = html.indexOf('>', i + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(i, i + 64));
    if (!m) {
      addText('<', i);
      i += 1;
      continue;
    }
    const end = tagEnd(html, i + m[0].length);
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    const attrs = html.slice(i + m[0].length, end < 0 ? n : end);
    i = end < 0 ? n : end + 1;
    if (!closing && SKIPPED.has(name)) {
      const close = lower.indexOf(`</${name}`, i);
      i = close < 0 ? n : (() => { const e = html.indexOf('>', close); return e < 0 ? n : e + 1; })();
      continue;
    }
    const t = top();
    switch (name) {
      case 'table':
        if (closing) {
          if (t) {
            closeRow(t);
            tables.pop();
            if (t.block.rows.length) out.push(t.block);
          }
        } else {
          if (!t) flushText();
          tables.push({ block: { kind: 'table', line: lineAt(lt), rows: [] }, row: undefined, cell: undefined, col: 0, buf: '' });
        }
        continue;
      case 'tr':
        if (t) {
          closeRow(t);
          if (!closing) t.row = { line: lineAt(lt), cells: [] };
        }
        continue;
      case 'td':
      case 'th':
        if (t) {
          closeCell(t);
          if (!closing) {
            if (!t.row) t.row = { line: lineAt(lt), cells: [] };
            const span = Math.min(Math.max(Number.parseInt(/colspan\s*=\s*["']?(\d+)/i.exec(attrs)?.[1] ?? '1', 10) || 1, 1), 1000);
            t.cell = { lines: [], col: t.col, span };
            t.row.cells.push(t.cell);
            t.col += span;
          }
        }
        continue;
      default:
        break;
    }
    if (name === 'pre') {
      if (!t) flushText();
      pre = Math.max(0, pre + (closing ? -1 : 1));
      continue;
    }
    if (BREAKS.has(name)) {
      if (t) cellBreak(t);
      else if (pre > 0 && name === 'br') text += '\n';
      else if (pre === 0) flushText();
    } else if (!t && pre === 0 && (name === 'td' || name === 'span') && text && !/\s$/.test(text)) {
      text += ' ';
    }
  }
  while (tables.length) {
    const t = tables.pop()!;
    closeRow(t);
    if (t.block.rows.length) out.push(t.block);
  }
  flushText();
  return out;
}

/** Index of the `>` that ends a tag whose attributes start at `from`, skipping quoted values; -1 if none. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let j = from; j < html.length; j++) {
    const c = html[j]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // a quote only opens a value right after '='
      let k = j - 1;
      while (k >= from && /\s/.test(html[k]!)) k--;
      if (html[k] === '=') quote = c;
    } else if (c === '>') {
      return j;
    }
  }
  return -1;
}
