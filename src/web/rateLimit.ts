/**
 * Per-client request limits of a public server: a token bucket per client address. Each client may make
 * `burst` requests at once and `perSecond` on average after that; a request beyond gets a 429 with
 * Retry-After. The clock is passed in so the rule is testable without waiting.
 */

export interface RateLimitOptions {
  /** Average requests per second allowed per client. */
  perSecond: number;
  /** Requests a client may make at once before the average applies. */
  burst: number;
  /** Most clients tracked at once (the longest idle are forgotten first). */
  maxClients?: number;
}

/** The documented `serve --public` default (docs/web.md): 5 requests/s per client, bursts of 30. */
export const PUBLIC_RATE_LIMIT: RateLimitOptions = { perSecond: 5, burst: 30 };

export type RateDecision = { ok: true } | { ok: false; retryAfterS: number };

interface Bucket { tokens: number; at: number }

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimitOptions, private readonly now: () => number = () => Date.now()) {
    if (!(options.perSecond > 0) || !(options.burst >= 1)) throw new RangeError(`rate limit needs perSecond > 0 and burst >= 1 (got ${options.perSecond}, ${options.burst})`);
  }

  /** Takes one request from the client's allowance. */
  take(client: string): RateDecision {
    const t = this.now();
    const { perSecond, burst } = this.options;
    const old = this.buckets.get(client);
    const b: Bucket = old ? { tokens: Math.min(burst, old.tokens + ((t - old.at) / 1000) * perSecond), at: t } : { tokens: burst, at: t };
    this.buckets.delete(client);
    this.buckets.set(client, b);
    while (this.buckets.size > (this.options.maxClients ?? 100_000)) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / perSecond)) };
  }
}
