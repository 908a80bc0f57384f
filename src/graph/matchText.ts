/**
 * Text normalization for brand matching that keeps every character at its offset, so a match
 * found in the normalized text points at the same characters of the original.
 */

/** Characters that count as part of a word in normalized text (`_` stands for any other letter). */
const WORD = 'A-Z0-9_';

/**
 * Uppercase ASCII letters and digits are kept; accented letters become their base letter; other
 * letters and combining marks become `_` (still part of the word, so `AMAZONÍA` or `AMAZONΑ`
 * never end an `AMAZON` match); everything else (punctuation, symbols, emoji, whitespace) becomes
 * spaces. The result has exactly the length of the input, in UTF-16 code units.
 */
export function normalizeForMatch(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90)) out += text[i];
    else if (code >= 97 && code <= 122) out += String.fromCharCode(code - 32);
    else if (code < 128) out += ' ';
    else {
      // A character outside the Basic Multilingual Plane takes two code units; judge it whole.
      const char = String.fromCodePoint(text.codePointAt(i)!);
      const mapped = normalizeWide(char);
      out += char.length === 2 ? mapped + mapped : mapped;
      i += char.length - 1;
    }
  }
  return out;
}

function normalizeWide(char: string): string {
  if (/[\p{L}\p{N}]/u.test(char)) {
    const base = char.normalize('NFKD').charAt(0).toUpperCase();
    return /^[A-Z0-9]$/.test(base) ? base : '_';
  }
  // Combining marks belong to the letter before them.
  return /\p{M}/u.test(char) ? '_' : ' ';
}

/** Normalize a lexicon phrase the same way as text, then collapse spaces: `Office-365` → `OFFICE 365`. */
export function normalizePhrase(phrase: string): string {
  return normalizeForMatch(phrase).replace(/ +/g, ' ').trim();
}

/** Regex source matching a normalized phrase as whole words, any run of spaces between words. */
export function phrasePattern(phrase: string): string {
  return phrase.split(' ').join(' +');
}

/** Global regex finding a normalized phrase as whole words in normalized text. */
export function wholeWordRegex(phrase: string): RegExp {
  return new RegExp(`(?<![${WORD}])${phrasePattern(phrase)}(?![${WORD}])`, 'g');
}

/** Regex true on `normalized.slice(0, offset)` when `phrase` comes right before `offset`. */
export function precededByRegex(phrase: string): RegExp {
  // The lookbehind sees the whole prefix, so a phrase is never mistaken for the tail of a longer word.
  return new RegExp(`(?<![${WORD}])${phrasePattern(phrase)} *$`);
}

/** Regex true on `normalized.slice(offset)` when `phrase` comes right after `offset`. */
export function followedByRegex(phrase: string): RegExp {
  return new RegExp(`^ *${phrasePattern(phrase)}(?![${WORD}])`);
}
