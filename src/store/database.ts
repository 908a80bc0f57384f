import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

// WHOSBEHIND_PROFILE=1 prints each statement's time on stderr (for tuning loaders).
const PROFILE = !!process.env['WHOSBEHIND_PROFILE'];

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
/** A row as JSON-safe values: DECIMAL and BIGINT arrive as exact strings, dates as ISO text. */
export type Row = Record<string, string | number | boolean | null | unknown>;

export interface OpenOptions {
  readOnly?: boolean;
  /** DuckDB memory limit, e.g. '1200MB'; beyond it DuckDB spills to its temp directory. */
  memoryLimit?: string;
  threads?: number;
  /** Turn off file and network access from SQL (for analyst queries). */
  noExternalAccess?: boolean;
  /** The store's name in messages and answers when the file opened is a copy of it. */
  displayPath?: string;
}

/** A thin wrapper over one DuckDB file and connection; every query in whosbehind goes through it. */
export class Database {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly readOnly: boolean,
    private readonly ownsInstance = true,
  ) {}

  /** Opens (creating if allowed) the DuckDB file at `path`. */
  static async open(path: string, options: OpenOptions = {}): Promise<Database> {
    const config: Record<string, string> = {};
    if (options.readOnly) config['access_mode'] = 'READ_ONLY';
    if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
    if (options.threads) config['threads'] = String(options.threads);
    if (options.noExternalAccess) config['enable_external_access'] = 'false';
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    return new Database(options.displayPath ?? path, instance, connection, !!options.readOnly);
  }

  /** Runs a statement, values bound as parameters. */
  async run(sql: string, params?: Params): Promise<void> {
    const t0 = PROFILE ? Date.now() : 0;
    await this.connection.run(sql, params);
    if (PROFILE) process.stderr.write(`[sql ${Date.now() - t0} ms] ${sql.replace(/\s+/g, ' ').slice(0, 100)}\n`);
  }

  /** Runs a query and returns its rows as JSON-safe objects. */
  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const t0 = PROFILE ? Date.now() : 0;
    const reader = await this.connection.runAndReadAll(sql, params);
    const rows = reader.getRowObjectsJson() as T[];
    if (PROFILE) process.stderr.write(`[sql ${Date.now() - t0} ms, ${rows.length} rows] ${sql.replace(/\s+/g, ' ').slice(0, 140)}\n`);
    return rows;
  }

  /** Rows as arrays in column order (cheaper than objects for large results). */
  async rows(sql: string, params?: Params): Promise<unknown[][]> {
    const t0 = PROFILE ? Date.now() : 0;
    const reader = await this.connection.runAndReadAll(sql, params);
    const rows = reader.getRowsJson() as unknown[][];
    if (PROFILE) process.stderr.write(`[sql ${Date.now() - t0} ms, ${rows.length} rows] ${sql.replace(/\s+/g, ' ').slice(0, 140)}\n`);
    return rows;
  }

  /** First row of a query, or undefined. */
  async one<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs `fn` inside one transaction: committed if it returns, rolled back if it throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Appends rows to a table through DuckDB's appender (fast bulk insert on this connection, inside any
   * open transaction). Values: string → VARCHAR, number → BIGINT (integers) or DOUBLE, boolean, null.
   */
  async appendRows(table: string, rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): Promise<void> {
    if (rows.length === 0) return;
    const appender = await this.connection.createAppender(table);
    try {
      for (const row of rows) {
        for (const v of row) {
          if (v === null) appender.appendNull();
          else if (typeof v === 'string') appender.appendVarchar(v);
          else if (typeof v === 'boolean') appender.appendBoolean(v);
          else if (typeof v !== 'number') throw new TypeError(`appendRows(${table}): unsupported value ${String(v)}`);
          else if (Number.isInteger(v)) appender.appendBigInt(BigInt(v));
          else appender.appendDouble(v);
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Another connection to the same open database (a server answers concurrent requests on several). */
  async connect(): Promise<Database> {
    return new Database(this.path, this.instance, await this.instance.connect(), this.readOnly, false);
  }

  private afterClose: Array<() => void> = [];

  /** Runs `fn` once the file is closed (a swapped-in copy is renamed into place there). */
  onClose(fn: () => void): void {
    this.afterClose.push(fn);
  }

  /** Stops the statement running on this connection (it fails with an INTERRUPT error). */
  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
    if (!this.ownsInstance) return;
    this.instance.closeSync();
    for (const fn of this.afterClose.splice(0)) fn();
  }
}
