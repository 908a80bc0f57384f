import type { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { parseFiscalYears } from '../analysis/fiscalYears.js';
import { familiesFilesFor } from '../entities/companies.js';
import { resolveEntities } from '../entities/resolve.js';
import { UsageError } from '../errors.js';
import { fetchAgency, DEFAULT_BASE_URL } from '../sources/usaspendingApi/index.js';
import { fetchFpds } from '../sources/fpdsAtom/fetchFpds.js';
import { DEFAULT_FPDS_URL } from '../sources/fpdsAtom/feedQuery.js';
import { findAgency, loadAgencyDirectory } from '../entities/agencies.js';
import type { Database } from '../store/database.js';
import { openStore, resolveStorePath } from '../store/openStore.js';
import { dbOption } from './dbOption.js';
import { progressReporter } from './progress.js';

interface FetchFlags {
  db?: string; source: string; agency?: string; basis: string; fy?: string; recipient?: string; withSubawards?: boolean; download?: boolean;
  piid?: string; vendor?: string; since?: string; until?: string; maxPerQuery: string;
  baseUrl?: string; cacheDir?: string; rate: string; timeout: string; retries: string;
}

/** The FPDS feed filters on the contracting agency's 4-character subtier code. */
async function fpdsAgencyCode(db: Database, agency: string): Promise<{ code: string; label: string }> {
  const ref = findAgency(await loadAgencyDirectory(db), agency);
  if (ref.level !== 'subtier') {
    throw new UsageError(`${ref.name ?? ref.code} is a ${ref.level}; the FPDS feed filters on the contracting subtier (AGENCY_CODE): name one, e.g. ICE or 7012`);
  }
  return { code: ref.code, label: ref.abbreviation ?? ref.name ?? ref.code };
}

/** `whosbehind fetch --agency AGENCY …` */
export function registerFetch(program: Command): void {
  program.command('fetch')
    .description('pull contract transactions from the USAspending API (default) or the FPDS ATOM feed into the store as one snapshot')
    .option('--source <source>', 'usaspending (the API v2) or fpds (the FPDS-NG ATOM feed, days to months fresher)', 'usaspending')
    .option('--agency <agency>', 'agency by code, abbreviation or name (department or subtier), e.g. ICE, 7012, DHS; for fpds a subtier')
    .option('--basis <basis>', 'awarding or funding agency (funding uses the download endpoints)', 'awarding')
    .option('--fy <years>', 'fiscal years, e.g. 2023 or 2021..2024 (default FY2008 to the current one)')
    .option('--recipient <name>', 'only this recipient (the API\'s recipient search text)')
    .option('--with-subawards', 'also fetch the agency\'s contract subawards (bulk download)')
    .option('--download', 'use the download endpoints (submit, poll, zip) instead of the search pages; for large pulls')
    .option('--piid <piid>', 'fpds: one contract or vehicle by PIID (every action, all pages)')
    .option('--vendor <name>', 'fpds: vendor name as FPDS records it (VENDOR_NAME)')
    .option('--since <date>', 'fpds: first last-modified day, YYYY-MM-DD (LAST_MOD_DATE)')
    .option('--until <date>', 'fpds: last last-modified day (default today)')
    .option('--max-per-query <n>', 'fpds: split a date range by day when its first page says it holds more entries', '2000')
    .option('--base-url <url>', `API root, e.g. a mirror (default ${DEFAULT_BASE_URL}; fpds ${DEFAULT_FPDS_URL})`)
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
the same command continues from the cache. Progress goes to stderr. See docs/fetch.md.

--source fpds pulls the FPDS-NG ATOM feed (10 entries a page, start= paging) for --agency (a contracting
subtier), --piid or --vendor, last modified from --since to --until; a range holding more than
--max-per-query entries is split by day. Pages are cached raw and read like saved pages (ingest PAGE.xml).`)
    .action(async (opts: FetchFlags) => {
      if (opts.source !== 'usaspending' && opts.source !== 'fpds') throw new UsageError(`--source must be usaspending or fpds, not ${opts.source}`);
      if (opts.source === 'usaspending') {
        for (const f of ['piid', 'vendor', 'since', 'until'] as const) if (opts[f] !== undefined) throw new UsageError(`--${f} is for --source fpds; the USAspending fetch takes --fy and --recipient`);
        if (!opts.agency) throw new UsageError('fetch needs --agency (e.g. ICE)');
      } else {
        for (const f of ['fy', 'recipient', 'withSubawards', 'download'] as const) if (opts[f] !== undefined) throw new UsageError(`--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for the USAspending fetch; --source fpds takes --since/--until, --piid, --vendor`);
        if (opts.basis !== 'awarding') throw new UsageError('the FPDS feed is filtered on the contracting (awarding) agency only');
      }
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
        if (opts.source === 'fpds') {
          const agency = opts.agency ? await fpdsAgencyCode(db, opts.agency) : undefined;
          const result = await fetchFpds(db, {
            ...(agency ? { agencyCode: agency.code, agencyLabel: agency.label } : {}),
            ...(opts.piid ? { piid: opts.piid } : {}), ...(opts.vendor ? { vendor: opts.vendor } : {}),
            ...(opts.since ? { since: opts.since } : {}), ...(opts.until ? { until: opts.until } : {}),
            maxPerQuery: num('--max-per-query', opts.maxPerQuery, 10), baseUrl: opts.baseUrl ?? DEFAULT_FPDS_URL,
            cacheDir, http: { ratePerSecond: rate, timeoutMs, attempts }, signal: controller.signal,
            log: (line) => process.stderr.write(`${line}\n`), reporter: progressReporter(),
            command: process.argv.slice(2).join(' '),
          });
          const calls = `${result.fetched} page(s) fetched, ${result.replayed} replayed from the cache`;
          if (result.snapshotId === undefined) {
            process.stdout.write(`nothing to ingest: the feed holds no entries for ${result.scope} (${calls})\n`);
            return;
          }
          process.stdout.write(`snapshot ${result.snapshotId}: fetched ${result.entries} FPDS entries, ${result.scope} (${calls}; raw pages in ${result.runDir}) into ${db.path}\n`);
          const r = await resolveEntities(db, { familiesFiles: await familiesFilesFor(db, undefined) });
          process.stdout.write(`families: ${r.recipients} recipients in ${r.families} families (${r.curatedFamilies} curated)\n`);
          return;
        }
        const result = await fetchAgency(db, {
          agency: opts.agency!, basis: opts.basis, ...(fy ? { fy } : {}), ...(opts.recipient ? { recipient: opts.recipient } : {}),
          withSubawards: !!opts.withSubawards, ...(opts.download ? { via: 'download' as const } : {}), baseUrl: opts.baseUrl ?? DEFAULT_BASE_URL,
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
