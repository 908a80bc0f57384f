/**
 * A loopback stand-in for the Senate LDA API (127.0.0.1, port 0) built from the recorded HTTP
 * exchanges in ../shared/data/real/senate-lda/dl-ee-cassettes (VCR cassettes of real calls,
 * 2024-09). A request equal to a recorded one gets the recorded body byte for byte; any other
 * `/api/v1/filings/` query is answered from the recorded filings, filtered (client_name,
 * registrant_name, registrant_id, filing_year: as the API does) and paged (page, page_size) the way
 * the API pages: {count, next, previous, results}, next links written with the public host
 * https://lda.senate.gov as the real API writes them. Faults are injected per request.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface RecordedExchange {
  method: string;
  /** Path and query as recorded, e.g. /api/v1/filings/?registrant_country=US&registrant_id=401104726 */
  path: string;
  status: number;
  body: string;
}

/** Every interaction of the cassettes in `dir`. */
export function readCassettes(dir: string): RecordedExchange[] {
  const out: RecordedExchange[] = [];
  for (const name of ['list_filings.yml', 'retrieve_filing.yml', 'list_government_entities.yml', 'list_lobbying_activity_general_issues.yml', 'list_filing_types.yml']) {
    const doc = parse(readFileSync(join(dir, name), 'utf8')) as { http_interactions: Array<{ request: { method: string; uri: string }; response: { status: { code: number }; body: { string: string } } }> };
    for (const i of doc.http_interactions) {
      const url = new URL(i.request.uri);
      out.push({ method: i.request.method.toUpperCase(), path: `${url.pathname}${url.search}`, status: i.response.status.code, body: i.response.body.string });
    }
  }
  return out;
}

export interface FakeLdaOptions {
  exchanges: RecordedExchange[];
  /** Largest page_size honoured (the real API: 25 without a key). */
  maxPageSize?: number;
  fault?(req: { n: number; path: string }): { status: number; body?: string } | undefined;
}

export interface FakeLda {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

type Filing = Record<string, any>;

export async function startFakeLda(options: FakeLdaOptions): Promise<FakeLda> {
  const recorded = new Map(options.exchanges.map((e) => [`${e.method} ${e.path}`, e]));
  const filings = new Map<string, Filing>();
  for (const e of options.exchanges) {
    const json = JSON.parse(e.body) as unknown;
    const list: unknown[] = Array.isArray((json as { results?: unknown }).results) ? (json as { results: unknown[] }).results : [json];
    for (const f of list) if (f && typeof f === 'object' && 'filing_uuid' in f) filings.set((f as Filing).filing_uuid, f as Filing);
  }
  const all = [...filings.values()];
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const send = (status: number, body: string): void => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(body); };
    const fault = options.fault?.({ n: requests.length, path });
    if (fault) return send(fault.status, fault.body ?? '{"detail":"fault"}');
    const hit = recorded.get(`${req.method} ${path}`);
    if (hit) return send(hit.status, hit.body);
    const url = new URL(path, 'http://x');
    if (url.pathname !== '/api/v1/filings/') return send(404, '{"detail":"Not found."}');
    const q = url.searchParams;
    const size = Math.min(Number(q.get('page_size') ?? 25), options.maxPageSize ?? 25);
    const page = Number(q.get('page') ?? 1);
    const has = (v: string, want: string | null): boolean => want === null || v.toLowerCase().includes(want.toLowerCase());
    const match = all.filter((f) => has(f.client.name, q.get('client_name')) && has(f.registrant.name, q.get('registrant_name'))
      && (q.get('registrant_id') === null || String(f.registrant.id) === q.get('registrant_id'))
      && (q.get('filing_year') === null || String(f.filing_year) === q.get('filing_year')));
    const slice = match.slice((page - 1) * size, page * size);
    if (page > 1 && slice.length === 0) return send(404, '{"detail":"Invalid page."}');
    const link = (p: number): string => { const n = new URLSearchParams(q); n.set('page', String(p)); return `https://lda.senate.gov/api/v1/filings/?${n.toString()}`; };
    send(200, JSON.stringify({ count: match.length, next: page * size < match.length ? link(page + 1) : null, previous: page > 1 ? link(page - 1) : null, results: slice }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
