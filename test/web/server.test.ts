/**
 * The web server over a small hostile store: every documented API route answers, the OpenAPI document
 * validates, and each attack the issue names is tried (SQL escapes, XSS, CSV injection, tokens, path
 * traversal, bad parameters, the CSRF-protected judgement path, writes outside it).
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { openApiDocument } from '../../src/web/openapi.js';
import { ENDPOINTS } from '../../src/web/routes.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { parseCsv } from '../support/csv.js';
import type { TempStore } from '../support/tempStore.js';
import { buildWebStore, FORMULA_DESCRIPTION, serveStore, XSS_DESCRIPTION, XSS_NAME } from './webFixture.js';

let store: TempStore;
let server: RunningServer;
const fileHash = (): string => createHash('sha256').update(readFileSync(store.dbPath)).digest('hex');
let hashAtStart: string;

beforeAll(async () => {
  store = await buildWebStore();
  hashAtStart = fileHash();
  server = await serveStore(store, { sqlLimits: { timeoutMs: 1500, maxRows: 50, maxBytes: 2_000_000 }, sqlMemoryMb: 600 });
}, 120_000);
afterAll(async () => {
  await server?.close();
  store?.cleanup();
});

const get = (path: string, init: RequestInit = {}): Promise<Response> => fetch(server.url + path, { redirect: 'manual', ...init });
async function json(path: string): Promise<{ status: number; body: any }> {
  const r = await get(path);
  return { status: r.status, body: await r.json() };
}

/** Parameters that give each documented GET route a real answer in the fixture store. */
const EXAMPLES: Record<string, string> = {
  '/api/status': '', '/api/health': '', '/api/openapi.json': '',
  '/api/search': '?q=acme', '/api/agency': '?q=ICE', '/api/company': '?q=ACME DATA SYSTEMS LLC',
  '/api/award': '?id=A1', '/api/path': '?from=CLOUDSHOP RESELLER LLC&to=ICE', '/api/data': '',
  '/api/sql': '?q=SELECT count(*) AS n FROM transactions',
  '/api/report': '?kind=agency&q=ICE',
};

describe('OpenAPI document and routes', () => {
  it('validates as OpenAPI 3.1 and documents every endpoint the server has', async () => {
    const r = await json('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(r.body))).resolves.toBeTruthy();
    const documented = Object.keys(r.body.paths).sort();
    expect(documented).toEqual([...ENDPOINTS.map((e) => e.api), '/api/openapi.json', '/api/suggestions/judge'].sort());
    expect(r.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('every documented GET route answers 200 with JSON, and CSV where documented', async () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, any>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!ops['get']) continue;
      expect(EXAMPLES, `example for ${path}`).toHaveProperty([path]);
      const r = await get(path + EXAMPLES[path]);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toMatch(/^application\/json/);
      await r.json();
      if (ops['get'].responses['200'].content['text/csv']) {
        const c = await get(`${path}${EXAMPLES[path] || '?'}&format=csv`);
        expect(c.status, `${path} csv`).toBe(200);
        expect(c.headers.get('content-type')).toMatch(/^text\/csv/);
        expect(parseCsv(await c.text()).length).toBeGreaterThan(0);
      }
    }
  });

  it('an undocumented route is a 404, as JSON under /api and as a page elsewhere', async () => {
    const a = await json('/api/nothing-here');
    expect(a).toEqual({ status: 404, body: { error: { status: 404, message: 'no page /api/nothing-here' } } });
    const p = await get('/nothing-here');
    expect(p.status).toBe(404);
    expect(p.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('every page answers, links its JSON and CSV, and carries the security headers', async () => {
    for (const path of ['/report', '/report?kind=agency&q=ICE', '/', '/search?q=acme', '/agency?q=ICE', '/company?q=ACME%20DATA%20SYSTEMS%20LLC', '/award?id=A1', '/path?from=CLOUDSHOP%20RESELLER%20LLC&to=ICE', '/data', '/sql?q=SELECT%201']) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      const text = await r.text();
      expect(text).toMatch(/This page's data: <a href="\/api\//);
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(text).not.toMatch(/<script>|<script [^>]*>[^<]/); // scripts only as files
    }
  });
});

describe('the report page', () => {
  it('shows the dossier in a sandboxed frame, served with a policy that allows no script, and offers its downloads', async () => {
    const page = await (await get('/report?kind=agency&q=ICE')).text();
    expect(page).toMatch(/<iframe class="report" title="[^"]*" sandbox src="\/api\/report\?kind=agency&amp;q=ICE&amp;format=html">/);
    const doc = await get('/api/report?kind=agency&q=ICE&format=html');
    expect(doc.status).toBe(200);
    const csp = doc.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    const text = await doc.text();
    expect(text).not.toMatch(/<script/i);
    expect(text).not.toContain('<script>window.__xss');
    expect((await get('/api/report?kind=agency&q=ICE&format=md&download=1')).headers.get('content-disposition')).toBe('attachment; filename="whosbehind-report.md"');
    const model = await json('/api/report?kind=agency&q=ICE');
    expect(model.body.schema).toBe('whosbehind.report/1');
    expect((await json('/api/report?kind=agency&format=html')).status).toBe(400);
  });
});

describe('answers match the library', () => {
  it('company JSON totals are the answer the CLI prints: de-obligation kept, money as exact strings', async () => {
    const r = await json('/api/company?q=ACME%20DATA%20SYSTEMS%20LLC');
    expect(r.body.answer.totals.obligations).toBe('379.50');
    expect(typeof r.body.answer.totals.obligations).toBe('string');
  });

  it('the home page suggests this store\'s largest agency and family, escaped, and the API carries them', async () => {
    const body = (await (await get('/api/status')).json()) as { examples: { agency: { code: string }; company: { id: string; name: string } } };
    // ICE (7012) obligates 1000 + 250 + 379.50 + 300 + 700 + 900 here, CBP 40; the largest family is the hostile-named one (1000.00)
    expect(body.examples.agency.code).toBe('7012');
    expect(body.examples.company.name).toBe(XSS_NAME);
    const page = await (await get('/')).text();
    const line = page.match(/<p>Try: (.*?)<\/p>/)![1]!;
    expect(line).toContain('href="/agency?q=7012"');
    expect(line).toContain(`href="/path?from=${encodeURIComponent(body.examples.company.id)}&amp;to=7012"`);
    expect(line).not.toContain('<script>');
    expect(line).toContain('EVIL &lt;script&gt;');
  });

  it('the award timeline lists the modification and its de-obligation', async () => {
    const r = await json('/api/award?id=A1');
    expect(r.body.transactions.map((t: any) => [t.modificationNumber, t.obligation, t.deobligation])).toEqual([['0', '500.00', false], ['1', '-120.50', true]]);
    const page = await (await get('/award?id=A1')).text();
    expect(page).toContain('-$120.50');
    expect(page).toContain('<svg');
  });

  it('search finds companies, agencies and awards by description words, ranked', async () => {
    const r = await json('/api/search?q=amazon%20web');
    expect(r.body.hits[0]).toMatchObject({ type: 'award', label: 'R1', matched: ['text'] });
    const ice = await json('/api/search?q=immigration');
    expect(ice.body.hits[0]).toMatchObject({ type: 'agency', id: '7012' });
    const prefix = await json('/api/search?q=acm&type=company');
    expect(prefix.body.hits.map((h: any) => h.label).sort()).toEqual(['ACME DATA SYSTEM, LLC', 'ACME DATA SYSTEMS LLC']);
  });
});

describe('attacks', () => {
  const sql = async (q: string) => json(`/api/sql?q=${encodeURIComponent(q)}`);

  it.each([
    ['a write', 'DELETE FROM transactions'],
    ['DDL', 'CREATE TABLE x AS SELECT 1'],
    ['ATTACH', "ATTACH '/tmp/evil.duckdb' AS evil"],
    ['COPY', "COPY transactions TO '/tmp/out.csv'"],
    ['INSTALL', 'INSTALL httpfs'],
    ['LOAD', 'LOAD httpfs'],
    ['PRAGMA', 'PRAGMA database_list'],
    ['SET', "SET enable_external_access = true"],
    ['read_csv', "SELECT * FROM read_csv('/etc/passwd')"],
    ['read_text in a subquery', "SELECT (SELECT content FROM read_text('/etc/passwd'))"],
    ['glob', "SELECT * FROM glob('/etc/*')"],
    ['a settings table function', 'SELECT * FROM duckdb_settings()'],
    ['several statements', 'SELECT 1; DELETE FROM transactions'],
    ['an internal table', 'SELECT * FROM entity_judgements'],
    ['a storage table under a view', 'SELECT * FROM tx_current'],
    ['another catalog', 'SELECT * FROM system.main.duckdb_tables'],
    ['EXPORT DATABASE', "EXPORT DATABASE '/tmp/whosbehind-export'"],
    ['CREATE SECRET', "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')"],
    ['UPDATE', "UPDATE transactions SET recipient_name = 'x'"],
    ['PRAGMA with arguments', "PRAGMA table_info('transactions')"],
    ['CALL', 'CALL pragma_version()'],
    ['EXPLAIN', 'EXPLAIN SELECT 1'],
  ])('SQL: %s is refused with a 400', async (_what, q) => {
    const r = await sql(q);
    expect(r.status).toBe(400);
    expect(r.body.error.message).not.toMatch(/\bat .*\.(ts|js):\d+/);
    // nothing about the machine (paths under the home folder, secrets storage) reaches the client
    expect(r.body.error.message).not.toMatch(/\/(root|home|tmp|etc)\b|stored_secrets/);
  });

  it.each([
    ['COPY … TO', "COPY transactions TO '/tmp/out.csv'", 'a COPY statement'],
    ['EXPORT DATABASE', "EXPORT DATABASE '/tmp/whosbehind-export'", 'a EXPORT statement'],
    ['CREATE SECRET', "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", 'a CREATE statement'],
    ['UPDATE', "UPDATE transactions SET recipient_name = 'x'", 'a UPDATE statement'],
    ['PRAGMA', 'PRAGMA database_list', 'a PRAGMA statement'],
  ])('SQL: %s is refused from the parse tree with the documented message', async (_what, q, kind) => {
    const r = await sql(q);
    expect(r).toEqual({ status: 400, body: { error: { status: 400, message: `only one SELECT (or WITH … SELECT) is allowed here; this is ${kind}` } } });
  });

  it('SQL: PIVOT with its values listed runs; without them it is one clear refusal, not "two statements"', async () => {
    const ok = await sql("PIVOT transactions ON awarding_sub_agency_code IN ('7012', '7014') USING count(*) GROUP BY awarding_agency_code");
    expect(ok.status).toBe(200);
    expect(ok.body.result.rows).toEqual([{ awarding_agency_code: '070', '7012': 7, '7014': 1 }]);
    const dynamic = await sql('PIVOT transactions ON awarding_sub_agency_code USING count(*)');
    expect(dynamic.status).toBe(400);
    expect(dynamic.body.error.message).toMatch(/^PIVOT needs its values listed here/);
    expect(dynamic.body.error.message).not.toMatch(/got 2/);
  });

  it('SQL: the time limit holds within 1 s even for a query DuckDB cannot interrupt, and the server does not grow', async () => {
    const rss0 = process.memoryUsage().rss;
    const t0 = Date.now();
    // one chunk of gigabyte strings: DuckDB checks for interruption only between chunks
    const r = await sql('SELECT sum(length(repeat(transaction_description, 30000000))) AS n FROM transactions');
    const ms = Date.now() - t0;
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/longer than 1.5 s and was stopped|needed more than .* of memory and was stopped/);
    expect(ms).toBeLessThan(2500);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * 1024 * 1024);
    expect((await sql('SELECT count(*) AS n FROM transactions')).body.result.rows).toEqual([{ n: 8 }]);
  });

  it('SQL: a result over the byte cap is refused with a 413 naming the limit, whole rows or one huge value', async () => {
    for (const q of ["SELECT repeat('x', 3000000) AS s", "SELECT repeat('x', 600000) AS s FROM transactions LIMIT 1000"]) {
      const r = await sql(q);
      expect(r.status, q).toBe(413);
      expect(r.body.error.message).toBe('the result is larger than 2 MB (the limit for one answer): select fewer or shorter columns, or add a LIMIT');
    }
    const page = await get(`/sql?q=${encodeURIComponent("SELECT repeat('x', 3000000) AS s")}`);
    expect(page.status).toBe(413);
    expect(await page.text()).toContain('larger than 2 MB');
    const fits = await sql("SELECT repeat('x', 100000) AS s");
    expect(fits.status).toBe(200);
    expect(fits.body.result.rows[0].s).toHaveLength(100000);
  });

  it('SQL: reads of the views work, CTEs included; rows are capped and a long query is stopped', async () => {
    const ok = await sql('WITH t AS (SELECT recipient_name, federal_action_obligation FROM transactions) SELECT count(*) AS n FROM t');
    expect(ok.status).toBe(200);
    expect(ok.body.result.rows).toEqual([{ n: 8 }]);
    const many = await sql('SELECT * FROM transactions a, transactions b, transactions c');
    expect(many.body.result.rows.length).toBe(50);
    expect(many.body.result.truncated).toBe(true);
    const t0 = Date.now();
    const slow = await sql('WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000000000) SELECT count(*) FROM r');
    expect(slow.status).toBe(400);
    expect(slow.body.error.message).toMatch(/longer than 1.5 s/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    // the server still answers afterwards
    expect((await sql('SELECT 1 AS one FROM snapshots LIMIT 1')).status).toBe(200);
  });

  it('XSS: record text is escaped on every page that shows it', async () => {
    for (const path of ['/award?id=X1', '/search?q=evil', '/agency?q=ICE', '/company?q=TESTEVIL0001', `/sql?q=${encodeURIComponent('SELECT transaction_description, recipient_name FROM transactions')}`]) {
      const text = await (await get(path)).text();
      expect(text, path).not.toContain('<script>window');
      expect(text, path).not.toContain('<img src=x');
      expect(text, path).not.toContain('<svg onload');
      expect(text, path).toMatch(/&lt;script&gt;window\.__xss=1&lt;\/script&gt;|&lt;img src=x onerror=&quot;window\.__xss=2&quot;&gt;/);
    }
    const q = await (await get(`/search?q=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
    expect(q).not.toContain('<script>alert');
    expect(JSON.stringify((await json('/api/award?id=X1')).body)).toContain(XSS_DESCRIPTION.replaceAll('"', '\\"'));
  });

  it('CSV injection: text cells starting with = + - @ are neutralised, negative money is not', async () => {
    const rows = parseCsv(await (await get(`/api/sql?format=csv&q=${encodeURIComponent("SELECT recipient_name, transaction_description, federal_action_obligation FROM transactions ORDER BY award_id_piid, modification_number")}`)).text()).map((r) => r.fields);
    expect(rows).toContainEqual(['@SUM(A1) HOLDINGS'.replace(/^/, "'"), `'${FORMULA_DESCRIPTION}`, '250.00']);
    expect(rows).toContainEqual(['ACME DATA SYSTEMS LLC', 'WORK ON A1', '-120.50']);
    const agency = parseCsv(await (await get('/api/agency?q=ICE&format=csv')).text()).map((r) => r.fields);
    expect(agency.some((r) => r.includes("'@SUM(A1) HOLDINGS"))).toBe(true);
    const award = parseCsv(await (await get('/api/award?id=F1&format=csv')).text()).map((r) => r.fields);
    expect(award[1]).toContain(`'${FORMULA_DESCRIPTION}`);
  });

  it('path traversal on static files finds nothing', async () => {
    for (const p of ['/static/../package.json', '/static/..%2f..%2fpackage.json', '/static/%2e%2e/%2e%2e/package.json', '/static/style.css/../../package.json', '/static//etc/passwd', '/static/']) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(await r.text()).not.toContain('"name": "whosbehind"');
    }
    expect((await get('/static/style.css')).status).toBe(200);
    expect((await get('/static/cytoscape.min.js')).headers.get('content-type')).toMatch(/javascript/);
  });

  it('bad query parameters are 400, not 500, and errors carry no stack trace', async () => {
    for (const p of ['/api/agency', '/api/agency?q=ICE&limit=abc', '/api/agency?q=ICE&limit=0', '/api/agency?q=ICE&basis=sideways', '/api/agency?q=ICE&fy=20x2',
      '/api/agency?q=ICE&q=CBP', '/api/company?q=ACME&format=xml', '/api/search?q=x&offset=-1', '/api/path?from=a&to=b&maxHops=99', '/api/path?from=Palantir&to=ICE&kinds=bogus',
      `/api/search?q=${'x'.repeat(500)}`, '/api/award', '/agency?q=ICE&limit=1e9', '/api/health?format=csv']) {
      const r = await get(p);
      expect(r.status, p).toBe(400);
      const body = await r.text();
      expect(body, p).not.toMatch(/at .*\((\/|file:).*:\d+:\d+\)/);
    }
    expect((await json('/api/company?q=zzzz-no-such-company')).status).toBe(404);
    expect((await json('/api/award?id=NOSUCHAWARD')).status).toBe(404);
    expect((await get('/api/agency?q=ICE', { method: 'DELETE' })).status).toBe(405);
    // a DNS-rebinding page reaches the loopback server under a foreign Host name
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(server.url);
      request({ host: u.hostname, port: u.port, path: '/', headers: { host: 'evil.example' } }, (res) => { res.resume(); resolve(res.statusCode!); }).on('error', reject).end();
    });
    expect(status).toBe(400);
  });

  it('hostile values in every parameter of every route: never a 500', async () => {
    const hostile = ["'", '"; DROP TABLE transactions; --', '%00', '\u0000', '../../etc/passwd', '<script>alert(1)</script>', 'ü'.repeat(250), '9'.repeat(40), '-1', '1e9', '[]', '{}'];
    for (const e of ENDPOINTS) {
      for (const p of e.params) {
        for (const v of hostile) {
          const base = new URLSearchParams(EXAMPLES[e.api]?.slice(1) ?? '');
          base.set(p.name, v);
          for (const path of [e.api, e.page].filter((x): x is string => !!x)) {
            const r = await get(`${path}?${base.toString()}`);
            expect(r.status, `${path}?${base.toString()}`).toBeLessThan(500);
            await r.arrayBuffer();
          }
        }
      }
    }
  });

  it('judgements: POST only, same origin, csrf token; then stored and families re-resolved', async () => {
    const data = await json('/api/data');
    const suggestion = data.body.suggestions.items.find((s: any) => /ACME/.test(s.leftName) && /ACME/.test(s.rightName));
    expect(suggestion).toBeDefined();
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) => get('/api/suggestions/judge', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body).toString(),
    });
    expect((await get('/api/suggestions/judge')).status).toBe(405);
    expect((await post({ decision: 'accept', ids: suggestion.suggestionId })).status).toBe(403);
    expect((await post({ decision: 'accept', ids: suggestion.suggestionId, csrf: 'wrong' })).status).toBe(403);
    expect((await post({ decision: 'accept', ids: suggestion.suggestionId, csrf: data.body.csrfToken }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ decision: 'merge', ids: suggestion.suggestionId, csrf: data.body.csrfToken })).status).toBe(400);
    expect(fileHash()).toBe(hashAtStart); // nothing written by any GET or refused POST so far
    const ok = await post({ decision: 'accept', ids: suggestion.suggestionId, csrf: data.body.csrfToken }, { origin: server.url });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/data');
    const after = await json('/api/company?q=ACME%20DATA%20SYSTEMS%20LLC');
    expect(after.body.answer.totals.obligations).toBe('679.50'); // both ACME names in one family now
    expect((await json('/api/data')).body.suggestions.items.find((s: any) => s.suggestionId === suggestion.suggestionId)).toBeUndefined();
    expect(fileHash()).not.toBe(hashAtStart);
  });
});

describe('binding and tokens', () => {
  it('refuses a non-loopback address without --token or --public', async () => {
    await expect(startServer({ dbPath: store.dbPath, host: '0.0.0.0', port: 0 })).rejects.toThrow(UsageError);
    await expect(startServer({ dbPath: store.dbPath, host: '0.0.0.0', port: 0 })).rejects.toThrow(/--token/);
  });

  it('with a token: 401 without it; Bearer header or the cookie set by ?token= let you in', async () => {
    await server.close();
    const s = await serveStore(store, { token: 'sekrit-token-123' });
    try {
      expect((await fetch(`${s.url}/api/health`)).status).toBe(401);
      expect((await fetch(`${s.url}/`)).status).toBe(401);
      expect((await fetch(`${s.url}/api/health`, { headers: { authorization: 'Bearer wrong-token-xx' } })).status).toBe(401);
      expect((await fetch(`${s.url}/api/health`, { headers: { authorization: 'Bearer sekrit-token-123' } })).status).toBe(200);
      const login = await fetch(`${s.url}/agency?q=ICE&token=sekrit-token-123`, { redirect: 'manual' });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/agency?q=ICE');
      const cookie = login.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).not.toMatch(/Secure/);
      // behind a TLS-terminating proxy the cookie is Secure
      const proxied = await fetch(`${s.url}/agency?q=ICE&token=sekrit-token-123`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
      expect(proxied.headers.get('set-cookie')).toMatch(/; Secure$/);
      expect((await fetch(`${s.url}/agency?q=ICE`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
      expect((await fetch(`${s.url}/?token=nope-nope-nope`, { redirect: 'manual' })).status).toBe(401);
      expect((await fetch(`${s.url}/api/health`, { headers: { cookie: 'wb_token=%E0%A4%A' } })).status).toBe(401);
    } finally {
      await s.close();
    }
  });

  it('answers are compressed when the client accepts it, and carry an ETag keyed by the snapshot (304 when unchanged)', async () => {
    const s = await serveStore(store, { public: true, prewarm: 0 });
    try {
      const r = await fetch(`${s.url}/agency?q=ICE`, { headers: { 'accept-encoding': 'gzip' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-encoding')).toBe('gzip');
      expect(r.headers.get('cache-control')).toBe('public, max-age=60');
      const tag = r.headers.get('etag')!;
      expect(tag).toMatch(/^W\/"s\d+-g0-[\w-]{16}"$/);
      expect(await r.text()).toContain('<h1>Who is behind');
      const again = await fetch(`${s.url}/agency?q=ICE`, { headers: { 'if-none-match': tag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      const br = await fetch(`${s.url}/api/agency?q=ICE`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(((await br.json()) as { answer: unknown }).answer).toBeDefined();
    } finally {
      await s.close();
    }
  });

  it('--public limits each client: a burst beyond the limit gets 429 with Retry-After; a slow answer gets 503 at the request time limit', async () => {
    const s = await serveStore(store, { public: true, prewarm: 0, rateLimit: { perSecond: 1, burst: 3 }, requestTimeoutMs: 300, sqlLimits: { timeoutMs: 3000 } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${s.url}/api/health`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await fetch(`${s.url}/api/health`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await limited.json()) as any).error.message).toMatch(/^too many requests from your address: try again in \d+ s$/);
      await new Promise((r) => setTimeout(r, 1100));
      const t0 = Date.now();
      const slow = await fetch(`${s.url}/api/sql?q=${encodeURIComponent('WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000000000) SELECT count(*) FROM r')}`);
      expect(slow.status).toBe(503);
      expect(Date.now() - t0).toBeLessThan(1500);
      expect(((await slow.json()) as any).error.message).toMatch(/took longer than 0.3 s/);
    } finally {
      await s.close();
    }
  });

  it('--prewarm computes the largest agencies\' and families\' pages after the search index', async () => {
    const s = await serveStore(store, { public: true, prewarm: 2 });
    try {
      await s.prewarmed;
      const health = (await (await fetch(`${s.url}/api/health`)).json()) as { cachedAnswers: number };
      expect(health.cachedAnswers).toBe(4); // ICE and CBP, and the two families with the most records
    } finally {
      await s.close();
    }
  });

  it('--public: read-only, judgements refused and not offered', async () => {
    const s = await serveStore(store, { public: true });
    try {
      const page = await (await fetch(`${s.url}/data`)).text();
      expect(page).toContain('judgements are disabled');
      expect(page).not.toContain('name="decision"');
      const r = await fetch(`${s.url}/api/suggestions/judge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'accept', ids: ['x'], csrf: 'x' }) });
      expect(r.status).toBe(403);
    } finally {
      await s.close();
    }
    server = await serveStore(store);
  });
});
