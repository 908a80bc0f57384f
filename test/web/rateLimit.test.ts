import { describe, expect, it } from 'vitest';
import { PUBLIC_RATE_LIMIT, RateLimiter } from '../../src/web/rateLimit.js';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with Retry-After, refills at the average rate, per client', () => {
    let t = 0;
    const r = new RateLimiter({ perSecond: 2, burst: 3 }, () => t);
    expect([1, 2, 3, 4].map(() => r.take('a').ok)).toEqual([true, true, true, false]);
    expect(r.take('a')).toEqual({ ok: false, retryAfterS: 1 });
    expect(r.take('b').ok).toBe(true);
    t = 500;
    expect(r.take('a').ok).toBe(true);
    expect(r.take('a').ok).toBe(false);
  });
  it('documents its public default', () => {
    expect(PUBLIC_RATE_LIMIT).toEqual({ perSecond: 5, burst: 30 });
    expect(() => new RateLimiter({ perSecond: 0, burst: 1 })).toThrow(RangeError);
  });
});
