import { childPath } from './jsonDocument.js';

/**
 * Where values sit in a JSON text, so that a reject named by its JSON path (`data.Products[3].csp`)
 * can also be given a line number. JSON.parse reports no positions, so this walks the text once.
 * The text must already have parsed (parseJsonDocument); this scanner does not validate.
 */

/** The path itself and every ancestor: `a.b[2].c` → `a`, `a.b`, `a.b[2]`, `a.b[2].c`. */
export function pathPrefixes(path: string): string[] {
  const out: string[] = [];
  let inKey = false; // inside a quoted bracket key: ["odd.key[1]"]
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (inKey) {
      if (c === '\\') i++;
      else if (c === '"') inKey = false;
      continue;
    }
    if (c === '"') { inKey = true; continue; }
    if ((c === '.' || c === '[') && i > 0) out.push(path.slice(0, i));
  }
  out.push(path);
  return out;
}

/**
 * The line (1-based) on which the value at each of `paths`, and at each of their ancestors, starts.
 * A path that is not in the document (a missing field) is simply absent from the map.
 */
export function jsonPathLines(text: string, paths: Iterable<string>): Map<string, number> {
  const wanted = new Set<string>();
  for (const p of paths) for (const prefix of pathPrefixes(p)) wanted.add(prefix);
  const found = new Map<string, number>();
  if (wanted.size === 0) return found;

  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  interface Frame { array: boolean; path: string; index: number }
  const stack: Frame[] = [];

  const skipSpace = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
    }
  };
  // At an opening quote; leaves i after the closing one. Valid JSON strings hold no raw line breaks.
  const skipString = (): void => {
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) { i++; return; }
    }
  };
  const readKey = (): string => {
    const start = i;
    skipString();
    return JSON.parse(text.slice(start, i)) as string;
  };
  // Path of the next child of `frame`; for an object, reads its key and the colon.
  const nextChild = (frame: Frame): string => {
    if (frame.array) return childPath(frame.path, frame.index++);
    skipSpace();
    const key = readKey();
    skipSpace();
    i++; // ':'
    return childPath(frame.path, key);
  };

  let path = '';
  while (i < n) {
    skipSpace();
    if (wanted.has(path)) found.set(path, line); // a repeated key: the last one wins, as in JSON.parse
    const c = text[i];
    if (c === '{' || c === '[') {
      const frame: Frame = { array: c === '[', path, index: 0 };
      i++;
      skipSpace();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i++;
      } else {
        stack.push(frame);
        path = nextChild(frame);
        continue;
      }
    } else if (c === '"') {
      skipString();
    } else {
      while (i < n && !' \t\r\n,]}'.includes(text[i]!)) i++;
    }
    // After a value: close finished containers, then move to the next sibling.
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top === undefined || i >= n) return found;
      if (text[i] === ',') {
        i++;
        path = nextChild(top);
        break;
      }
      i++; // '}' or ']'
      stack.pop();
    }
  }
  return found;
}

/** Line of `path`, or of its nearest ancestor found in `lines`; 0 when none is. */
export function lineOfPath(lines: ReadonlyMap<string, number>, path: string): number {
  const prefixes = pathPrefixes(path);
  for (let k = prefixes.length - 1; k >= 0; k--) {
    const line = lines.get(prefixes[k]!);
    if (line !== undefined) return line;
  }
  return 0;
}
