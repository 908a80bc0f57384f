import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { openResolved } from '../entities/companies.js';
import { NotFoundError, UsageError } from '../errors.js';
import { resolveStorePath } from '../store/openStore.js';
import { runWatch } from '../watch/runWatch.js';
import { dbOption } from './dbOption.js';

/** `whosbehind watch FILE.yaml [--out DIR]` */
export function registerWatch(program: Command): void {
  program.command('watch')
    .description('write a digest of what changed for watched agencies, companies and keywords since the last run (Markdown, JSON, Atom feed)')
    .argument('<file>', 'watch list (YAML: agencies, companies, keywords)')
    .option('--out <dir>', 'folder for digest.md, digest.json, feed.atom and the run state', 'watch-out')
    .option('--since <snapshot>', 'compare from this snapshot instead of the last run\'s (0 = everything)')
    .addOption(dbOption())
    .addHelpText('after', `
The first run compares from the empty store; each later run from the snapshot the previous run reached
(remembered in DIR/watch-state.json). Same store, list and state give the same files byte for byte.
Run it after each fetch, e.g. from cron or CI: see docs/fetch.md.`)
    .action(async (file: string, opts: { out: string; since?: string; db?: string }) => {
      if (opts.since !== undefined && !/^\d+$/.test(opts.since)) throw new UsageError(`--since must be a snapshot number, not ${opts.since}`);
      const path = resolveStorePath(opts.db);
      if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` or \`whosbehind fetch\` first`);
      const db = await openResolved(path, undefined);
      try {
        const r = await runWatch(db, { watchFile: file, outDir: opts.out, ...(opts.since !== undefined ? { since: Number(opts.since) } : {}) });
        for (const u of r.unresolved) process.stderr.write(`warning: not found, not watched: ${u}\n`);
        process.stdout.write(r.changed
          ? `${r.items} change(s) from snapshot ${r.from} to ${r.to}: ${r.files.markdown}, ${r.files.json}, ${r.files.atom}\n`
          : `no change since the last run (snapshot ${r.from} → ${r.to}): ${r.files.markdown}, ${r.files.atom}\n`);
      } finally {
        db.close();
      }
    });
}
