import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FetchError, UsageError } from '../../errors.js';
import { VERSION } from '../../version.js';

const USER_AGENT = `whosbehind/${VERSION}`;

/** Side effects the client needs, passed in so tests control time, randomness and the network. */
export interface HttpEffects {
  fetch: typeof globalThis.fetch;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): number;
  random(): number;
}

/** The real effects: global fetch, timers, the clock, Math.random. */
export const REAL_EFFECTS: HttpEffects = {
  fetch: (...args) => globalThis.fetch(...args),
  sleep: (ms, signal) => new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(abortError(signal)); return; }
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = (): void => { clearTimeout(t); reject(abortError(signal!)); };
    signal?.addEventListener('abort', onAbort, { once: true });
  }),
  now: () => Date.now(),
  random: () => Math.random(),
};

export interface HttpOptions {
  /** API root, e.g. https://api.usaspending.gov (a mirror with the same paths works). */
  baseUrl: string;
  /** Most requests a second (polite default 2); 0 = no limit. */
  ratePerSecond?: number;
  /** Attempts per request before giving up (default 6). */
  attempts?: number;
  /** First backoff step in ms (default 1000); doubles each retry, capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per-request timeout in ms (default 60 s; downloads get 10× this). */
  timeoutMs?: number;
  /** Longest Retry-After honoured, in ms (default 5 minutes); longer waits fail with a message. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  effects?: HttpEffects;
  /** Called before each wait between attempts (progress lines on stderr in the CLI). */
  onRetry?(info: { url: string; attempt: number; waitMs: number; reason: string }): void;
}

/** The request as sent and the body as received: what the cache stores as provenance. */
export interface Exchange {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  status: number;
  text: string;
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Largest JSON answer accepted (a page of 100 results is well under 1 MB); a hostile mirror cannot exhaust memory. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** Largest download accepted. */
export const MAX_DOWNLOAD_BYTES = 8 * 1024 * 1024 * 1024;

/** Thrown for a response worth retrying (kept apart from final errors). */
class Retryable extends Error {
  constructor(message: string, readonly retryAfterMs?: number) { super(message); }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new FetchError('fetch interrupted');
}

/** Retry-After as seconds or an HTTP date → ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const t = Date.parse(value);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

/**
 * A polite HTTP client for the USAspending API: one request at a time at most `ratePerSecond`, retries
 * with exponential backoff and full jitter on 408/429/5xx, timeouts and dropped connections (honouring
 * Retry-After), and errors that say which request failed and what the server said.
 */
export class HttpClient {
  readonly baseUrl: string;
  private readonly fx: HttpEffects;
  private nextSlot = 0;

  constructor(private readonly options: HttpOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new UsageError(`--base-url ${JSON.stringify(options.baseUrl)} is not a URL (e.g. https://api.usaspending.gov)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must be http or https, not ${url.protocol}`);
    this.baseUrl = url.toString().replace(/\/+$/, '');
    this.fx = options.effects ?? REAL_EFFECTS;
  }

  /** Absolute URL of an API path, or an absolute URL as given (download file URLs). */
  resolve(pathOrUrl: string): string {
    return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
  }

  /** POSTs JSON and returns the exchange with a parsed body; 4xx other than 408/429 fail at once. */
  async postJson(path: string, body: unknown): Promise<Exchange & { json: unknown }> {
    return this.json('POST', path, body);
  }

  async getJson(path: string): Promise<Exchange & { json: unknown }> {
    return this.json('GET', path, undefined);
  }

  /**
   * GETs a text answer (an XML feed page): retried like JSON on 408/429/5xx, timeouts and dropped
   * connections; `validate` may call the body unusable (e.g. a cut-off page), which is retried too.
   */
  async getText(path: string, accept: string, validate?: (text: string) => string | undefined): Promise<Exchange> {
    const url = this.resolve(path);
    return this.withRetries(url, async (signal) => {
      const res = await this.fx.fetch(url, { method: 'GET', signal, headers: { accept, 'user-agent': USER_AGENT } });
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (declared > MAX_JSON_BYTES) throw new FetchError(`GET ${url}: the answer is ${declared} bytes, more than the ${MAX_JSON_BYTES} a page may be`);
      const text = await res.text();
      if (text.length > MAX_JSON_BYTES) throw new FetchError(`GET ${url}: the answer is larger than the ${MAX_JSON_BYTES} bytes a page may be`);
      this.check(res, url, text);
      const problem = validate?.(text);
      if (problem !== undefined) throw new Retryable(`GET ${url}: ${problem}`);
      return { method: 'GET' as const, url, status: res.status, text };
    });
  }

  private async json(method: 'GET' | 'POST', path: string, body: unknown): Promise<Exchange & { json: unknown }> {
    const url = this.resolve(path);
    return this.withRetries(url, async (signal) => {
      const res = await this.fx.fetch(url, {
        method, signal,
        headers: { accept: 'application/json', 'user-agent': USER_AGENT, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (declared > MAX_JSON_BYTES) throw new FetchError(`${method} ${url}: the answer is ${declared} bytes, more than the ${MAX_JSON_BYTES} a JSON answer may be`);
      const text = await res.text();
      if (text.length > MAX_JSON_BYTES) throw new FetchError(`${method} ${url}: the answer is larger than the ${MAX_JSON_BYTES} bytes a JSON answer may be`);
      this.check(res, url, text);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Retryable(`${method} ${url}: the response is not JSON (${text.slice(0, 120).replace(/\s+/g, ' ')}…)`);
      }
      return { method, url, body, status: res.status, text, json };
    });
  }

  /**
   * Streams a file to `path` (through `path.part`, renamed when whole), checking Content-Length; a short
   * body (dropped connection) is retried. Memory stays flat however large the download.
   */
  async downloadTo(pathOrUrl: string, path: string): Promise<number> {
    const url = this.resolve(pathOrUrl);
    return this.withRetries(url, async (signal) => {
      const res = await this.fx.fetch(url, { method: 'GET', signal, headers: { 'user-agent': USER_AGENT } });
      if (!res.ok) this.check(res, url, await res.text().catch(() => ''));
      const declared = res.headers.get('content-length');
      if (Number(declared ?? 0) > MAX_DOWNLOAD_BYTES) {
        throw new FetchError(`GET ${url}: the file is ${declared} bytes, more than the ${MAX_DOWNLOAD_BYTES} accepted`);
      }
      if (!res.body) throw new Retryable(`GET ${url}: no body`);
      const part = `${path}.part`;
      let bytes = 0;
      const count = new Transform({ transform(chunk: Buffer, _e, done) { bytes += chunk.length; done(null, chunk); } });
      const out = createWriteStream(part);
      try {
        await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), count, out);
      } catch (error) {
        // the file may still be open (or not yet created) when the pipeline gives up: wait for it, then remove it
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
        rmSync(part, { force: true });
        if (signal.aborted) throw error;
        throw new Retryable(`GET ${url}: the download broke off after ${bytes} bytes (${(error as Error).message})`);
      }
      if (declared !== null && Number(declared) !== bytes) {
        rmSync(part, { force: true });
        throw new Retryable(`GET ${url}: received ${bytes} of ${declared} bytes (connection dropped)`);
      }
      renameSync(part, path);
      return bytes;
    }, 10);
  }

  private check(res: Response, url: string, text: string): void {
    if (res.ok) return;
    const said = text.slice(0, 300).replace(/\s+/g, ' ').trim();
    if (RETRY_STATUSES.has(res.status)) {
      throw new Retryable(`HTTP ${res.status} from ${url}${said ? `: ${said}` : ''}`, parseRetryAfter(res.headers.get('retry-after'), this.fx.now()));
    }
    throw new FetchError(`HTTP ${res.status} from ${url}: the API refused the request${said ? ` (${said})` : ''}`);
  }

  private async throttle(): Promise<void> {
    const rate = this.options.ratePerSecond ?? 2;
    if (rate <= 0) return;
    const now = this.fx.now();
    const wait = this.nextSlot - now;
    this.nextSlot = Math.max(now, this.nextSlot) + 1000 / rate;
    if (wait > 0) await this.fx.sleep(wait, this.options.signal);
  }

  private async withRetries<T>(url: string, attemptFn: (signal: AbortSignal) => Promise<T>, timeoutFactor = 1): Promise<T> {
    const attempts = this.options.attempts ?? 6;
    const base = this.options.backoffMs ?? 1000;
    const cap = this.options.maxBackoffMs ?? 60_000;
    const timeoutMs = (this.options.timeoutMs ?? 60_000) * timeoutFactor;
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 300_000;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const outer = this.options.signal;
      if (outer?.aborted) throw abortError(outer);
      await this.throttle();
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new Retryable(`no response from ${url} within ${timeoutMs / 1000} s (timeout)`)), timeoutMs);
      const onOuter = (): void => timeout.abort(abortError(outer!));
      outer?.addEventListener('abort', onOuter, { once: true });
      let retryAfter: number | undefined;
      try {
        return await attemptFn(timeout.signal);
      } catch (error) {
        if (outer?.aborted) throw abortError(outer);
        if (error instanceof FetchError || error instanceof UsageError) throw error;
        if (timeout.signal.aborted && timeout.signal.reason instanceof Retryable) {
          last = timeout.signal.reason.message;
        } else if (error instanceof Retryable) {
          last = error.message;
          retryAfter = error.retryAfterMs;
        } else {
          last = `${url}: ${(error as Error).message}${(error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : ''}`;
        }
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onOuter);
      }
      if (attempt === attempts) break;
      if (retryAfter !== undefined && retryAfter > maxRetryAfter) {
        throw new FetchError(`${last}; the server asks to wait ${Math.round(retryAfter / 1000)} s (Retry-After), longer than ${maxRetryAfter / 1000} s: try again later`);
      }
      // Full jitter: a random wait up to the exponential step, never less than Retry-After.
      const step = Math.min(cap, base * 2 ** (attempt - 1));
      const waitMs = Math.max(retryAfter ?? 0, Math.round(this.fx.random() * step));
      this.options.onRetry?.({ url, attempt, waitMs, reason: last });
      await this.fx.sleep(waitMs, outer);
    }
    throw new FetchError(`${last}; gave up after ${attempts} attempts`);
  }
}
