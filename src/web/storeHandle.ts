/**
 * The served store: opened read-only with file and network access off and its configuration locked,
 * a few connections shared by the requests, and one narrow write path (suggestion judgements) that
 * drains the readers, reopens the file for writing, records the judgements, re-resolves families and
 * rebuilds the graph, then reopens read-only.
 */
import { existsSync } from 'node:fs';
import { answerContext, type AnswerContext } from '../analysis/answer.js';
import { loadClaims } from '../graph/storeClaims.js';
import { familiesFilesFor, openResolved } from '../entities/companies.js';
import { judgeSuggestions, type Decision, type JudgedSuggestion } from '../entities/judgements.js';
import { resolveEntities } from '../entities/resolve.js';
import { NotFoundError } from '../errors.js';
import { checkGraph, ensureGraph } from '../graph/graphAnswers.js';
import type { Database } from '../store/database.js';
import { openStore } from '../store/openStore.js';
import { VERSION } from '../version.js';
import { SqlSandbox } from './sqlSandbox.js';

export interface StoreHandleOptions {
  /** Connections answering requests at once (DuckDB runs each query on several threads too). */
  connections?: number;
  /** Memory cap of one SQL console query's process, in MB. */
  sqlMemoryMb?: number;
  /** Say what preparation did (resolution, graph build). */
  log?: (line: string) => void;
}

/** Makes families and the relationship graph current (writing only if they are stale), then closes. */
export async function prepareStore(path: string, log: (line: string) => void = () => {}): Promise<void> {
  if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` (or \`whosbehind demo\`) first`);
  let db = await openResolved(path, undefined, (r) => log(`resolved ${r.recipients} recipients into ${r.families} families in ${r.ms} ms`));
  try {
    const check = await checkGraph(db, undefined);
    if (!check.current) {
      if (db.readOnly) {
        db.close();
        db = await openStore(path);
      }
      const built = await ensureGraph(db, undefined, (files) => loadClaims(db, files), check);
      if (built) log(`built the relationship graph: ${built.nodes} nodes in ${built.ms} ms`);
    }
  } finally {
    db.close();
  }
}

/** A pool of read-only connections over one store file, with the single write path. */
export class StoreHandle {
  private main!: Database;
  private free: Database[] = [];
  private all: Database[] = [];
  private waiting: Array<(db: Database) => void> = [];
  private busy = 0;
  private writing: Promise<void> | null = null;
  /** Bumped by every write, so caches keyed by it never serve stale answers. */
  generation = 0;
  context!: AnswerContext;
  /** The SQL console's killable query processes. */
  readonly sql: SqlSandbox;

  private constructor(readonly path: string, private readonly options: StoreHandleOptions) {
    this.sql = new SqlSandbox(path, { memoryMb: options.sqlMemoryMb });
  }

  static async open(path: string, options: StoreHandleOptions = {}): Promise<StoreHandle> {
    await prepareStore(path, options.log);
    const h = new StoreHandle(path, options);
    await h.openReaders();
    return h;
  }

  private async openReaders(): Promise<void> {
    this.main = await openStore(this.path, { readOnly: true, noExternalAccess: true });
    // nothing a query says can turn file access back on or change any other setting
    await this.main.run('SET lock_configuration = true');
    this.all = [this.main];
    for (let i = 1; i < (this.options.connections ?? 3); i++) this.all.push(await this.main.connect());
    this.free = [...this.all];
    this.context = await answerContext(this.main, VERSION);
  }

  /** Runs `fn` on a free read-only connection (waiting for one when all are busy). */
  async use<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    while (this.writing) await this.writing;
    let db = this.free.pop();
    if (db) this.busy++;
    // a waiter is handed a connection still counted busy, so a writer never sees a gap
    else db = await new Promise<Database>((resolve) => this.waiting.push(resolve));
    try {
      return await fn(db);
    } finally {
      const next = this.waiting.shift();
      if (next) next(db);
      else {
        this.busy--;
        this.free.push(db);
      }
    }
  }

  /**
   * The one write path: records accept/reject judgements on suggestions (as `whosbehind entities accept`
   * does), re-resolves families and rebuilds the graph, then serves read-only again.
   */
  async judge(decision: Decision, ids: readonly string[], note?: string): Promise<JudgedSuggestion[]> {
    while (this.writing) await this.writing;
    let done!: () => void;
    this.writing = new Promise((resolve) => (done = resolve));
    try {
      while (this.busy > 0) await new Promise((r) => setTimeout(r, 5));
      this.closeReaders();
      // the sandbox's processes hold the file too
      await this.sql.stopAll();
      const db = await openStore(this.path);
      try {
        const judged = await judgeSuggestions(db, decision, { ids }, note);
        await resolveEntities(db, { familiesFiles: await familiesFilesFor(db, undefined) });
        await ensureGraph(db, undefined, (files) => loadClaims(db, files));
        return judged;
      } finally {
        db.close();
        this.generation++;
        await this.openReaders();
      }
    } finally {
      this.writing = null;
      done();
    }
  }

  private closeReaders(): void {
    for (const db of this.all.slice(1)) db.close();
    this.main?.close();
    this.all = [];
    this.free = [];
  }

  close(): void {
    this.sql.close();
    this.closeReaders();
  }
}
