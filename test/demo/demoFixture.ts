import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../src/demo/generate.js';
import type { DemoOptions } from '../../src/demo/generate.js';
import { DEMO_FILES } from '../../src/demo/files.js';
import type { DemoFileKind } from '../../src/demo/files.js';
import type { DemoManifest } from '../../src/demo/manifest.js';

// Shared by the demo tests: a generated demo in a temp folder, and DuckDB reading the written files
// back with every column as text, so expected figures are recomputed independently of the generator.

/** A generated demo and where it lives. */
export interface GeneratedDemo {
  readonly dir: string;
  readonly manifest: DemoManifest;
  /** Absolute path of one data file. */
  path(kind: DemoFileKind): string;
  /** Raw bytes of one data file. */
  bytes(kind: DemoFileKind): Buffer;
  remove(): void;
}

/** Generates the demo into a fresh temp folder. */
export async function generateInTemp(options: Omit<DemoOptions, 'outDir'> = {}): Promise<GeneratedDemo> {
  const dir = mkdtempSync(join(tmpdir(), 'whosbehind-demo-test-'));
  const manifest = await generateDemo({ ...options, outDir: dir });
  const path = (kind: DemoFileKind): string => join(dir, DEMO_FILES[kind].file);
  return {
    dir,
    manifest,
    path,
    bytes: (kind) => readFileSync(path(kind)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Header column names of a CSV file: its first line, BOM stripped (no header name holds a comma). */
export function headerOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const end = text.search(/\r?\n/);
  return text.slice(0, end).split(',');
}

/** An in-memory DuckDB for reading generated files back. */
export class Sql {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens an in-memory database. */
  static async open(): Promise<Sql> {
    const instance = await DuckDBInstance.create(':memory:');
    return new Sql(instance, await instance.connect());
  }

  /** Rows as objects; cast values to VARCHAR or INTEGER in the SQL to get strings and numbers. */
  async rows(sql: string): Promise<Array<Record<string, unknown>>> {
    return (await this.connection.runAndReadAll(sql)).getRowObjectsJS();
  }

  /** The single value of a one-row, one-column query. */
  async value(sql: string): Promise<unknown> {
    const [row] = await this.rows(sql);
    return row ? Object.values(row)[0] : undefined;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** read_csv over a generated file with every column as VARCHAR (empty fields read as NULL). */
export function csv(file: string): string {
  return `read_csv('${file.replaceAll("'", "''")}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
}

/** SQL that sums a text column as an exact DECIMAL and prints it like the manifest does. */
export function decimalSum(column: string): string {
  return `coalesce(sum(CAST("${column}" AS DECIMAL(38, 2))), 0)::VARCHAR`;
}
