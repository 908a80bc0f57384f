import { BadInputError } from '../errors.js';
import { LAYOUTS, type LayoutDecl } from './layouts/index.js';

/** The layout a header belongs to, recognised from its column names (never the file name). */
export function detectLayout(file: string, header: readonly string[], layouts: readonly LayoutDecl[] = LAYOUTS): LayoutDecl {
  const seen = new Set<string>();
  for (const [index, name] of header.entries()) {
    if (name === '') throw new BadInputError({ file, line: 1, field: `column ${index + 1}` }, 'empty column name in header');
    if (seen.has(name)) throw new BadInputError({ file, line: 1, field: name }, `column "${name}" appears twice in the header`);
    seen.add(name);
  }
  const match = layouts.find(
    (l) => l.signature.every((c) => seen.has(c)) && !(l.excludes ?? []).some((c) => seen.has(c)),
  );
  if (match) return match;

  // Name the nearest layout and what it lacks, so a user can tell a wrong file from a changed layout.
  const ranked = layouts
    .map((l) => ({ l, missing: l.signature.filter((c) => !seen.has(c)) }))
    .sort((a, b) => a.missing.length / a.l.signature.length - b.missing.length / b.l.signature.length);
  const best = ranked[0];
  const hint = best && best.missing.length < best.l.signature.length
    ? `; nearest is "${best.l.title}", which needs column(s) ${best.missing.map((c) => `"${c}"`).join(', ')}`
    : '';
  const shown = header.slice(0, 6).map((c) => `"${c}"`).join(', ');
  throw new BadInputError(
    { file, line: 1 },
    `unknown layout: header has ${header.length} column(s) starting ${shown}${hint}. ` +
      `Known layouts: ${layouts.map((l) => l.title).join('; ')}`,
  );
}
