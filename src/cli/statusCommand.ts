import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { NotFoundError } from '../errors.js';
import { storeStatus, type StoreStatus } from '../status.js';
import { openStore, resolveStorePath } from '../store/openStore.js';
import { dbOption } from './dbOption.js';

/** The text of `whosbehind status`. */
export function renderStatus(s: StoreStatus): string {
  const out: string[] = [`store ${s.path} (schema version ${s.schemaVersion})`, ''];
  out.push('tables:');
  for (const t of s.tables) out.push(`  ${t.view.padEnd(22)} ${String(t.rows).padStart(10)} rows`);
  if (s.fedrampFeeds.length) {
    out.push('', 'FedRAMP Marketplace feeds (the fedramp_* views show the current one):');
    for (const f of s.fedrampFeeds) {
      const state = f.current ? 'current' : `superseded in snapshot ${f.superseded_snapshot_id}`;
      out.push(`  [${f.source_id}] snapshot ${f.snapshot_id}  ${f.name}  (${state})`);
      out.push(`      last changed ${f.last_change ?? 'unknown (no meta.last_change)'}: ${f.offerings} offerings, ${f.agencies} agencies, `
        + `${f.authorizations} authorizations, ${f.builds_on} builds-on edges`);
    }
  }
  out.push('', 'snapshots:');
  if (!s.snapshots.length) out.push('  none yet: run `whosbehind ingest PATH`');
  for (const n of s.snapshots) out.push(`  #${n.snapshot_id}  ${n.started_at}  ${n.files} file(s)${n.api_calls ? ` from ${n.api_calls} API call(s) (table api_calls)` : ''}  whosbehind ${n.tool_version}  ${n.command}`);
  out.push('', 'sources (read = loaded + replaced + unchanged + deleted + rejected):');
  for (const f of s.sources) {
    out.push(`  [${f.source_id}] snapshot ${f.snapshot_id}  ${f.name}`);
    out.push(`      ${f.layout}, ${f.bytes} bytes, sha256 ${f.sha256.slice(0, 16)}…`);
    out.push(`      read ${f.read}, loaded ${f.loaded}, replaced ${f.replaced}, unchanged ${f.unchanged}, deleted ${f.deleted}, rejected ${f.rejected}`);
    for (const w of f.warnings) out.push(`      warning: ${w}`);
    // Grouped by kind; each kind shows its first real reject, unmasked (file, line, field, reason).
    for (const k of s.rejectKinds.filter((x) => x.source_id === f.source_id)) {
      const e = k.example;
      out.push(`      rejected ${k.rows}× ${k.kind}: ${k.label}`);
      out.push(`        e.g. ${e.file} line ${e.line}${e.field ? `, field ${e.field}` : ''}: ${e.reason}`);
    }
  }
  out.push('', 'rejected rows, with their reasons and raw values: whosbehind rejects (or whosbehind sql "SELECT * FROM rejects")');
  return out.join('\n') + '\n';
}

/** `whosbehind status` */
export function registerStatus(program: Command): void {
  program.command('status')
    .description('list the sources and snapshots in the store, with row counts and rejects')
    .addOption(dbOption())
    .option('--json', 'print as JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      const path = resolveStorePath(opts.db);
      if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` (or \`whosbehind demo\`) first`);
      const db = await openStore(path, { readOnly: true });
      try {
        const s = await storeStatus(db);
        process.stdout.write(opts.json ? JSON.stringify(s, null, 2) + '\n' : renderStatus(s));
      } finally {
        db.close();
      }
    });
}
