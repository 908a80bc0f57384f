// Amounts live as integer cents from generation to output: sums are exact, never float sums.

/** Cents as a decimal string with two places: 123450 -> "1234.50", -20000 -> "-200.00". */
export function formatCents(cents: number | bigint): string {
  if (typeof cents === 'bigint') {
    const abs = cents < 0n ? -cents : cents;
    return join(cents < 0n, (abs / 100n).toString(), Number(abs % 100n));
  }
  // Integer division of a safe integer by 100 is exact in doubles, and much cheaper than BigInt per row.
  const abs = Math.abs(checkedCents(cents));
  return join(cents < 0, String(Math.floor(abs / 100)), abs % 100);
}

function join(negative: boolean, whole: string, frac: number): string {
  return `${negative ? '-' : ''}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/**
 * Cents the way the API projection files print them (Python float repr): "110367609.0", "1234.5",
 * "102842374.44". Exact for amounts below 2^53 cents, which holds for every generated amount.
 */
export function formatCentsAsPythonFloat(cents: number): string {
  const s = formatCents(cents);
  if (s.endsWith('.00')) return `${s.slice(0, -3)}.0`;
  if (s.endsWith('0')) return s.slice(0, -1);
  return s;
}

function checkedCents(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount in cents is not a safe integer: ${cents}`);
  return cents;
}
