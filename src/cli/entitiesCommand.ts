import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { explainFamily, familiesFilesFor, findCompany } from '../entities/companies.js';
import { judgeSuggestions, type Decision } from '../entities/judgements.js';
import { resolveEntities } from '../entities/resolve.js';
import { NotFoundError, UsageError } from '../errors.js';
import { openStore, resolveStorePath } from '../store/openStore.js';
import { dbOption } from './dbOption.js';
import { clean, openForAnswer, printJson, rowsToCsv, table, type AnswerFlags } from './answerOptions.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

async function openWritable(flags: { db?: string }) {
  const path = resolveStorePath(flags.db);
  if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` (or \`whosbehind demo\`) first`);
  return openStore(path);
}

function parseScore(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError('--min-score must be a number between 0 and 1');
  return n;
}

/** `whosbehind entities …` */
export function registerEntities(program: Command): void {
  const entities = program.command('entities').description('company families: resolve, explain, and judge suggested merges');

  entities.command('resolve')
    .description('(re)build recipients and families from the records, the curated family files and your judgements')
    .addOption(dbOption())
    .option('--families <file>', 'extra curated families file (repeatable; remembered in the store; "none" clears)', collect)
    .action(async (flags: { db?: string; families?: string[] }) => {
      const db = await openWritable(flags);
      try {
        const r = await resolveEntities(db, { familiesFiles: await familiesFilesFor(db, flags.families) });
        process.stdout.write(`resolved ${r.observations} distinct recipient descriptions into ${r.recipients} recipients and ${r.families} families `
          + `(${r.curatedFamilies} curated); ${r.suggestions} suggestions, ${r.conflicts} refused merges; ${r.ms} ms\n`);
      } finally {
        db.close();
      }
    });

  entities.command('suggest')
    .description('list suggested merges (similar names in different families) with scores; accept or reject them by id')
    .addOption(dbOption())
    .option('--min-score <score>', 'lowest score to list (0..1)', '0.8')
    .option('--all', 'include suggestions already judged')
    .option('--limit <n>', 'rows to list', '50')
    .option('--families <file>', 'extra curated families file (repeatable)', collect)
    .option('--json', 'print as JSON')
    .option('--csv', 'print as CSV')
    .action(async (flags: AnswerFlags & { minScore?: string; all?: boolean; limit: string }) => {
      const min = parseScore(flags.minScore, 0.8);
      const { db } = await openForAnswer(flags);
      try {
        const rows = await db.all(
          `SELECT suggestion_id, score, left_name, right_name, left_family, right_family, left_key, right_key, judgement, reasons, algorithm
           FROM entity_suggestions WHERE score >= ? ${flags.all ? '' : 'AND judgement IS NULL'}
           ORDER BY score DESC, suggestion_id LIMIT ?`, [min, Math.max(1, Number(flags.limit) || 50)]);
        const total = await db.one<{ n: number }>(`SELECT count(*) AS n FROM entity_suggestions WHERE score >= ? ${flags.all ? '' : 'AND judgement IS NULL'}`, [min]);
        if (flags.json) return printJson(rows);
        const cols = ['suggestion_id', 'score', 'left_name', 'right_name', 'left_family', 'right_family', 'left_key', 'right_key', 'judgement', 'reasons', 'algorithm'];
        if (flags.csv) return void process.stdout.write(rowsToCsv(rows, cols, ['score']));
        process.stdout.write(table([['id', 'l'], ['score', 'r'], ['name', 'l'], ['similar to', 'l'], ['families', 'l'], ...(flags.all ? [['judged', 'l']] as Array<[string, 'l' | 'r']> : [])],
          rows.map((r) => [String(r['suggestion_id']), Number(r['score']).toFixed(3), String(r['left_name']), String(r['right_name']),
            `${r['left_family']} / ${r['right_family']}`, ...(flags.all ? [String(r['judgement'] ?? '')] : [])]), 44) + '\n');
        process.stdout.write(`\n${rows.length} of ${total?.n ?? 0} suggestion(s) scoring ≥ ${min}. Merge with \`whosbehind entities accept ID…\`, `
          + 'dismiss with `whosbehind entities reject ID…`; judgements are kept across re-ingest.\n');
      } finally {
        db.close();
      }
    });

  for (const decision of ['accept', 'reject'] as Decision[]) {
    entities.command(decision)
      .description(decision === 'accept' ? 'accept suggestions: their recipients join one family' : 'reject suggestions: they are no longer listed')
      .argument('[ids...]', 'suggestion ids from `entities suggest`')
      .addOption(dbOption())
      .option('--min-score <score>', `${decision} every open suggestion scoring at least this (instead of ids)`)
      .option('--note <text>', 'why (stored with the judgement)')
      .action(async (ids: string[], flags: { db?: string; minScore?: string; note?: string }) => {
        if (ids.length && flags.minScore !== undefined) throw new UsageError('give suggestion ids or --min-score, not both');
        const db = await openWritable(flags);
        try {
          const judged = await judgeSuggestions(db, decision, ids.length ? { ids } : { minScore: flags.minScore === undefined ? undefined : parseScore(flags.minScore, 1) }, flags.note);
          for (const j of judged) process.stdout.write(`${decision}ed ${j.suggestionId}: ${clean(j.leftName)} ~ ${clean(j.rightName)} (${j.score})\n`);
          const r = await resolveEntities(db, { familiesFiles: await familiesFilesFor(db, undefined) });
          process.stdout.write(`${judged.length} judgement(s) stored; families re-resolved: ${r.families} families, ${r.suggestions} suggestions\n`);
        } finally {
          db.close();
        }
      });
  }

  entities.command('explain')
    .description('why each member is in its family: which field, file and rule')
    .argument('<name>', 'company, family id, UEI or DUNS')
    .addOption(dbOption())
    .option('--families <file>', 'extra curated families file (repeatable)', collect)
    .option('--json', 'print as JSON')
    .action(async (name: string, flags: AnswerFlags) => {
      const { db, ctx } = await openForAnswer(flags);
      try {
        const family = await findCompany(db, name);
        const members = await explainFamily(db, family.familyId);
        const conflicts = await db.all(`SELECT c.* FROM entity_conflicts c WHERE c.left_key IN (SELECT recipient_id FROM entity_recipients WHERE family_id = ?)
          OR c.right_key IN (SELECT recipient_id FROM entity_recipients WHERE family_id = ?) OR c.right_key = ?`, [family.familyId, family.familyId, `family:${family.familyId}`]);
        if (flags.json) return printJson({ context: ctx, family, members, refusedMerges: conflicts });
        const out = [`${clean(family.name)} [${family.familyId}]: ${family.members} member(s); family formed by ${family.basis}${family.curatedFile ? ` (${clean(family.curatedFile)})` : ''}`];
        for (const m of members) {
          out.push('', `${clean(m.name)}  (${m.recipientId})`);
          if (m.names && m.names !== m.name) out.push(`  names seen: ${clean(m.names)}`);
          out.push(`  ${m.records} record(s); ${m.roles}`);
          for (const r of m.reasons) {
            out.push(`  - ${r.rule}: ${clean(r.detail)}`);
            if (r.file) out.push(`      ${clean(r.file)}${r.line ? ` line ${r.line}` : ''}${r.sourceUrl ? `; source ${clean(r.sourceUrl)}` : ''}`);
          }
        }
        for (const c of conflicts) out.push('', `refused merge: ${clean(c['detail'])}`);
        process.stdout.write(out.join('\n') + '\n');
      } finally {
        db.close();
      }
    });
}
