import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

// RFC 4180 output with minimal quoting, as Python's csv module writes it: a field is quoted only when it
// holds the delimiter, a quote or a line break, and quotes inside are doubled.

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;
const FLUSH_AT = 1 << 20;

/** One field, quoted only when it has to be. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(QUOTE, '""')}"` : value;
}

/** How a CSV file's bytes are laid out. */
export interface CsvFormat {
  /** Record terminator; genuine USAspending downloads use CRLF. */
  readonly eol: '\r\n' | '\n';
  /** Start the file with a UTF-8 byte order mark, as data-act-broker files do. */
  readonly bom: boolean;
}

/** A CSV file written in 1 MiB chunks: memory stays bounded however many rows go through. */
export class CsvFileWriter {
  private chunk: string[] = [];
  private pendingChars = 0;
  private bytesWritten = 0;
  private rowsWritten = 0;
  private closed?: Promise<{ rows: number; bytes: number }>;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly format: CsvFormat,
  ) {}

  /** Creates (or truncates) the file and writes the header line. */
  static async create(path: string, header: readonly string[], format: CsvFormat): Promise<CsvFileWriter> {
    const writer = new CsvFileWriter(path, await open(path, 'w'), format);
    writer.append((format.bom ? '\uFEFF' : '') + header.map(csvField).join(',') + format.eol);
    return writer;
  }

  /** Queues one data row whose fields are already escaped with csvField. */
  writeEscapedRow(fields: readonly string[]): void {
    this.append(fields.join(',') + this.format.eol);
    this.rowsWritten++;
  }

  /** Queues one data row of raw values. */
  writeRow(values: readonly string[]): void {
    this.writeEscapedRow(values.map(csvField));
  }

  /** Writes queued rows to disk once enough have gathered; call between batches of rows. */
  async drain(): Promise<void> {
    if (this.pendingChars >= FLUSH_AT) await this.flush();
  }

  /** Flushes and closes the file (once, however often called); returns data rows and bytes written. */
  close(): Promise<{ rows: number; bytes: number }> {
    this.closed ??= this.finish();
    return this.closed;
  }

  private async finish(): Promise<{ rows: number; bytes: number }> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
    return { rows: this.rowsWritten, bytes: this.bytesWritten };
  }

  private append(text: string): void {
    this.chunk.push(text);
    this.pendingChars += text.length;
  }

  private async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    const buffer = Buffer.from(this.chunk.join(''), 'utf8');
    this.chunk = [];
    this.pendingChars = 0;
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesWritten } = await this.handle.write(buffer, offset, buffer.length - offset);
      offset += bytesWritten;
    }
    this.bytesWritten += buffer.length;
  }
}
