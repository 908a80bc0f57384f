import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../../errors.js';

/** One cached API call: the request as sent, and where its raw response body is kept. */
export interface CachedCall {
  key: string;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  status: number;
  /** When the response arrived (provenance only; never part of any report). */
  fetchedAt: string;
  /** sha256 of the raw response body as received. */
  sha256: string;
  bytes: number;
  /** Raw response file, relative to the cache folder. */
  responseFile: string;
}

/** Writes a file so that a reader never sees it half written: to a temporary name, then renamed. */
export function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.part`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Stable JSON (keys sorted) so equal requests hash equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Raw API responses on disk, one pair of files per request (`<key>.request.json` describing the call,
 * `<key>.response.json` or `.xml` holding the body byte for byte), keyed by the request's method, path and body.
 * The request file is written last, so a call counts as cached only once both are complete: a run killed
 * mid-write leaves nothing that a re-run would mistake for a response.
 */
export class CallCache {
  readonly callsDir: string;

  constructor(readonly dir: string) {
    this.callsDir = join(dir, 'calls');
    mkdirSync(this.callsDir, { recursive: true });
  }

  /** Key of a request: independent of the host, so a mirror continues a run begun elsewhere. */
  static key(method: string, url: string, body: unknown): string {
    const u = new URL(url);
    return createHash('sha256').update(`${method} ${u.pathname}${u.search}\n${stableJson(body)}`).digest('hex').slice(0, 24);
  }

  get(key: string): { call: CachedCall; text: string } | undefined {
    const req = join(this.callsDir, `${key}.request.json`);
    if (!existsSync(req)) return undefined;
    let call: CachedCall;
    try {
      call = JSON.parse(readFileSync(req, 'utf8')) as CachedCall;
    } catch (error) {
      throw new BadInputError({ file: req }, `cached request record is unreadable (${(error as Error).message}); delete it to fetch again`);
    }
    const resPath = join(this.dir, call.responseFile);
    if (!existsSync(resPath)) return undefined;
    const text = readFileSync(resPath, 'utf8');
    if (createHash('sha256').update(text).digest('hex') !== call.sha256) {
      // A damaged cached response is dropped and fetched again rather than trusted.
      rmSync(req, { force: true });
      return undefined;
    }
    return { call, text };
  }

  /** Stores a response (`ext` names the body's kind: json, or xml for a feed page). */
  put(key: string, call: Omit<CachedCall, 'key' | 'sha256' | 'bytes' | 'responseFile'>, text: string, ext = 'json'): CachedCall {
    const responseFile = join('calls', `${key}.response.${ext}`);
    writeAtomic(join(this.dir, responseFile), text);
    const full: CachedCall = {
      key, ...call, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text), responseFile,
    };
    writeAtomic(join(this.callsDir, `${key}.request.json`), `${JSON.stringify(full, null, 2)}\n`);
    return full;
  }
}
