/**
 * Company-name normalization: the one canonical form that exact name matches, family files and
 * similarity scores all compare, so "PALANTIR TECHNOLOGIES INC." and "Palantir Technologies, Inc"
 * meet. It must be idempotent (normalizing a normalized name changes nothing): family files are
 * normalized on load and compared with names normalized from records.
 */

/**
 * Legal-form words dropped from the end of a name, longest first so "L L C" wins over "C".
 * Multi-word entries cover forms written with spaced initials ("L. L. C." becomes "L L C").
 * GP and HOLDING(S) are deliberately absent: a general partner and a holding company are
 * different legal entities from the operating company of the same name.
 */
const SUFFIXES: readonly string[][] = [
  ['P', 'L', 'L', 'C'],
  ['L', 'L', 'L', 'P'],
  ['L', 'L', 'C'],
  ['L', 'L', 'P'],
  ['L', 'P'],
  ['L', 'C'],
  ['P', 'C'],
  ['S', 'A'],
  ['N', 'V'],
  ['B', 'V'],
  ['INCORPORATED'],
  ['INC'],
  ['LLC'],
  ['LLLP'],
  ['LLP'],
  ['LP'],
  ['LC'],
  ['PLLC'],
  ['PC'],
  ['CORPORATION'],
  ['CORP'],
  ['COMPANY'],
  ['CO'],
  ['LIMITED'],
  ['LTD'],
  ['PLC'],
  ['GMBH'],
  ['AG'],
  ['SA'],
  ['SAS'],
  ['SARL'],
  ['SPA'],
  ['SRL'],
  ['NV'],
  ['BV'],
  ['PTY'],
  ['PBC'],
  ['CHTD'],
  ['THE'],
];

/** Token runs that separate a legal name from a trade name ("D/B/A", "D.B.A.", "DBA", "DOING BUSINESS AS"). */
const DBA_MARKERS: readonly string[][] = [['DBA'], ['D', 'B', 'A'], ['DOING', 'BUSINESS', 'AS']];

/** Uppercase, compatibility-fold and strip accents: "Société" and "SOCIÉTÉ" both become "SOCIETE". */
function foldCase(raw: string): string {
  return raw.normalize('NFKC').normalize('NFD').replace(/\p{M}+/gu, '').toUpperCase().normalize('NFC');
}

/**
 * Splits tokens at the first d/b/a marker. Done on tokens, after punctuation is gone, so that
 * "ACME-DBA-TOOLS" and "ACME D/B/A TOOLS" split alike and normalizing twice changes nothing.
 */
function splitDba(tokens: readonly string[]): { legal: string[]; dba: string[] } {
  for (let i = 0; i < tokens.length; i++) {
    for (const marker of DBA_MARKERS) {
      if (marker.every((t, j) => tokens[i + j] === t)) {
        const before = tokens.slice(0, i);
        const after = tokens.slice(i + marker.length);
        // A marker with nothing before it leaves only a trade name: that is the name we have.
        return before.length ? { legal: before, dba: after } : { legal: after, dba: [] };
      }
    }
  }
  return { legal: [...tokens], dba: [] };
}

/** Punctuation and spacing only: periods and apostrophes close up ("L.L.C." → "LLC"), the rest separate words. */
function cleanTokens(s: string): string[] {
  const cleaned = s
    .replace(/&/g, ' AND ')
    .replace(/[.'’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return cleaned ? cleaned.split(' ') : [];
}

function endsWith(tokens: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length > tokens.length) return false;
  const offset = tokens.length - suffix.length;
  return suffix.every((t, i) => tokens[offset + i] === t);
}

/** Drops a leading THE and trailing legal-form words, never leaving the name empty. */
function stripForms(tokens: string[]): string[] {
  let out = tokens;
  if (out.length > 1 && out[0] === 'THE') out = out.slice(1);
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of SUFFIXES) {
      if (out.length > suffix.length && endsWith(out, suffix)) {
        out = out.slice(0, out.length - suffix.length);
        changed = true;
        break;
      }
    }
  }
  return out;
}

function tokensOf(raw: string): { legal: string[]; dba: string[] } {
  return splitDba(cleanTokens(foldCase(raw)));
}

/**
 * Canonical form of a company name: legal name only, uppercase, no accents or punctuation,
 * "&" as AND, no leading THE, no trailing legal forms. Empty input gives "".
 * @example normalizeName('Palantir Technologies Inc.') // 'PALANTIR TECHNOLOGIES'
 */
export function normalizeName(raw: string): string {
  return stripForms(tokensOf(raw).legal).join(' ');
}

/** Normalized trade name after a d/b/a marker, or undefined when the name has none. */
export function normalizeDbaName(raw: string): string | undefined {
  const normalized = stripForms(tokensOf(raw).dba).join(' ');
  return normalized || undefined;
}
