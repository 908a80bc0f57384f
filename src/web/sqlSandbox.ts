/**
 * Runs the SQL page's queries in child processes (sqlWorker.ts) the server can kill: a query is stopped
 * at its time limit and when its process grows past the memory cap (checked every 100 ms from
 * /proc/PID/status), whatever DuckDB is doing at that moment. A killed process is replaced on the next
 * query; the server's own memory never holds more than one capped result.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError, WhosbehindError } from '../errors.js';
import { formatBytes } from '../store/readOnlyQuery.js';
import type { QueryResult } from '../store/queryResult.js';
import type { SqlReply, SqlRequest } from './sqlWorker.js';

export interface SandboxOptions {
  /** Queries running at once (each in its own process). */
  processes?: number;
  /** Resident memory one query's process may reach before it is stopped. */
  memoryMb?: number;
}

/** A refused query that needs a status of its own (413 for an over-size result). */
class SqlRefused extends WhosbehindError {
  override readonly exitCode = 2;
  override readonly httpStatus: number;
  constructor(status: number, message: string) {
    super(message);
    this.httpStatus = status;
  }
}

/** The worker script: beside this module in dist/; under the test runner (src/*.ts) the built copy. */
function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  const js = here.endsWith('.ts') ? here.replace(/[\\/]src[\\/]web[\\/]sqlSandbox\.ts$/, '/dist/web/sqlWorker.js') : here.replace(/sqlSandbox\.js$/, 'sqlWorker.js');
  if (!existsSync(js)) throw new WhosbehindError(`the SQL sandbox ${js} is missing: run \`npm run build\``);
  return js;
}

/** Resident memory of a process in bytes (Linux /proc); undefined where it cannot be read. */
function rssBytes(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
  /** Version of the store file the worker opened; a worker of an older one is retired. */
  epoch: number;
}

export type SandboxResult = QueryResult & { truncated: boolean };

/** A small pool of killable SQL processes over one store file (reopened when the file is replaced). */
export class SqlSandbox {
  private workers: Worker[] = [];
  private waiting: Array<() => void> = [];
  private nextId = 1;
  private closed = false;
  private epoch = 0;
  private readonly processes: number;
  readonly memoryMb: number;

  constructor(private readonly path: string, options: SandboxOptions = {}) {
    this.processes = Math.max(1, options.processes ?? 2);
    this.memoryMb = options.memoryMb ?? 1024;
  }

  /** Starts one process ahead of the first query. */
  warm(): void {
    if (!this.workers.length) this.spawn();
  }

  /** The store file was replaced: idle processes of the old one stop now, busy ones after their query. */
  reopen(): void {
    this.epoch++;
    for (const w of this.workers.filter((x) => !x.busy)) this.retire(w);
  }

  private spawn(): Worker {
    const child = fork(workerPath(), [this.path, String(this.memoryMb)], {
      execArgv: [`--max-old-space-size=${this.memoryMb}`],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'json',
    });
    const w: Worker = { child, busy: false, epoch: this.epoch, ready: Promise.resolve() };
    w.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean; message?: string }): void => {
        if (m.ready === undefined) return;
        child.off('message', onMessage);
        if (m.ready) resolve();
        else reject(new UsageError(`the SQL sandbox could not open the store: ${m.message ?? 'unknown error'}`));
      };
      child.on('message', onMessage);
      child.once('exit', () => reject(new UsageError('the SQL sandbox stopped before it was ready')));
    });
    w.ready.catch(() => this.retire(w));
    child.once('exit', () => this.forget(w));
    this.workers.push(w);
    return w;
  }

  private forget(w: Worker): void {
    this.workers = this.workers.filter((x) => x !== w);
    this.waiting.shift()?.();
  }

  private retire(w: Worker): void {
    this.forget(w);
    w.child.kill('SIGKILL');
  }

  private async acquire(deadline: number): Promise<Worker> {
    for (;;) {
      if (this.closed) throw new UsageError('the server is shutting down');
      const idle = this.workers.find((w) => !w.busy && w.epoch === this.epoch);
      const w = idle ?? (this.workers.length < this.processes ? this.spawn() : undefined);
      if (w) {
        w.busy = true;
        return w;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new SqlRefused(503, 'the SQL console is busy with other queries: try again in a moment');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiting.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  private release(w: Worker): void {
    w.busy = false;
    if (w.epoch !== this.epoch || this.closed) this.retire(w);
    else this.waiting.shift()?.();
  }

  /** Runs one query; the time limit counts from the call, waiting for a free process included. */
  async run(sql: string, limits: { timeoutMs: number; maxRows: number; maxBytes: number }): Promise<SandboxResult> {
    const deadline = Date.now() + limits.timeoutMs;
    const stopped = (): UsageError => new UsageError(`the query ran longer than ${limits.timeoutMs / 1000} s and was stopped; narrow it or add a LIMIT`);
    const w = await this.acquire(deadline);
    let killed: WhosbehindError | undefined;
    try {
      const reply = await new Promise<SqlReply>((resolve, reject) => {
        const id = this.nextId++;
        const fail = (error: WhosbehindError): void => {
          killed = error;
          w.child.kill('SIGKILL');
          reject(error);
        };
        const timer = setTimeout(() => fail(stopped()), Math.max(1, deadline - Date.now()));
        const watch = setInterval(() => {
          const rss = rssBytes(w.child.pid ?? 0);
          if (rss !== undefined && rss > this.memoryMb * 1024 * 1024) {
            fail(new UsageError(`the query needed more than ${formatBytes(this.memoryMb * 1024 * 1024)} of memory and was stopped; select fewer or shorter values, or add a LIMIT`));
          }
        }, 100);
        const done = (): void => {
          clearTimeout(timer);
          clearInterval(watch);
          w.child.off('message', onMessage);
          w.child.off('exit', onExit);
        };
        const onMessage = (m: SqlReply): void => {
          if (m.id !== id) return;
          done();
          resolve(m);
        };
        const onExit = (): void => {
          done();
          reject(killed ?? new UsageError('the query stopped the SQL process (out of memory?); narrow it or add a LIMIT'));
        };
        w.child.on('message', onMessage);
        w.child.once('exit', onExit);
        w.ready.then(() => {
          const m: SqlRequest = { id, sql, maxRows: limits.maxRows, maxBytes: limits.maxBytes };
          w.child.send(m);
        }, (error: unknown) => { done(); reject(error); });
      });
      if (!reply.ok) throw new SqlRefused(reply.status, reply.message);
      return reply.result;
    } finally {
      if (!killed) this.release(w);
    }
  }

  /** Stops every process now (a running query fails) and resolves when they have exited. */
  async stopAll(): Promise<void> {
    const all = [...this.workers];
    await Promise.all(all.map((w) => new Promise<void>((resolve) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
      w.child.once('exit', () => resolve());
      this.retire(w);
    })));
  }

  close(): void {
    this.closed = true;
    for (const w of [...this.workers]) this.retire(w);
    for (const wake of this.waiting.splice(0)) wake();
  }
}
