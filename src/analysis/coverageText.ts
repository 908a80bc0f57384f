/**
 * The coverage block as plain text lines, the same sentences on every surface (CLI answers, the report's
 * method section, web pages): what the store holds for the scope, refused rows in it, known limits.
 */
import type { Coverage } from './coverage.js';

/** "Coverage: …" lines; `indent` prefixes each line after the first. */
export function coverageLines(c: Coverage, indent = '  '): string[] {
  const out = [`Coverage (what this store holds for ${c.scope.description}, ${c.scope.basis ? `${c.scope.basis} basis, ` : ''}${c.scope.fiscalYearsLabel})${c.partial ? ': PARTIAL' : ''}`];
  for (const s of c.statements) out.push(`${indent}${s}`);
  for (const l of c.limits) out.push(`${indent}limit: ${l}`);
  return out;
}

/** One short clause for a headline when the answer covers only part of what was asked, else null. */
export function coverageQualifier(c: Coverage): string | null {
  const s = c.subtiers;
  if (s && s.notHeld.length && s.held.length) {
    const names = s.held.filter((h) => h.code !== '(none)').map((h) => h.abbreviation ?? h.name ?? h.code);
    return `covers ${names.join(', ')} only (${s.held.length} of ${s.officialCount} subtiers)`;
  }
  return null;
}
