/**
 * The served store. Each version of the store file is a *generation*: opened read-only with file and
 * network access off and its configuration locked, a few connections shared by the requests. A request
 * pins one generation for its whole life (`pin()`), so no answer mixes two snapshots.
 *
 * New data arrives without a restart: a writer (an `ingest` in another process, or this server's own
 * judgement path) cannot write the file beside the server's readers, so it writes a copy and renames it
 * over the store (src/store/openStore.ts). The handle checks the file's identity every second; when it
 * changes it opens the new file as the next generation, answers new requests from it, and closes the old
 * one once its last request is done.
 */
import { existsSync, statSync } from 'node:fs';
import { answerContext, type AnswerContext } from '../analysis/answer.js';
import { loadClaims } from '../graph/storeClaims.js';
import { familiesFilesFor, isResolutionCurrent } from '../entities/companies.js';
import { judgeSuggestions, type Decision, type JudgedSuggestion } from '../entities/judgements.js';
import { resolveEntities } from '../entities/resolve.js';
import { NotFoundError } from '../errors.js';
import { checkGraph, ensureGraph } from '../graph/graphAnswers.js';
import type { Database } from '../store/database.js';
import { discardChanges, openStore } from '../store/openStore.js';
import { currentWriter } from '../store/writeLock.js';
import { VERSION } from '../version.js';
import { SqlSandbox } from './sqlSandbox.js';

export interface StoreHandleOptions {
  /** Connections answering requests at once (DuckDB runs each query on several threads too). */
  connections?: number;
  /** Memory cap of one SQL console query's process, in MB. */
  sqlMemoryMb?: number;
  /** How often the store file is checked for a new version (ms; 0 turns it off). */
  pollMs?: number;
  /** Say what preparation did (resolution, graph build, a new snapshot). */
  log?: (line: string) => void;
}

/** What a request sees: one generation of the store, for the whole request. */
export interface StoreView {
  readonly path: string;
  /** Changes with every new version of the file: caches are keyed by it. */
  readonly generation: number;
  readonly context: AnswerContext;
  readonly sql: SqlSandbox;
  use<T>(fn: (db: Database) => Promise<T>): Promise<T>;
}

const fileId = (path: string): string => {
  const st = statSync(path);
  return `${st.dev}:${st.ino}`;
};

/**
 * Makes families and the relationship graph current (writing only if they are stale: in place, or as a
 * swapped copy when others read the file), then closes. After an ingest there is nothing to do.
 */
export async function prepareStore(path: string, log: (line: string) => void = () => {}): Promise<void> {
  if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` (or \`whosbehind demo\`) first`);
  const writer = currentWriter(path);
  if (writer) log(`waiting for PID ${writer.pid} (${writer.command}) to finish writing ${path}…`);
  while (currentWriter(path)) await new Promise((r) => setTimeout(r, 250));
  let db = await openStore(path, { readOnly: true }).catch(async (error: unknown) => {
    // a store written by an older whosbehind is upgraded by opening it for writing
    if (error instanceof Error && /older than this whosbehind/.test(error.message)) return openStore(path, { log });
    throw error;
  });
  try {
    const families = await familiesFilesFor(db, undefined);
    const resolved = await isResolutionCurrent(db, families);
    const check = await checkGraph(db, undefined);
    if (resolved && check.current) return;
    db.close();
    db = await openStore(path, { log, command: 'serve (families and graph)' });
    if (!resolved) {
      const r = await resolveEntities(db, { familiesFiles: families });
      log(`resolved ${r.recipients} recipients into ${r.families} families in ${r.ms} ms`);
    }
    const built = await ensureGraph(db, undefined, (files) => loadClaims(db, files));
    if (built) log(`built the relationship graph: ${built.nodes} nodes in ${built.ms} ms`);
  } finally {
    db.close();
  }
}

/** One version of the store file, read-only, with its connections. */
class Generation {
  private free: Database[] = [];
  private waiting: Array<(db: Database) => void> = [];
  private busy = 0;
  /** Requests pinned to this generation. */
  pins = 0;
  retired = false;
  private closed = false;

  private constructor(readonly id: number, readonly fileId: string, private readonly all: Database[], readonly context: AnswerContext) {
    this.free = [...all];
  }

  static async open(id: number, path: string, connections: number): Promise<Generation> {
    const fid = fileId(path);
    const main = await openStore(path, { readOnly: true, noExternalAccess: true });
    try {
      // nothing a query says can turn file access back on or change any other setting
      await main.run('SET lock_configuration = true');
      const all = [main];
      for (let i = 1; i < connections; i++) all.push(await main.connect());
      return new Generation(id, fid, all, await answerContext(main, VERSION));
    } catch (error) {
      main.close();
      throw error;
    }
  }

  get idle(): boolean {
    return this.busy === 0 && this.pins === 0 && this.waiting.length === 0;
  }

  /** Runs `fn` on a free connection (waiting for one when all are busy). */
  async use<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`generation ${this.id} of the store is closed`);
    let db = this.free.pop();
    if (db) this.busy++;
    // a waiter is handed a connection still counted busy
    else db = await new Promise<Database>((resolve) => this.waiting.push(resolve));
    try {
      return await fn(db);
    } finally {
      const next = this.waiting.shift();
      if (next) next(db);
      else {
        this.busy--;
        this.free.push(db);
        this.closeIfDone();
      }
    }
  }

  closeIfDone(): void {
    if (!this.retired || !this.idle || this.closed) return;
    this.closed = true;
    for (const db of this.all.slice(1)) db.close();
    this.all[0]!.close();
  }
}

/** The served store across its versions, with the single write path. */
export class StoreHandle {
  private current!: Generation;
  private nextId = 0;
  private timer: NodeJS.Timeout | undefined;
  private switching: Promise<void> | null = null;
  private listeners: Array<(generation: number) => void> = [];
  /** The SQL console's killable query processes. */
  readonly sql: SqlSandbox;

  private constructor(readonly path: string, private readonly options: StoreHandleOptions) {
    this.sql = new SqlSandbox(path, { memoryMb: options.sqlMemoryMb });
  }

  static async open(path: string, options: StoreHandleOptions = {}): Promise<StoreHandle> {
    await prepareStore(path, options.log);
    const h = new StoreHandle(path, options);
    h.current = await Generation.open(h.nextId++, path, options.connections ?? 3);
    const every = options.pollMs ?? 1000;
    if (every > 0) {
      h.timer = setInterval(() => void h.refresh().catch((error: unknown) => h.log(`could not open the new version of ${path}: ${(error as Error).message}`)), every);
      h.timer.unref();
    }
    return h;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  get generation(): number {
    return this.current.id;
  }

  get context(): AnswerContext {
    return this.current.context;
  }

  /** Called with the new generation's id after each switch (the server drops its caches). */
  onSwitch(fn: (generation: number) => void): void {
    this.listeners.push(fn);
  }

  /** Opens the file as the next generation if it was replaced since; resolves when done. */
  async refresh(): Promise<void> {
    if (this.switching) return this.switching;
    let id: string;
    try {
      id = fileId(this.path);
    } catch {
      return;
    }
    if (id === this.current.fileId) return;
    this.switching = (async () => {
      const t0 = Date.now();
      // an ingest leaves the store ready; a file written by something else gets families and graph here
      await prepareStore(this.path, this.options.log);
      const next = await Generation.open(this.nextId++, this.path, this.options.connections ?? 3);
      const old = this.current;
      this.current = next;
      old.retired = true;
      old.closeIfDone();
      this.sql.reopen();
      this.log(`serving snapshot ${next.context.snapshotId ?? '(none)'} (store generation ${next.id}), opened in ${Date.now() - t0} ms`);
      for (const fn of this.listeners) fn(next.id);
    })().finally(() => { this.switching = null; });
    return this.switching;
  }

  /** The current generation, held until `release()`: every use() of the view reads the same snapshot. */
  pin(): StoreView & { release(): void } {
    const g = this.current;
    g.pins++;
    let released = false;
    return {
      path: this.path, generation: g.id, context: g.context, sql: this.sql,
      use: (fn) => g.use(fn),
      release: () => {
        if (released) return;
        released = true;
        g.pins--;
        g.closeIfDone();
      },
    };
  }

  /** Runs `fn` on the current generation. */
  use<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const view = this.pin();
    return view.use(fn).finally(() => view.release());
  }

  /**
   * The one write path of the server: records accept/reject judgements on suggestions (as `whosbehind
   * entities accept` does), re-resolves families and rebuilds the graph on a copy of the store that then
   * replaces it; requests go on being answered from the current generation meanwhile.
   */
  async judge(decision: Decision, ids: readonly string[], note?: string): Promise<JudgedSuggestion[]> {
    const db = await openStore(this.path, { swap: true, command: 'serve (judgement)' });
    let judged: JudgedSuggestion[];
    try {
      judged = await judgeSuggestions(db, decision, { ids }, note);
      await resolveEntities(db, { familiesFiles: await familiesFilesFor(db, undefined) });
      await ensureGraph(db, undefined, (files) => loadClaims(db, files));
    } catch (error) {
      discardChanges(db);
      throw error;
    } finally {
      db.close();
    }
    await this.refresh();
    return judged;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.sql.close();
    this.current.retired = true;
    this.current.closeIfDone();
  }
}
