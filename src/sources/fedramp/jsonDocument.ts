import { BadInputError } from '../../errors.js';

/** Limits that separate a plausible feed from a hostile or corrupt file. */
export interface JsonLimits {
  /** Largest accepted text, in UTF-16 code units. The 2026 feed is about 4 MiB. */
  maxChars: number;
  /** Longest accepted string value anywhere. The longest real one (a service description) is 16k. */
  maxStringChars: number;
  /** Deepest accepted nesting of arrays and objects. The real feed nests 5 deep. */
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxChars: 256 * 1024 * 1024,
  maxStringChars: 200_000,
  maxDepth: 32,
};

/** JSON path of a child: `data.Products[3]`, `x["odd key"]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Parse JSON text, raising BadInputError with the line (or JSON path) at fault. */
export function parseJsonDocument(text: string, file: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  if (text.length > limits.maxChars) {
    throw new BadInputError({ file }, `file is ${text.length} characters; the reader refuses more than ${limits.maxChars}`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new BadInputError({ file, line: 1 }, 'file is empty, not JSON');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new BadInputError({ file, line: errorLine(body, message) }, `not valid JSON (${message})`);
  }
  checkShape(value, file, limits);
  return value;
}

// V8 reports "at position N" for most syntax errors and nothing at all when input ends early,
// which is what a truncated download looks like: then the last line is where it broke off.
function errorLine(text: string, message: string): number {
  const match = /position (\d+)/.exec(message);
  const offset = match?.[1] !== undefined ? Math.min(Number(match[1]), text.length) : text.length;
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// Iterative on purpose: a hostile file nested a million deep must not overflow the stack here.
function checkShape(root: unknown, file: string, limits: JsonLimits): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > limits.maxStringChars) {
        throw new BadInputError(
          { file, field: path || '(root)' },
          `string of ${value.length} characters; the reader refuses strings over ${limits.maxStringChars}`,
        );
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) {
      throw new BadInputError({ file, field: path || '(root)' }, `nested deeper than ${limits.maxDepth} levels`);
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: childPath(path, i), depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (key.length > limits.maxStringChars) {
          throw new BadInputError({ file, field: path || '(root)' }, `object key of ${key.length} characters`);
        }
        stack.push({ value: item, path: childPath(path, key), depth: depth + 1 });
      }
    }
  }
}
