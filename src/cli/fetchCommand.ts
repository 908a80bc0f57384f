import type { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { parseFiscalYears } from '../analysis/fiscalYears.js';
import { familiesFilesFor } from '../entities/companies.js';
import { resolveEntities } from '../entities/resolve.js';
import { UsageError } from '../errors.js';
import { fetchAgency, DEFAULT_BASE_URL } from '../sources/usaspendingApi/index.js';
import { openStore, resolveStorePath } from '../store/openStore.js';
import { dbOption } from './dbOption.js';
import { progressReporter } from './progress.js';

interface FetchFlags {
  db?: string; agency: string; basis: string; fy?: string; recipient?: string; withSubawards?: boolean; download?: boolean;
  baseUrl: string; cacheDir?: string; rate: string; timeout: string; retries: string;
}

/** `whosbehind fetch --agency AGENCY …` */
export function registerFetch(program: Command): void {
  program.command('fetch')
    .description('pull an agency\'s contract transactions (and subawards) from the USAspending API into the store as one snapshot')
    .requiredOption('--agency <agency>', 'agency by code, abbreviation or name (department or subtier), e.g. ICE, 7012, DHS')
    .option('--basis <basis>', 'awarding or funding agency (funding uses the download endpoints)', 'awarding')
    .option('--fy <years>', 'fiscal years, e.g. 2023 or 2021..2024 (default FY2008 to the current one)')
    .option('--recipient <name>', 'only this recipient (the API\'s recipient search text)')
    .option('--with-subawards', 'also fetch the agency\'s contract subawards (bulk download)')
    .option('--download', 'use the download endpoints (submit, poll, zip) instead of the search pages; for large pulls')
    .option('--base-url <url>', 'API root, e.g. a mirror', DEFAULT_BASE_URL)
    .option('--cache-dir <dir>', 'where raw responses and run state are kept (default: whosbehind-cache/fetch beside the store)')
    .option('--rate <n>', 'at most n requests a second (polite default)', '2')
    .option('--timeout <seconds>', 'per request', '60')
    .option('--retries <n>', 'attempts per request on 429, 5xx and timeouts', '6')
    .addOption(dbOption())
    .addHelpText('after', `
Search results (100 a page; the API stops at 50,000 results, so a larger range is split by date) are
saved as an API projection CSV and read like any such file; downloads are zips of the usual CSVs. Every
raw response is cached on disk with its request, and the snapshot records the calls (table api_calls).
If a fetch fails or is interrupted nothing is ingested; it says what it has and what is missing, and
the same command continues from the cache. Progress goes to stderr. See docs/fetch.md.`)
    .action(async (opts: FetchFlags) => {
      if (opts.basis !== 'awarding' && opts.basis !== 'funding') throw new UsageError(`--basis must be awarding or funding, not ${opts.basis}`);
      const num = (flag: string, v: string, min: number): number => {
        const n = Number(v);
        if (!Number.isFinite(n) || n < min) throw new UsageError(`${flag} must be a number ≥ ${min}, not ${v}`);
        return n;
      };
      const rate = num('--rate', opts.rate, 0);
      const timeoutMs = num('--timeout', opts.timeout, 1) * 1000;
      const attempts = num('--retries', opts.retries, 1);
      const fy = parseFiscalYears(opts.fy);
      if (fy && (fy.from <= 1970 || fy.to >= 2100)) throw new UsageError('--fy: give both ends of the range, e.g. 2021..2024');
      const storePath = resolveStorePath(opts.db);
      const cacheDir = resolve(opts.cacheDir ?? join(dirname(resolve(storePath)), 'whosbehind-cache', 'fetch'));
      const db = await openStore(storePath);
      const controller = new AbortController();
      const onSignal = (): void => controller.abort(new Error('interrupted by a signal'));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const result = await fetchAgency(db, {
          agency: opts.agency, basis: opts.basis, ...(fy ? { fy } : {}), ...(opts.recipient ? { recipient: opts.recipient } : {}),
          withSubawards: !!opts.withSubawards, ...(opts.download ? { via: 'download' as const } : {}), baseUrl: opts.baseUrl,
          cacheDir, http: { ratePerSecond: rate, timeoutMs, attempts }, signal: controller.signal,
          log: (line) => process.stderr.write(`${line}\n`), reporter: progressReporter(),
        });
        const calls = `${result.fetched} API call(s) made, ${result.replayed} replayed from the cache`;
        if (result.snapshotId === undefined) {
          process.stdout.write(`nothing to ingest: the API returned no records for ${result.scope} (${calls})\n`);
          return;
        }
        process.stdout.write(`snapshot ${result.snapshotId}: fetched ${result.scope} (${calls}; raw responses in ${result.runDir}) into ${db.path}\n`);
        const r = await resolveEntities(db, { familiesFiles: await familiesFilesFor(db, undefined) });
        process.stdout.write(`families: ${r.recipients} recipients in ${r.families} families (${r.curatedFamilies} curated)\n`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        db.close();
      }
    });
}
