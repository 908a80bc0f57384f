import { expect } from 'vitest';
import { ingest, type FileResult, type IngestOptions, type IngestResult } from '../../src/ingest.js';
import type { LoadCounts } from '../../src/store/loadFile.js';
import type { Database } from '../../src/store/database.js';
import { writeCsv } from './csv.js';
import type { TempStore } from './tempStore.js';

/** A small agency reference (official agency_codes.csv columns) with DHS, ICE and CBP. */
export const AGENCY_REFERENCE_HEADER = [
  'CGAC AGENCY CODE', 'AGENCY NAME', 'AGENCY ABBREVIATION', 'FREC', 'FREC Entity Description', 'FREC ABBREVIATION',
  'SUBTIER CODE', 'SUBTIER NAME', 'SUBTIER ABBREVIATION', 'TOPTIER_FLAG', 'IS_FREC', 'USER SELECTABLE ON USASPENDING.GOV',
];

export const AGENCY_REFERENCE_ROWS: Array<Record<string, string>> = [
  ['7000', 'Department of Homeland Security', 'DHS', 'TRUE'],
  ['7012', 'U.S. Immigration and Customs Enforcement', 'ICE', 'FALSE'],
  ['7014', 'U.S. Customs and Border Protection', 'CBP', 'FALSE'],
].map(([code, name, abbr, top]) => ({
  'CGAC AGENCY CODE': '070', 'AGENCY NAME': 'Department of Homeland Security', 'AGENCY ABBREVIATION': 'DHS',
  FREC: '7000', 'FREC Entity Description': 'Department of Homeland Security', 'FREC ABBREVIATION': 'DHS',
  'SUBTIER CODE': code!, 'SUBTIER NAME': name!, 'SUBTIER ABBREVIATION': abbr!, TOPTIER_FLAG: top!, IS_FREC: 'FALSE',
  'USER SELECTABLE ON USASPENDING.GOV': 'TRUE',
}));

/** Writes the small agency reference into the store's folder and ingests it. */
export async function loadAgencyReference(store: TempStore): Promise<void> {
  const path = store.write('reference/agency_codes.csv', writeCsv(AGENCY_REFERENCE_HEADER, AGENCY_REFERENCE_ROWS, { bom: true }));
  await ingest(store.db, { paths: [path] });
}

/** Ingests and returns the result, with the single file's result (fails the test when there is not exactly one). */
export async function ingestOne(db: Database, path: string, options: Omit<IngestOptions, 'paths'> = {}): Promise<{ result: IngestResult; file: FileResult; counts: LoadCounts }> {
  const result = await ingest(db, { ...options, paths: [path] });
  expect(result.files, 'one file result').toHaveLength(1);
  const file = result.files[0]!;
  expect(file.error, 'file error').toBeUndefined();
  expect(file.counts, `counts of ${file.name}`).toBeDefined();
  return { result, file, counts: file.counts! };
}

/** read = loaded + replaced + unchanged + deleted + rejected. */
export function expectReconciled(c: LoadCounts): void {
  expect(c.read, JSON.stringify(c)).toBe(c.loaded + c.replaced + c.unchanged + c.deleted + c.rejected);
}

/** Runs `fn`, expecting it to reject with an error of class `kind`; returns that error. */
export async function expectRejects<E extends Error>(fn: () => Promise<unknown>, kind: new (...args: never[]) => E): Promise<E> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an error').toBeInstanceOf(kind);
  return caught as E;
}
