/**
 * Exact money for answers: amounts travel as decimal strings ("-12.50") from DuckDB's DECIMAL and are
 * added here as integer cents in BigInt. Nothing in an answer is ever a float sum.
 */

/** "-12475741.45", "1234", "0.5" → cents. Throws on anything that is not a plain decimal. */
export function toCents(value: string | number | bigint | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  if (typeof value === 'bigint') return value * 100n;
  const text = typeof value === 'number' ? String(value) : value;
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a money amount: ${JSON.stringify(text)}`);
  const frac = (m[3] ?? '').padEnd(2, '0');
  if (/[1-9]/.test(frac.slice(2))) throw new Error(`money with more than 2 decimals: ${JSON.stringify(text)}`);
  const abs = BigInt(m[2] || '0') * 100n + BigInt(frac.slice(0, 2));
  return m[1] === '-' ? -abs : abs;
}

/** Cents → canonical decimal text "-12.50", "0.00". */
export function centsToString(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}


/**
 * part / whole as a percentage string with `digits` decimals, rounded half away from zero, computed in
 * integers ("12.34"); null where the whole is zero.
 */
export function sharePercent(part: bigint, whole: bigint, digits = 2): string | null {
  if (whole === 0n) return null;
  const scale = 10n ** BigInt(digits);
  // round half away from zero: (2·|p|·100·scale + |w|) / (2·|w|)
  const sign = (part < 0n) !== (whole < 0n) ? -1n : 1n;
  const scaled = sign * ((abs(part) * 100n * scale * 2n + abs(whole)) / (2n * abs(whole)));
  const a = scaled < 0n ? -scaled : scaled;
  const text = `${a / scale}${digits > 0 ? '.' + (a % scale).toString().padStart(digits, '0') : ''}`;
  return scaled < 0n ? `-${text}` : text;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** "$1.2M", "-$340K", "$3.4B", "$950" for prose and charts; exact figures stay in tables. */
export function formatMoneyShort(cents: bigint): string {
  const neg = cents < 0n;
  const dollars = Number(abs(cents)) / 100;
  const units: Array<[number, string]> = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  let text = `$${Math.round(dollars).toLocaleString('en-US')}`;
  for (const [size, suffix] of units) {
    if (dollars >= size) {
      const v = dollars / size;
      text = `$${v >= 100 ? Math.round(v) : v.toFixed(1).replace(/\.0$/, '')}${suffix}`;
      break;
    }
  }
  return neg ? `-${text}` : text;
}

/** "$29,688,989.93" (exact, grouped) for tables and text. */
export function formatMoney(cents: bigint): string {
  const neg = cents < 0n;
  const a = abs(cents);
  const whole = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}$${whole}.${(a % 100n).toString().padStart(2, '0')}`;
}
