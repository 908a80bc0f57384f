// A small seeded generator (mulberry32) so the same seed gives byte-identical files on every platform.
// Only integer arithmetic is used: Math.exp/log may differ between engines, Math.imul and >>> do not.

/** Mixes a seed with extra integers into a new 32-bit seed (one independent stream per award). */
export function mixSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of [...parts, parts.length]) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

/** Deterministic pseudo-random numbers from a 32-bit seed. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    const span = max - min + 1;
    if (!(span > 0) || span > 0x1_0000_0000) throw new RangeError(`Prng.int: bad range [${min}, ${max}]`);
    return min + (this.nextUint32() % span);
  }

  /** True with probability percent/100. */
  chance(percent: number): boolean {
    return this.nextUint32() % 10_000 < percent * 100;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Prng.pick: empty list');
    return items[this.nextUint32() % items.length] as T;
  }

  /** One element, chosen with integer weights. */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weightOf(item);
    let ticket = this.int(1, total);
    for (const item of items) {
      ticket -= weightOf(item);
      if (ticket <= 0) return item;
    }
    throw new RangeError('Prng.weighted: weights must be positive integers');
  }

  /** Upper-case hexadecimal string of the given length. */
  hex(length: number): string {
    let s = '';
    while (s.length < length) s += this.nextUint32().toString(16).padStart(8, '0');
    return s.slice(0, length).toUpperCase();
  }
}
