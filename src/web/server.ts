/**
 * `whosbehind serve`: the pages and the JSON API over one store, on node:http. One handler turns errors
 * into pages or JSON with a status (never a stack trace); every response carries the security headers;
 * off loopback a token (or an explicit --public, read-only) is required.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { Decision } from '../entities/judgements.js';
import { UsageError, WhosbehindError } from '../errors.js';
import { toCsv } from '../cli/formatRows.js';
import { canonicalQuery, parseParams, type Endpoint, type WebContext } from './endpoint.js';
import { html, href, page } from './html.js';
import { openApiDocument } from './openapi.js';
import { ENDPOINTS, JUDGE_PATH, OPENAPI_PATH } from './routes.js';
import { DEFAULT_SQL_LIMITS, type SqlLimits } from './safeQuery.js';
import { buildSearchIndex, type SearchIndex } from './searchIndex.js';
import { loadStaticFiles, type StaticFile } from './staticFiles.js';
import { PUBLIC_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rateLimit.js';
import { StoreHandle, type StoreView } from './storeHandle.js';

export interface ServeOptions {
  dbPath: string;
  host?: string;
  port?: number;
  /** Required off loopback unless `public`: Bearer header, or a cookie set by visiting ?token=. */
  token?: string;
  /** A read-only public deployment: judgements are refused. */
  public?: boolean;
  sqlLimits?: Partial<SqlLimits>;
  /** Memory cap of one SQL console query's process, in MB (default 1024). */
  sqlMemoryMb?: number;
  connections?: number;
  /** Per-client request limits (default: on with --public, 5 requests/s with bursts of 30; false: off). */
  rateLimit?: RateLimitOptions | false;
  /** A request still unanswered after this long gets a 503 (default 30 s with --public, else 120 s). */
  requestTimeoutMs?: number;
  /** Take the client's address from X-Forwarded-For (set it only behind your own proxy). */
  trustProxy?: boolean;
  /** Answers cached per store generation (0 turns the cache off). */
  cacheEntries?: number;
  /**
   * After the search index, compute the default agency page of the N agencies and the company page of the
   * N families with the most transactions, so their first visitors do not wait (0: none).
   */
  prewarm?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  server: Server;
  store: StoreHandle;
  /** Resolves when the search index is built. */
  ready: Promise<unknown>;
  /** Resolves when the prewarmed pages are computed. */
  prewarmed: Promise<unknown>;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const COOKIE = 'wb_token';

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

class HttpError extends WhosbehindError {
  override readonly httpStatus: number;
  constructor(status: number, message: string) {
    super(message);
    this.httpStatus = status;
  }
}

const sameSecret = (a: string, b: string): boolean => {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
};

function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try {
      out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      // a malformed cookie is no cookie (not a server error)
    }
  }
  return out;
}

async function readBody(req: IncomingMessage, max = 16_384): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new HttpError(413, `request body larger than ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the server; resolves once it listens. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  if (!loopback && !options.token && !options.public) {
    throw new UsageError(`binding to ${host} makes the server reachable from other machines: give --token TOKEN (then send it as a Bearer header or visit /?token=TOKEN once), or --public for a read-only public deployment`);
  }
  if (options.token !== undefined && options.token.length < 8) throw new UsageError('--token must be at least 8 characters');
  const log = options.log ?? (() => {});
  const store = await StoreHandle.open(options.dbPath, { connections: options.connections, sqlMemoryMb: options.sqlMemoryMb, log });
  const statics = await loadStaticFiles();
  const sqlLimits = { ...DEFAULT_SQL_LIMITS, ...options.sqlLimits };
  store.sql.warm();
  const csrfToken = randomBytes(24).toString('base64url');
  const maxCache = options.cacheEntries ?? 500;

  // one search index per generation; while a new one builds, searches use the newest finished one
  // (a whole older snapshot, never a mix)
  interface IndexEntry { generation: number; promise: Promise<SearchIndex>; size: number | null }
  const indexes = new Map<number, IndexEntry>();
  const search = (view: StoreView): Promise<SearchIndex> => {
    let entry = indexes.get(view.generation);
    if (!entry) {
      const e: IndexEntry = {
        generation: view.generation, size: null,
        promise: view.use((db) => buildSearchIndex(db)).then((built) => {
          e.size = built.size;
          for (const g of indexes.keys()) if (g < e.generation) indexes.delete(g);
          log(`search index: ${built.size} documents in ${built.builtMs} ms (store generation ${e.generation})`);
          return built;
        }),
      };
      e.promise.catch(() => { if (indexes.get(e.generation) === e) indexes.delete(e.generation); });
      indexes.set(view.generation, e);
      entry = e;
    }
    if (entry.size !== null) return entry.promise;
    const older = [...indexes.values()].filter((x) => x.generation < view.generation && x.size !== null).pop();
    return (older ?? entry).promise;
  };
  const searchSize = (): number | null => [...indexes.values()].filter((x) => x.size !== null).pop()?.size ?? null;
  const cache = new Map<string, { generation: number; value: Promise<unknown> }>();
  const baseCtx: Omit<WebContext, 'store' | 'search'> = { searchSize, cachedAnswers: () => cache.size, canJudge: !options.public, csrfToken, sqlLimits };
  const contextFor = (view: StoreView): WebContext => ({ ...baseCtx, store: view, search: () => search(view) });

  async function load(ctx: WebContext, e: Endpoint<unknown>, params: Record<string, string | number | undefined>): Promise<unknown> {
    if (!e.cache || maxCache === 0) return e.load(ctx, params);
    const key = `${e.id}?${new URLSearchParams(canonicalQuery(e.params, params)).toString()}`;
    const hit = cache.get(key);
    if (hit && hit.generation === ctx.store.generation) {
      cache.delete(key);
      cache.set(key, hit);
      return hit.value;
    }
    const value = e.load(ctx, params);
    cache.set(key, { generation: ctx.store.generation, value });
    value.catch(() => cache.delete(key));
    while (cache.size > maxCache) cache.delete(cache.keys().next().value!);
    return value;
  }

  // rendered bodies of cacheable endpoints (JSON, CSV, pages), so a warm request costs no rendering
  const bodies = new Map<string, { generation: number; body: string }>();
  async function rendered(ctx: WebContext, e: Endpoint<unknown>, key: string, make: () => Promise<string>): Promise<string> {
    if (!e.cache || maxCache === 0) return make();
    const hit = bodies.get(key);
    if (hit && hit.generation === ctx.store.generation) return hit.body;
    const generation = ctx.store.generation;
    const body = await make();
    bodies.set(key, { generation, body });
    while (bodies.size > Math.min(200, maxCache)) bodies.delete(bodies.keys().next().value!);
    return body;
  }

  const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;
  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra };
    const accept = String(res.req.headers['accept-encoding'] ?? '');
    const raw = typeof body === 'string' ? Buffer.from(body) : body;
    const encoding = raw.length < 1024 || !COMPRESSIBLE.test(type) ? undefined : /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : undefined;
    if (COMPRESSIBLE.test(type)) headers['Vary'] = 'Accept-Encoding';
    const finish = (out: Buffer): void => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, { ...headers, 'Content-Length': String(out.length) });
      res.end(res.req.method === 'HEAD' ? undefined : out);
    };
    if (!encoding) return finish(raw);
    headers['Content-Encoding'] = encoding;
    const done = (error: Error | null, out: Buffer): void => {
      if (error) {
        delete headers['Content-Encoding'];
        return finish(raw);
      }
      finish(out);
    };
    if (encoding === 'br') brotliCompress(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } }, done);
    else gzip(raw, { level: 6 }, done);
  }

  /** A 200 of an answer: ETag keyed by the snapshot and generation served, and a 304 when the client has it. */
  function sendAnswer(res: ServerResponse, ctx: WebContext, type: string, body: string, extra: Record<string, string> = {}): void {
    const tag = `W/"s${ctx.store.context.snapshotId ?? 0}-g${ctx.store.generation}-${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;
    const cacheControl = options.public ? 'public, max-age=60' : options.token ? 'private, no-cache' : 'no-cache';
    const headers = { ...extra, ETag: tag, 'Cache-Control': cacheControl };
    const given = String(res.req.headers['if-none-match'] ?? '');
    if (given && given.split(/\s*,\s*/).includes(tag)) {
      res.writeHead(304, { ...SECURITY_HEADERS, ETag: tag, 'Cache-Control': cacheControl });
      res.end();
      return;
    }
    send(res, 200, type, body, headers);
  }

  function sendError(res: ServerResponse, api: boolean, status: number, message: string): void {
    if (api) send(res, status, 'application/json; charset=utf-8', JSON.stringify({ error: { status, message } }));
    else send(res, status, 'text/html; charset=utf-8', page(`Error ${status}`, html`<p class="error">${message}</p><p><a href="/">Home</a></p>`));
  }

  function authorized(req: IncomingMessage, url: URL, res: ServerResponse): boolean {
    if (!options.token) return true;
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!sameSecret(given, options.token)) return false;
      url.searchParams.delete('token');
      const back = `${url.pathname}${url.search}`;
      send(res, 303, 'text/plain; charset=utf-8', 'authorized', {
        Location: back.startsWith('/') && !back.startsWith('//') ? back : '/',
        // behind a TLS-terminating proxy (X-Forwarded-Proto: https) the cookie never travels in clear text
        'Set-Cookie': `${COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/${req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : ''}`,
      });
      return true;
    }
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), options.token)) return true;
    const c = cookies(req).get(COOKIE);
    return c !== undefined && sameSecret(c, options.token);
  }

  async function judge(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!baseCtx.canJudge) throw new HttpError(403, 'this is a read-only public server: judgements are disabled');
    // same origin only: a browser always sends Origin on a cross-site POST
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) throw new HttpError(403, 'cross-origin request refused');
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'cross-site request refused');
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    if (type === 'application/json') {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        throw new UsageError('the request body is not valid JSON');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new UsageError('the request body must be a JSON object');
    } else if (type === 'application/x-www-form-urlencoded') {
      body = Object.fromEntries(new URLSearchParams(raw));
    } else throw new HttpError(415, 'send application/json or a form (application/x-www-form-urlencoded)');
    const csrf = String(body['csrf'] ?? req.headers['x-csrf-token'] ?? '');
    if (!sameSecret(csrf, csrfToken)) throw new HttpError(403, 'missing or wrong csrf token (reload the Data page)');
    const decision = body['decision'];
    if (decision !== 'accept' && decision !== 'reject') throw new UsageError('decision must be accept or reject');
    const ids = (Array.isArray(body['ids']) ? body['ids'].map(String) : String(body['ids'] ?? '').split(/[\s,]+/)).filter(Boolean);
    if (!ids.length || ids.length > 100) throw new UsageError('give between 1 and 100 suggestion ids');
    for (const id of ids) if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new UsageError(`not a suggestion id: ${id.slice(0, 40)}`);
    const note = body['note'] === undefined ? undefined : String(body['note']).slice(0, 500);
    const judged = await store.judge(decision as Decision, ids, note ?? 'judged in the web app');
    if (type === 'application/json') send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ judged }));
    else send(res, 303, 'text/plain; charset=utf-8', 'judged', { Location: '/data' });
  }

  function serveStatic(res: ServerResponse, file: StaticFile | undefined): void {
    if (!file) throw new HttpError(404, 'no such file');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.type, 'Cache-Control': 'public, max-age=3600', ETag: file.etag });
    res.end(res.req.method === 'HEAD' ? undefined : file.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, ctx: WebContext): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      throw new HttpError(400, 'malformed request URL');
    }
    const path = url.pathname;
    // a page on loopback answers only to loopback names (a DNS-rebinding page cannot reach it)
    const hostName = String(req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (loopback && !isLoopback(hostName)) throw new HttpError(400, 'this server answers only to localhost names');
    if (!authorized(req, url, res)) {
      if (res.headersSent) return;
      throw new HttpError(401, 'a token is required: send Authorization: Bearer TOKEN, or open /?token=TOKEN once in the browser');
    }
    if (res.headersSent) return;
    if (path.startsWith('/static/')) return serveStatic(res, statics.get(path.slice('/static/'.length)));
    if (path === '/favicon.ico') return send(res, 204, 'text/plain', '');
    if (path === JUDGE_PATH) {
      if (req.method !== 'POST') throw new HttpError(405, 'POST only');
      return judge(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'GET only here');
    if (path === OPENAPI_PATH) return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(openApiDocument(), null, 1));
    for (const e of ENDPOINTS) {
      if (path === e.api) {
        const params = parseParams(e.params, url.searchParams);
        const format = url.searchParams.get('format') ?? 'json';
        const formats = ['json', ...(e.csv ? ['csv'] : []), ...Object.keys(e.formats ?? {})];
        if (!formats.includes(format)) throw new UsageError(`format must be ${formats.join(', ')}`);
        const data = await load(ctx, e, params);
        const other = e.formats?.[format];
        if (other) {
          if (data === null) throw new UsageError(`nothing to render as ${format}: give the parameters the page needs`);
          const r = await other(data);
          const disposition = url.searchParams.get('download') === '1' ? `attachment; filename="${r.filename}"` : 'inline';
          return send(res, 200, r.type, r.body, { 'Content-Disposition': disposition, ...(r.csp ? { 'Content-Security-Policy': r.csp, 'X-Frame-Options': 'SAMEORIGIN' } : {}) });
        }
        const key = `${e.id}?${new URLSearchParams(canonicalQuery(e.params, params)).toString()}`;
        if (format === 'csv') return sendAnswer(res, ctx, 'text/csv; charset=utf-8', await rendered(ctx, e, `csv:${key}`, async () => toCsv(e.csv!(data))), { 'Content-Disposition': `attachment; filename="whosbehind-${e.id}.csv"` });
        const body = e.id === 'data' && ctx.canJudge ? { ...(data as object), csrfToken } : data;
        return sendAnswer(res, ctx, 'application/json; charset=utf-8', await rendered(ctx, e, `json:${key}`, async () => JSON.stringify(body)));
      }
      if (e.page && path === e.page && e.render) {
        const params = parseParams(e.params, url.searchParams);
        const query = canonicalQuery(e.params, params);
        const body = await rendered(ctx, e, `page:${e.id}?${new URLSearchParams(query).toString()}`, async () => {
          const r = e.render!(await load(ctx, e, params), params, ctx);
          const links = { json: href(e.api, query), ...(e.csv ? { csv: href(e.api, { ...query, format: 'csv' }) } : {}) };
          return page(r.title, r.body, { links, scripts: r.scripts, query: e.id === 'search' ? String(params['q'] ?? '') : undefined });
        });
        return sendAnswer(res, ctx, 'text/html; charset=utf-8', body);
      }
    }
    throw new HttpError(404, `no page ${path}`);
  }

  const limiter = options.rateLimit === false ? undefined : options.rateLimit ? new RateLimiter(options.rateLimit) : options.public ? new RateLimiter(PUBLIC_RATE_LIMIT) : undefined;
  const requestTimeoutMs = options.requestTimeoutMs ?? (options.public ? 30_000 : 120_000);
  const clientOf = (req: IncomingMessage): string => {
    const forwarded = options.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim() : '';
    return forwarded || req.socket.remoteAddress || 'unknown';
  };

  const server = createServer((req, res) => {
    const api = (req.url ?? '').startsWith('/api/');
    if (limiter && !(req.url ?? '').startsWith('/static/')) {
      const r = limiter.take(clientOf(req));
      if (!r.ok) {
        res.setHeader('Retry-After', String(r.retryAfterS));
        sendError(res, api, 429, `too many requests from your address: try again in ${r.retryAfterS} s`);
        return;
      }
    }
    // a request not answered in time gets a 503; its answer is still computed and cached for the next one
    const timer = setTimeout(() => {
      if (!res.headersSent) sendError(res, api, 503, `the answer took longer than ${requestTimeoutMs / 1000} s: try again shortly (it is being computed and will be cached)`);
    }, requestTimeoutMs);
    res.once('close', () => clearTimeout(timer));
    // the request reads one generation of the store from start to end
    const view = store.pin();
    res.once('close', () => view.release());
    handle(req, res, contextFor(view)).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof WhosbehindError && error.httpStatus < 500) sendError(res, api, error.httpStatus, error.message);
      else {
        // details stay in the server's log; the client learns only that it failed
        log(`internal error on ${req.method} ${(req.url ?? '').slice(0, 200)}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        sendError(res, api, 500, 'internal error: the server could not answer this request (details are in the server log)');
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  store.onSwitch(() => {
    cache.clear();
    bodies.clear();
    // the new snapshot's index and its largest pages are computed in the background
    const view = store.pin();
    void search(view).catch(() => undefined).finally(() => view.release());
    if ((options.prewarm ?? 0) > 0) void prewarm(options.prewarm!).catch(() => undefined);
  });
  const first = store.pin();
  const ready = search(first).finally(() => first.release()).catch((error: unknown) => log(`search index failed: ${(error as Error).message}`));
  let closing = false;
  const prewarmed = (options.prewarm ?? 0) > 0 ? ready.then(() => prewarm(options.prewarm!)) : Promise.resolve();

  /** Fills the cache with the largest agencies' and families' pages, one at a time, in the background. */
  async function prewarm(n: number): Promise<void> {
    const t0 = Date.now();
    const subjects = await store.use(async (db) => ({
      agencies: (await db.rows(`SELECT awarding_sub_agency_code FROM tx_current WHERE awarding_sub_agency_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT ${Math.floor(n)}`)).map((r) => String(r[0])),
      families: (await db.rows(`SELECT family_id FROM entity_families ORDER BY records DESC LIMIT ${Math.floor(n)}`)).map((r) => String(r[0])),
    }));
    let done = 0;
    for (const [id, q] of [...subjects.agencies.map((a) => ['agency', a] as const), ...subjects.families.map((f) => ['company', f] as const)]) {
      if (closing) return;
      const e = ENDPOINTS.find((x) => x.id === id)!;
      const view = store.pin();
      await load(contextFor(view), e, parseParams(e.params, new URLSearchParams({ q }))).finally(() => view.release()).then(() => done++, (error: unknown) => log(`prewarm ${id} ${q}: ${(error as Error).message}`));
    }
    log(`prewarmed ${done} agency and company pages in ${Date.now() - t0} ms`);
  }
  return {
    url: `http://${shown}:${addr.port}`,
    server, store, ready, prewarmed,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      closing = true;
      await ready;
      await prewarmed;
      store.close();
    },
  };
}

