import { BadInputError } from '../errors.js';
import { headerlessMessage, looksLikeData } from './headerless.js';
import { LAYOUTS, type LayoutDecl } from './layouts/index.js';

/** The layout a header belongs to, recognised from its column names (never the file name). */
export function detectLayout(file: string, header: readonly string[], layouts: readonly LayoutDecl[] = LAYOUTS): LayoutDecl {
  const lower = new Set(header.map((c) => c.toLowerCase()));
  const has = (l: LayoutDecl) => (c: string): boolean => (l.caseInsensitiveHeader ? lower.has(c.toLowerCase()) : seen.has(c));
  const seen = new Set<string>(header);
  const direct = layouts.find((l) => l.signature.every(has(l)) && !(l.excludes ?? []).some(has(l)));
  // A first line of values is a headerless file, never a header with an empty column name.
  if (!direct && looksLikeData(header)) throw new BadInputError({ file, line: 1 }, headerlessMessage(header, layouts));
  seen.clear();
  for (const [index, name] of header.entries()) {
    if (name === '') throw new BadInputError({ file, line: 1, field: `column ${index + 1}` }, 'empty column name in header');
    if (seen.has(name)) throw new BadInputError({ file, line: 1, field: name }, `column "${name}" appears twice in the header`);
    seen.add(name);
  }
  if (direct) return direct;

  // Name the nearest layout and what it lacks, so a user can tell a wrong file from a changed layout.
  const ranked = layouts
    .map((l) => ({ l, missing: l.signature.filter((c) => !has(l)(c)) }))
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
