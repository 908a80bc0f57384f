/** Exact money arithmetic for tests: amounts as integer cents in BigInt, never floats. */

/** "-12475741.45", "1234", "110367609.0", "+5.5" → cents; throws on anything else. */
export function cents(text: string): bigint {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  const frac = (m[3] ?? '').padEnd(2, '0');
  if (/[1-9]/.test(frac.slice(2))) throw new Error(`more than 2 decimals: ${JSON.stringify(text)}`);
  const value = BigInt(m[2] || '0') * 100n + BigInt(frac.slice(0, 2));
  return m[1] === '-' ? -value : value;
}

/** Cents → "-12.50", "0.00" (the canonical text of a DECIMAL(38,2)). */
export function formatCents(value: bigint): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** Sum of amounts given as text, exactly; empty strings count as nothing. */
export function sumCents(texts: Iterable<string>): bigint {
  let total = 0n;
  for (const t of texts) if (t.trim() !== '') total += cents(t);
  return total;
}

/** Cents of a value a query returned (DECIMAL arrives as a string; null as 0). */
export function centsOf(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'string') return cents(value);
  if (typeof value === 'bigint') return value * 100n;
  throw new Error(`money came back as ${typeof value} (${String(value)}), not an exact decimal string`);
}

/** US federal fiscal year of an ISO "YYYY-MM-DD" or spreadsheet "m/d/yy[yy]" date: October starts the next year. */
export function fiscalYear(date: string): number {
  let year: number, month: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\b/.exec(date);
  if (iso) { year = Number(iso[1]); month = Number(iso[2]); }
  else if (us) {
    month = Number(us[1]);
    year = Number(us[3]);
    if (us[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  } else throw new Error(`not a date: ${date}`);
  return month >= 10 ? year + 1 : year;
}
