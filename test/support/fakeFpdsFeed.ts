/**
 * A loopback stand-in for the FPDS-NG ATOM feed (127.0.0.1, port 0) serving the real pages of
 * ../shared/data/real/fpds-atom. It enforces the query shapes the real pages' own next/last links show
 * (`/ezsearch/FEEDS/ATOM?s=FPDS&FEEDNAME=PUBLIC&VERSION=1.5.x&q=…&start=N`, start a multiple of 10, q of
 * LAST_MOD_DATE:[yyyy/mm/dd,yyyy/mm/dd], AGENCY_CODE:"…", PIID:"…", VENDOR_NAME:"…") and answers anything
 * else with 400. A PIID query for a harvested contract gets the harvested page files byte for byte; any
 * other query gets the matching real entries (selected with the test's own regular expressions, never
 * the reader under test) repacked ten to a page with next/last links. Faults are injected per request.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface FeedEntry {
  xml: string;
  piid: string;
  agency: string;
  vendor: string;
  lastModified: string;
}

export type FeedFault = { status: number; retryAfter?: string } | { truncate: true } | { hang: true };

export interface FakeFeedOptions {
  root: string;
  /** Called for every request in order; return a fault to inject it. */
  fault?(req: { n: number; q: string; start: number }): FeedFault | undefined;
  onRequest?(req: { n: number; q: string; start: number }): void;
}

const ATOM = 'http://www.w3.org/2005/Atom';
const FPDS = 'https://www.fpds.gov/FPDS';

function walk(d: string): string[] {
  return readdirSync(d).sort().flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.xml') ? [p] : [];
  });
}

const tag = (block: string, name: string): string =>
  new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${name}>`).exec(block)?.[1]?.trim() ?? '';

/** Every real entry, as raw XML with the fields the fake server filters on. */
export function realEntries(root: string): FeedEntry[] {
  const out: FeedEntry[] = [];
  for (const f of walk(root)) {
    const xml = readFileSync(f, 'utf8');
    for (const m of xml.matchAll(/<(\w+:)?entry>[\s\S]*?<\/(?:\w+:)?entry>/g)) {
      const block = m[0];
      const id = /<(?:\w+:)?(?:awardContractID|IDVID)>[\s\S]*?<\/(?:\w+:)?(?:awardContractID|IDVID)>/.exec(block)?.[0] ?? '';
      out.push({
        xml: block, piid: tag(id, 'PIID'), agency: tag(block, 'contractingOfficeAgencyID'),
        vendor: tag(/<(?:\w+:)?vendorHeader>[\s\S]*?<\/(?:\w+:)?vendorHeader>/.exec(block)?.[0] ?? '', 'vendorName'),
        lastModified: tag(block, 'lastModifiedDate'),
      });
    }
  }
  return out;
}

interface Query { range?: [string, string]; agency?: string; piid?: string; vendor?: string }

class Bad extends Error {}

/** Parses q exactly: space-separated known terms, each at most once. */
export function parseFeedQuery(q: string): Query {
  const out: Query = {};
  const re = /^(LAST_MOD_DATE:\[(\d{4}\/\d{2}\/\d{2}),(\d{4}\/\d{2}\/\d{2})\]|AGENCY_CODE:"([0-9A-Z]{4})"|PIID:"([^"]+)"|VENDOR_NAME:"([^"]+)")(?: |$)/;
  let rest = q;
  if (!rest) throw new Bad('q is empty');
  while (rest) {
    const m = re.exec(rest);
    if (!m) throw new Bad(`q term not understood at ${JSON.stringify(rest.slice(0, 40))}`);
    const set = <K extends keyof Query>(k: K, v: Query[K]): void => { if (out[k] !== undefined) throw new Bad(`${k} twice`); out[k] = v; };
    if (m[2]) {
      const a = m[2].replaceAll('/', '-'), b = m[3]!.replaceAll('/', '-');
      if (a > b) throw new Bad('LAST_MOD_DATE range is reversed');
      set('range', [a, b]);
    } else if (m[4]) set('agency', m[4]);
    else if (m[5]) set('piid', m[5]);
    else if (m[6]) set('vendor', m[6]);
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** The fake feed. `requests` logs each accepted query and start. */
export class FakeFpdsFeed {
  private server: Server | undefined;
  readonly entries: FeedEntry[];
  readonly requests: Array<{ q: string; start: number }> = [];
  readonly refused: string[] = [];
  private n = 0;
  url = '';

  constructor(private readonly options: FakeFeedOptions) {
    this.entries = realEntries(options.root);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => { void this.handle(req, res); });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Entries a query selects, in page order. */
  select(q: Query): FeedEntry[] {
    return this.entries.filter((e) =>
      (!q.piid || e.piid === q.piid) && (!q.agency || e.agency === q.agency) && (!q.vendor || e.vendor.toUpperCase() === q.vendor)
      && (!q.range || (e.lastModified.slice(0, 10) >= q.range[0] && e.lastModified.slice(0, 10) <= q.range[1])));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.searchParams;
    try {
      if (req.method !== 'GET' || url.pathname !== '/ezsearch/FEEDS/ATOM') throw new Bad(`no such endpoint ${req.method} ${url.pathname}`);
      const keys = [...p.keys()];
      if (keys.join(',') !== 's,FEEDNAME,VERSION,q,start') throw new Bad(`parameters must be s, FEEDNAME, VERSION, q, start in that order (got ${keys.join(',')})`);
      if (p.get('s') !== 'FPDS' || p.get('FEEDNAME') !== 'PUBLIC') throw new Bad('s=FPDS&FEEDNAME=PUBLIC required');
      if (!/^1\.5\.\d$/.test(p.get('VERSION') ?? '')) throw new Bad('VERSION must be 1.5.x');
      const start = Number(p.get('start'));
      if (!/^\d+$/.test(p.get('start') ?? '') || start % 10 !== 0) throw new Bad('start must be a multiple of 10');
      // the real links encode spaces as "+": a raw "%20" or a bare space is not the shape the feed gives
      if (!/[?&]q=[^&]*/.test(req.url ?? '') || /%20| /.test(/[?&]q=([^&]*)/.exec(req.url!)![1]!)) throw new Bad('q must be form-encoded (spaces as +)');
      const q = p.get('q')!;
      const query = parseFeedQuery(q);
      const n = ++this.n;
      this.requests.push({ q, start });
      this.options.onRequest?.({ n, q, start });
      const fault = this.options.fault?.({ n, q, start });
      if (fault && 'hang' in fault) return;
      const body = this.page(q, query, start);
      if (fault && 'status' in fault) {
        res.writeHead(fault.status, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
        res.end('<html>Service Unavailable</html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/atom+xml;charset=UTF-8' });
      res.end(fault && 'truncate' in fault ? body.slice(0, Math.floor(body.length / 2)) : body);
    } catch (error) {
      if (!(error instanceof Bad)) throw error;
      this.refused.push(`${error.message}: ${req.url}`);
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(error.message);
    }
  }

  private page(q: string, query: Query, start: number): string {
    // A harvested contract asked for by PIID alone: the real page files, byte for byte.
    if (query.piid && !query.range && !query.agency && !query.vendor) {
      const dir = readdirSync(join(this.options.root, 'kenosa-atom-harvest')).find((d) => d.startsWith(`${query.piid}__`));
      if (dir) {
        const file = readdirSync(join(this.options.root, 'kenosa-atom-harvest', dir)).find((f) => f.endsWith(`-start-${start}.xml`));
        if (file) return readFileSync(join(this.options.root, 'kenosa-atom-harvest', dir, file), 'utf8');
      }
    }
    const all = this.select(query);
    const slice = all.slice(start, start + 10);
    const link = (rel: string, s: number): string => `  <link rel="${rel}" type="text/html" href="${this.url}/ezsearch/FEEDS/ATOM?s=FPDS&amp;FEEDNAME=PUBLIC&amp;VERSION=1.5.3&amp;q=${encodeURIComponent(q).replace(/%20/g, '+')}&amp;start=${s}"></link>\n`;
    const last = Math.max(0, Math.floor((all.length - 1) / 10) * 10);
    return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="${ATOM}" xmlns:ns0="${ATOM}" xmlns:ns1="${FPDS}">\n` +
      `  <title>FPDS-NG search results for<![CDATA[: ${q}]]></title>\n` +
      (all.length > 10 ? link('last', last) : '') + (start + 10 < all.length ? link('next', start + 10) : '') +
      `  <modified/>\n${slice.map((e) => `  ${e.xml}\n`).join('')}</feed>\n`;
  }
}
