import { expect } from 'vitest';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ensureGraph } from '../../src/graph/graphAnswers.js';
import { ingest } from '../../src/ingest.js';
import { realFile } from './realData.js';
import { tempStore, type TempStore } from './tempStore.js';

/** The real files the relationship tests read: ICE/CBP transactions, MN award summaries and subawards, agency codes, the FedRAMP feed. */
export function realGraphPaths(): string[] {
  return [realFile('cbp-ice-dashboard'), realFile('mn_ice_contracts'), realFile('data-act-broker', 'agency_codes.csv'), realFile('fedramp-marketplace', 'data.json')];
}

/**
 * A temporary store holding realGraphPaths(), every file loaded; with `prepare` (the default) families
 * resolved and the relationship graph built (no claims). The caller cleans it up.
 */
export async function realGraphStore(options: { prepare?: boolean } = {}): Promise<TempStore> {
  const store = await tempStore({ autoCleanup: false });
  const r = await ingest(store.db, { paths: realGraphPaths() });
  expect(r.failed).toBe(0);
  if (options.prepare !== false) {
    await resolveEntities(store.db);
    await ensureGraph(store.db, [], async () => []);
  }
  return store;
}

/** The real files the answer tests read: MN and Sierra Wells award summaries and subawards, ICE/CBP transactions, agency codes. */
export function realAnswersPaths(): string[] {
  return [realFile('mn_ice_contracts'), realFile('sierrawells_ice_contracts'), realFile('cbp-ice-dashboard'), realFile('data-act-broker', 'agency_codes.csv')];
}

/** A temporary store holding realAnswersPaths(), every file loaded and families resolved. The caller cleans it up. */
export async function realAnswersStore(): Promise<TempStore> {
  const store = await tempStore({ autoCleanup: false });
  const result = await ingest(store.db, { paths: realAnswersPaths() });
  expect(result.failed).toBe(0);
  await resolveEntities(store.db);
  return store;
}
