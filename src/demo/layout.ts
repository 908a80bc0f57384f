import { csvField } from './csvWriter.js';

// A row under a real header, addressed by column name (checked by the compiler against the header's
// literal type) and held escaped, so per-award templates are escaped once and copied per action.

/** Column positions and row helpers for one header. */
export class Layout<C extends string> {
  private readonly positions: ReadonlyMap<C, number>;

  constructor(readonly columns: readonly C[]) {
    const positions = new Map<C, number>();
    columns.forEach((c, i) => positions.set(c, i));
    if (positions.size !== columns.length) throw new RangeError('layout has duplicate column names');
    this.positions = positions;
  }

  /** A row of empty fields. */
  blank(): string[] {
    return new Array<string>(this.columns.length).fill('');
  }

  /** Position of a column. */
  position(column: C): number {
    const p = this.positions.get(column);
    if (p === undefined) throw new RangeError(`no column ${column} in layout`);
    return p;
  }

  /** Sets one field (escaping it). */
  set(row: string[], column: C, value: string): void {
    row[this.position(column)] = csvField(value);
  }

  /** A setter bound to one row, for the shared field writers of awardFields.ts. */
  putter(row: string[]): (column: C, value: string) => void {
    return (column, value) => this.set(row, column, value);
  }

  /** Sets every field of a record (escaping each). */
  assign(row: string[], values: Partial<Record<C, string>>): void {
    for (const [column, value] of Object.entries(values) as Array<[C, string | undefined]>) {
      if (value !== undefined) this.set(row, column, value);
    }
  }
}
