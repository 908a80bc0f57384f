import { CallCache, type CachedCall } from './callCache.js';
import { FetchError } from '../../errors.js';
import type { HttpClient } from './http.js';

/** A JSON answer and the cached call it came from. */
export interface ApiAnswer {
  json: unknown;
  call: CachedCall;
  /** True when replayed from the cache (a resumed run) rather than fetched now. */
  cached: boolean;
}

/** A text answer (an XML page) and the cached call it came from. */
export interface TextAnswer {
  text: string;
  call: CachedCall;
  cached: boolean;
}

/**
 * The HTTP client behind a cache: a request already answered in this run's cache folder is replayed
 * from disk, anything else is fetched and cached before it is used. Every call used is remembered in
 * order, so the snapshot can record exactly which API calls its rows came from.
 */
export class ApiSession {
  readonly used: CachedCall[] = [];
  fetched = 0;
  replayed = 0;

  constructor(readonly http: HttpClient, readonly cache: CallCache, private readonly now: () => Date = () => new Date()) {}

  async post(path: string, body: unknown, options: { cache?: boolean } = {}): Promise<ApiAnswer> {
    return this.call('POST', path, body, options.cache ?? true);
  }

  /**
   * GETs JSON. `keep` turns the response text into what is cached and used (an LDA fetch removes
   * personal fields there, so they never reach the disk); by default the text is kept byte for byte.
   */
  async get(path: string, options: { cache?: boolean; keep?: (text: string) => string } = {}): Promise<ApiAnswer> {
    return this.call('GET', path, undefined, options.cache ?? true, options.keep);
  }

  /**
   * GETs a text page (an XML feed page), replayed from the cache when this run already has it; a cached
   * page that `validate` refuses is fetched again. The raw body is kept as `<key>.response.<ext>`.
   */
  async getText(path: string, options: { accept: string; ext: string; validate?: (text: string) => string | undefined }): Promise<TextAnswer> {
    const url = this.http.resolve(path);
    const key = CallCache.key('GET', url, undefined);
    const hit = this.cache.get(key);
    if (hit && options.validate?.(hit.text) === undefined) {
      this.replayed++;
      this.used.push(hit.call);
      return { text: hit.text, call: hit.call, cached: true };
    }
    const ex = await this.http.getText(path, options.accept, options.validate);
    this.fetched++;
    const call = this.cache.put(key, { method: 'GET', url, status: ex.status, fetchedAt: this.now().toISOString() }, ex.text, options.ext);
    this.used.push(call);
    return { text: ex.text, call, cached: false };
  }

  private async call(method: 'GET' | 'POST', path: string, body: unknown, useCache: boolean, keep?: (text: string) => string): Promise<ApiAnswer> {
    const url = this.http.resolve(path);
    const key = CallCache.key(method, url, body);
    const hit = useCache ? this.cache.get(key) : undefined;
    if (hit) {
      this.replayed++;
      this.used.push(hit.call);
      return { json: parse(hit.text, hit.call.url), call: hit.call, cached: true };
    }
    const ex = method === 'POST' ? await this.http.postJson(path, body) : await this.http.getJson(path);
    this.fetched++;
    const text = keep ? keep(ex.text) : ex.text;
    const call = this.cache.put(key, { method, url, ...(body === undefined ? {} : { body }), status: ex.status, fetchedAt: this.now().toISOString() }, text);
    this.used.push(call);
    return { json: keep ? parse(text, url) : ex.json, call, cached: false };
  }
}

function parse(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new FetchError(`cached response of ${url} is not JSON: delete the cache folder and fetch again`);
  }
}
