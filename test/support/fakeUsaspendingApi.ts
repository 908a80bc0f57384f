/**
 * A loopback stand-in for the USAspending API v2 (127.0.0.1, port 0) serving recorded data, checking
 * each request against the official contracts (usaspending_api/api_contracts/contracts/v2/: search/
 * spending_by_transaction.md, download/transactions.md, download/status.md, bulk_download/awards.md) and
 * answering a bad body with 400 as the real API does. Faults (500, 429 with Retry-After, a hang, a
 * truncated or corrupt zip, a page that never ends) are injected per request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ApiRow = Record<string, unknown> & { 'Awarding Sub Agency': string; 'Action Date': string };

/** A zip the download endpoints hand out, built for the request's agency and dates. */
export type ZipBuilder = (request: { agencyName: string; start: string; end: string; kind: 'transactions' | 'subawards' }) => Buffer;

export type Fault =
  | { status: number; retryAfter?: string; body?: string }
  | { hang: true }
  | { truncate: true }
  | { corrupt: true };

export interface FakeApiOptions {
  transactions: ApiRow[];
  zip?: ZipBuilder;
  /** Results cap of the search endpoint (the real one: 50,000). */
  cap?: number;
  /** Status polls answered "running" before "finished". */
  runningPolls?: number;
  /** Every page claims a next page and repeats page 1. */
  neverEnding?: boolean;
  /** Called for every request in order; return a fault to inject it. */
  fault?(req: { n: number; method: string; path: string; kind: string }): Fault | undefined;
  /** Called after each request is counted (tests abort a fetch from here). */
  onRequest?(req: { n: number; method: string; path: string; kind: string }): void;
}

const AWARD_TYPES = new Set(['02', '03', '04', '05', '06', '07', '08', '09', '10', '11', 'A', 'B', 'C', 'D', 'IDV_A', 'IDV_B', 'IDV_B_A', 'IDV_B_B', 'IDV_B_C', 'IDV_C', 'IDV_D', 'IDV_E']);
const FIELDS = new Set(['Action Date', 'Action Type', 'Award ID', 'Award Type', 'Awarding Agency', 'Awarding Sub Agency', 'awarding_agency_id', 'CFDAs',
  'Funding Agency', 'Funding Sub Agency', 'internal_id', 'generated_internal_id', 'Issued Date', 'Last Date to Order', 'Loan Value', 'Mod', 'NAICS', 'PSC',
  'Primary Place of Performance', 'Recipient Location', 'Recipient Name', 'Recipient UEI', 'Subsidy Cost', 'Transaction Amount', 'Transaction Description', 'def_codes']);
const ISO = /^\d{4}-\d{2}-\d{2}$/;

class Bad extends Error {}
const need = (cond: unknown, message: string): void => { if (!cond) throw new Bad(message); };
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function checkAgencies(v: unknown, tierNeedsToptier: boolean): { name: string } {
  need(Array.isArray(v) && v.length > 0, 'filters.agencies must be a non-empty array of AgencyObject');
  const list = v as unknown[];
  for (const a of list) {
    need(isObj(a), 'agency must be an object');
    const o = a as Record<string, unknown>;
    need(o['type'] === 'awarding' || o['type'] === 'funding', 'agency.type must be awarding or funding');
    need(o['tier'] === 'toptier' || o['tier'] === 'subtier', 'agency.tier must be toptier or subtier');
    need(typeof o['name'] === 'string' && o['name'], 'agency.name is required');
    if (tierNeedsToptier && o['tier'] === 'subtier') need(typeof o['toptier_name'] === 'string', 'agency.toptier_name is required when tier is subtier');
  }
  return { name: String((list[0] as Record<string, unknown>)['name']) };
}

function checkPeriod(v: unknown, allowDateType: boolean): { start: string; end: string } {
  need(Array.isArray(v) && v.length > 0, 'filters.time_period must be a non-empty array');
  const p = (v as unknown[])[0];
  need(isObj(p) && ISO.test(String(p['start_date'])) && ISO.test(String(p['end_date'])), 'time_period needs start_date and end_date as YYYY-MM-DD');
  if (!allowDateType) need(!('date_type' in (p as object)), 'time_period.date_type is not accepted here');
  return { start: String((p as Record<string, unknown>)['start_date']), end: String((p as Record<string, unknown>)['end_date']) };
}

/** The recorded-response server; `requests` logs every request, `url` is its base. */
export class FakeUsaspendingApi {
  private server!: Server;
  url = '';
  readonly requests: Array<{ n: number; method: string; path: string; kind: string; body?: unknown }> = [];
  private readonly jobs = new Map<string, { polls: number; zip: Buffer }>();

  constructor(readonly options: FakeApiOptions) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => { void this.handle(req, res); });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  count(kind: string): number {
    return this.requests.filter((r) => r.kind === kind).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const kind = path.startsWith('/files/') ? 'file' : path.replace(/^\/api\/v2\//, '').replace(/\/$/, '');
    const n = this.requests.length + 1;
    let body: unknown;
    if (chunks.length) {
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { body = Symbol('not json'); }
    }
    this.requests.push({ n, method, path, kind, body });
    this.options.onRequest?.({ n, method, path, kind });
    const fault = this.options.fault?.({ n, method, path, kind });
    if (fault && 'hang' in fault) return; // never answers: the client's timeout must fire
    if (fault && 'status' in fault) {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
      res.end(fault.body ?? JSON.stringify({ detail: `injected ${fault.status}` }));
      return;
    }
    try {
      if (method === 'POST' && kind === 'search/spending_by_transaction') return this.json(res, 200, this.search(body));
      if (method === 'POST' && (kind === 'download/transactions' || kind === 'bulk_download/awards')) return this.json(res, 200, this.submit(kind, body));
      if (method === 'GET' && kind === 'download/status') return this.json(res, 200, this.status(url.searchParams.get('file_name')));
      if (method === 'GET' && kind === 'file') return this.file(res, path.slice('/files/'.length), fault);
      this.json(res, 404, { detail: `no route ${method} ${path}` });
    } catch (error) {
      if (error instanceof Bad) this.json(res, error.message.startsWith('422') ? 422 : 400, { detail: error.message });
      else this.json(res, 500, { detail: String(error) });
    }
  }

  private json(res: ServerResponse, status: number, value: unknown): void {
    const text = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private search(body: unknown): unknown {
    need(isObj(body), 'request body must be a JSON object');
    const b = body as Record<string, unknown>;
    for (const k of Object.keys(b)) need(['filters', 'fields', 'limit', 'page', 'sort', 'order', 'subawards', 'spending_level'].includes(k), `unexpected field ${k}`);
    need(isObj(b['filters']), 'filters is required');
    const f = b['filters'] as Record<string, unknown>;
    need(Array.isArray(f['award_type_codes']) && (f['award_type_codes'] as unknown[]).length && (f['award_type_codes'] as unknown[]).every((c) => AWARD_TYPES.has(String(c))),
      'filters.award_type_codes is required and must hold award type codes');
    need(Array.isArray(b['fields']) && (b['fields'] as unknown[]).length && (b['fields'] as unknown[]).every((x) => FIELDS.has(String(x))), 'fields must list known field names');
    need(typeof b['sort'] === 'string' && (b['fields'] as string[]).includes(b['sort'] as string), 'sort is required and must be one of the requested fields');
    const limit = b['limit'] ?? 10;
    const page = b['page'] ?? 1;
    need(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= 100, 'limit must be an integer from 1 to 100');
    need(Number.isInteger(page) && (page as number) >= 1, 'page must be a positive integer');
    need(b['order'] === undefined || b['order'] === 'asc' || b['order'] === 'desc', 'order must be asc or desc');
    if (f['recipient_search_text'] !== undefined) need(Array.isArray(f['recipient_search_text']), 'recipient_search_text must be an array');
    const agency = checkAgencies(f['agencies'], false);
    const period = checkPeriod(f['time_period'], false);
    const cap = this.options.cap ?? 50_000;
    if ((page as number) * (limit as number) > cap) throw new Bad(`422: page * limit may not exceed ${cap}`);
    const sort = b['sort'] as string;
    const dir = b['order'] === 'desc' ? -1 : 1;
    const rows = this.options.transactions
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r['Awarding Sub Agency'] === agency.name && r['Action Date'] >= period.start && r['Action Date'] <= period.end)
      .filter(({ r }) => !f['recipient_search_text'] || (f['recipient_search_text'] as string[]).some((t) => String(r['Recipient Name']).toUpperCase().includes(t.toUpperCase())))
      .sort((x, y) => {
        const a = x.r[sort] as string | number, c = y.r[sort] as string | number;
        return (a < c ? -1 : a > c ? 1 : 0) * dir || x.i - y.i;
      })
      .map(({ r }) => Object.fromEntries((b['fields'] as string[]).map((k) => [k, r[k] ?? null])));
    const p = this.options.neverEnding ? 1 : (page as number);
    const start = (p - 1) * (limit as number);
    const results = rows.slice(start, start + (limit as number));
    const hasNext = this.options.neverEnding ? true : start + (limit as number) < rows.length;
    return {
      limit, results, messages: [],
      page_metadata: { page, hasNext, hasPrevious: page !== 1, next: hasNext ? (page as number) + 1 : null, previous: page === 1 ? null : (page as number) - 1 },
    };
  }

  private submit(kind: string, body: unknown): unknown {
    need(isObj(body), 'request body must be a JSON object');
    const b = body as Record<string, unknown>;
    need(isObj(b['filters']), 'filters is required');
    need(b['file_format'] === undefined || ['csv', 'tsv', 'pstxt'].includes(String(b['file_format'])), 'file_format must be csv, tsv or pstxt');
    const f = b['filters'] as Record<string, unknown>;
    let agencyName: string, start: string, end: string;
    if (kind === 'bulk_download/awards') {
      agencyName = checkAgencies(f['agencies'], true).name;
      need(isObj(f['date_range']) && ISO.test(String((f['date_range'] as Record<string, unknown>)['start_date'])) && ISO.test(String((f['date_range'] as Record<string, unknown>)['end_date'])), 'date_range is required');
      need(f['date_type'] === 'action_date' || f['date_type'] === 'last_modified_date', 'date_type is required');
      const prime = (f['prime_award_types'] ?? []) as unknown[];
      const sub = (f['sub_award_types'] ?? []) as unknown[];
      need(prime.length + sub.length > 0, 'prime_award_types or sub_award_types must name something');
      need(sub.every((s) => s === 'grant' || s === 'procurement'), 'sub_award_types must be grant or procurement');
      ({ start_date: start, end_date: end } = f['date_range'] as { start_date: string; end_date: string });
    } else {
      agencyName = checkAgencies(f['agencies'], false).name;
      ({ start, end } = checkPeriod(f['time_period'], true));
      if (f['award_type_codes'] !== undefined) need(Array.isArray(f['award_type_codes']), 'award_type_codes must be an array');
    }
    need(this.options.zip, 'downloads are not served by this test server');
    const fileName = `${this.jobs.size + 1}_${kind === 'bulk_download/awards' ? 'PrimeAwardsAndSubawards' : 'PrimeTransactions'}_2026-01-01_H00M00S00000000.zip`;
    this.jobs.set(fileName, { polls: 0, zip: this.options.zip!({ agencyName, start, end, kind: kind === 'bulk_download/awards' ? 'subawards' : 'transactions' }) });
    return {
      status_url: `${this.url}/api/v2/download/status?file_name=${fileName}`, file_name: fileName, file_url: `${this.url}/files/${fileName}`,
      download_request: { filters: f, request_type: kind === 'bulk_download/awards' ? 'award' : 'transactions' },
    };
  }

  private status(fileName: string | null): unknown {
    need(fileName, 'file_name is required');
    const job = this.jobs.get(fileName!);
    need(job, `no download named ${fileName}`);
    job!.polls++;
    const finished = job!.polls > (this.options.runningPolls ?? 1);
    return {
      status: finished ? 'finished' : 'running', message: null, file_name: fileName, file_url: `${this.url}/files/${fileName}`,
      total_size: finished ? job!.zip.length / 1000 : null, total_columns: finished ? 297 : null, total_rows: null, seconds_elapsed: '0.5',
    };
  }

  private file(res: ServerResponse, name: string, fault: Fault | undefined): void {
    const job = this.jobs.get(decodeURIComponent(name));
    if (!job) { this.json(res, 404, { detail: 'no such file' }); return; }
    let bytes = job.zip;
    if (fault && 'corrupt' in fault) bytes = Buffer.concat([bytes.subarray(0, Math.floor(bytes.length / 2)), Buffer.alloc(bytes.length - Math.floor(bytes.length / 2), 0x5a)]);
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': bytes.length });
    if (fault && 'truncate' in fault) {
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
      return;
    }
    res.end(bytes);
  }
}
