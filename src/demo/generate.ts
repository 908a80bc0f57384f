import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agencyCodeRows } from './agencyCodes.js';
import { API_SUBTIER, ApiProjection } from './apiProjection.js';
import { awardSummaryRow } from './awardSummaries.js';
import { awardStream } from './awards.js';
import { CsvFileWriter } from './csvWriter.js';
import { DELTA_AWARDS_NEEDED, deltaEffects, deltaRow, planDelta } from './delta.js';
import { DEMO_FILES, DEMO_FILE_KINDS, MANIFEST_FILE, README_FILE } from './files.js';
import type { DemoFileKind } from './files.js';
import { AGENCY_CODE_COLUMNS } from './headers.js';
import { FICTIONAL_NOTICE } from './manifest.js';
import type { DemoFileEntry, DemoManifest } from './manifest.js';
import { formatCents } from './money.js';
import type { DemoAward } from './model.js';
import { readmeText } from './readme.js';
import { subawardRow, subawardsFor } from './subawards.js';
import { TransactionTotals } from './totals.js';
import { transactionRow, transactionTemplate } from './transactions.js';
import { UsageError } from '../errors.js';

/** Options of generateDemo; only outDir is required. */
export interface DemoOptions {
  readonly outDir: string;
  /** 32-bit seed; the same seed gives byte-identical files. */
  readonly seed?: number;
  /** Number of transaction rows (base file, before the delta). */
  readonly transactions?: number;
  /** Write only these data files (README.txt and manifest.json are always written). */
  readonly only?: readonly DemoFileKind[];
}

/** Seed used when none is given. */
export const DEFAULT_SEED = 20_240_612;
/** Transactions generated when no count is given. */
export const DEFAULT_TRANSACTIONS = 5_000;
/** Fewest transactions accepted: the delta and subaward quirks need a few dozen awards. */
export const MIN_TRANSACTIONS = 100;

type Writers = Partial<Record<DemoFileKind, CsvFileWriter>>;

/** Writes the fictional demo files into outDir and returns what was written with its exact sums. */
export async function generateDemo(options: DemoOptions): Promise<DemoManifest> {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.transactions ?? DEFAULT_TRANSACTIONS;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new UsageError(`demo seed must be an integer from 0 to 4294967295, got ${seed}`);
  }
  if (!Number.isInteger(count) || count < MIN_TRANSACTIONS) {
    throw new UsageError(`demo transactions must be an integer of at least ${MIN_TRANSACTIONS}, got ${count}`);
  }
  const kinds = DEMO_FILE_KINDS.filter((k) => !options.only || options.only.includes(k));
  await mkdir(options.outDir, { recursive: true });
  const writers: Writers = {};
  for (const k of kinds) {
    const spec = DEMO_FILES[k];
    writers[k] = await CsvFileWriter.create(join(options.outDir, spec.file), spec.header, spec.format);
  }
  try {
    return await writeAll(options.outDir, seed, count, writers);
  } finally {
    // After a failure the files are still open; close() is idempotent, so the success path is unaffected.
    await Promise.allSettled(Object.values(writers).map((w) => w.close()));
  }
}

async function writeAll(outDir: string, seed: number, count: number, writers: Writers): Promise<DemoManifest> {
  const totals = new TransactionTotals();
  const api = new ApiProjection();
  const early: DemoAward[] = [];
  let multiAction = 0;
  let ordinal = 0;
  const sub = { rows: 0, distinct: 0, cents: 0n, distinctCents: 0n };

  for (const award of awardStream(seed, count)) {
    totals.addAward(award);
    if (multiAction < DELTA_AWARDS_NEEDED) {
      early.push(award);
      if (award.transactions.length >= 2) multiAction++;
    }
    const template = writers.transactions ? transactionTemplate(award) : undefined;
    for (const t of award.transactions) {
      if (template) writers.transactions?.writeEscapedRow(transactionRow(template, award, t));
      for (const row of api.accept(award, t)) writers.apiProjection?.writeRow(row);
    }
    writers.awardSummaries?.writeEscapedRow(awardSummaryRow(award));
    for (const s of subawardsFor(seed, award, ordinal)) {
      sub.rows++;
      sub.cents += BigInt(s.cents);
      if (!s.reReport) {
        ordinal++;
        sub.distinct++;
        sub.distinctCents += BigInt(s.cents);
      }
      writers.subawards?.writeEscapedRow(subawardRow(s));
    }
    for (const w of Object.values(writers)) await w.drain();
  }

  const changes = planDelta(seed, early);
  for (const c of changes) writers.delta?.writeEscapedRow(deltaRow(c));
  const after = totals.awarding.clone();
  let change = 0n;
  for (const e of deltaEffects(changes)) {
    after.add(e.award.awarding.code, e.txn.day, e.sign * e.txn.cents, e.sign);
    change += BigInt(e.sign * e.txn.cents);
  }

  for (const values of agencyCodeRows()) writers.agencyCodes?.writeRow(AGENCY_CODE_COLUMNS.map((c) => values[c] ?? ''));

  const files: DemoFileEntry[] = [];
  for (const kind of DEMO_FILE_KINDS) {
    const w = writers[kind];
    if (!w) continue;
    const { rows, bytes } = await w.close();
    const spec = DEMO_FILES[kind];
    files.push({ kind, file: spec.file, layout: spec.layout, columns: spec.header.length, rows, bytes });
  }
  const t = totals.summary();
  const a = api.summary();
  const manifest: DemoManifest = {
    fictional: true,
    notice: FICTIONAL_NOTICE,
    seed,
    files,
    transactions: {
      transactions: t.transactions,
      awards: t.awards,
      federalActionObligation: t.federalActionObligation,
      byAwardingSubtierFiscalYear: totals.awarding.toList(),
      byFundingSubtierFiscalYear: totals.funding.toList(),
    },
    awardSummaries: { awards: t.awards, totalObligatedAmount: t.totalObligatedAmount },
    subawards: {
      rows: sub.rows,
      distinctSubawards: sub.distinct,
      subawardAmount: formatCents(sub.cents),
      subawardAmountDistinct: formatCents(sub.distinctCents),
    },
    apiProjection: {
      subtierCode: API_SUBTIER.code,
      agency: API_SUBTIER.abbreviation,
      rows: a.distinctRows + a.repeatedRows,
      distinctRows: a.distinctRows,
      repeatedRows: a.repeatedRows,
      federalActionObligationAllRows: formatCents(a.allRowsCents),
      federalActionObligationDistinct: formatCents(a.distinctCents),
    },
    delta: {
      rows: changes.length,
      updates: changes.filter((c) => c.kind === 'update').length,
      inserts: changes.filter((c) => c.kind === 'new').length,
      deletes: changes.filter((c) => c.kind === 'delete').length,
      obligationChange: formatCents(change),
      federalActionObligationAfterDelta: formatCents(totals.totalCents + change),
      byAwardingSubtierFiscalYearAfterDelta: after.toList(),
    },
  };
  await writeFile(join(outDir, README_FILE), readmeText(seed, files));
  await writeFile(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
