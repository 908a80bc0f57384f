import { childPath } from '../fedramp/jsonDocument.js';

/** RFC 6901 JSON pointer of a child: `/results/3/income`; `~` and `/` in keys escaped. */
export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** The segments of a JSON pointer, unescaped. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * The same place as a JSON path of the kind src/sources/fedramp/jsonLines.ts locates (`results[3].income`),
 * so a reject named by its pointer can be given a line. Digit segments are array indexes.
 */
export function pointerToPath(pointer: string): string {
  let path = '';
  for (const s of pointerSegments(pointer)) path = childPath(path, /^(0|[1-9]\d*)$/.test(s) ? Number(s) : s);
  return path;
}
